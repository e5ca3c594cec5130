"""Checks of the nm-07 exercises (Simpson, Gauss-Legendre, Monte Carlo, importance sampling).

References are independent of any solution: polynomial integrals and the exact error
terms of Simpson's rule (for x⁴) and of n-point Gauss-Legendre (for x²ⁿ) are computed in
exact rational arithmetic (``fractions.Fraction``) from the very floats the student's
function receives; smooth integrands are compared with closed forms and with
``scipy.integrate.simpson`` / ``scipy.integrate.fixed_quad``. Monte Carlo cases draw the
same samples on the judge side from a generator with the same seed, and tail
probabilities come from ``scipy.special.ndtr``.

Every generator a student's function receives is created for that one call (sent by
value to the grader's worker), and the integrands and samplers sent with it are
module-level functions or ``functools.partial`` objects of them.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import scipy.integrate
from scipy import special

from utils.checks.core import Tester, exercise

LECTURE = "nm-07"
EPS = float(np.finfo(np.float64).eps)


# --------------------------------------------------------------------------- integrands


def _poly(coeffs, x):  # noqa: ANN001, ANN202
    """sum_k coeffs[k] x^k, vectorised (Horner)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros_like(x)
    for c in reversed(coeffs):
        out = out * x + c
    return out


def _power(k, x):  # noqa: ANN001, ANN202
    return np.asarray(x, dtype=np.float64) ** k


def _runge(x):  # noqa: ANN001, ANN202
    return 1.0 / (1.0 + np.asarray(x, dtype=np.float64) ** 2)


def _damped(x):  # noqa: ANN001, ANN202
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x) * np.sin(3 * x)


def _exact_poly_integral(coeffs, a: float, b: float) -> Fraction:
    """∫_a^b sum_k c_k x^k dx in exact rational arithmetic (floats converted exactly)."""
    A, B = Fraction(a), Fraction(b)  # noqa: N806
    return sum(
        (Fraction(c) * (B ** (k + 1) - A ** (k + 1)) / (k + 1) for k, c in enumerate(coeffs)),
        Fraction(0),
    )


def _fmt_poly(coeffs) -> str:  # noqa: ANN001
    return " + ".join(f"{c:g}·x^{k}" for k, c in enumerate(coeffs))


# --------------------------------------------------------------------------- composite_simpson


def _simpson_quartic(a: float, b: float, n: int) -> float:
    """Composite Simpson of x⁴ with n intervals, exactly: I + (b − a) h⁴ · 24 / 180."""
    A, B = Fraction(a), Fraction(b)  # noqa: N806
    return float((B**5 - A**5) / 5 + Fraction(2, 15) * (B - A) ** 5 / n**4)


def _scipy_simpson(fn, a: float, b: float, n: int) -> float:  # noqa: ANN001
    x = np.linspace(a, b, n + 1)
    return float(scipy.integrate.simpson(fn(x), x=x))


@exercise(
    LECTURE,
    "composite_simpson",
    2.5,
    "nm-07 §1 — h = (b − a)/n, 점 n + 1개 x_k = a + kh, 가중치 h/3·[1, 4, 2, 4, …, 2, 4, 1]; "
    "n이 홀수이면 ValueError",
)
def check_composite_simpson(f, t: Tester) -> None:  # noqa: ANN001
    """composite_simpson(f, a, b, n) against exact rational values and scipy's simpson."""
    cubic = (3.0, 0.5, -2.0, 1.25)
    for a, b in ((0.0, 2.0), (-1.5, 0.5)):
        t.close(
            f"3차 다항식은 n = 2에서도 정확: [{a:g}, {b:g}] (사다리꼴 가중치는 틀림)",
            lambda a=a, b=b: f(functools.partial(_poly, cubic), a, b, 2),
            float(_exact_poly_integral(cubic, a, b)),
            inputs=f"f(x) = {_fmt_poly(cubic)}, a = {a!r}, b = {b!r}, n = 2",
            rtol=1e-14,
            atol=1e-15,
        )
    quartic = functools.partial(_power, 4)
    for a, b, n in ((0.0, 1.0, 2), (0.0, 1.0, 10), (-1.0, 3.0, 4), (2.5, 5.0, 6), (1.0, 0.0, 4)):
        t.close(
            f"x⁴, [{a:g}, {b:g}], 칸 n = {n}: 오차 (b − a)h⁴·2/15까지 정확히 (점은 n + 1개)",
            lambda a=a, b=b, n=n: f(quartic, a, b, n),
            _simpson_quartic(a, b, n),
            inputs=f"f(x) = x**4, a = {a!r}, b = {b!r}, n = {n}",
            rtol=1e-13,
        )
    smooth = [
        ("sin, [0, π], n = 100", np.sin, 0.0, math.pi, 100),
        ("e^(−x)·sin 3x, [−1, 2], n = 50", _damped, -1.0, 2.0, 50),
        ("1/(1 + x²), [−3, 4], n = 1000", _runge, -3.0, 4.0, 1000),
        ("exp, [2, −1] (b < a), n = 40", np.exp, 2.0, -1.0, 40),
    ]
    for label, fn, a, b, n in smooth:
        t.close(
            f"{label}: scipy.integrate.simpson과 같은 값",
            lambda fn=fn, a=a, b=b, n=n: f(fn, a, b, n),
            _scipy_simpson(fn, a, b, n),
            inputs=f"a = {a!r}, b = {b!r}, n = {n}",
            rtol=1e-12,
        )
    t.close(
        "정수 인자: x⁴, a = 0, b = 2, n = 4",
        lambda: f(quartic, 0, 2, 4),
        _simpson_quartic(0.0, 2.0, 4),
        inputs="a = 0, b = 2, n = 4 (모두 int)",
        rtol=1e-14,
    )
    t.close("a = b이면 0", lambda: f(np.exp, 1.5, 1.5, 4), 0.0, inputs="a = b = 1.5", atol=1e-300)
    for n in (3, 1, 101):
        t.raises(
            f"홀수 n = {n} → ValueError",
            lambda n=n: f(np.exp, 0.0, 1.0, n),
            ValueError,
            inputs=f"f = np.exp, a = 0.0, b = 1.0, n = {n}",
        )


# --------------------------------------------------------------------------- gauss_legendre


def _gauss_power_value(k: int, a: float, b: float, n: int) -> float:
    """n-point Gauss-Legendre of x^(2n) on [a, b], exactly.

    The error term I − Q = (b − a)^(2n+1) (n!)⁴ / ((2n + 1) ((2n)!)³) · f^(2n) is exact here,
    since the 2n-th derivative of x^(2n) is the constant (2n)!.
    """
    assert k == 2 * n
    A, B = Fraction(a), Fraction(b)  # noqa: N806
    exact = (B ** (k + 1) - A ** (k + 1)) / (k + 1)
    err = (B - A) ** (k + 1) * Fraction(math.factorial(n)) ** 4
    err /= (k + 1) * Fraction(math.factorial(k)) ** 2
    return float(exact - err)


@exercise(
    LECTURE,
    "gauss_legendre",
    2.5,
    "nm-07 §2 — t, w = np.polynomial.legendre.leggauss(n); x = (b − a)/2·t + (a + b)/2, "
    "결과 = (b − a)/2 · Σ wᵢ f(xᵢ) (노드와 가중치 둘 다 옮기기)",
)
def check_gauss_legendre(f, t: Tester) -> None:  # noqa: ANN001
    """gauss_legendre(f, a, b, n): exact to degree 2n − 1, the exact miss at degree 2n."""
    rng = np.random.default_rng(70)
    intervals = [(0.0, 1.0), (2.0, 5.0), (-1.0, 3.0), (-4.0, -0.5), (3.0, -2.0)]
    for n in (1, 2, 3, 5, 8):
        for a, b in intervals[: 5 if n in (3, 5) else 2]:
            coeffs = tuple(float(c) for c in rng.uniform(0.5, 1.5, 2 * n))  # degree 2n - 1
            exact = float(_exact_poly_integral(coeffs, a, b))
            scale = float(_exact_poly_integral(coeffs, 0.0, max(abs(a), abs(b))))
            t.close(
                f"n = {n}: 차수 {2 * n - 1} 다항식, [{a:g}, {b:g}]에서 정확",
                lambda c=coeffs, a=a, b=b, n=n: f(functools.partial(_poly, c), a, b, n),
                exact,
                inputs=f"f(x) = {_fmt_poly(coeffs)}, a = {a!r}, b = {b!r}, n = {n}",
                rtol=1e-13,
                atol=1e-14 * abs(scale),
            )
    for a, b, n in ((0.0, 1.0, 2), (1.0, 3.0, 3), (-2.0, 1.0, 5), (3.0, 1.0, 3)):
        t.close(
            f"n = {n}: x^{2 * n}은 처음 틀리는 차수, 오차까지 정확히 [{a:g}, {b:g}] (노드 n개)",
            lambda a=a, b=b, n=n: f(functools.partial(_power, 2 * n), a, b, n),
            _gauss_power_value(2 * n, a, b, n),
            inputs=f"f(x) = x**{2 * n}, a = {a!r}, b = {b!r}, n = {n}",
            rtol=1e-13,
        )
    smooth = [
        ("exp, [0, 2], n = 10", np.exp, 0.0, 2.0, 10, math.exp(2.0) - 1),
        ("cos, [−1, 4], n = 15", np.cos, -1.0, 4.0, 15, math.sin(4.0) + math.sin(1.0)),
        ("1/(1 + x²), [−1, 1], n = 20 (강의 §2)", _runge, -1.0, 1.0, 20, math.pi / 2),
        ("1/(1 + x²), [0, 1], n = 12", _runge, 0.0, 1.0, 12, math.pi / 4),
    ]
    for label, fn, a, b, n, want in smooth:
        t.close(
            f"{label}: 해석적인 값과 4ε 안",
            lambda fn=fn, a=a, b=b, n=n: f(fn, a, b, n),
            want,
            inputs=f"a = {a!r}, b = {b!r}, n = {n}",
            rtol=4 * EPS,
        )
    for label, fn, a, b, n in (("e^(−x)·sin 3x, [0.5, 6], n = 7", _damped, 0.5, 6.0, 7),):
        t.close(
            f"{label}: scipy.integrate.fixed_quad와 같은 값",
            lambda fn=fn, a=a, b=b, n=n: f(fn, a, b, n),
            float(scipy.integrate.fixed_quad(fn, a, b, n=n)[0]),
            inputs=f"a = {a!r}, b = {b!r}, n = {n}",
            rtol=1e-13,
        )
    t.close("a = b이면 0", lambda: f(np.exp, 2.0, 2.0, 4), 0.0, inputs="a = b = 2.0", atol=1e-300)


# --------------------------------------------------------------------------- mc_estimate


def _uniform(rng, n):  # noqa: ANN001, ANN202
    return rng.random(n)


def _normal(mu, sigma, rng, n):  # noqa: ANN001, ANN202
    return rng.normal(mu, sigma, n)


def _uniform_cube(d, rng, n):  # noqa: ANN001, ANN202
    return rng.random((n, d))


def _square(x):  # noqa: ANN001, ANN202
    return np.asarray(x, dtype=np.float64) ** 2


def _prod_cos(x):  # noqa: ANN001, ANN202
    return np.prod(np.cos(x), axis=1)


def _shifted_exp(x):  # noqa: ANN001, ANN202
    return 1e9 + np.exp(x)


def _mc_reference(fn, sample, n: int, seed: int) -> tuple[float, float]:  # noqa: ANN001
    """The judge's own draw: mean and s / sqrt(n) of fn(sample(default_rng(seed), n))."""
    values = np.asarray(fn(sample(np.random.default_rng(seed), n)), dtype=np.float64)
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(n))


def _probe_sample_calls(mc_estimate, fn, sample, n, seed):  # noqa: ANN001, ANN202
    """Probe: how often, and with which sizes, mc_estimate calls sample."""
    sizes = []

    def counted(rng, n):  # noqa: ANN001, ANN202
        try:
            sizes.append(int(n))
        except TypeError:
            sizes.append(repr(n))
        return sample(rng, n)

    mc_estimate(fn, counted, n, np.random.default_rng(seed))
    return sizes


@exercise(
    LECTURE,
    "mc_estimate",
    2.5,
    "nm-07 §4 — 값 = f(sample(rng, n))을 한 번만 계산; (값.mean(), 값.std(ddof=1)/√n); "
    "s 자체가 아니라 s/√n, 넘겨받은 rng만 사용",
)
def check_mc_estimate(f, t: Tester) -> None:  # noqa: ANN001
    """mc_estimate(f, sample, n, rng) against the same draws made on the judge side."""
    cases = [
        ("e^U, U ~ U(0, 1), n = 1000", np.exp, _uniform, 1000, 71),
        ("e^U, n = 1000, 다른 시드", np.exp, _uniform, 1000, 72),
        (
            "Z², Z ~ N(1, 2²), n = 5 (ddof = 1이 중요)",
            _square,
            functools.partial(_normal, 1.0, 2.0),
            5,
            73,
        ),
        ("Z², n = 2", _square, functools.partial(_normal, 0.0, 1.0), 2, 74),
        (
            "∏ cos xᵢ, x ~ U([0, 1]³), 표본 모양 (n, 3)",
            _prod_cos,
            functools.partial(_uniform_cube, 3),
            4000,
            75,
        ),
        ("e^U, n = 10⁵", np.exp, _uniform, 100_000, 0),
    ]
    for label, fn, sample, n, seed in cases:
        t.close(
            f"{label} → (추정값, s/√n)",
            lambda fn=fn, sample=sample, n=n, seed=seed: tuple(
                f(fn, sample, n, np.random.default_rng(seed))
            ),
            _mc_reference(fn, sample, n, seed),
            inputs=f"n = {n}, rng = np.random.default_rng({seed}) (검사가 같은 시드로 뽑은 표본)",
            rtol=1e-12,
        )
    t.close(
        "큰 평균 1e9 + e^U, n = 1000: s를 E[X²] − E[X]²로 구하면 소거 (nm-02 §6)",
        lambda: tuple(f(_shifted_exp, _uniform, 1000, np.random.default_rng(77))),
        _mc_reference(_shifted_exp, _uniform, 1000, 77),
        inputs="f(x) = 1e9 + exp(x), n = 1000, rng = np.random.default_rng(77)",
        rtol=1e-6,
    )
    t.equal(
        "sample을 정확히 한 번, 크기 n으로 부름",
        lambda: f.probe(_probe_sample_calls, np.exp, _uniform, 500, 76),
        [500],
        inputs="sample(rng, n)을 부른 크기의 목록 (n = 500)",
    )

    def deterministic() -> tuple[bool, str]:
        runs = [tuple(f(np.exp, _uniform, 200, np.random.default_rng(s))) for s in (7, 7, 8)]
        if runs[0] != runs[1]:
            return False, f"같은 시드에서 다른 결과: {runs[0]} ≠ {runs[1]} (넘겨받은 rng만 쓰세요)"
        if runs[0] == runs[2]:
            return False, f"다른 시드에서 같은 결과 {runs[0]}: 직접 만든 생성기를 쓰지 마세요"
        return True, ""

    t.case("넘겨받은 rng를 씀 (같은 시드 → 같은 값, 다른 시드 → 다른 값)", deterministic)


# --------------------------------------------------------------------------- tail_prob_importance


@exercise(
    LECTURE,
    "tail_prob_importance",
    2.5,
    "nm-07 §6 — x ~ N(t, 1)로 뽑고 가능도 비 p(x)/q(x) = exp(−t·x + t²/2)로 1{x > t}를 가중 평균; "
    "평범한 몬테카를로는 t = 5에서 0",
)
def check_tail_prob_importance(f, t: Tester) -> None:  # noqa: ANN001
    """tail_prob_importance(t, n, rng) within 10% of scipy.special.ndtr(-t), seed by seed."""
    for seed in (501, 502, 503, 504, 505, 506, 507, 508):
        t.close(
            f"t = 5, n = 10⁴, 시드 {seed}: 상대 오차 < 10%",
            lambda seed=seed: f(5.0, 10_000, np.random.default_rng(seed)),
            float(special.ndtr(-5.0)),
            inputs=f"t = 5.0, n = 10000, rng = np.random.default_rng({seed}); 참값 Φ(−5)",
            rtol=0.10,
        )
    others = [(3.0, 10_000, 511, 0.10), (8.0, 40_000, 512, 0.10), (2.0, 20_000, 513, 0.10)]
    others += [(5.0, 200_000, 514, 0.03), (4.0, 10_000, 515, 0.10)]
    for tt, n, seed, rtol in others:
        t.close(
            f"t = {tt:g}, n = {n}: 상대 오차 < {rtol:.0%}",
            lambda tt=tt, n=n, seed=seed: f(tt, n, np.random.default_rng(seed)),
            float(special.ndtr(-tt)),
            inputs=f"t = {tt!r}, n = {n}, rng = np.random.default_rng({seed})",
            rtol=rtol,
        )

    def uses_rng() -> tuple[bool, str]:
        runs = [float(f(5.0, 10_000, np.random.default_rng(s))) for s in (9, 9, 10)]
        if runs[0] != runs[1]:
            return (
                False,
                f"같은 시드에서 다른 결과: {runs[0]!r} ≠ {runs[1]!r} (넘겨받은 rng만 쓰세요)",
            )
        if runs[0] == runs[2]:
            return False, f"다른 시드에서 같은 결과 {runs[0]!r}: 직접 만든 생성기를 쓰지 마세요"
        return True, ""

    t.case("넘겨받은 rng를 씀 (같은 시드 → 같은 값, 다른 시드 → 다른 값)", uses_rng)
