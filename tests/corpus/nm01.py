"""Wrong implementations of the nm-01 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.
"""

WRONG = {
    "float_parts": {
        "off_by_one_bias_via_frexp": """
def float_parts(x, dtype):
    k, m = {"float16": (5, 10), "float32": (8, 23), "float64": (11, 52)}[dtype]
    x = float(np.array(x, dtype=dtype))
    sign = int(math.copysign(1.0, x) < 0)
    if x == 0:
        return sign, 0, 0
    frac, e = math.frexp(abs(x))          # abs(x) = frac * 2**e with 0.5 <= frac < 1
    bias = 2 ** (k - 1) - 1
    return sign, e + bias, int((2 * frac - 1) * 2**m)   # should be e - 1 + bias
""",
        "wrong_bit_widths_float16": """
def float_parts(x, dtype):
    # float16 taken as 1 | 4 | 11 (the precision p = 11 mistaken for the stored width)
    k, m = {"float16": (4, 11), "float32": (8, 23), "float64": (11, 52)}[dtype]
    uint = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}[dtype]
    bits = np.array(x, dtype=dtype).view(uint).item()
    return bits >> (k + m), (bits >> m) & ((1 << k) - 1), bits & ((1 << m) - 1)
""",
        "float64_layout_for_every_dtype": """
def float_parts(x, dtype):
    bits = np.array(np.array(x, dtype=dtype), dtype=np.float64).view(np.uint64).item()
    return bits >> 63, (bits >> 52) & 0x7FF, bits & ((1 << 52) - 1)
""",
        "unbiased_exponent": """
def float_parts(x, dtype):
    k, m = {"float16": (5, 10), "float32": (8, 23), "float64": (11, 52)}[dtype]
    uint = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}[dtype]
    bits = np.array(x, dtype=dtype).view(uint).item()
    exponent = ((bits >> m) & ((1 << k) - 1)) - (2 ** (k - 1) - 1)   # the true exponent e - bias
    return bits >> (k + m), exponent, bits & ((1 << m) - 1)
""",
        "sign_from_comparison": """
def float_parts(x, dtype):
    k, m = {"float16": (5, 10), "float32": (8, 23), "float64": (11, 52)}[dtype]
    uint = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}[dtype]
    bits = np.array(x, dtype=dtype).view(uint).item()
    return int(x < 0), (bits >> m) & ((1 << k) - 1), bits & ((1 << m) - 1)   # -0.0 < 0 is False
""",
        "numpy_integers": """
def float_parts(x, dtype):
    k, m = {"float16": (5, 10), "float32": (8, 23), "float64": (11, 52)}[dtype]
    uint = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}[dtype]
    bits = np.array(x, dtype=dtype).view(uint)[()]          # a NumPy unsigned scalar
    one = uint(1)
    exponent = (bits >> uint(m)) & ((one << uint(k)) - one)
    return bits >> uint(k + m), exponent, bits & ((one << uint(m)) - one)
""",
    },
    "machine_epsilon": {
        "float64_regardless_of_dtype": """
def machine_epsilon(dtype):
    eps = 1.0
    while 1.0 + eps / 2 != 1.0:
        eps /= 2
    return eps
""",
        "off_by_factor_two": """
def machine_epsilon(dtype):
    t = np.dtype(dtype).type
    eps = t(1)
    while t(1) + eps != t(1):        # stops one halving too late: returns eps / 2
        eps = eps / t(2)
    return float(eps)
""",
        "float32_regardless_of_dtype": """
def machine_epsilon(dtype):
    one = np.float32(1)
    eps = one
    while one + eps / np.float32(2) != one:
        eps = eps / np.float32(2)
    return float(eps)
""",
        "string_names_only": """
def machine_epsilon(dtype):
    t = getattr(np, dtype)           # fails for np.dtype objects and types
    one, two = t(1), t(2)
    eps = one
    while one + eps / two != one:
        eps = eps / two
    return float(eps)
""",
        "python_float_halving_with_dtype_one": """
def machine_epsilon(dtype):
    one = np.dtype(dtype).type(1)
    eps = 1.0
    while float(one) + eps / 2 != float(one):   # the sum is a Python float: float64
        eps /= 2
    return eps
""",
    },
    "kahan_sum": {
        "neumaier_variant": """
def kahan_sum(x):
    s = x.dtype.type(0)
    c = x.dtype.type(0)
    for xi in x:
        t = s + xi
        if abs(s) >= abs(xi):
            c = c + ((s - t) + xi)
        else:
            c = c + ((xi - t) + s)
        s = t
    return s + c
""",
        "plain_running_sum": """
def kahan_sum(x):
    s = x.dtype.type(0)
    for xi in x:
        s = s + xi
    return s
""",
        "numpy_pairwise_sum": """
def kahan_sum(x):
    return np.sum(x)
""",
        "float64_sum_cast_back": """
def kahan_sum(x):
    return x.dtype.type(np.sum(x, dtype=np.float64))
""",
        "kahan_in_python_floats": """
def kahan_sum(x):
    s = c = 0.0
    for xi in x.tolist():                # Python floats: float64 arithmetic
        y = xi - c
        t = s + y
        c = (t - s) - y
        s = t
    return x.dtype.type(s)
""",
        "compensation_in_wrong_order": """
def kahan_sum(x):
    s = x.dtype.type(0)
    c = x.dtype.type(0)
    for xi in x:
        y = xi - c
        t = s + y
        c = (t - y) - s                  # recovers nothing when y is tiny next to s
        s = t
    return s
""",
        "adds_correction_with_wrong_sign": """
def kahan_sum(x):
    s = x.dtype.type(0)
    c = x.dtype.type(0)
    for xi in x:
        y = xi - c
        t = s + y
        c = (t - s) - y
        s = t
    return s + c                         # c holds minus the lost bits
""",
        "returns_float64": """
def kahan_sum(x):
    s = c = 0.0
    for xi in x:
        y = float(xi) - c
        t = s + y
        c = (t - s) - y
        s = t
    return s
""",
    },
    "ulp_distance": {
        "signed_int_view_across_zero": """
def ulp_distance(a, b, dtype="float32"):
    sint = {"float16": np.int16, "float32": np.int32, "float64": np.int64}[np.dtype(dtype).name]
    ia = int(np.array(a, dtype=dtype).view(sint))
    ib = int(np.array(b, dtype=dtype).view(sint))
    return abs(ia - ib)                  # two's complement order is reversed for negatives
""",
        "negative_zero_counted_separately": """
def ulp_distance(a, b, dtype="float32"):
    dtype = np.dtype(dtype)
    nbits = 8 * dtype.itemsize
    uint = np.dtype(f"uint{nbits}")
    def pos(x):
        bits = np.array(x, dtype=dtype).view(uint).item()
        mag = bits & ((1 << (nbits - 1)) - 1)
        return -mag - 1 if bits >> (nbits - 1) else mag     # -0 sits one step below +0
    return abs(pos(a) - pos(b))
""",
        "absolute_values_ignore_sign": """
def ulp_distance(a, b, dtype="float32"):
    dtype = np.dtype(dtype)
    uint = np.dtype(f"uint{8 * dtype.itemsize}")
    ia = np.array(abs(a), dtype=dtype).view(uint).item()
    ib = np.array(abs(b), dtype=dtype).view(uint).item()
    return abs(ia - ib)
""",
        "difference_over_spacing": """
def ulp_distance(a, b, dtype="float32"):
    t = np.dtype(dtype).type
    a, b = t(a), t(b)
    small = min(abs(a), abs(b))
    return int(round(abs(float(a) - float(b)) / float(np.spacing(small))))
""",
        "int64_arithmetic_overflows": """
def ulp_distance(a, b, dtype="float32"):
    dtype = np.dtype(dtype)
    nbits = 8 * dtype.itemsize
    sint = np.dtype(f"int{nbits}")
    def pos(x):
        bits = np.array(x, dtype=dtype).view(sint).astype(np.int64)
        mask = np.int64(2 ** (nbits - 1) - 1) if nbits < 64 else np.int64(0x7FFFFFFFFFFFFFFF)
        mag = bits & mask
        return -mag if bits < 0 else mag
    with np.errstate(over="ignore"):
        return int(abs(pos(a) - pos(b)))     # wraps past 2**63 for float64
""",
        "ignores_dtype": """
def ulp_distance(a, b, dtype="float32"):
    def pos(x):
        bits = np.array(x, dtype=np.float32).view(np.uint32).item()
        mag = bits & 0x7FFFFFFF
        return -mag if bits >> 31 else mag
    return abs(pos(a) - pos(b))
""",
    },
}
