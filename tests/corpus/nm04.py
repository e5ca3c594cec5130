"""Wrong implementations of the nm-04 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available (they import torch themselves). The first entries
are COURSE.md's "must reject" column; the rest are subtler mistakes seen in practice.
Most wrong ``Value`` classes are one edit away from a correct one (``_VALUE``).
"""

_VALUE = """
class Value:
    def __init__(self, data, parents=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(parents)
        self._local_grads = tuple(local_grads)

    def _lift(self, other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = self._lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, k):
        return Value(self.data**k, (self,), (k * self.data ** (k - 1),))

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        return self * self._lift(other) ** -1

    def __rtruediv__(self, other):
        return self**-1 * other

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def _topo(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._parents:
                    visit(p)
                order.append(v)

        visit(self)
        return order

    def backward(self):
        order = self._topo()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            for p, g in zip(v._parents, v._local_grads):
                p.grad += g * v.grad
"""


def _edit(old: str, new: str) -> str:
    assert old in _VALUE, old
    return _VALUE.replace(old, new)


_NAIVE_RECURSION = """
    def backward(self):
        self.grad = 1.0
        self._push()

    def _push(self):
        for p, g in zip(self._parents, self._local_grads):
            p.grad += g * self.grad
            p._push()
"""

_BFS = """
    def backward(self):
        self.grad = 1.0
        queue, seen = [self], {id(self)}
        while queue:
            v = queue.pop(0)
            for p, g in zip(v._parents, v._local_grads):
                p.grad += g * v.grad
                if id(p) not in seen:
                    seen.add(id(p))
                    queue.append(p)
"""

_BACKWARD = _VALUE[_VALUE.index("    def backward(self):") :]

WRONG = {
    "Value": {
        "tanh_overflows_at_1000": _edit(
            "t = math.tanh(self.data)",
            "t = (math.exp(2 * self.data) - 1) / (math.exp(2 * self.data) + 1)",
        ),
        "tanh_nan_at_1000_with_float_inf": _edit(
            "t = math.tanh(self.data)",
            "e = float(np.exp(np.float64(2 * self.data)))\n"
            "        t = (e - 1) / (e + 1) if e != math.inf else math.nan",
        ),
        "node_used_twice_not_accumulating": _edit("p.grad += g * v.grad", "p.grad = g * v.grad"),
        "no_topological_sort_naive_recursion": _VALUE.replace(_BACKWARD, _NAIVE_RECURSION),
        "breadth_first_order_not_topological": _VALUE.replace(_BACKWARD, _BFS),
        "topological_order_not_reversed": _edit("for v in reversed(order):", "for v in order:"),
        "relu_grad_at_zero_is_one": _edit(
            "1.0 if self.data > 0 else 0.0", "1.0 if self.data >= 0 else 0.0"
        ),
        "no_seed_gradient": _edit("        self.grad = 1.0\n", "        self.grad = 0.0\n"),
        "tanh_grad_from_input": _edit("(1.0 - t * t,)", "(1.0 - self.data * self.data,)"),
        "exp_grad_is_one": _edit(
            "return Value(e, (self,), (e,))", "return Value(e, (self,), (1.0,))"
        ),
        "log_grad_wrong": _edit("(1.0 / self.data,)", "(1.0 / self.data**2,)"),
        "pow_grad_missing_minus_one": _edit("k * self.data ** (k - 1)", "k * self.data**k"),
        "rsub_wrong_sign": _edit("return (-self) + other", "return self - other"),
        "rtruediv_swapped": _edit("return self**-1 * other", "return self * (1.0 / other)"),
        "numbers_only_on_the_right": _edit("    __radd__ = __add__\n    __rmul__ = __mul__\n", ""),
        "mul_grads_swapped": _edit("(other.data, self.data)", "(self.data, other.data)"),
        "grad_not_reset_accumulates_over_calls": _edit(
            "        for v in order:\n            v.grad = 0.0\n", ""
        ).replace(
            "self.grad = 0.0\n        self._parents", "self.grad = 0.5\n        self._parents"
        ),
    },
    "grad_check": {
        "absolute_instead_of_relative": """
import torch
def grad_check(f, x, eps=1e-6):
    x64 = x.detach().double().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(x64), x64)
    base = x64.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        for i in range(base.numel()):
            s = torch.zeros_like(base); s[i] = eps
            g_fd[i] = (f((base + s).reshape(x.shape)) - f((base - s).reshape(x.shape))) / (2 * eps)
    return float((g_ad.reshape(-1) - g_fd).abs().max())
""",
        "computed_in_the_input_dtype": """
import torch
def grad_check(f, x, eps=1e-6):
    xg = x.detach().clone().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(xg), xg)
    base = xg.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        for i in range(base.numel()):
            s = torch.zeros_like(base); s[i] = eps
            g_fd[i] = (f((base + s).reshape(x.shape)) - f((base - s).reshape(x.shape))) / (2 * eps)
    g_ad = g_ad.reshape(-1)
    den = torch.maximum(torch.maximum(g_ad.abs(), g_fd.abs()), torch.tensor(1e-300))
    return float(((g_ad - g_fd).abs() / den).max())
""",
        "divides_by_fd_only_nan_at_zero_gradient": """
import torch
def grad_check(f, x, eps=1e-6):
    x64 = x.detach().double().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(x64), x64)
    base = x64.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        for i in range(base.numel()):
            s = torch.zeros_like(base); s[i] = eps
            g_fd[i] = (f((base + s).reshape(x.shape)) - f((base - s).reshape(x.shape))) / (2 * eps)
    return float(((g_ad.reshape(-1) - g_fd).abs() / g_fd.abs()).max())
""",
        "mean_instead_of_max": """
import torch
def grad_check(f, x, eps=1e-6):
    x64 = x.detach().double().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(x64), x64)
    base = x64.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        for i in range(base.numel()):
            s = torch.zeros_like(base); s[i] = eps
            g_fd[i] = (f((base + s).reshape(x.shape)) - f((base - s).reshape(x.shape))) / (2 * eps)
    g_ad = g_ad.reshape(-1)
    tiny = torch.tensor(1e-300, dtype=torch.float64)
    den = torch.maximum(torch.maximum(g_ad.abs(), g_fd.abs()), tiny)
    return float(((g_ad - g_fd).abs() / den).mean())
""",
        "forward_difference": """
import torch
def grad_check(f, x, eps=1e-6):
    x64 = x.detach().double().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(x64), x64)
    base = x64.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        f0 = f(base.reshape(x.shape))
        for i in range(base.numel()):
            s = torch.zeros_like(base); s[i] = eps
            g_fd[i] = (f((base + s).reshape(x.shape)) - f0) / eps
    g_ad = g_ad.reshape(-1)
    tiny = torch.tensor(1e-300, dtype=torch.float64)
    den = torch.maximum(torch.maximum(g_ad.abs(), g_fd.abs()), tiny)
    return float(((g_ad - g_fd).abs() / den).max())
""",
        "ignores_eps": """
import torch
def grad_check(f, x, eps=1e-6):
    eps = 1e-6
    x64 = x.detach().double().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(x64), x64)
    base = x64.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        for i in range(base.numel()):
            s = torch.zeros_like(base); s[i] = eps
            g_fd[i] = (f((base + s).reshape(x.shape)) - f((base - s).reshape(x.shape))) / (2 * eps)
    g_ad = g_ad.reshape(-1)
    tiny = torch.tensor(1e-300, dtype=torch.float64)
    den = torch.maximum(torch.maximum(g_ad.abs(), g_fd.abs()), tiny)
    return float(((g_ad - g_fd).abs() / den).max())
""",
    },
    "saved_tensor_bytes": {
        "counting_parameters_instead_of_saved": """
def saved_tensor_bytes(fn, *inputs):
    return int(sum(t.numel() * t.element_size() for t in inputs if t.requires_grad))
""",
        "every_save_counted": """
import torch
def saved_tensor_bytes(fn, *inputs):
    total = [0]
    def pack(t):
        total[0] += t.numel() * t.element_size()
        return t
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn(*inputs)
    return total[0]
""",
        "numel_without_element_size": """
import torch
def saved_tensor_bytes(fn, *inputs):
    sizes = {}
    def pack(t):
        sizes[t.untyped_storage().data_ptr()] = t.numel()
        return t
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn(*inputs)
    return int(sum(sizes.values()))
""",
        "sets_requires_grad_and_calls_backward": """
import torch
def saved_tensor_bytes(fn, *inputs):
    sizes = {}
    def pack(t):
        sizes[t.untyped_storage().data_ptr()] = t.numel() * t.element_size()
        return t
    inputs = [x.detach().requires_grad_(True) for x in inputs]
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn(*inputs).sum().backward()
    return int(sum(sizes.values()))
""",
        "counts_every_output_instead_of_saves": """
import torch
from torch.utils._python_dispatch import TorchDispatchMode
def saved_tensor_bytes(fn, *inputs):
    total = [0]
    class Count(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            if isinstance(out, torch.Tensor):
                total[0] += out.numel() * out.element_size()
            return out
    with Count():
        fn(*inputs)
    return total[0]
""",
    },
}
