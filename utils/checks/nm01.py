"""Checks of the nm-01 exercises (bit fields, machine epsilon, Kahan summation, ulp distance).

References are independent of any solution: bit fields come from Python's ``struct``
(its own IEEE packing, no NumPy) or from the random bit pattern a case starts from,
epsilon from ``np.finfo``, exact sums from ``math.fsum``, and ulp distances from
counting ``np.nextafter`` steps or from ``struct``'s bit patterns.
"""

from __future__ import annotations

import math
import operator
import random
import struct

import numpy as np

from utils.checks.core import Tester, exercise, show

LECTURE = "nm-01"

# dtype -> (exponent bits k, mantissa bits m, struct format)
LAYOUT = {"float16": (5, 10, ">e"), "float32": (8, 23, ">f"), "float64": (11, 52, ">d")}


def _bits(x: float, dtype: str) -> int:
    """The bit pattern of ``x`` rounded to ``dtype``, packed by ``struct`` (not NumPy)."""
    return int.from_bytes(struct.pack(LAYOUT[dtype][2], x), "big")


def _from_bits(bits: int, dtype: str) -> float:
    """The value whose ``dtype`` bit pattern is ``bits``, as a Python float (exact)."""
    fmt = LAYOUT[dtype][2]
    return struct.unpack(fmt, bits.to_bytes(struct.calcsize(fmt), "big"))[0]


def _fields(bits: int, dtype: str) -> tuple[int, int, int]:
    """(sign, biased exponent, mantissa) fields of a bit pattern."""
    k, m, _ = LAYOUT[dtype]
    return bits >> (k + m), (bits >> m) & ((1 << k) - 1), bits & ((1 << m) - 1)


def _as_ints(got) -> tuple[int, ...] | None:  # noqa: ANN001
    """``got`` as a tuple of exact integers, or None when it is not a triple of integers."""
    try:
        vals = tuple(operator.index(v) for v in got)
    except TypeError:
        return None
    return vals if len(vals) == 3 else None


# --------------------------------------------------------------------------- float_parts


def _parts_diagnosis(got: tuple[int, ...], want: tuple[int, int, int], dtype: str) -> str:
    """A hint in the lecture's terms for the usual ways the fields come out wrong."""
    k, m, _ = LAYOUT[dtype]
    if got[0] == want[0] and got[2] == want[2] and abs(got[1] - want[1]) == 1:
        return (
            "\n지수가 정확히 1 차이 납니다: bias = 2^(k-1) - 1, 숨은 비트 1.f 기준 "
            "(frexp의 가수는 0.5 ≤ m < 1)"
        )
    if got[1] == want[1] - (2 ** (k - 1) - 1):
        return "\n지수에 bias가 빠졌습니다: 저장된 필드 값(bias가 더해진 값)을 돌려주세요"
    if want[1] == 0 and want[2] != 0 and got[0] == want[0]:
        return (
            "\n이 수는 subnormal입니다: 지수 필드는 0이고 숨은 비트가 없습니다 "
            "(값 = 0.f × 2^(1 − bias)); 비트 패턴을 그대로 나누면 됩니다"
        )
    if got[1:] != want[1:] and got[0] == want[0]:
        return f"\n{dtype}의 비트 배분은 지수 {k}비트, 가수 {m}비트입니다"
    return ""


def _parts_case(t: Tester, f, label: str, dtype: str, values) -> None:  # noqa: ANN001
    """A case: float_parts(x, dtype) equals struct's fields for every x in ``values``."""

    def test() -> tuple[bool, str]:
        for x, got in zip(values, f.map([(x, dtype) for x in values]), strict=True):
            bits = _bits(x, dtype)
            want = _fields(bits, dtype)
            ints = _as_ints(got)
            if ints != want:
                k, m, _ = LAYOUT[dtype]
                b = format(bits, f"0{1 + k + m}b")
                detail = (
                    f"입력: x={x!r}, dtype={dtype!r}\n"
                    f"비트: {b[0]} | {b[1 : 1 + k]} | {b[1 + k :]}\n"
                    f"기대값 (sign, exponent, mantissa): {want}\n결과: {show(got, 17, 17)}"
                )
                if ints is not None:
                    detail += _parts_diagnosis(ints, want, dtype)
                return False, detail
        return True, ""

    t.case(label, test)


@exercise(
    LECTURE,
    "float_parts",
    2.5,
    "nm-01 §1 — 비트 패턴을 부호 없는 정수로 읽고(view), 시프트와 마스크로 "
    "1 | k | m 비트를 나누세요",
)
def check_float_parts(f, t: Tester) -> None:  # noqa: ANN001
    """float_parts(x, dtype) against struct's packing and random bit patterns."""
    for dtype in LAYOUT:
        fi = np.finfo(dtype)
        tiny, normal = float(fi.smallest_subnormal), float(fi.smallest_normal)
        _parts_case(
            t, f, f"{dtype}: 보통 수 1, -6.25, 0.1(반올림됨), -3", dtype, [1.0, -6.25, 0.1, -3.0]
        )
        _parts_case(t, f, f"{dtype}: +0.0과 -0.0 (부호 비트만 다름)", dtype, [0.0, -0.0])
        _parts_case(t, f, f"{dtype}: +inf와 -inf", dtype, [math.inf, -math.inf])
        _parts_case(
            t,
            f,
            f"{dtype}: 최댓값 {float(fi.max):.6g}과 그 음수",
            dtype,
            [float(fi.max), -float(fi.max)],
        )
        _parts_case(
            t,
            f,
            f"{dtype}: subnormal (최소 {tiny:.3g}, 최대, 음수)",
            dtype,
            [tiny, normal - tiny, -tiny, -3 * tiny],
        )
        _parts_case(t, f, f"{dtype}: 최소 normal {normal:.3g}", dtype, [normal, -normal])

        def nan_test(dtype=dtype) -> tuple[bool, str]:
            k, _, _ = LAYOUT[dtype]
            got = f(math.nan, dtype)
            ints = _as_ints(got)
            ok = ints is not None and ints[0] in (0, 1) and ints[1] == 2**k - 1 and ints[2] != 0
            return ok, "" if ok else (
                f"입력: x=nan, dtype={dtype!r}\n기대값: 지수 필드 {2**k - 1} (모두 1), 가수 ≠ 0\n"
                f"결과: {show(got, 17, 17)}"
            )

        t.case(f"{dtype}: NaN (지수 모두 1, 가수 ≠ 0)", nan_test)

    gen = random.Random(101)
    for dtype, (k, m, _) in LAYOUT.items():
        patterns = []
        while len(patterns) < 300:
            bits = gen.getrandbits(1 + k + m)
            if _fields(bits, dtype)[1] != 2**k - 1 or _fields(bits, dtype)[2] == 0:  # no NaN
                patterns.append(bits)
        values = [_from_bits(b, dtype) for b in patterns]
        _parts_case(t, f, f"{dtype}: 무작위 비트 패턴 300개", dtype, values)

    def python_ints() -> tuple[bool, str]:
        for x, dtype in [(-6.25, "float16"), (0.1, "float32"), (-1.5, "float64")]:
            got = f(x, dtype)
            if not all(type(v) is int for v in got):
                return False, (
                    f"입력: x={x!r}, dtype={dtype!r}\n결과의 타입: "
                    f"{[type(v).__name__ for v in got]} — Python int로 돌려주세요 "
                    "(np.uint16 같은 NumPy 정수는 뺄셈에서 조용히 넘칩니다: int(...) 또는 .item())"
                )
        return True, ""

    t.case("결과는 Python int 세 개", python_ints)


# --------------------------------------------------------------------------- machine_epsilon


@exercise(
    LECTURE,
    "machine_epsilon",
    2.5,
    "nm-01 §3 — one = np.dtype(dtype).type(1)에서 시작해 one + eps/2 == one이 될 때까지 "
    "그 dtype 안에서 반으로 나누세요 (Python float는 float64입니다)",
)
def check_machine_epsilon(f, t: Tester) -> None:  # noqa: ANN001
    """machine_epsilon(dtype) equals np.finfo(dtype).eps exactly, for names and dtype objects."""
    for name in ["float16", "float32", "float64"]:
        eps = float(np.finfo(name).eps)
        t.close(
            f"{name!r} → ε = 2^{round(math.log2(eps))} = {eps:.6g}",
            lambda name=name: f(name),
            eps,
            inputs=repr(name),
            rtol=0.0,
            ulp_dtype=name,
        )
    for label, arg, name in [
        ("np.dtype('float32') 객체로 주어도", np.dtype("float32"), "float32"),
        ("np.dtype('float16') 객체로 주어도", np.dtype("float16"), "float16"),
        ("타입 np.float64로 주어도", np.float64, "float64"),
    ]:
        t.close(
            label,
            lambda arg=arg: f(arg),
            float(np.finfo(name).eps),
            inputs=repr(arg),
            rtol=0.0,
            ulp_dtype=name,
        )

    def defining_property() -> tuple[bool, str]:
        for name in ["float16", "float32", "float64"]:
            one = np.dtype(name).type(1)
            got = f(name)
            eps = np.dtype(name).type(got)
            if not (one + eps != one and one + eps / 2 == one):
                detail = (
                    f"입력: {name!r}\n결과 ε = {show(got, 17, 17)} ({name}로 바꾸면 "
                    f"{float(eps)!r}): {name}에서 1 + ε ≠ 1이고 1 + ε/2 == 1이어야 합니다"
                )
                if float(got) == float(np.finfo(name).eps) / 2:
                    detail += (
                        "\nε/2를 돌려주었습니다: 1 + ε/2 == 1이 되는 순간 멈추고 그 직전 값 ε를 "
                        "돌려주세요 (한 번 더 나눈 값이 아니라)"
                    )
                return False, detail
        return True, ""

    t.case("정의 확인: 1 + ε ≠ 1, 1 + ε/2 == 1 (그 dtype에서)", defining_property)


# --------------------------------------------------------------------------- kahan_sum


def _kahan_bound(x: np.ndarray) -> float:
    """Kahan's error bound (2u + n u²) Σ|x_i| in x.dtype, u the unit roundoff."""
    u = float(np.finfo(x.dtype).eps) / 2
    return (2 * u + x.size * u * u) * math.fsum(np.abs(x.astype(np.float64)))


def _sum_case(t: Tester, f, label: str, x: np.ndarray) -> None:  # noqa: ANN001
    """A case: kahan_sum(x) has x.dtype and lies within Kahan's bound of math.fsum(x)."""

    def test() -> tuple[bool, str]:
        got = f(x.copy())
        exact = math.fsum(x.astype(np.float64))
        bound = _kahan_bound(x)
        where = f"입력: {show(x)}\n"
        g = np.asarray(got)
        if g.shape != () or g.dtype != x.dtype:
            return False, (
                f"{where}x.dtype의 스칼라 하나를 돌려주세요: 기대 {x.dtype} 스칼라, "
                f"결과 {g.dtype} 모양 {g.shape}"
            )
        err = abs(float(got) - exact)
        if err <= bound:
            return True, ""
        ulps = err / float(np.spacing(np.abs(x.dtype.type(exact))))
        return False, (
            f"{where}참값 (math.fsum): {exact!r}\n결과:   {float(got)!r}\n"
            f"오차 {err:.3g} = {x.dtype} {ulps:.3g} ulp, 상대 오차 {err / abs(exact):.3g}; "
            f"Kahan 한계 (2u + nu²)Σ|x| = {bound:.3g}"
        )

    t.case(label, test)


@exercise(
    LECTURE,
    "kahan_sum",
    2.5,
    "nm-01 §8 — s, c를 x.dtype.type(0)으로 시작해 y = x_i − c, t = s + y, c = (t − s) − y, "
    "s = t; 모든 연산을 x.dtype에서",
)
def check_kahan_sum(f, t: Tester) -> None:  # noqa: ANN001
    """kahan_sum(x) within Kahan's bound of math.fsum, accumulated (and returned) in x.dtype."""
    rng = np.random.default_rng(1)
    cases = [
        (
            "float32 [1.0] + [1e-8]*10_000 (순차 합은 정확히 1.0)",
            np.array([1.0] + [1e-8] * 10_000, dtype=np.float32),
        ),
        (
            "float32 [1.0] + [3e-8]*16_384 (pairwise np.sum도 오차 8u)",
            np.array([1.0] + [3e-8] * 16_384, dtype=np.float32),
        ),
        ("float32 0.1을 2^16번 (편향된 반올림)", np.full(2**16, 0.1, dtype=np.float32)),
        ("float32 U(0,1) 난수 10_000개", rng.uniform(0, 1, 10_000).astype(np.float32)),
        ("float32 부호가 섞인 N(0,1) 난수 10_000개", rng.normal(0, 1, 10_000).astype(np.float32)),
        ("float64 [1.0] + [1e-17]*10_000", np.array([1.0] + [1e-17] * 10_000)),
        ("float64 로그 정규 난수 5_000개 (크기가 제각각)", rng.lognormal(0, 4, 5_000)),
        (
            "float16 [1.0] + [2^-13]*1000 (float16 순차 합은 1.0)",
            np.array([1.0] + [2.0**-13] * 1000, dtype=np.float16),
        ),
    ]
    for label, x in cases:
        _sum_case(t, f, label, x)
    # Kept in float16, s and c cannot hold 2^-11 + 2^-24 (14 significant bits): every
    # compensated float16 sum ends at round(1 + 2^-11) = 1 (tie to even). Summing in
    # float64 and rounding once gives 1 + 2^-10 instead.
    x16 = np.array([1.0, 2.0**-11, 2.0**-24], dtype=np.float16)
    t.close(
        "float16에서 누적하는지: [1, 2^-11, 2^-24] → 1.0 (float64로 더한 뒤 바꾸면 1.000977)",
        lambda: f(x16.copy()),
        np.float16(1.0),
        inputs=show(x16, precision=10),
        rtol=0.0,
        dtype=np.float16,
    )
    empty = np.array([], dtype=np.float32)
    t.close(
        "빈 배열 → 0 (float32)", lambda: f(empty.copy()), 0.0, inputs=show(empty), dtype=np.float32
    )
    t.unchanged("입력 배열을 바꾸지 않음", f, cases[0][1])


# --------------------------------------------------------------------------- ulp_distance


def _ordinal(x: float, dtype: str) -> int:
    """Position of x (rounded to dtype) on the number line of dtype's floats; ±0 -> 0."""
    k, m, _ = LAYOUT[dtype]
    bits = _bits(x, dtype)
    magnitude = bits & ((1 << (k + m)) - 1)
    return -magnitude if bits >> (k + m) else magnitude


def _steps(x0: float, n: int, dtype: str) -> float:
    """The float reached from x0 by n np.nextafter steps towards +inf in dtype."""
    t = np.dtype(dtype).type
    x, inf = t(x0), t(np.inf)
    for _ in range(n):
        x = np.nextafter(x, inf)
    return float(x)


def _int_case(t: Tester, label: str, thunk, expected: int, inputs: str) -> None:  # noqa: ANN001
    """A case: thunk() is an integer (Python or NumPy) equal to ``expected``."""

    def test() -> tuple[bool, str]:
        got = thunk()
        try:
            ok = operator.index(got) == expected
        except TypeError:
            return False, f"입력: {inputs}\n정수(int)를 돌려주세요: 결과 {show(got, 17, 17)}"
        return ok, "" if ok else f"입력: {inputs}\n기대값: {expected}\n결과:   {show(got, 17, 17)}"

    t.case(label, test)


@exercise(
    LECTURE,
    "ulp_distance",
    2.5,
    "nm-01 §1, §3 — 비트 패턴(부호-크기)을 수직선 위의 정수 위치로 바꾸세요: 양수는 크기 그대로, "
    "음수는 −크기 (−0과 +0은 같은 위치 0); Python int로 빼세요",
)
def check_ulp_distance(f, t: Tester) -> None:  # noqa: ANN001
    """ulp_distance(a, b, dtype) against nextafter step counts and struct's bit patterns."""
    one_up = _steps(1.0, 1, "float32")
    fixed = [
        ("1.0과 바로 다음 float32 → 1", (1.0, one_up, "float32"), 1),
        ("1.0과 2.0 (float32) → 2^23", (1.0, 2.0, "float32"), 2**23),
        ("대칭: a > b여도 같은 거리", (2.0, 1.0, "float32"), 2**23),
        ("-0.0과 0.0 → 0 (같은 수)", (-0.0, 0.0, "float32"), 0),
        ("-최소 subnormal과 +최소 subnormal → 2 (0을 가로질러)", (-1e-45, 1e-45, "float32"), 2),
        ("-1.0과 1.0 (float32)", (-1.0, 1.0, "float32"), 2 * 0x3F800000),
        ("0.1과 0.2 (float32로 반올림한 뒤)", (0.1, 0.2, "float32"), None),
        ("float64: 1.0과 1 + 2^-52 → 1", (1.0, 1.0 + 2.0**-52, "float64"), 1),
        ("float64: -1.0과 1.0", (-1.0, 1.0, "float64"), 2 * 0x3FF0000000000000),
        (
            "float64: -최댓값과 +최댓값 (int64를 넘는 거리)",
            (-float(np.finfo(np.float64).max), float(np.finfo(np.float64).max), "float64"),
            2 * 0x7FEFFFFFFFFFFFFF,
        ),
        ("float16: 0과 65504 (최댓값)", (0.0, 65504.0, "float16"), 0x7BFF),
        ("float16: 65504와 inf → 1", (65504.0, math.inf, "float16"), 1),
    ]
    for label, (a, b, dtype), expected in fixed:
        if expected is None:
            expected = abs(_ordinal(a, dtype) - _ordinal(b, dtype))
        _int_case(
            t,
            label,
            lambda a=a, b=b, dtype=dtype: f(a, b, dtype),
            expected,
            f"a={a!r}, b={b!r}, dtype={dtype!r}",
        )
    _int_case(
        t,
        "dtype 생략 → float32: 1.0과 2.0 → 2^23",
        lambda: f(1.0, 2.0),
        2**23,
        "a=1.0, b=2.0 (dtype 기본값)",
    )

    walks = [
        ("float32: -1e-44 (subnormal)에서 nextafter 25번 (0을 지나)", -1e-44, 25, "float32"),
        (
            "float32: 1 - 2^-22에서 nextafter 10번 (1을 지나, 간격이 바뀜)",
            1 - 2.0**-22,
            10,
            "float32",
        ),
        (
            "float16: -최소 normal에서 nextafter 2048번 (subnormal과 0을 지나)",
            -(2.0**-14),
            2048,
            "float16",
        ),
        ("float64: -2^-1070에서 nextafter 30번 (0을 지나)", -(2.0**-1070), 30, "float64"),
        ("float64: 2 - 4ε에서 nextafter 7번 (2를 지나)", 2 - 4 * 2.0**-52, 7, "float64"),
    ]
    for label, x0, n, dtype in walks:
        x1 = _steps(x0, n, dtype)
        _int_case(
            t,
            label,
            lambda x0=x0, x1=x1, dtype=dtype: f(x0, x1, dtype),
            n,
            f"a={x0!r}, b={x1!r}, dtype={dtype!r}",
        )

    rng = np.random.default_rng(3)

    def random_pairs() -> tuple[bool, str]:
        calls = []
        for dtype, span in [("float32", 30), ("float64", 250), ("float16", 4)]:
            mags = 10.0 ** rng.uniform(-span, span, (40, 2))
            signs = rng.choice([-1.0, 1.0], (40, 2))
            calls += [
                (a, b, dtype) for a, b in (mags * signs).astype(dtype).astype(np.float64).tolist()
            ]
        for (a, b, dtype), got in zip(calls, f.map(calls), strict=True):
            want = abs(_ordinal(a, dtype) - _ordinal(b, dtype))
            try:
                ok = operator.index(got) == want
            except TypeError:
                ok = False
            if not ok:
                return False, (
                    f"입력: a={a!r}, b={b!r}, dtype={dtype!r}\n기대값: {want}\n"
                    f"결과:   {show(got, 17, 17)}"
                )
        return True, ""

    t.case("무작위 쌍 120개 (float16/32/64, 부호 섞임)", random_pairs)
