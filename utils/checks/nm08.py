"""Checks of the nm-08 exercises (Chebyshev nodes, barycentric interpolation, exp).

References are independent of any solution: Chebyshev points come from
``numpy.polynomial.chebyshev.chebpts1`` (mapped here) and from T_n itself; an
interpolant of data taken from a polynomial of degree < n is that polynomial, so the
reference is the polynomial evaluated by ``chebval``/``polyval`` or in mpmath; e^x is
mpmath's ``exp`` at 30 significant digits, rounded once.
"""

from __future__ import annotations

import mpmath
import numpy as np
from numpy.polynomial import chebyshev as C  # noqa: N812

from utils.checks.core import Tester, exercise, show

LECTURE = "nm-08"
EPS = float(np.finfo(np.float64).eps)


# --------------------------------------------------------------------------- chebyshev_nodes


def _ref_nodes(n: int, a: float, b: float) -> np.ndarray:
    """chebpts1 (ascending roots of T_n on [-1, 1]) mapped affinely to [a, b]."""
    return 0.5 * (a + b) + 0.5 * (b - a) * C.chebpts1(n)


@exercise(
    LECTURE,
    "chebyshev_nodes",
    2.0,
    "nm-08 §2 — tⱼ = cos((2j+1)π/(2n)), j = 0…n−1 (끝점 ±1을 포함하지 않는 근), "
    "x = (a+b)/2 + (b−a)/2·t, 그리고 오름차순으로 뒤집기",
)
def check_chebyshev_nodes(f, t: Tester) -> None:  # noqa: ANN001
    """chebyshev_nodes(n, a, b) against chebpts1 mapped, plus root and order properties."""
    cases = [(1, -1.0, 1.0), (2, -1.0, 1.0), (5, -1.0, 1.0), (8, 0.0, 3.0), (13, -5.0, -2.0)]
    cases += [(60, -1.0, 1.0), (101, 2.0, 7.5)]
    for n, a, b in cases:
        want = _ref_nodes(n, a, b)
        t.close(
            f"n = {n}, [a, b] = [{a:g}, {b:g}]",
            lambda n=n, a=a, b=b: f(n, a, b),
            want,
            inputs=f"n={n}, a={a!r}, b={b!r}",
            rtol=1e-14,
            atol=4 * EPS * max(abs(a), abs(b)),
            dtype=np.float64,
        )
    t.close(
        "기본 구간 [−1, 1]: chebyshev_nodes(7)",
        lambda: f(7),
        C.chebpts1(7),
        inputs="n=7",
        rtol=1e-14,
        atol=4 * EPS,
    )

    def roots_of_tn() -> tuple[bool, str]:
        n = 9
        x = np.asarray(f(n), dtype=np.float64)
        coef = np.zeros(n + 1)
        coef[n] = 1.0  # T_9 in the Chebyshev basis
        res = np.abs(C.chebval(x, coef)) if x.shape == (n,) else np.array([np.inf])
        ok = bool(res.max() < 1e-13) and bool(np.all(np.abs(x) < 1))
        return (
            ok,
            "" if ok else f"T₉(xⱼ) ≠ 0 (최대 |T₉(xⱼ)| = {res.max():.3g}): {show(x)}",
        )

    t.case("T₉(xⱼ) = 0이고 모든 노드가 (−1, 1) 안 (끝점 없음)", roots_of_tn)

    def ascending() -> tuple[bool, str]:
        x = np.asarray(f(12, 0.0, 1.0), dtype=np.float64)
        ok = x.shape == (12,) and bool(np.all(np.diff(x) > 0))
        return ok, "" if ok else f"오름차순이 아닙니다: {show(x)}"

    t.case("오름차순 (n = 12, [0, 1])", ascending)


# --------------------------------------------------------------------------- barycentric


def _mp_lagrange(xk: np.ndarray, yk: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The Lagrange interpolant at x in 30-digit mpmath (small n only)."""
    out = []
    with mpmath.workdps(30):
        xs = [mpmath.mpf(float(v)) for v in xk]
        for xv in x.ravel().tolist():
            xv = mpmath.mpf(xv)
            total = mpmath.mpf(0)
            for j, xj in enumerate(xs):
                term = mpmath.mpf(float(yk[j]))
                for m, xm in enumerate(xs):
                    if m != j:
                        term *= (xv - xm) / (xj - xm)
                total += term
            out.append(float(total))
    return np.array(out).reshape(x.shape)


def _interp_case(t: Tester, f, label, xk, yk, x, want, rtol, atol) -> None:  # noqa: ANN001, PLR0913
    t.close(
        label,
        lambda: f(xk.copy(), yk.copy(), x.copy()),
        want,
        inputs=f"xk = {show(xk)}, x = {show(x)}",
        rtol=rtol,
        atol=atol,
        dtype=np.float64,
        x=x,
    )


@exercise(
    LECTURE,
    "barycentric_interpolate",
    4.0,
    "nm-08 §3 — 두 번째 무게중심 공식 Σ wⱼyⱼ/(x−xⱼ) / Σ wⱼ/(x−xⱼ), "
    "wⱼ = 1/∏ₖ≠ⱼ(xⱼ−xₖ)를 임의의 노드로 계산(차이에 4/(max−min)을 곱해 overflow를 "
    "피하세요); x가 노드와 같으면 yⱼ 그대로; 스칼라에는 스칼라",
)
def check_barycentric_interpolate(f, t: Tester) -> None:  # noqa: ANN001
    """barycentric_interpolate(xk, yk, x) on polynomial data, where the answer is known."""
    rng = np.random.default_rng(808)
    # 1. a few arbitrary nodes (unsorted, uneven), random polynomial data: mpmath Lagrange
    xk = np.array([0.3, -1.7, 2.2, 0.9, -0.4, 1.5])
    yk = np.array([1.0, -2.0, 0.5, 3.0, -1.25, 2.0])
    x = np.linspace(-1.8, 2.4, 41)
    _interp_case(
        t,
        f,
        "임의의 노드 6개 (정렬 안 됨, 간격 불규칙)",
        xk,
        yk,
        x,
        _mp_lagrange(xk, yk, x),
        1e-12,
        1e-13,
    )
    # 2. random distinct nodes on [0, 10], data from a cubic: the interpolant is the cubic
    xk = np.linspace(0.0, 10.0, 9) + rng.uniform(-0.4, 0.4, 9)  # uneven spacing, then shuffled
    rng.shuffle(xk)
    cubic = np.array([2.0, -1.0, 0.5, -0.03])
    x = rng.uniform(xk.min(), xk.max(), 50)
    want = np.polynomial.polynomial.polyval(x, cubic)
    yk = np.polynomial.polynomial.polyval(xk, cubic)
    _interp_case(
        t,
        f,
        "조금씩 어긋난 노드 9개 (순서 섞음), 3차 다항식의 값 → 그 3차 다항식",
        xk,
        yk,
        x,
        want,
        1e-12,
        1e-12,
    )
    # 3. Chebyshev nodes n = 60, data from a degree-59 Chebyshev series (Vandermonde fails)
    xk = C.chebpts1(60)
    coef = rng.standard_normal(60)
    x = np.linspace(-1.0, 1.0, 301)
    scale = float(np.abs(coef).sum())
    _interp_case(
        t,
        f,
        "체비쇼프 노드 60개, 59차 다항식 (방데르몽드 풀이는 자릿수를 잃음)",
        xk,
        C.chebval(xk, coef),
        x,
        C.chebval(x, coef),
        0.0,
        1e-12 * scale,
    )
    # 4. many nodes on a wide interval: unscaled products of differences overflow
    xk = 50.0 + 50.0 * C.chebpts1(400)
    x = np.linspace(0.0, 100.0, 97)
    _interp_case(
        t,
        f,
        "체비쇼프 노드 400개, [0, 100], cos(x/10) (가중치의 곱이 overflow하지 않게)",
        xk,
        np.cos(xk / 10),
        x,
        np.cos(x / 10),
        0.0,
        1e-12,
    )
    # 5. exactly at the nodes: the data, bit for bit
    xk = np.array([-1.0, -0.25, 0.5, 2.0, 3.0])
    yk = np.array([0.1, 7.0, -3.3, 1e-300, 4.0])
    t.equal(
        "x가 노드와 같으면 yₖ를 그대로 (NaN 없이)",
        lambda: f(xk.copy(), yk.copy(), xk[::-1].copy()),
        yk[::-1],
        inputs=f"xk = {show(xk)}, yk = {show(yk)}, x = xk[::-1]",
    )
    mixed = np.array([0.5, 0.75, -1.0])
    _interp_case(
        t,
        f,
        "노드와 노드가 아닌 점이 섞인 배열",
        xk,
        yk,
        mixed,
        _mp_lagrange(xk, yk, mixed),
        1e-12,
        1e-13,
    )
    # 6. scalars and shapes
    t.close(
        "스칼라 x = 0.1 → 스칼라",
        lambda: f(xk.copy(), yk.copy(), 0.1),
        float(_mp_lagrange(xk, yk, np.array(0.1))),
        inputs="x = 0.1",
        rtol=1e-12,
    )
    t.equal("스칼라 x가 노드 (x = 2.0) → yₖ 스칼라", lambda: f(xk.copy(), yk.copy(), 2.0), 1e-300)
    x2 = np.array([[0.0, 1.0, 2.5], [-0.5, 0.5, 2.0]])
    _interp_case(
        t, f, "2차원 x (2, 3): 모양 유지", xk, yk, x2, _mp_lagrange(xk, yk, x2), 1e-12, 1e-13
    )
    xs, ys, xe = xk[::-1].copy(), yk[::-1].copy(), np.linspace(-1.0, 3.0, 7)
    t.unchanged("입력 배열(xk, yk, x)을 바꾸지 않음", f, xs, ys, xe)


# --------------------------------------------------------------------------- exp_approx


def _mp_exp(x: np.ndarray) -> np.ndarray:
    """e^x elementwise in 30-digit mpmath, rounded once to float64 (subnormals included)."""
    x = np.asarray(x, dtype=np.float64)
    with mpmath.workdps(30):
        out = [float(mpmath.exp(mpmath.mpf(v))) for v in x.ravel().tolist()]
    return np.array(out).reshape(x.shape)


@exercise(
    LECTURE,
    "exp_approx",
    4.0,
    "nm-08 §5 — k = round(x/ln2), r = (x − k·LN2_HI) − k·LN2_LO (ln2를 float 하나로 쓰면 "
    "|x| ≈ 700에서 자릿수를 잃음), |r| ≤ ln2/2에서 13차쯤의 다항식, np.ldexp(p, k) "
    "(2.0**k는 k = 1024에서 overflow); x > 709.78 → inf",
)
def check_exp_approx(f, t: Tester) -> None:  # noqa: ANN001
    """exp_approx(x) against 30-digit mpmath: relative error < 1e-14 on [-700, 700]."""
    for x in (0.0, 1.0, -1.0, 1e-300, 0.5 * np.log(2.0), 88.7, -103.5):
        t.close(
            f"x = {x:.6g} (스칼라)",
            lambda x=x: f(x),
            float(_mp_exp(np.array(x))),
            inputs=repr(x),
            rtol=1e-14,
        )
    t.close("정수 x = 3 (스칼라)", lambda: f(3), float(_mp_exp(np.array(3.0))), rtol=1e-14)
    rng = np.random.default_rng(2718)
    ln2 = float(mpmath.log(2))
    k = rng.integers(-1000, 1000, 400)
    cases = [
        ("무작위 2000개, [−700, 700]", rng.uniform(-700.0, 700.0, 2000)),
        (
            "|x| ≈ 700 부근 ([690, 700], [−700, −690]) 800개",
            np.concatenate([rng.uniform(690.0, 700.0, 400), rng.uniform(-700.0, -690.0, 400)]),
        ),
        (
            "작은 |x| (1e-12 … 1), 부호 섞임",
            10.0 ** rng.uniform(-12, 0, 300) * rng.choice([-1, 1], 300),
        ),
        (
            "범위 축소의 경계 x ≈ (k ± ½)·ln2",
            (k + rng.choice([-0.5, 0.5], 400)) * ln2 * (1 + 1e-15),
        ),
    ]
    for label, x in cases:
        t.close(
            label + ": 상대 오차 < 1e-14",
            lambda x=x: f(x.copy()),
            _mp_exp(x),
            inputs=show(x),
            rtol=1e-14,
            dtype=np.float64,
            x=x,
        )
    top = np.array([709.0, 709.5, 709.78])
    t.close(
        "overflow 직전 [709, 709.5, 709.78]: 유한 (2**1024 = inf를 곱하면 안 됨)",
        lambda: f(top.copy()),
        _mp_exp(top),
        inputs=show(top),
        rtol=1e-14,
        dtype=np.float64,
    )
    ends = np.array([709.8, 1000.0, np.inf, -np.inf, -800.0, -1e4])
    t.equal(
        "끝: x > 709.78과 +inf → inf, −inf와 x ≤ −800 → 0",
        lambda: f(ends.copy()),
        np.array([np.inf, np.inf, np.inf, 0.0, 0.0, 0.0]),
        inputs=show(ends),
    )
    sub = np.array([-710.0, -725.0, -740.0, -744.0])
    t.close(
        "비정규수(subnormal) 영역 x = −710 … −744 (오차 ≤ 최소 비정규수 2개)",
        lambda: f(sub.copy()),
        _mp_exp(sub),
        inputs=show(sub),
        rtol=1e-14,
        atol=2 * float(np.finfo(np.float64).smallest_subnormal),
        dtype=np.float64,
    )
    x2 = np.array([[0.0, 1.0, -2.0], [300.0, -300.0, 5.5]])
    t.close(
        "2차원 입력 (2, 3): 모양 유지",
        lambda: f(x2.copy()),
        _mp_exp(x2),
        inputs=show(x2),
        rtol=1e-14,
        dtype=np.float64,
        x=x2,
    )
    t.unchanged("입력 배열을 바꾸지 않음", f, np.linspace(-700.0, 700.0, 11))
