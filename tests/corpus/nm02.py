"""Wrong implementations of the nm-02 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.
"""

WRONG = {
    "stable_quadratic_roots": {
        "textbook_formula": """
def stable_quadratic_roots(a, b, c):
    s = math.sqrt(b * b - 4 * a * c)
    r1, r2 = (-b - s) / (2 * a), (-b + s) / (2 * a)
    return min(r1, r2), max(r1, r2)
""",
        "divides_by_zero_when_c_is_zero": """
def stable_quadratic_roots(a, b, c):
    # the 'citardauq' form x = 2c / (-b -/+ sqrt(D)) for both roots: 0/0 when c = 0
    s = math.sqrt(b * b - 4 * a * c)
    r1, r2 = 2 * c / (-b - s), 2 * c / (-b + s)
    return min(r1, r2), max(r1, r2)
""",
        "np_sign_is_zero_at_b_zero": """
def stable_quadratic_roots(a, b, c):
    s = math.sqrt(b * b - 4 * a * c)
    q = -0.5 * (b + float(np.sign(b)) * s)      # np.sign(0) == 0: q = 0 when b = 0
    r1, r2 = q / a, c / q
    return min(r1, r2), max(r1, r2)
""",
        "not_sorted": """
def stable_quadratic_roots(a, b, c):
    s = math.sqrt(b * b - 4 * a * c)
    q = -0.5 * (b + math.copysign(s, b))
    return q / a, c / q
""",
        "vieta_from_the_cancelling_root": """
def stable_quadratic_roots(a, b, c):
    s = math.sqrt(b * b - 4 * a * c)
    r1 = (-b + s) / (2 * a)             # always the '+' root: cancels when b > 0
    r2 = c / (a * r1)
    return min(r1, r2), max(r1, r2)
""",
        "sign_chosen_the_wrong_way": """
def stable_quadratic_roots(a, b, c):
    s = math.sqrt(b * b - 4 * a * c)
    q = -0.5 * (b - math.copysign(s, b))  # subtracts: the cancellation is back
    r1, r2 = q / a, c / q
    return min(r1, r2), max(r1, r2)
""",
    },
    "welford": {
        "one_pass_sum_of_squares": """
def welford(x):
    n, s, ss = 0, 0.0, 0.0
    for xk in x:
        n += 1
        s += xk
        ss += xk * xk
    mean = s / n
    return mean, ss / n - mean * mean          # E[X^2] - E[X]^2
""",
        "old_mean_in_both_factors": """
def welford(x):
    n, mean, m2 = 0, 0.0, 0.0
    for xk in x:
        n += 1
        delta = xk - mean
        m2 += delta * delta                    # should be delta * (xk - new mean)
        mean += delta / n
    return mean, m2 / n
""",
        "sample_variance": """
def welford(x):
    n, mean, m2 = 0, 0.0, 0.0
    for xk in x:
        n += 1
        delta = xk - mean
        mean += delta / n
        m2 += delta * (xk - mean)
    return mean, m2 / (n - 1) if n > 1 else 0.0
""",
        "two_passes_over_the_data": """
def welford(x):
    x = np.asarray(x, dtype=float)             # a generator becomes a 0-d object array
    mean = np.mean(x)
    return float(mean), float(np.mean((x - mean) ** 2))
""",
        "numpy_mean_of_squares": """
def welford(x):
    x = np.fromiter(x, dtype=float)
    return float(np.mean(x)), float(np.mean(x * x) - np.mean(x) ** 2)
""",
        "mean_update_divides_by_n_minus_one": """
def welford(x):
    n, mean, m2 = 0, 0.0, 0.0
    for xk in x:
        delta = xk - mean
        mean += delta / max(n, 1)              # increments n too late
        n += 1
        m2 += delta * (xk - mean)
    return mean, m2 / n
""",
    },
    "combine_stats": {
        "naive_pooled_sums_of_squares": """
def combine_stats(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    s = n_a * mean_a + n_b * mean_b
    ss = (m2_a + n_a * mean_a**2) + (m2_b + n_b * mean_b**2)
    mean = s / n
    return n, mean, ss - n * mean**2
""",
        "ignores_between_chunk_term": """
def combine_stats(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    return n, (n_a * mean_a + n_b * mean_b) / n, m2_a + m2_b
""",
        "unweighted_mean": """
def combine_stats(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    delta = mean_b - mean_a
    return n, (mean_a + mean_b) / 2, m2_a + m2_b + delta**2 * n_a * n_b / n
""",
        "delta_term_missing_division": """
def combine_stats(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    delta = mean_b - mean_a
    return n, mean_a + delta * n_b / n, m2_a + m2_b + delta**2 * n_a * n_b
""",
        "pooled_variances_not_m2": """
def combine_stats(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    delta = mean_b - mean_a
    mean = mean_a + delta * n_b / n
    var = (m2_a + m2_b) / n + delta**2 * n_a * n_b / n**2
    return n, mean, var                        # returns the variance, not m2
""",
    },
    "softplus": {
        "naive_log_of_one_plus_exp": """
def softplus(x):
    return np.log(1 + np.exp(x))
""",
        "stable_shift_but_log_not_log1p": """
def softplus(x):
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0) + np.log(1 + np.exp(-np.abs(x)))
""",
        "where_evaluates_overflowing_branch": """
def softplus(x):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x + np.log1p(np.exp(-x)), np.log1p(np.exp(x)))
""",
        "torch_style_threshold_20": """
def softplus(x):
    x = np.asarray(x, dtype=float)
    small = np.log1p(np.exp(np.minimum(x, 20.0)))
    return np.where(x > 20.0, x, small)         # drops e^-x, up to 1e-9 relative
""",
        "log1p_without_the_shift": """
def softplus(x):
    with np.errstate(over="ignore"):
        return np.log1p(np.exp(x))               # inf at x = 1000
""",
        "mutates_input": """
def softplus(x):
    pos = np.maximum(x, 0.0)
    np.abs(x, out=x)
    np.negative(x, out=x)
    return pos + np.log1p(np.exp(x))
""",
    },
    "expm1_over_x": {
        "naive_exp_minus_one": """
def expm1_over_x(x):
    return (np.exp(x) - 1) / x
""",
        "naive_with_zero_special_case": """
def expm1_over_x(x):
    x = np.asarray(x, dtype=float)
    safe = np.where(x == 0, 1.0, x)
    out = np.where(x == 0, 1.0, (np.exp(safe) - 1) / safe)
    return out if out.ndim else float(out)
""",
        "expm1_but_nan_at_zero": """
def expm1_over_x(x):
    with np.errstate(invalid="ignore"):
        return np.expm1(x) / x
""",
        "where_divides_by_zero": """
def expm1_over_x(x):
    x = np.asarray(x, dtype=float)
    out = np.where(x == 0, 1.0, np.expm1(x) / x)    # still computes 0/0: a warning
    return out if out.ndim else float(out)
""",
        "taylor_only_below_tiny_threshold": """
def expm1_over_x(x):
    x = np.asarray(x, dtype=float)
    safe = np.where(x == 0, 1.0, x)
    out = np.where(np.abs(x) < 1e-8, 1 + x / 2, (np.exp(safe) - 1) / safe)
    return out if out.ndim else float(out)
""",
        "mutates_input": """
def expm1_over_x(x):
    if np.ndim(x) == 0:
        return 1.0 if x == 0 else float(np.expm1(x) / x)
    zero = x == 0
    x[zero] = 1.0
    out = np.expm1(x) / x
    out[zero] = 1.0
    return out
""",
    },
}
