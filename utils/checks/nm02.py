"""Checks of the nm-02 exercises (quadratic roots, Welford, Chan's merge, softplus, expm1/x).

References are independent of any solution: every expected value is computed in mpmath
at 50–60 significant digits from the very floats the student's function receives, then
rounded once to float64.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np

from utils.checks.core import Tester, exercise, rel_error, show

LECTURE = "nm-02"


# --------------------------------------------------------------------------- quadratic


def _mp_roots(a: float, b: float, c: float) -> list[float]:
    """Both real roots of a x² + b x + c in 60-digit mpmath, rounded once, ascending."""
    with mpmath.workdps(60):
        a_, b_, c_ = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(c)
        s = mpmath.sqrt(b_ * b_ - 4 * a_ * c_)
        return sorted(float(r) for r in ((-b_ - s) / (2 * a_), (-b_ + s) / (2 * a_)))


@exercise(
    LECTURE,
    "stable_quadratic_roots",
    2.0,
    "nm-02 §5 — q = −(b + copysign(√(b²−4ac), b))/2, 근은 q/a와 c/q (뺄셈 없음); "
    "np.sign(0) = 0에 주의; 작은 쪽이 먼저",
)
def check_stable_quadratic_roots(f, t: Tester) -> None:  # noqa: ANN001
    """stable_quadratic_roots(a, b, c) against the closed form in 60-digit mpmath."""
    cases = [
        ("b = 1e8, a = c = 1: 작은 근 ≈ −1e-8 (교과서 공식은 25% 틀림)", (1.0, 1e8, 1.0)),
        ("b = −1e8, a = c = 1: 작은 근 ≈ 1e-8", (1.0, -1e8, 1.0)),
        ("b = 1e12, a = 2, c = 0.5: 작은 근 ≈ −2.5e-13", (2.0, 1e12, 0.5)),
        ("a < 0: a = −1, b = 1e8, c = 1", (-1.0, 1e8, 1.0)),
        ("정수 계수 (1, −3, 2) → 1, 2", (1, -3, 2)),
        ("중근 (1, 2, 1) → −1, −1", (1.0, 2.0, 1.0)),
        ("c = 0: (2, 6, 0) → −3, 0 (0으로 나누지 않기)", (2.0, 6.0, 0.0)),
        ("c = 0, b < 0: (1, −5, 0) → 0, 5", (1.0, -5.0, 0.0)),
        ("b = 0: (1, 0, −4) → −2, 2", (1.0, 0.0, -4.0)),
        ("b = 0: (4, 0, −1) → −0.5, 0.5", (4.0, 0.0, -1.0)),
    ]
    for label, (a, b, c) in cases:
        t.close(
            label,
            lambda a=a, b=b, c=c: tuple(f(a, b, c)),
            _mp_roots(a, b, c),
            inputs=f"a={a!r}, b={b!r}, c={c!r} (결과는 (작은 근, 큰 근))",
            rtol=4e-15,
        )

    rng = np.random.default_rng(20)
    coeffs = []
    while len(coeffs) < 60:  # well-separated real roots of every size, random signs
        r1, r2 = 10.0 ** rng.uniform(-6, 6, 2) * rng.choice([-1.0, 1.0], 2)
        if abs(r1 - r2) >= 0.1 * max(abs(r1), abs(r2)):
            a = float(10.0 ** rng.uniform(-3, 3) * rng.choice([-1.0, 1.0]))
            coeffs.append((a, -a * (r1 + r2), a * r1 * r2))
    t.close(
        "무작위 계수 60개 (근의 크기 1e-6 … 1e6, 부호 섞임)",
        lambda: np.array([tuple(f(a, b, c)) for a, b, c in coeffs]),
        np.array([_mp_roots(a, b, c) for a, b, c in coeffs]),
        inputs="60개의 (a, b, c), 예: " + show(coeffs[0], precision=17),
        rtol=4e-15,
    )


# --------------------------------------------------------------------------- welford


def _mp_stats(x) -> tuple[int, float, float]:  # noqa: ANN001
    """(n, mean, m2) of the values in x, two-pass in 50-digit mpmath, rounded once."""
    return _mp_stats_of_bytes(np.asarray(x, dtype=np.float64).tobytes())


@functools.lru_cache(maxsize=32)
def _mp_stats_of_bytes(buf: bytes) -> tuple[int, float, float]:
    """_mp_stats of a float64 buffer (cached: graders call the same cases many times)."""
    with mpmath.workdps(50):
        xs = [mpmath.mpf(v) for v in np.frombuffer(buf, dtype=np.float64).tolist()]
        mean = mpmath.fsum(xs) / len(xs)
        m2 = mpmath.fsum((v - mean) ** 2 for v in xs)
        return len(xs), float(mean), float(m2)


def _stats_case(
    t: Tester,
    label: str,
    call,
    want: tuple,
    rtols: tuple,
    inputs: str,
    names: tuple,  # noqa: ANN001
) -> None:
    """A case: call() returns a tuple whose entries match ``want`` within ``rtols``.

    An rtol of 0 asks for equality; an entry ``(value, atol)`` of ``want`` allows atol.
    """

    def test() -> tuple[bool, str]:
        got = call()
        wrong_shape = f"입력: {inputs}\n{len(want)}개의 수를 돌려주세요: 결과 {show(got, 17, 17)}"
        try:
            vals = [float(v) for v in got]
        except (TypeError, ValueError):
            return False, wrong_shape
        if len(vals) != len(want):
            return False, wrong_shape
        for name, g, w, rtol in zip(names, vals, want, rtols, strict=True):
            w, atol = w if isinstance(w, tuple) else (w, 0.0)
            if not (math.isfinite(g) and abs(g - w) <= atol + rtol * abs(w)):
                return False, (
                    f"입력: {inputs}\n{name}: 기대값 {w!r}, 결과 {g!r}, "
                    f"상대 오차 {rel_error(g, w):.3g} "
                    f"(허용 rtol={rtol:g}{f', atol={atol:g}' if atol else ''})"
                )
        return True, ""

    t.case(label, test)


def _one_pass_stream(welford, data):  # noqa: ANN001, ANN202
    """Probe (runs where the student's function lives): feed it a one-pass generator."""
    return welford(float(v) for v in data)


@exercise(
    LECTURE,
    "welford",
    2.0,
    "nm-02 §6 — δ = x_k − μ_{k−1}, μ_k = μ_{k−1} + δ/k, M₂ += δ·(x_k − μ_k) (새 평균!), "
    "분산 = M₂/n; 데이터를 한 번만 순회",
)
def check_welford(f, t: Tester) -> None:  # noqa: ANN001
    """welford(x) -> (mean, population variance) against 50-digit mpmath."""
    rng = np.random.default_rng(21)
    cases = [
        ("[1, 2, 3, 4] → (2.5, 1.25)", np.array([1.0, 2.0, 3.0, 4.0]), 1e-15, 1e-15),
        ("원소 하나 [5] → (5, 0)", np.array([5.0]), 0.0, 0.0),
        ("N(2, 3²) 1000개", rng.normal(2.0, 3.0, 1000), 1e-12, 1e-12),
        (
            "1e9 + N(0,1) 20_000개 (E[X²]−E[X]²는 음수/수백 배 오차)",
            1e9 + rng.standard_normal(20_000),
            1e-13,
            1e-6,
        ),
        ("1e6 + N(0, 0.1²) 5000개", 1e6 + 0.1 * rng.standard_normal(5000), 1e-13, 1e-8),
    ]
    for label, x, rtol_mean, rtol_var in cases:
        _, mean, m2 = _mp_stats(x)
        _stats_case(
            t,
            label,
            lambda x=x: f(x.copy()),
            (mean, m2 / len(x)),
            (rtol_mean, rtol_var),
            show(x),
            ("평균", "분산"),
        )
    const = np.full(1000, 1e9 + 0.1)
    _stats_case(
        t,
        "상수 1e9 + 0.1, 1000개 → 분산 0 (음수가 아님)",
        lambda: f(const.copy()),
        (float(const[0]), (0.0, 1e-9)),
        (1e-15, 0.0),
        show(const),
        ("평균", "분산"),
    )
    stream = 3.0 + 2.0 * rng.standard_normal(500)
    _, mean, m2 = _mp_stats(stream)
    _stats_case(
        t,
        "한 번만 순회할 수 있는 스트림(제너레이터)으로 주어도",
        lambda: f.probe(_one_pass_stream, stream),
        (mean, m2 / len(stream)),
        (1e-13, 1e-12),
        "(float(v) for v in data)  # 500개, 한 번 읽으면 끝",
        ("평균", "분산"),
    )
    t.unchanged("입력 배열을 바꾸지 않음", f, cases[2][1])


# --------------------------------------------------------------------------- combine_stats


def _combine_case(t: Tester, f, label: str, chunks, rtol_m2: float) -> None:  # noqa: ANN001
    """A case: merging the chunks' exact (n, mean, m2) left to right gives the whole's."""
    parts = [_mp_stats(c) for c in chunks]
    n, mean, m2 = _mp_stats(np.concatenate(chunks))
    # the merged mean may be far smaller than the chunks' means: allow a few of their ulps
    atol_mean = 8 * np.finfo(np.float64).eps * max(abs(p[1]) for p in parts)

    def call():  # noqa: ANN202
        acc = parts[0]
        for p in parts[1:]:
            acc = tuple(f(acc, p))
        return acc

    sizes = ", ".join(str(len(c)) for c in chunks)
    _stats_case(
        t,
        label,
        call,
        (n, (mean, atol_mean), m2),
        (0.0, 1e-14, rtol_m2),
        f"묶음 크기 [{sizes}], 각 묶음의 (n, mean, m2) = {show(parts[0], precision=17)}, …",
        ("n", "평균", "m2"),
    )


@exercise(
    LECTURE,
    "combine_stats",
    2.0,
    "nm-02 §6 Chan 병합 — δ = μ_B − μ_A, μ = μ_A + δ·n_B/n, M₂ = M₂A + M₂B + δ²·n_A·n_B/n; "
    "Σx²를 만들지 마세요",
)
def check_combine_stats(f, t: Tester) -> None:  # noqa: ANN001
    """combine_stats(a, b) against the exact statistics of the concatenated raw data."""
    rng = np.random.default_rng(22)
    _combine_case(
        t, f, "N(0,1) 300개 + 700개", [rng.normal(0, 1, 300), rng.normal(0, 1, 700)], 1e-13
    )
    _combine_case(
        t,
        f,
        "평균이 다른 두 묶음 N(0,1) 500개 + N(100,1) 500개",
        [rng.normal(0, 1, 500), rng.normal(100, 1, 500)],
        1e-13,
    )
    _combine_case(
        t,
        f,
        "크기가 아주 다른 두 묶음: N(5,1) 10개 + N(0,2²) 4000개",
        [rng.normal(5, 1, 10), rng.normal(0, 2, 4000)],
        1e-13,
    )
    _combine_case(
        t,
        f,
        "1e9 + N(0,1), 3000개 + 7000개 (Σx² 병합은 쓰레기)",
        [1e9 + rng.standard_normal(3000), 1e9 + rng.standard_normal(7000)],
        1e-7,
    )
    shards = np.split(1e9 + rng.standard_normal(20_000), [3000, 10_000, 14_500])
    _combine_case(t, f, "1e9 + N(0,1)을 네 장치에 나눠 차례로 병합", shards, 1e-7)
    b, a = rng.normal(50, 1, 200), rng.normal(-50, 3, 900)
    _combine_case(t, f, "순서를 바꿔도: (B, A)", [b, a], 1e-13)

    part = _mp_stats(rng.normal(1, 1, 100))
    _stats_case(
        t,
        "빈 묶음 (0, 0.0, 0.0)과 합치면 그대로",
        lambda: tuple(f(part, (0, 0.0, 0.0))),
        part,
        (0.0, 1e-15, 1e-15),
        f"a={show(part, precision=17)}, b=(0, 0.0, 0.0)",
        ("n", "평균", "m2"),
    )


# --------------------------------------------------------------------------- softplus


def _mp_softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) elementwise in 50-digit mpmath, rounded once."""
    with mpmath.workdps(50):
        out = [
            v if math.isinf(v) and v > 0 else float(mpmath.log1p(mpmath.exp(mpmath.mpf(v))))
            for v in x.ravel().tolist()
        ]
    return np.array(out).reshape(x.shape)


@exercise(
    LECTURE,
    "softplus",
    2.0,
    "nm-02 §4 — log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)): exp의 인수가 양수가 되지 않게, "
    "1 + 작은 수는 log1p로",
)
def check_softplus(f, t: Tester) -> None:  # noqa: ANN001
    """softplus(x) elementwise against 50-digit mpmath; finite and warning-free at ±1000."""
    rng = np.random.default_rng(23)
    cases = [
        ("보통 값 [-2, -0.5, 0, 0.5, 2]", np.array([-2.0, -0.5, 0.0, 0.5, 2.0])),
        ("x = ±1000: 유한한 값 [0, 1000]", np.array([-1000.0, 1000.0])),
        ("x = -40: 1 + eˣ는 1로 반올림, 답은 ≈ 4.25e-18 (log1p)", np.array([-40.0])),
        ("x = -700 … -30: 아주 작은 양수", np.array([-700.0, -100.0, -37.0, -30.0])),
        ("x = 20 … 36: e^(−x)를 버리면 안 되는 구간", np.array([20.0, 25.0, 30.0, 36.0])),
        ("x = ±1e300", np.array([-1e300, 1e300])),
        ("x = ±inf → [0, inf]", np.array([-np.inf, np.inf])),
        ("무작위 U(-50, 50) 500개", rng.uniform(-50, 50, 500)),
    ]
    for label, x in cases:
        t.close(
            label,
            lambda x=x: f(x.copy()),
            _mp_softplus(x),
            inputs=show(x),
            rtol=1e-14,
            dtype=np.float64,
            x=x,
        )
    big = np.array([-1000.0, 1000.0, -1e300, 1e300, 5.0])
    t.no_fp_warning(
        "x = ±1000, ±1e300: overflow 경고 없이", lambda: f(big.copy()), inputs=show(big)
    )
    x2 = rng.normal(0, 30, (3, 4))
    t.close(
        "2차원 입력 (3, 4): 모양과 dtype(float64) 유지",
        lambda: f(x2.copy()),
        _mp_softplus(x2),
        inputs=show(x2),
        rtol=1e-14,
        dtype=np.float64,
        x=x2,
    )
    t.unchanged("입력 배열을 바꾸지 않음", f, x2)


# --------------------------------------------------------------------------- expm1_over_x


def _mp_expm1_over_x(x) -> np.ndarray:  # noqa: ANN001
    """(e^x − 1)/x elementwise (1 at x = 0) in 50-digit mpmath, rounded once."""
    x = np.asarray(x, dtype=np.float64)
    with mpmath.workdps(50):
        out = [
            1.0 if v == 0 else float(mpmath.expm1(mpmath.mpf(v)) / mpmath.mpf(v))
            for v in x.ravel().tolist()
        ]
    return np.array(out).reshape(x.shape)


@exercise(
    LECTURE,
    "expm1_over_x",
    2.0,
    "nm-02 §4 — np.expm1(x) / x, 그리고 x = 0인 자리는 1 "
    "(0으로 나누기 전에 0을 다른 값으로 바꾸세요)",
)
def check_expm1_over_x(f, t: Tester) -> None:  # noqa: ANN001
    """expm1_over_x(x) for scalars and arrays against 50-digit mpmath; 1 at 0 without warnings."""
    t.close("x = 0 (스칼라) → 1", lambda: f(0.0), 1.0, inputs="0.0", rtol=0.0)
    for x in (1e-12, -1e-12, 2e-5, 0.5):
        t.close(
            f"x = {x:g} (스칼라)",
            lambda x=x: f(x),
            float(_mp_expm1_over_x(x)),
            inputs=repr(x),
            rtol=1e-14,
        )
    rng = np.random.default_rng(24)
    with_zeros = np.array([0.0, 1e-10, -3.0, 0.0, 1e-300])
    cases = [
        ("0이 섞인 배열 → 그 자리는 1", with_zeros),
        (
            "작은 |x| 배열 [±1e-15, ±1e-8, ±1e-5, 1e-3]",
            np.array([1e-15, -1e-15, 1e-8, -1e-8, 1e-5, -1e-5, 1e-3]),
        ),
        ("큰 |x| [-1000, -50, 50, 700]", np.array([-1000.0, -50.0, 50.0, 700.0])),
        (
            "무작위 |x| = 1e-16 … 1e2, 부호 섞임, 300개",
            10.0 ** rng.uniform(-16, 2, 300) * rng.choice([-1.0, 1.0], 300),
        ),
    ]
    for label, x in cases:
        t.close(
            label,
            lambda x=x: f(x.copy()),
            _mp_expm1_over_x(x),
            inputs=show(x),
            rtol=1e-14,
            dtype=np.float64,
            x=x,
        )
    x2 = np.array([[0.0, 1e-9], [-2.0, 3.0], [1e-4, 0.0]])
    t.close(
        "2차원 입력 (3, 2): 모양 유지",
        lambda: f(x2.copy()),
        _mp_expm1_over_x(x2),
        inputs=show(x2),
        rtol=1e-14,
        dtype=np.float64,
        x=x2,
    )
    t.no_fp_warning("x = 0에서 0 나누기 경고 없이 (스칼라)", lambda: f(0.0), inputs="0.0")
    t.no_fp_warning(
        "0이 섞인 배열에서 0 나누기 경고 없이",
        lambda: f(with_zeros.copy()),
        inputs=show(with_zeros),
    )
    t.unchanged("입력 배열을 바꾸지 않음", f, x2)
