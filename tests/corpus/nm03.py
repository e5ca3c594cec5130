"""Wrong implementations of the nm-03 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.

The wrong ``Dual`` classes are one-line edits of a complete class (``_DUAL``), so that
each one differs from a right answer by exactly the mistake its label names.
"""

_DUAL = """
class Dual:
    def __init__(self, val, der=0.0):
        self.val = float(val)
        self.der = float(der)

    def _o(self, other):
        return other if isinstance(other, Dual) else Dual(other, 0.0)

    def __add__(self, other):
        o = self._o(other)
        return Dual(self.val + o.val, self.der + o.der)

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        o = self._o(other)
        return Dual(self.val - o.val, self.der - o.der)

    def __rsub__(self, other):
        return self._o(other) - self

    def __mul__(self, other):
        o = self._o(other)
        return Dual(self.val * o.val, self.der * o.val + self.val * o.der)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        o = self._o(other)
        return Dual(self.val / o.val, (self.der * o.val - self.val * o.der) / o.val**2)

    def __rtruediv__(self, other):
        return self._o(other) / self

    def __neg__(self):
        return Dual(-self.val, -self.der)

    def __pow__(self, p):
        return Dual(self.val**p, p * self.val ** (p - 1) * self.der)

    def __rpow__(self, a):
        return Dual(a**self.val, a**self.val * math.log(a) * self.der)

    def exp(self):
        return Dual(math.exp(self.val), math.exp(self.val) * self.der)

    def log(self):
        return Dual(math.log(self.val), self.der / self.val)

    def sin(self):
        return Dual(math.sin(self.val), math.cos(self.val) * self.der)

    def cos(self):
        return Dual(math.cos(self.val), -math.sin(self.val) * self.der)
"""


def _dual(*edits: tuple[str, str]) -> str:
    """_DUAL with each (old, new) replaced once; old must occur exactly once."""
    src = _DUAL
    for old, new in edits:
        assert src.count(old) == 1, old
        src = src.replace(old, new)
    return src


_NO_REFLECTED = [
    (
        "    def __radd__(self, other):\n        return self + other\n",
        "",
    ),
    (
        "    def __rsub__(self, other):\n        return self._o(other) - self\n",
        "",
    ),
    (
        "    def __rmul__(self, other):\n        return self * other\n",
        "",
    ),
    (
        "    def __rtruediv__(self, other):\n        return self._o(other) / self\n",
        "",
    ),
]

WRONG = {
    "Dual": {
        "reflected_ops_missing": _dual(*_NO_REFLECTED),
        "only_radd_missing": _dual(_NO_REFLECTED[0]),
        "quotient_rule_sign": _dual(
            ("(self.der * o.val - self.val * o.der)", "(self.val * o.der - self.der * o.val)")
        ),
        "quotient_rule_not_squared": _dual(("/ o.val**2)", "/ o.val)")),
        "rsub_is_sub": _dual(("return self._o(other) - self", "return self - other")),
        "rtruediv_is_truediv": _dual(("return self._o(other) / self", "return self / other")),
        "eps_squared_kept": _dual(
            (
                "self.der * o.val + self.val * o.der)",
                "self.der * o.val + self.val * o.der + self.der * o.der)",
            )
        ),
        "pow_without_chain_rule": _dual(
            ("p * self.val ** (p - 1) * self.der)", "p * self.val ** (p - 1))")
        ),
        "rpow_without_log": _dual(
            ("a**self.val * math.log(a) * self.der", "a**self.val * self.der")
        ),
        "rpow_missing": _dual(
            (
                "    def __rpow__(self, a):\n"
                "        return Dual(a**self.val, a**self.val * math.log(a) * self.der)\n",
                "",
            )
        ),
        "exp_without_chain_rule": _dual(("math.exp(self.val) * self.der)", "math.exp(self.val))")),
        "log_without_chain_rule": _dual(("self.der / self.val)", "1.0 / self.val)")),
        "sin_derivative_sign": _dual(
            ("math.cos(self.val) * self.der)", "-math.cos(self.val) * self.der)")
        ),
        "cos_derivative_sign": _dual(
            ("-math.sin(self.val) * self.der)", "math.sin(self.val) * self.der)")
        ),
        "neg_keeps_derivative": _dual(("Dual(-self.val, -self.der)", "Dual(-self.val, self.der)")),
        "add_mutates_self": _dual(
            (
                "        o = self._o(other)\n"
                "        return Dual(self.val + o.val, self.der + o.der)\n",
                "        o = self._o(other)\n"
                "        self.val, self.der = self.val + o.val, self.der + o.der\n"
                "        return self\n",
            )
        ),
        "int_operands_rejected": _dual(
            (
                "return other if isinstance(other, Dual) else Dual(other, 0.0)",
                "if isinstance(other, float):\n            return Dual(other, 0.0)\n"
                "        return other",
            )
        ),
    },
    "derivative": {
        "central_difference_instead": """
def derivative(f, x):
    h = 1e-5
    return float((f(Dual(x + h, 0.0)).val - f(Dual(x - h, 0.0)).val) / (2 * h))
""",
        "returns_the_value": """
def derivative(f, x):
    return float(f(Dual(x, 1.0)).val)
""",
        "seed_zero": """
def derivative(f, x):
    return float(f(Dual(x, 0.0)).der)
""",
        "returns_the_dual": """
def derivative(f, x):
    return f(Dual(x, 1.0))
""",
    },
    "central_difference": {
        "fixed_h_1e-12": """
def central_difference(f, x, h=None):
    h = 1e-12 if h is None else h
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        "fixed_h_1e-2": """
def central_difference(f, x, h=None):
    h = 1e-2 if h is None else h
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        "sqrt_eps_step": """
def central_difference(f, x, h=None):
    if h is None:
        h = math.sqrt(np.finfo(float).eps) * max(1.0, abs(x))
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        "step_not_scaled_with_x": """
def central_difference(f, x, h=None):
    if h is None:
        h = np.finfo(float).eps ** (1 / 3)
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        "step_proportional_to_x_only": """
def central_difference(f, x, h=None):
    if h is None:
        h = np.finfo(float).eps ** (1 / 3) * abs(x)
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        "ignores_given_h": """
def central_difference(f, x, h=None):
    h = np.finfo(float).eps ** (1 / 3) * max(1.0, abs(x))
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        "forward_difference": """
def central_difference(f, x, h=None):
    if h is None:
        h = math.sqrt(np.finfo(float).eps) * max(1.0, abs(x))
    return (f(x + h) - f(x)) / h
""",
        "divides_by_h_not_2h": """
def central_difference(f, x, h=None):
    if h is None:
        h = np.finfo(float).eps ** (1 / 3) * max(1.0, abs(x))
    return (f(x + h) - f(x - h)) / h
""",
    },
    "complex_step": {
        "real_part": """
def complex_step(f, x, h=1e-20):
    return float(np.real(f(complex(x, h)))) / h
""",
        "central_difference_with_tiny_h": """
def complex_step(f, x, h=1e-20):
    return float(np.real(f(complex(x + h)) - f(complex(x - h)))) / (2 * h)
""",
        "abs_instead_of_imag": """
def complex_step(f, x, h=1e-20):
    return float(abs(f(complex(x, h)))) / h
""",
        "default_h_1e-8": """
def complex_step(f, x, h=1e-8):
    return float(np.imag(f(complex(x, h)))) / h
""",
        "ignores_given_h": """
def complex_step(f, x, h=1e-20):
    return float(np.imag(f(complex(x, 1e-20)))) / 1e-20
""",
        "divides_by_2h": """
def complex_step(f, x, h=1e-20):
    return float(np.imag(f(complex(x, h)))) / (2 * h)
""",
    },
    "jacobian_forward": {
        "transposed_result": """
import torch

def jacobian_forward(f, x):
    basis = torch.eye(x.numel(), dtype=x.dtype)
    return torch.stack([torch.func.jvp(f, (x,), (e,))[1] for e in basis])
""",
        "reverse_mode": """
import torch

def jacobian_forward(f, x):
    return torch.autograd.functional.jacobian(f, x)
""",
        "finite_differences": """
import torch

def jacobian_forward(f, x):
    h = 1e-6
    cols = []
    for j in range(x.numel()):
        e = torch.zeros_like(x)
        e[j] = h
        cols.append((f(x + e) - f(x - e)) / (2 * h))
    return torch.stack(cols, dim=1)
""",
        "one_jvp_along_ones": """
import torch

def jacobian_forward(f, x):
    return torch.func.jvp(f, (x,), (torch.ones_like(x),))[1].reshape(-1, 1)
""",
        "numpy_result": """
import torch

def jacobian_forward(f, x):
    basis = torch.eye(x.numel(), dtype=x.dtype)
    cols = [torch.func.jvp(f, (x,), (e,))[1] for e in basis]
    return torch.stack(cols, dim=1).numpy()
""",
        "float32": """
import torch

def jacobian_forward(f, x):
    x = x.float()
    basis = torch.eye(x.numel(), dtype=x.dtype)
    cols = [torch.func.jvp(f, (x,), (e,))[1] for e in basis]
    return torch.stack(cols, dim=1)
""",
        "mutates_input": """
import torch

def jacobian_forward(f, x):
    basis = torch.eye(x.numel(), dtype=x.dtype)
    cols = [torch.func.jvp(f, (x,), (e,))[1] for e in basis]
    x.zero_()
    return torch.stack(cols, dim=1)
""",
    },
}
