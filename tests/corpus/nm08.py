"""Wrong implementations of the nm-08 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.

The wrong ``barycentric_interpolate`` and ``exp_approx`` are edits of a complete right
answer (``_BARY``, ``_EXP``), so that each one differs from it by the mistake its label
names.
"""

from tests.corpus import edit

_BARY = """
def barycentric_interpolate(xk, yk, x):
    xk = np.asarray(xk, dtype=np.float64)
    yk = np.asarray(yk, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    scale = 4.0 / (xk.max() - xk.min()) if xk.size > 1 else 1.0
    diff = (xk[:, None] - xk[None, :]) * scale
    np.fill_diagonal(diff, 1.0)
    w = 1.0 / np.prod(diff, axis=1)
    d = x.reshape(-1, 1) - xk[None, :]
    exact = d == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        q = w / np.where(exact, 1.0, d)
        out = (q @ yk) / q.sum(axis=1)
    rows, cols = np.nonzero(exact)
    out[rows] = yk[cols]
    return out.reshape(x.shape)[()]
"""

_EXP = """
LN2 = math.log(2.0)
LN2_HI = 0.6931471805598903
LN2_LO = 5.497923018708371e-14


def exp_approx(x):
    x = np.asarray(x, dtype=np.float64)
    x_max = 709.782712893384
    xc = np.clip(np.nan_to_num(x, nan=0.0), -1100.0, x_max)
    k = np.rint(xc / LN2)
    r = (xc - k * LN2_HI) - k * LN2_LO
    p = np.zeros_like(r)
    for i in range(13, -1, -1):
        p = p * r + 1.0 / math.factorial(i)
    out = np.ldexp(p, k.astype(np.int64))
    out = np.where(x > x_max, np.inf, out)
    out = np.where(np.isnan(x), np.nan, out)
    return out[()]
"""


WRONG = {
    "chebyshev_nodes": {
        "equispaced_nodes": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    return np.linspace(a, b, n)
""",
        "extrema_second_kind": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    if n == 1:
        return np.array([0.5 * (a + b)])
    t = -np.cos(np.pi * np.arange(n) / (n - 1))   # extrema of T_{n-1}, includes the ends
    return 0.5 * (a + b) + 0.5 * (b - a) * t
""",
        "descending_order": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    t = np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))
    return 0.5 * (a + b) + 0.5 * (b - a) * t
""",
        "wrong_mapping_a_plus_width_times_t": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    t = np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))[::-1]
    return a + (b - a) * t
""",
        "ignores_the_interval": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    return np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))[::-1]
""",
        "off_by_one_roots_of_t_n_plus_1": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    t = np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n + 2))[::-1]
    return 0.5 * (a + b) + 0.5 * (b - a) * t
""",
        "cos_of_j_pi_over_n": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    t = np.cos(np.pi * (np.arange(n) + 1) / (n + 1))[::-1]   # roots of U_n, second kind
    return 0.5 * (a + b) + 0.5 * (b - a) * t
""",
        "n_plus_one_nodes": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    t = np.cos((2 * np.arange(n + 1) + 1) * np.pi / (2 * n + 2))[::-1]   # T_{n+1}: one too many
    return 0.5 * (a + b) + 0.5 * (b - a) * t
""",
        "float32_result": """
def chebyshev_nodes(n, a=-1.0, b=1.0):
    t = np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))[::-1]
    return (0.5 * (a + b) + 0.5 * (b - a) * t).astype(np.float32)
""",
    },
    "barycentric_interpolate": {
        "vandermonde_solve": """
def barycentric_interpolate(xk, yk, x):
    xk, yk = np.asarray(xk, dtype=np.float64), np.asarray(yk, dtype=np.float64)
    coef = np.linalg.solve(np.vander(xk, increasing=True), yk)
    return np.polynomial.polynomial.polyval(np.asarray(x, dtype=np.float64), coef)
""",
        "polyfit_degree_n_minus_1": """
def barycentric_interpolate(xk, yk, x):
    import warnings
    xk, yk = np.asarray(xk, dtype=np.float64), np.asarray(yk, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coef = np.polyfit(xk, yk, xk.size - 1)
    return np.polyval(coef, np.asarray(x, dtype=np.float64))
""",
        "first_form_unscaled": """
def barycentric_interpolate(xk, yk, x):
    xk, yk = np.asarray(xk, dtype=np.float64), np.asarray(yk, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    diff = xk[:, None] - xk[None, :]
    np.fill_diagonal(diff, 1.0)
    w = 1.0 / np.prod(diff, axis=1)
    d = x.reshape(-1, 1) - xk[None, :]
    exact = d == 0
    d = np.where(exact, 1.0, d)
    ell = np.prod(d, axis=1)                      # l(x) = prod (x - x_j)
    out = ell * ((w / d) @ yk)                    # first (modified Lagrange) form
    rows, cols = np.nonzero(exact)
    out[rows] = yk[cols]
    return out.reshape(x.shape)[()]
""",
        "chebyshev_only_weights": edit(
            _BARY,
            (
                "w = 1.0 / np.prod(diff, axis=1)",
                "j = np.arange(xk.size)\n"
                "    w = (-1.0) ** j * np.sin((2 * j + 1) * np.pi / (2 * xk.size))",
            ),
        ),
        "unscaled_weights_overflow": edit(
            _BARY, ("scale = 4.0 / (xk.max() - xk.min()) if xk.size > 1 else 1.0", "scale = 1.0")
        ),
        "nan_at_the_nodes": edit(
            _BARY,
            ("q = w / np.where(exact, 1.0, d)", "q = w / d"),
            ("out[rows] = yk[cols]", "pass"),
        ),
        "scalar_in_array_out": edit(_BARY, ("return out.reshape(x.shape)[()]", "return out")),
        "weights_product_includes_wrong_sign": edit(
            _BARY,
            (
                "diff = (xk[:, None] - xk[None, :]) * scale",
                "diff = np.abs(xk[:, None] - xk[None, :]) * scale",
            ),
        ),
        "sorts_inputs_in_place": edit(
            _BARY,
            (
                "xk = np.asarray(xk, dtype=np.float64)\n    yk = np.asarray(yk, dtype=np.float64)",
                "order = np.argsort(xk)\n    yk[:] = yk[order]\n    xk.sort()",
            ),
        ),
        "weights_of_sorted_nodes_with_unsorted_values": edit(
            _BARY,
            (
                "diff = (xk[:, None] - xk[None, :]) * scale",
                "xs = np.sort(xk)\n    diff = (xs[:, None] - xs[None, :]) * scale",
            ),
        ),
        "nearest_node_instead_of_polynomial": """
def barycentric_interpolate(xk, yk, x):
    xk, yk = np.asarray(xk, dtype=np.float64), np.asarray(yk, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    order = np.argsort(xk)
    return np.interp(x, xk[order], yk[order])     # piecewise linear, not the polynomial
""",
    },
    "exp_approx": {
        "taylor_without_reduction": """
def exp_approx(x):
    x = np.asarray(x, dtype=np.float64)
    term = np.ones_like(x)
    total = np.ones_like(x)
    for i in range(1, 60):
        term = term * x / i
        total = total + term
    return total[()]
""",
        "naive_single_float_ln2": edit(
            _EXP, ("r = (xc - k * LN2_HI) - k * LN2_LO", "r = xc - k * LN2")
        ),
        "forgets_ln2_lo": edit(_EXP, ("r = (xc - k * LN2_HI) - k * LN2_LO", "r = xc - k * LN2_HI")),
        "degree_10_polynomial": edit(_EXP, ("range(13, -1, -1)", "range(10, -1, -1)")),
        "scaling_by_two_to_the_k_overflows": edit(
            _EXP, ("out = np.ldexp(p, k.astype(np.int64))", "out = p * 2.0 ** k")
        ),
        "no_handling_of_infinities": edit(
            _EXP,
            ("xc = np.clip(np.nan_to_num(x, nan=0.0), -1100.0, x_max)", "xc = x"),
            ("    out = np.where(x > x_max, np.inf, out)\n", ""),
        ),
        "truncated_k_toward_zero": edit(
            _EXP,
            ("k = np.rint(xc / LN2)", "k = np.trunc(xc / LN2)"),
            ("range(13, -1, -1)", "range(11, -1, -1)"),
        ),
        "scalar_in_array_out": edit(_EXP, ("return out[()]", "return np.atleast_1d(out)")),
        "float32_arithmetic": edit(
            _EXP, ("x = np.asarray(x, dtype=np.float64)", "x = np.asarray(x, dtype=np.float32)")
        ),
        "reduces_in_place": edit(
            _EXP,
            (
                "xc = np.clip(np.nan_to_num(x, nan=0.0), -1100.0, x_max)\n"
                "    k = np.rint(xc / LN2)\n"
                "    r = (xc - k * LN2_HI) - k * LN2_LO",
                "k = np.rint(x / LN2)\n"
                "    x -= k * LN2_HI  # the caller's array becomes r\n"
                "    x -= k * LN2_LO\n"
                "    r = x",
            ),
        ),
    },
}
