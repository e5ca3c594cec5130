"""Wrong implementations of the nm-07 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.

Most wrong versions are one-line edits of a right answer (``_SIMPSON``, ``_GAUSS``,
``_MC``, ``_TAIL``), so that each differs from it by exactly the mistake its label names.
"""

from tests.corpus import edit

_SIMPSON = """
def composite_simpson(f, a, b, n):
    if n < 2 or n % 2 != 0:
        raise ValueError("n must be even")
    x = np.linspace(a, b, n + 1)
    fx = np.asarray(f(x), dtype=np.float64)
    h = (b - a) / n
    return float(h / 3 * (fx[0] + 4 * fx[1:-1:2].sum() + 2 * fx[2:-1:2].sum() + fx[-1]))
"""

_GAUSS = """
def gauss_legendre(f, a, b, n):
    t, w = np.polynomial.legendre.leggauss(n)
    half, mid = (b - a) / 2, (a + b) / 2
    x = half * t + mid
    return float(half * np.sum(w * f(x)))
"""

_MC = """
def mc_estimate(f, sample, n, rng):
    values = np.asarray(f(sample(rng, n)), dtype=np.float64)
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(n))
"""

_TAIL = """
def tail_prob_importance(t, n, rng):
    x = rng.normal(t, 1.0, n)
    ratio = np.exp(-t * x + t * t / 2)
    return float(np.mean(np.where(x > t, ratio, 0.0)))
"""


WRONG = {
    "composite_simpson": {
        "odd_n_accepted_silently": edit(
            _SIMPSON,
            ('    if n < 2 or n % 2 != 0:\n        raise ValueError("n must be even")\n', ""),
        ),
        "trapezoid_weights": edit(
            _SIMPSON,
            (
                "h / 3 * (fx[0] + 4 * fx[1:-1:2].sum() + 2 * fx[2:-1:2].sum() + fx[-1])",
                "h * (fx[0] / 2 + fx[1:-1].sum() + fx[-1] / 2)",
            ),
        ),
        "n_points_not_n_intervals": edit(
            _SIMPSON,
            ("np.linspace(a, b, n + 1)", "np.linspace(a, b, n)"),
            ("h = (b - a) / n", "h = (b - a) / (n - 1)"),
        ),
        "n_plus_one_intervals": edit(
            _SIMPSON,
            ("np.linspace(a, b, n + 1)", "np.linspace(a, b, n + 2)"),
            ("h = (b - a) / n", "h = (b - a) / (n + 1)"),
        ),
        "step_miscounted": edit(_SIMPSON, ("h = (b - a) / n", "h = (b - a) / (n + 1)")),
        "weights_4_and_2_swapped": edit(
            _SIMPSON,
            (
                "4 * fx[1:-1:2].sum() + 2 * fx[2:-1:2].sum()",
                "2 * fx[1:-1:2].sum() + 4 * fx[2:-1:2].sum()",
            ),
        ),
        "h_over_6": edit(_SIMPSON, ("h / 3 *", "h / 6 *")),
        "endpoints_weighted_twice": edit(
            _SIMPSON, ("(fx[0] + 4", "(2 * fx[0] + 4"), ("+ fx[-1])", "+ 2 * fx[-1])")
        ),
        "wrong_exception_type": edit(
            _SIMPSON, ('raise ValueError("n must be even")', 'raise TypeError("n must be even")')
        ),
        "rejects_n_equal_2": edit(_SIMPSON, ("if n < 2 or", "if n < 4 or")),
        "loses_the_sign_when_b_below_a": edit(
            _SIMPSON,
            ("np.linspace(a, b, n + 1)", "np.linspace(min(a, b), max(a, b), n + 1)"),
            ("h = (b - a) / n", "h = abs(b - a) / n"),
        ),
        "float32_values": edit(_SIMPSON, ("dtype=np.float64)", "dtype=np.float32)")),
        "returns_a_length_one_array": edit(
            _SIMPSON, ("return float(h / 3 * (", "return np.atleast_1d(h / 3 * (")
        ),
    },
    "gauss_legendre": {
        "nodes_not_mapped_from_minus_one_one": edit(_GAUSS, ("x = half * t + mid", "x = t")),
        "forgets_the_half_length_factor": edit(_GAUSS, ("float(half * np.sum", "float(np.sum")),
        "only_right_for_symmetric_intervals": edit(_GAUSS, ("x = half * t + mid", "x = half * t")),
        "shift_with_wrong_sign": edit(_GAUSS, ("x = half * t + mid", "x = half * t - mid")),
        "full_length_instead_of_half": edit(
            _GAUSS, ("float(half * np.sum", "float((b - a) * np.sum")
        ),
        "n_plus_one_nodes": edit(_GAUSS, ("leggauss(n)", "leggauss(n + 1)")),
        "n_minus_one_nodes": edit(_GAUSS, ("leggauss(n)", "leggauss(max(n - 1, 1))")),
        "loses_the_sign_when_b_below_a": edit(
            _GAUSS, ("half, mid = (b - a) / 2", "half, mid = abs(b - a) / 2")
        ),
        "equal_weights": edit(_GAUSS, ("np.sum(w * f(x))", "np.sum(2.0 / n * f(x))")),
        "equispaced_nodes_with_gauss_weights": edit(
            _GAUSS,
            (
                "t, w = np.polynomial.legendre.leggauss(n)",
                "_, w = np.polynomial.legendre.leggauss(n)\n"
                "    t = np.linspace(-1, 1, n + 2)[1:-1]",
            ),
        ),
    },
    "mc_estimate": {
        "sample_std_instead_of_standard_error": edit(
            _MC, ("values.std(ddof=1) / math.sqrt(n)", "values.std(ddof=1)")
        ),
        "ddof_0": edit(_MC, ("values.std(ddof=1)", "values.std()")),
        "variance_over_n": edit(
            _MC, ("values.std(ddof=1) / math.sqrt(n)", "values.var(ddof=1) / n")
        ),
        "divides_by_n_not_sqrt_n": edit(_MC, ("/ math.sqrt(n)", "/ n")),
        "sqrt_of_n_minus_one": edit(_MC, ("/ math.sqrt(n)", "/ math.sqrt(n - 1)")),
        "fixed_internal_seed": edit(
            _MC, ("f(sample(rng, n))", "f(sample(np.random.default_rng(0), n))")
        ),
        "variance_by_one_pass_formula": edit(
            _MC,
            (
                "float(values.std(ddof=1) / math.sqrt(n))",
                "math.sqrt(abs(np.mean(values**2) - values.mean() ** 2) * n / (n - 1) / n)",
            ),
        ),
        "std_of_the_draws_not_of_f": """
def mc_estimate(f, sample, n, rng):
    draws = np.asarray(sample(rng, n), dtype=np.float64)
    values = np.asarray(f(draws), dtype=np.float64)
    return float(values.mean()), float(draws.std(ddof=1) / math.sqrt(n))
""",
        "sample_called_twice": """
def mc_estimate(f, sample, n, rng):
    estimate = float(np.mean(f(sample(rng, n))))
    values = np.asarray(f(sample(rng, n)), dtype=np.float64)
    return estimate, float(values.std(ddof=1) / math.sqrt(n))
""",
        "sample_called_n_times": """
def mc_estimate(f, sample, n, rng):
    draws = np.concatenate([np.asarray(sample(rng, 1)) for _ in range(n)])
    values = np.asarray(f(draws), dtype=np.float64)
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(n))
""",
        "returns_only_the_estimate": edit(
            _MC,
            (
                "return float(values.mean()), float(values.std(ddof=1) / math.sqrt(n))",
                "return float(values.mean())",
            ),
        ),
        "standard_error_first": edit(
            _MC,
            (
                "return float(values.mean()), float(values.std(ddof=1) / math.sqrt(n))",
                "return float(values.std(ddof=1) / math.sqrt(n)), float(values.mean())",
            ),
        ),
    },
    "tail_prob_importance": {
        "plain_monte_carlo": """
def tail_prob_importance(t, n, rng):
    return float(np.mean(rng.standard_normal(n) > t))
""",
        "likelihood_ratio_sign_flipped": edit(
            _TAIL, ("np.exp(-t * x + t * t / 2)", "np.exp(t * x - t * t / 2)")
        ),
        "likelihood_ratio_q_over_p": edit(
            _TAIL, ("np.exp(-t * x + t * t / 2)", "1 / np.exp(-t * x + t * t / 2)")
        ),
        "forgets_the_t_squared_term": edit(_TAIL, ("np.exp(-t * x + t * t / 2)", "np.exp(-t * x)")),
        "forgets_the_indicator": edit(_TAIL, ("np.where(x > t, ratio, 0.0)", "ratio")),
        "averages_over_hits_only": edit(
            _TAIL, ("float(np.mean(np.where(x > t, ratio, 0.0)))", "float(np.mean(ratio[x > t]))")
        ),
        "indicator_reversed": edit(
            _TAIL, ("np.where(x > t, ratio, 0.0)", "np.where(x < t, ratio, 0.0)")
        ),
        "fixed_internal_seed": edit(
            _TAIL, ("x = rng.normal(t, 1.0, n)", "x = np.random.default_rng(0).normal(t, 1.0, n)")
        ),
        "unweighted_shifted_draws": edit(_TAIL, ("np.where(x > t, ratio, 0.0)", "x > t")),
    },
}
