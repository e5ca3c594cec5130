# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # nm-04 연습 문제: 역방향 모드 자동 미분
#
# 강의 노트북 [`nm-04_reverse_ad`](../notebooks/nm-04_reverse_ad.ipynb)에서 본 역방향 모드를
# 직접 구현합니다. 각 문제 아래의 **검사 셀**을 실행하세요.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않습니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   클래스와 함수의 이름, 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 PyTorch autograd(float64)와 정확한 식으로 계산합니다.
#
# | 문제 | 이름 | 점수 |
# |---|---|---|
# | 1 | 클래스 `Value(data)` | 5 |
# | 2 | `grad_check(f, x, eps=1e-6)` | 2.5 |
# | 3 | `saved_tensor_bytes(fn, *inputs)` | 2.5 |
# | | 합계 | 10 |

# %%
import math

import torch

from utils.checks import check

# %% [markdown]
# ## 문제 1. 클래스 `Value` (5점)
#
# 강의 §1–§2의 `Var`를 완성한 micrograd 크기의 스칼라 자동 미분입니다.
#
# - `Value(data)`: `.data`(float)와 `.grad`(처음에는 0)를 가집니다.
# - `+ − * /`와 `** k`(k는 숫자): 두 `Value` 사이에서도, **숫자와 양쪽으로**(`2 + a`, `1 - a`,
#   `3 / a`, `a * 0.5`)도 됩니다.
# - `.exp() .log() .tanh() .relu()`. `tanh`는 $x = \pm 1000$에서도 overflow 없이 $\pm 1$이고
#   (`math.tanh`), $\mathrm{relu}'(0) = 0$입니다(PyTorch와 같음).
# - `out.backward()`: `out.grad = 1`로 시작해 그래프의 모든 노드의 `.grad`를 채웁니다. 두 번 쓰인
#   노드의 기여는 **더하고**(`+=`), 노드는 **위상 정렬의 역순**으로 처리합니다.
#
# 한 셀이 너무 길어지지 않도록 클래스를 세 단계로 나눕니다: 기본 연산(`ValueCore`), 나머지
# 산술(`ValueArithmetic`), 함수(`ValueFunctions`), 그리고 `backward`가 있는 `Value`입니다.
# 새 노드는 `type(self)(데이터, 부모들, 국소 도함수들)`로 만들면 언제나 `Value`가 됩니다.
# `local_grads[i]`는 $\partial(\text{이 노드}) / \partial(\text{부모 } i)$입니다.

# %%
class ValueCore:
    """A scalar node: data, grad, the parents it came from and d(self)/d(parent) for each."""

    def __init__(self, data, parents=(), local_grads=()):
        # BEGIN SOLUTION
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(parents)
        self._local_grads = tuple(local_grads)
        # END SOLUTION

    def __add__(self, other):
        # BEGIN SOLUTION
        other = other if isinstance(other, ValueCore) else type(self)(other)
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0))
        # END SOLUTION

    def __mul__(self, other):
        # BEGIN SOLUTION
        other = other if isinstance(other, ValueCore) else type(self)(other)
        return type(self)(self.data * other.data, (self, other), (other.data, self.data))
        # END SOLUTION

    def __pow__(self, k):  # k is a plain number
        # BEGIN SOLUTION
        return type(self)(self.data**k, (self,), (k * self.data ** (k - 1),))
        # END SOLUTION

    __radd__ = __add__  # 2 + a calls a.__radd__(2)
    __rmul__ = __mul__


# %%
class ValueArithmetic(ValueCore):
    """Negation, subtraction and division, with plain numbers on either side."""

    def __neg__(self):
        # BEGIN SOLUTION
        return self * -1.0
        # END SOLUTION

    def __sub__(self, other):
        # BEGIN SOLUTION
        return self + (-other)
        # END SOLUTION

    def __rsub__(self, other):  # other - self
        # BEGIN SOLUTION
        return (-self) + other
        # END SOLUTION

    def __truediv__(self, other):
        # BEGIN SOLUTION
        other = other if isinstance(other, ValueCore) else type(self)(other)
        return self * other**-1
        # END SOLUTION

    def __rtruediv__(self, other):  # other / self
        # BEGIN SOLUTION
        return self**-1 * other
        # END SOLUTION


# %%
class ValueFunctions(ValueArithmetic):
    """exp, log, tanh (no overflow) and relu (relu'(0) = 0)."""

    def exp(self):
        # BEGIN SOLUTION
        e = math.exp(self.data)
        return type(self)(e, (self,), (e,))
        # END SOLUTION

    def log(self):
        # BEGIN SOLUTION
        return type(self)(math.log(self.data), (self,), (1.0 / self.data,))
        # END SOLUTION

    def tanh(self):
        # BEGIN SOLUTION
        t = math.tanh(self.data)  # never overflows: tanh(1000) = 1.0
        return type(self)(t, (self,), (1.0 - t * t,))
        # END SOLUTION

    def relu(self):
        # BEGIN SOLUTION
        return type(self)(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))
        # END SOLUTION


# %%
class Value(ValueFunctions):
    """Scalar reverse-mode automatic differentiation (micrograd-style)."""

    def backward(self):
        """Fill .grad of every node of the graph with d(self)/d(node)."""
        # BEGIN SOLUTION
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # post-order DFS with an explicit stack: a topological order
            v, parents_done = stack.pop()
            if parents_done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((p, False) for p in v._parents if id(p) not in seen)
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):  # every consumer of v is done before v passes its grad on
            for parent, local in zip(v._parents, v._local_grads, strict=True):
                parent.grad += local * v.grad
        # END SOLUTION


# %%
check("Value")

# %% [markdown]
# ## 문제 2. `grad_check(f, x, eps=1e-6)` (2.5점)
#
# `f`는 텐서 하나를 받아 스칼라 텐서를 돌려주는 함수입니다. 강의 §5처럼 autograd의 그래디언트
# $g_{\text{AD}}$와 중앙 차분 $g_{\text{FD}, i} = \bigl(f(x + \epsilon e_i) - f(x - \epsilon e_i)\bigr) / (2\epsilon)$을
# 원소마다 비교해
#
# $$\max_i \frac{|g_{\text{AD}, i} - g_{\text{FD}, i}|}{\max\bigl(|g_{\text{AD}, i}|, |g_{\text{FD}, i}|, 10^{-300}\bigr)}$$
#
# 를 float 하나로 돌려주세요.
#
# - `x`의 dtype이 무엇이든(float32여도) **두 그래디언트 모두 float64로** 계산합니다.
# - 절대 오차가 아니라 **상대** 오차입니다: 그래디언트가 $10^3$인 함수와 $10^{-9}$인 함수에서
#   같은 1.5배의 실수는 같은 값 $1/3$이 나와야 합니다.
# - `x`는 어떤 모양이든 됩니다(`reshape(-1)`로 원소를 하나씩).

# %%
def grad_check(f, x, eps=1e-6):
    """Max elementwise relative error between autograd and central differences, in float64."""
    # BEGIN SOLUTION
    x64 = x.detach().to(torch.float64).clone().requires_grad_(True)
    (g_ad,) = torch.autograd.grad(f(x64), x64)
    g_ad = g_ad.detach().reshape(-1)
    base = x64.detach().reshape(-1)
    g_fd = torch.empty_like(base)
    with torch.no_grad():
        for i in range(base.numel()):
            step = torch.zeros_like(base)
            step[i] = eps
            f_plus = f((base + step).reshape(x.shape))
            f_minus = f((base - step).reshape(x.shape))
            g_fd[i] = (f_plus - f_minus) / (2 * eps)
    tiny = torch.tensor(1e-300, dtype=torch.float64)
    denom = torch.maximum(torch.maximum(g_ad.abs(), g_fd.abs()), tiny)
    return float(((g_ad - g_fd).abs() / denom).max())
    # END SOLUTION


# %%
check("grad_check")

# %% [markdown]
# ## 문제 3. `saved_tensor_bytes(fn, *inputs)` (2.5점)
#
# `fn(*inputs)`를 실행하는 동안 autograd가 역방향용으로 **저장하는** 텐서의 바이트 수
# (`numel() × element_size()`)의 합을 정수로 돌려주세요(강의 §4).
#
# - `torch.autograd.graph.saved_tensors_hooks(pack, unpack)`을 쓰세요. `pack(t)`는 저장할 때마다
#   불리고, 돌려준 것을 `unpack`이 받습니다.
# - 같은 저장소(`t.untyped_storage()`)는 **한 번만** 셉니다(`x * x`는 `x`를 두 번 저장합니다).
# - 입력은 받은 그대로 넘깁니다. `requires_grad`는 부르는 쪽이 정합니다: 바꾸지 마세요.
#   `fn`의 출력은 스칼라가 아닐 수도 있으니 `backward()`를 부르지 마세요.
# - 파라미터의 크기를 세는 것이 아닙니다. 저장되는 것만 셉니다.

# %%
def saved_tensor_bytes(fn, *inputs):
    """Bytes of the distinct storages autograd saves for backward while running fn(*inputs)."""
    # BEGIN SOLUTION
    sizes = {}

    def pack(t):
        key = t.untyped_storage().data_ptr()
        sizes[key] = max(sizes.get(key, 0), t.numel() * t.element_size())
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn(*inputs)
    return int(sum(sizes.values()))
    # END SOLUTION


# %%
check("saved_tensor_bytes")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 클래스와 함수들에 같은 검사를 다시 적용합니다.
