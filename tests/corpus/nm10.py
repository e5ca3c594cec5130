"""Wrong implementations of the nm-10 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.
"""

WRONG = {
    "logsumexp": {
        "raises_on_empty_input": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=np.float64)
    z_max = np.max(z, axis=axis, keepdims=True)          # ValueError on an empty input
    shift = np.where(np.isfinite(z_max), z_max, 0.0)
    with np.errstate(divide="ignore"):
        lse = np.log(np.sum(np.exp(z - shift), axis=axis, keepdims=True)) + shift
    return lse.item() if axis is None else np.squeeze(lse, axis=axis)
""",
        "no_max_shift": """
def logsumexp(z, axis=None):
    return np.log(np.sum(np.exp(z), axis=axis))
""",
        "max_shift_without_inf_guard": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out.item() if axis is None else np.squeeze(out, axis=axis)
""",
        "warns_on_all_neg_inf": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))   # log(0) warns
    return out.item() if axis is None else np.squeeze(out, axis=axis)
""",
        "global_max_with_axis": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    m = np.max(z)
    if not np.isfinite(m):
        m = 0.0
    with np.errstate(divide="ignore"):
        return m + np.log(np.sum(np.exp(z - m), axis=axis))
""",
        "mutates_input": """
def logsumexp(z, axis=None):
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    z -= m
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
    return out.item() if axis is None else np.squeeze(out, axis=axis)
""",
        "log_of_sum_of_softmax_style": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    return np.max(z, axis=axis)   # the max alone: right only when one term dominates
""",
    },
    "softmax": {
        "no_max_shift": """
def softmax(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
""",
        "global_max_with_axis": """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
""",
        "ignores_axis": """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
""",
        "upcasts_float32": """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
""",
        "mutates_input": """
def softmax(z, axis=-1):
    z -= np.max(z, axis=axis, keepdims=True)
    np.exp(z, out=z)
    z /= np.sum(z, axis=axis, keepdims=True)
    return z
""",
    },
    "cross_entropy": {
        "log_of_softmax": """
def cross_entropy(logits, targets):
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(p[np.arange(len(targets)), targets])))
""",
        "sum_not_mean": """
def cross_entropy(logits, targets):
    m = np.max(logits, axis=1)
    lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))
    return float(np.sum(lse - logits[np.arange(len(targets)), targets]))
""",
        "no_max_shift": """
def cross_entropy(logits, targets):
    lse = np.log(np.sum(np.exp(logits), axis=1))
    return float(np.mean(lse - logits[np.arange(len(targets)), targets]))
""",
        "picks_wrong_axis": """
def cross_entropy(logits, targets):
    m = np.max(logits, axis=1)
    lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))
    return float(np.mean(lse - logits[targets, 0]))
""",
    },
    "bce_with_logits": {
        "sigmoid_then_log": """
def bce_with_logits(z, y):
    p = 1 / (1 + np.exp(-z))
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
""",
        "softplus_overflow": """
def bce_with_logits(z, y):
    with np.errstate(over="ignore"):
        return float(np.mean(np.log1p(np.exp(z)) - z * y))
""",
        "sum_not_mean": """
def bce_with_logits(z, y):
    return float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
""",
    },
    "update_loss_scale": {
        "grows_on_overflow_step": """
def update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0,
                      backoff_factor=0.5, growth_interval=2000):
    if found_inf:
        scale *= backoff_factor
    growth_tracker += 1
    if growth_tracker == growth_interval:
        return scale * growth_factor, 0
    return scale, growth_tracker
""",
        "keeps_tracker_on_overflow": """
def update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0,
                      backoff_factor=0.5, growth_interval=2000):
    if found_inf:
        return scale * backoff_factor, growth_tracker
    if growth_tracker + 1 == growth_interval:
        return scale * growth_factor, 0
    return scale, growth_tracker + 1
""",
        "grows_one_step_late": """
def update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0,
                      backoff_factor=0.5, growth_interval=2000):
    if found_inf:
        return scale * backoff_factor, 0
    if growth_tracker == growth_interval:
        return scale * growth_factor, 0
    return scale, growth_tracker + 1
""",
        "never_grows": """
def update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0,
                      backoff_factor=0.5, growth_interval=2000):
    if found_inf:
        return scale * backoff_factor, 0
    return scale, growth_tracker + 1
""",
        "ignores_custom_factors": """
def update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0,
                      backoff_factor=0.5, growth_interval=2000):
    if found_inf:
        return scale * 0.5, 0
    if growth_tracker + 1 == growth_interval:
        return scale * 2.0, 0
    return scale, growth_tracker + 1
""",
    },
    "peak_memory_units": {
        "floor_instead_of_ceil": """
def peak_memory_units(n_layers, segments):
    if n_layers < 1 or not 1 <= segments <= n_layers:
        raise ValueError("bad arguments")
    return segments + n_layers // segments
""",
        "no_argument_validation": """
def peak_memory_units(n_layers, segments):
    return segments + math.ceil(n_layers / segments)
""",
        "forgets_checkpoints": """
def peak_memory_units(n_layers, segments):
    if n_layers < 1 or not 1 <= segments <= n_layers:
        raise ValueError("bad arguments")
    return math.ceil(n_layers / segments)
""",
    },
    "checkpoint_segments": {
        "always_one": """
def checkpoint_segments(n_layers):
    if n_layers < 1:
        raise ValueError("n_layers must be >= 1")
    return 1
""",
        "always_n": """
def checkpoint_segments(n_layers):
    if n_layers < 1:
        raise ValueError("n_layers must be >= 1")
    return n_layers
""",
        "half_n": """
def checkpoint_segments(n_layers):
    if n_layers < 1:
        raise ValueError("n_layers must be >= 1")
    return max(1, n_layers // 2)
""",
        "returns_float_sqrt": """
def checkpoint_segments(n_layers):
    if n_layers < 1:
        raise ValueError("n_layers must be >= 1")
    return math.sqrt(n_layers)
""",
        "no_validation": """
def checkpoint_segments(n_layers):
    return max(1, round(math.sqrt(n_layers)))
""",
    },
}
