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

# %% [markdown] slideshow={"slide_type": "slide"}
# # nm-04 역방향 모드 자동 미분
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 10초 안팎이 걸립니다.


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# 신경망을 학습시키려면 손실 $L(w)$의 그래디언트 $\nabla L(w)$를 **파라미터 전부에 대해** 매 스텝 구해야 합니다. 파라미터는 수백만에서 수십억 개이고, 손실은 숫자 하나입니다.
#
# nm-02의 중앙 차분(central difference)은 파라미터 하나마다 손실을 두 번 계산하므로 $2n$번의 전방 계산이 들고, 그래도 10~11자리밖에 맞지 않습니다. nm-03의 전방 모드(forward mode) 자동 미분은 자릿수는 지키지만 여전히 입력 하나에 한 번씩, $n$번의 패스가 필요합니다.
#
# 아래 셀은 파라미터 500개짜리 로지스틱 회귀(logistic regression)의 그래디언트를 두 방법으로 구합니다. 중앙 차분은 손실을 1000번 부르고 자릿수를 잃습니다. 역방향 모드(reverse mode)는 전방 계산 한 번과 역방향 계산 한 번으로 **그래디언트 전체**를 반올림 오차 수준으로 줍니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 계산을 계산 그래프(computational graph)로 보고, 연쇄 법칙(chain rule)을 수반값(adjoint) $\bar v = \partial L / \partial v$의 역방향 전파로 설명할 수 있습니다.
# - 두 번 쓰인 노드의 그래디언트가 왜 **더해지는지**, 역방향 패스가 왜 위상 정렬(topological order)의 역순이어야 하는지 설명할 수 있습니다.
# - 역방향 모드가 벡터-야코비 곱(vector-Jacobian product, VJP) $J^\top \bar y$를 계산하며, $f: \mathbb{R}^n \to \mathbb{R}$의 그래디언트 비용이 $n$과 무관하게 전방 계산의 상수배임을 설명할 수 있습니다.
# - 역방향 모드가 전방 패스의 중간값을 저장해야 해서 메모리가 깊이에 비례함을 설명할 수 있습니다.
#
# **코딩 기술**
# - micrograd 크기의 스칼라 자동 미분 클래스를 만들고 PyTorch의 그래디언트와 비교할 수 있습니다.
# - `torch.utils.flop_counter.FlopCounterMode`로 전방, 역방향, 전방 모드의 연산량을 셀 수 있습니다.
# - `torch.autograd.graph.saved_tensors_hooks`로 autograd가 저장하는 바이트를 잴 수 있습니다.
# - `torch.autograd.gradcheck`를 float64로 쓰고, float32에서 실패하는 이유를 오차 크기로 설명할 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 계산 그래프와 위상 정렬 15분 → §2 역방향 패스와 두 번 쓰인 노드 15분 → §3 비용: 역방향 한 번과 전방 모드 n번 15분 → §4 메모리 ([nm-10 §2](nm-10_numerics_for_ml.ipynb#sec-ckpt) 체크포인트로 가는 다리) 15분 → §5 gradcheck (float64와 float32, nm-02의 오차 모델) 10분 → 연습 안내와 핵심 정리 5분. 시간이 모자라면 세로 방향(↓) 데모를 건너뛰고, 심화 (선택) 절은 슬라이드에 없습니다.

# %% slideshow={"slide_type": "skip"}
import math
import time
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.utils.flop_counter import FlopCounterMode

from utils.memory import SavedTensorMeter
from utils.plotting import setup_plots

setup_plots()
torch.manual_seed(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52
EPS32 = float(np.finfo(np.float32).eps)  # 2**-23
print(f"torch {torch.__version__}, float64 eps = {EPS64:.2e}, float32 eps = {EPS32:.2e}")

# %% [markdown] slideshow={"slide_type": "-"}
# 데이터 $X \in \mathbb{R}^{100 \times 500}$, 레이블 $y \in \{0, 1\}^{100}$의 로지스틱 손실 $L(w) = \frac{1}{N}\sum_i \bigl[\log(1 + e^{x_i^\top w}) - y_i x_i^\top w\bigr]$의 정확한 그래디언트는 $\nabla L = X^\top(\sigma(Xw) - y)/N$입니다. 두 방법의 결과를 이 식과 비교하고, 손실을 몇 번 불렀는지 셉니다.

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(4)
N_DATA, N_PARAM = 100, 500
X_np = rng.standard_normal((N_DATA, N_PARAM)) / math.sqrt(N_PARAM)
y_np = (rng.random(N_DATA) < 0.5).astype(np.float64)
w_np = rng.standard_normal(N_PARAM)
X_t, y_t = torch.from_numpy(X_np), torch.from_numpy(y_np)
calls = {"n": 0}


def logistic_loss(w):
    """Mean logistic loss; works on float64 NumPy arrays and torch tensors alike."""
    calls["n"] += 1
    z = X_t @ w if isinstance(w, torch.Tensor) else X_np @ w
    softplus = torch.nn.functional.softplus(z) if isinstance(z, torch.Tensor) else np.logaddexp(0, z)
    return (softplus - y_t * z).mean() if isinstance(z, torch.Tensor) else float(np.mean(softplus - y_np * z))


exact_grad = X_np.T @ (1 / (1 + np.exp(-(X_np @ w_np))) - y_np) / N_DATA

# %% slideshow={"slide_type": "subslide"}
h = EPS64 ** (1 / 3)  # nm-02 §7: the best step of central differences
calls["n"] = 0
g_fd = np.array([(logistic_loss(w_np + h * e) - logistic_loss(w_np - h * e)) / (2 * h) for e in np.eye(N_PARAM)])
fd_calls = calls["n"]

calls["n"] = 0
w_t = torch.tensor(w_np, requires_grad=True)
logistic_loss(w_t).backward()
ad_calls, g_ad = calls["n"], w_t.grad.numpy()

err_fd = np.linalg.norm(g_fd - exact_grad) / np.linalg.norm(exact_grad)
err_ad = np.linalg.norm(g_ad - exact_grad) / np.linalg.norm(exact_grad)
print(f"중앙 차분: 손실 {fd_calls}번, 상대 오차 {err_fd:.1e}")
print(f"역방향 모드: 손실 {ad_calls}번 (+ 역방향 1번), 상대 오차 {err_ad:.1e}")
assert fd_calls == 2 * N_PARAM and ad_calls == 1
assert 1e-13 < err_fd < 1e-8  # central differences: 8-12 digits (nm-02 §7)
assert err_ad < 20 * EPS64  # reverse mode: rounding level

# %% [markdown] slideshow={"slide_type": "-"}
# 중앙 차분은 손실을 $2n = 1000$번 부르고 상대 오차가 $10^{-10}$ 근처입니다. 역방향 모드는 손실을 한 번 부르고, 그 계산을 거꾸로 한 번 거슬러 올라가 500개 성분 전부를 반올림 오차 수준으로 얻었습니다.
#
# 이 강의는 그 "거꾸로 한 번"이 무엇인지(§1–§2), 왜 $n$과 무관하게 싼지(§3), 대가로 무엇을 치르는지(§4), 그리고 구현이 맞는지 어떻게 확인하는지(§5)를 다룹니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-graph"></a>
#
# ## 1. 계산 그래프와 위상 정렬
#
# 모든 수치 계산은 덧셈, 곱셈, $\tanh$ 같은 **기본 연산**의 연쇄입니다. 각 중간값을 노드로, "이 값이 저 값에서 계산되었다"를 간선으로 그리면 방향 비순환 그래프(directed acyclic graph, DAG)가 됩니다. 이것이 **계산 그래프**입니다.
#
# 역방향 모드 자동 미분에 필요한 것은 두 가지입니다. 각 노드가 자기를 만든 노드(부모)를 기억하는 것, 그리고 각 연산이 국소 도함수(local derivative) $\partial v / \partial u$를 아는 것입니다.
#
# 아래 `Var`는 그 최소 형태입니다(Andrej Karpathy의 micrograd와 같은 설계). 덧셈과 곱셈만 있고, 각 연산은 결과 노드에 `_backward` 함수를 달아 둡니다. 이 함수는 결과의 그래디언트를 부모에게 **더해 줍니다**(`+=`, 이유는 §2).

# %% slideshow={"slide_type": "subslide"}
class Var:
    """A scalar that remembers how it was computed (micrograd-style; only + and * here)."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents  # the nodes this one was computed from
        self.op = op
        self._backward = lambda: None  # adds d(root)/d(self) into the parents' .grad

    def __add__(self, other):
        out = Var(self.data + other.data, (self, other), "+")

        def _backward():  # d(a + b)/da = 1, d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Var(self.data * other.data, (self, other), "*")

        def _backward():  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out


# %% [markdown] slideshow={"slide_type": "-"}
# 단항 연산 하나를 더합니다. $\tanh'(x) = 1 - \tanh^2(x)$이므로 역방향에는 **출력** $t = \tanh(x)$만 있으면 됩니다. `math.tanh`는 $|x|$가 커도 overflow 없이 $\pm 1$을 줍니다.

# %% slideshow={"slide_type": "subslide"}
def var_tanh(self):
    t = math.tanh(self.data)
    out = Var(t, (self,), "tanh")

    def _backward():  # tanh'(x) = 1 - tanh(x)^2, from the saved output
        self.grad += (1 - t * t) * out.grad

    out._backward = _backward
    return out


Var.tanh = var_tanh

# %% [markdown] slideshow={"slide_type": "-"}
# 역방향 패스는 그래프를 **위상 정렬**한 뒤 그 역순으로 `_backward`를 부릅니다. 위상 정렬은 모든 노드를 "자기를 만든 노드들보다 뒤"에 오도록 늘어놓은 순서입니다. 깊이 우선 탐색(depth-first search)에서 부모를 모두 방문한 다음 자신을 목록에 넣으면(후위 순서, post-order) 그런 순서가 나옵니다.
#
# 그 역순에서는 어떤 노드의 `_backward`를 부를 때 그 노드를 **쓰는** 노드들이 이미 모두 처리되어, 그 노드의 `grad`가 완성되어 있습니다.

# %% slideshow={"slide_type": "subslide"}
def topological_order(root):
    """Every node of root's graph, each after all the nodes it was computed from."""
    order, seen = [], set()

    def visit(v):
        if id(v) not in seen:
            seen.add(id(v))
            for p in v.parents:
                visit(p)
            order.append(v)  # post-order: after all its parents

    visit(root)
    return order


def backward(root):
    """Reverse-mode sweep: seed d(root)/d(root) = 1, then visit nodes in reverse topological order."""
    order = topological_order(root)
    for v in order:
        v.grad = 0.0
    root.grad = 1.0
    for v in reversed(order):
        v._backward()
    return order


# %% [markdown] slideshow={"slide_type": "-"}
# 식 $L = \tanh(ab + c) \cdot a$를 $a = 0.5$, $b = -1.5$, $c = 2$에서 계산하고, 노드를 위상 순서로 출력합니다. 모든 노드의 부모가 그 노드보다 앞에 있는지 검사합니다.

# %% slideshow={"slide_type": "subslide"}
a, b, c = Var(0.5), Var(-1.5), Var(2.0)
for v, name in ((a, "a"), (b, "b"), (c, "c")):
    v.op = name
L = (a * b + c).tanh() * a
order = backward(L)
position = {id(v): i for i, v in enumerate(order)}
for i, v in enumerate(order):
    parents = ", ".join(str(position[id(p)]) for p in v.parents)
    print(f"{i}: {v.op:>4}  data = {v.data:+.6f}  grad = {v.grad:+.6f}  부모: [{parents}]")
assert len(order) == 7  # 3 inputs + (a*b) + (+c) + tanh + (*a)
assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)  # a topological order
assert order[-1] is L and L.grad == 1.0

# %% [markdown] slideshow={"slide_type": "-"}
# 노드를 "입력에서 몇 단계 떨어졌는가"(깊이)에 따라 가로로 놓으면 그래프가 보입니다. 파란 글씨가 전방 패스의 값, 빨간 글씨가 역방향 패스가 채운 그래디언트입니다. $a$는 두 번 쓰여서 간선이 두 개 나갑니다.

# %% slideshow={"slide_type": "subslide"}
depth = {}
for v in order:  # topological order: parents' depths are known already
    depth[id(v)] = 1 + max((depth[id(p)] for p in v.parents), default=-1)
rows = {}
xy = {}
for v in order:
    d = depth[id(v)]
    xy[id(v)] = (d, -rows.get(d, 0))
    rows[d] = rows.get(d, 0) + 1
fig, ax = plt.subplots(figsize=(9, 3.2))
for v in order:
    for p in v.parents:
        (x0, y0), (x1, y1) = xy[id(p)], xy[id(v)]
        ax.annotate("", (x1 - 0.12, y1), (x0 + 0.12, y0), arrowprops={"arrowstyle": "->", "color": "0.5"})
for v in order:
    x, y = xy[id(v)]
    ax.text(x, y, v.op, ha="center", va="center", fontsize=12, bbox={"boxstyle": "round", "fc": "w"})
    ax.text(x, y + 0.3, f"{v.data:.3f}", ha="center", color="C0", fontsize=9)
    ax.text(x, y - 0.32, f"∂L={v.grad:.3f}", ha="center", color="C3", fontsize=9)
ax.set(xlim=(-0.5, max(depth.values()) + 0.5), ylim=(-2.7, 0.7), title="L = tanh(ab + c)·a 의 계산 그래프")
ax.axis("off")
plt.show()
assert depth[id(L)] == 4 and sorted(rows.values()) == [1, 1, 1, 1, 3]

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 계산 그래프는 "무엇이 무엇에서 계산되었는가"의 기록입니다. 위상 정렬은 입력에서 출력으로 가는 계산 순서이고, 역방향 패스는 그 순서를 거꾸로 밟습니다. 그래야 어떤 노드의 그래디언트를 부모에게 넘길 때 그 노드를 쓰는 모든 곳의 기여가 이미 모여 있습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-backward"></a>
#
# ## 2. 역방향 패스: 수반값과 연쇄 법칙
#
# 출력 $L$에 대한 각 노드 $v$의 도함수를 **수반값**(adjoint) $\bar v = \partial L / \partial v$라고 부릅니다. $\bar L = 1$에서 시작해, 노드 $v = g(u_1, \dots, u_k)$마다
#
# $$
# \bar u_i \mathrel{+}= \bar v \, \frac{\partial v}{\partial u_i}
# $$
#
# 를 역위상 순서로 적용하면 모든 입력의 $\partial L / \partial x$가 나옵니다. $u$가 여러 노드 $v_1, \dots, v_m$에 쓰이면 다변수 연쇄 법칙에 의해 $\bar u = \sum_j \bar v_j \, \partial v_j / \partial u$, 곧 기여를 **더해야** 합니다.
#
# 먼저 §1의 그래디언트를 같은 식을 float64로 계산한 PyTorch autograd와 비교합니다.

# %% slideshow={"slide_type": "subslide"}
at, bt, ct = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (0.5, -1.5, 2.0))
Lt = (at * bt + ct).tanh() * at
Lt.backward()
ours = np.array([L.data, a.grad, b.grad, c.grad])
theirs = np.array([Lt.item(), at.grad.item(), bt.grad.item(), ct.grad.item()])
print("Var  :", ours)
print("torch:", theirs)
np.testing.assert_allclose(ours, theirs, rtol=4 * EPS64)  # the same numbers to rounding
t_ = math.tanh(0.5 * -1.5 + 2.0)  # closed form: dL/da = tanh(ab+c) + a*b*(1 - tanh^2)
np.testing.assert_allclose(a.grad, t_ + 0.5 * -1.5 * (1 - t_**2), rtol=4 * EPS64)

# %% [markdown] slideshow={"slide_type": "-"}
# 두 결과가 반올림 오차 안에서 같고, 손으로 유도한 $\partial L/\partial a = \tanh(ab + c) + ab\,(1 - \tanh^2(ab + c))$와도 같습니다. $a$의 그래디언트에 두 항이 있는 것은 $a$가 두 곳에 쓰였기 때문입니다.
#
# 더하기(`+=`) 대신 덮어쓰기(`=`)로 구현하면 무엇이 틀리는지 $L = a \cdot a + a$에서 봅니다. 정답은 $\partial L / \partial a = 2a + 1$입니다.

# %% slideshow={"slide_type": "subslide"}
class Overwrite(Var):
    """The same Var, but each backward *assigns* the gradient instead of adding it (wrong)."""

    def __add__(self, other):
        out = Overwrite(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad = out.grad
            other.grad = out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Overwrite(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad

        out._backward = _backward
        return out


# %% slideshow={"slide_type": "subslide"}
x_ok, x_bad = Var(3.0), Overwrite(3.0)
backward(x_ok * x_ok + x_ok)
backward(x_bad * x_bad + x_bad)
print(f"+= : dL/da = {x_ok.grad}   (2a + 1 = {2 * 3.0 + 1})")
print(f" = : dL/da = {x_bad.grad}   (a*a의 한쪽 기여만 남음)")
assert x_ok.grad == 2 * 3.0 + 1
assert x_bad.grad == 3.0  # the last assignment wins: one of three contributions

# %% [markdown] slideshow={"slide_type": "-"}
# 덮어쓰기 구현은 세 기여($a$, $a$, $1$) 중 마지막 하나만 남겨 $3$을 냈습니다.
#
# 순서도 중요합니다. 위상 정렬 없이 "자기 `_backward`를 부르고 부모마다 재귀"하는 구현은 그럴듯해 보이지만, 다이아몬드(diamond) 모양 그래프에서 틀립니다. $u = \tanh(x)$를 두 곳에 쓰는 $L = 2u + 3u$를 봅니다. 정답은 $\partial L/\partial x = 5(1 - \tanh^2 x)$입니다.

# %% slideshow={"slide_type": "subslide"}
def naive_backward(v):
    """Recursive sweep without a topological sort: call v's backward, then recurse (wrong)."""
    v._backward()
    for p in v.parents:
        naive_backward(p)


def diamond(x0):
    x = Var(x0)
    u = x.tanh()
    return x, u * Var(2.0) + u * Var(3.0)


x1, L1 = diamond(0.7)
backward(L1)
x2, L2 = diamond(0.7)
L2.grad = 1.0
naive_backward(L2)
exact = 5 * (1 - math.tanh(0.7) ** 2)
print(f"위상 정렬: {x1.grad:.6f}   재귀: {x2.grad:.6f}   정답: {exact:.6f}   비율 {x2.grad / exact:.3f}")
assert math.isclose(x1.grad, exact, rel_tol=4 * EPS64)
assert math.isclose(x2.grad / exact, 7 / 5, rel_tol=1e-12)  # u's gradient pushed at 2, then again at 5

# %% [markdown] slideshow={"slide_type": "fragment"}
# 재귀 구현은 $u$의 그래디언트가 2만 모였을 때 한 번, 5가 다 모였을 때 또 한 번 $x$에 넘겨 $7(1 - \tanh^2 x)$를 냈습니다(정답의 정확히 $7/5$배). 위상 정렬의 역순은 "모든 기여가 모인 뒤에 한 번만 넘긴다"를 보장합니다.
#
# > **핵심 직관**: 역방향 패스의 규칙은 두 줄입니다. 기여는 **더하고**(`+=`, 다변수 연쇄 법칙), 노드는 **역위상 순서**로 한 번씩 처리합니다. 둘 중 하나라도 어기면 그래프가 나무(tree)일 때만 맞고, 노드가 공유되는 순간 틀립니다. 신경망에서는 가중치가 배치의 모든 예제에 공유되니 항상 공유됩니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-cost"></a>
#
# ## 3. 한 번의 역방향 패스로 그래디언트 전체
#
# 벡터 함수 $f: \mathbb{R}^n \to \mathbb{R}^m$의 야코비 행렬(Jacobian) $J \in \mathbb{R}^{m \times n}$을 생각합니다. 전방 모드는 방향 $\dot x$ 하나에 대해 야코비-벡터 곱(Jacobian-vector product, JVP) $J \dot x$를 한 패스에 줍니다. 역방향 모드는 출력 쪽 벡터 $\bar y$ 하나에 대해 **벡터-야코비 곱** $\bar x = J^\top \bar y$를 한 패스에 줍니다.
#
# 손실 $L: \mathbb{R}^n \to \mathbb{R}$이면 $m = 1$이고 $\bar y = 1$ 하나로 $\nabla L = J^\top \cdot 1$ 전체가 나옵니다. 전방 모드로는 $\dot x = e_1, \dots, e_n$의 $n$번이 필요합니다([nm-03 §3](nm-03_forward_ad.ipynb#sec-dual-numbers)).
#
# 먼저 `torch.autograd.grad(y, x, v)`가 정말 $J^\top v$인지, 야코비 행렬을 통째로 만들어 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def g_vec(x):
    """A small map R^3 -> R^2."""
    return torch.stack([x[0] * x[1].exp(), (x[1] * x[2]).tanh() + x[0] ** 2])


x3 = torch.tensor([0.3, -0.8, 1.1], dtype=torch.float64, requires_grad=True)
v2 = torch.tensor([2.0, -1.0], dtype=torch.float64)
(vjp,) = torch.autograd.grad(g_vec(x3), x3, grad_outputs=v2)
J = torch.autograd.functional.jacobian(g_vec, x3.detach())
print("J =", J.numpy().round(4).tolist())
print("VJP =", vjp.numpy(), " J^T v =", (J.T @ v2).numpy())
assert J.shape == (2, 3)
torch.testing.assert_close(vjp, J.T @ v2, rtol=1e-14, atol=0)

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 비용을 셉니다. $f(x) = \sum \tanh(\tanh(x^\top A) B)$, $A, B \in \mathbb{R}^{n \times n}$인 두 층 함수에서 `FlopCounterMode`로 행렬 곱의 부동소수점 연산 수(FLOP)를 셉니다. 세 가지를 잽니다: 전방 계산, 역방향 모드의 그래디언트(`torch.autograd.grad`), 전방 모드의 그래디언트(`torch.func.jacfwd`, JVP $n$개를 한꺼번에).

# %% slideshow={"slide_type": "subslide"}
def count_flops(fn):
    with FlopCounterMode(display=False) as counter:
        out = fn()
    return counter.get_total_flops(), out


SIZES = [8, 16, 32, 64, 128, 256, 512]
flops = {"forward": [], "reverse": [], "forward_mode": []}
for n in SIZES:
    A = torch.randn(n, n, dtype=torch.float64) / math.sqrt(n)
    B = torch.randn(n, n, dtype=torch.float64) / math.sqrt(n)

    def f_layers(x, A=A, B=B):
        return torch.tanh(torch.tanh(x.reshape(1, -1) @ A) @ B).sum()

    x = torch.randn(n, dtype=torch.float64, requires_grad=True)
    fw, y = count_flops(lambda x=x: f_layers(x))
    bw, (g_rev,) = count_flops(lambda x=x, y=y: torch.autograd.grad(y, x))
    fm, g_fwd = count_flops(lambda x=x: torch.func.jacfwd(f_layers)(x.detach()))
    torch.testing.assert_close(g_fwd, g_rev, rtol=1e-12, atol=1e-14)  # the same gradient
    for key, value in zip(flops, (fw, bw, fm), strict=True):
        flops[key].append(value)
fw, bw, fm = (np.array(flops[k], dtype=float) for k in flops)
for n, r1, r2 in zip(SIZES, bw / fw, fm / fw, strict=True):
    print(f"n = {n:4d}: 역방향/전방 = {r1:.2f}   전방 모드/전방 = {r2:7.1f}")

# %% slideshow={"slide_type": "subslide"}
assert np.all(fw == 4 * np.array(SIZES) ** 2)  # two (1 x n)(n x n) products: 2 * 2n^2 FLOPs
assert np.all(bw / fw <= 3) and np.all(bw == fw)  # reverse mode: a constant multiple (here exactly 1)
np.testing.assert_allclose(fm / fw, np.array(SIZES) + 2, rtol=0)  # forward mode: n tangents + the primal
slope = np.polyfit(np.log(SIZES), np.log(fm / fw), 1)[0]
print(f"전방 모드 비율의 log-log 기울기: {slope:.2f}")
assert 0.9 < slope < 1.05

# %% [markdown] slideshow={"slide_type": "-"}
# 역방향 모드의 그래디언트는 $n$이 8이든 512이든 전방 계산과 **같은 FLOP**(비율 1.00)입니다. 이 함수에서는 $x^\top A$의 역방향이 $\bar z A^\top$ 한 번이기 때문입니다. 전방 모드는 비율이 정확히 $n + 2$로, $n$에 비례해 커집니다. 시간도 출력해 봅니다(기계마다 다르므로 검사하지 않습니다).

# %% slideshow={"slide_type": "subslide"}
n = SIZES[-1]
x = torch.randn(n, dtype=torch.float64, requires_grad=True)
t0 = time.perf_counter()
y = f_layers(x)
t1 = time.perf_counter()
torch.autograd.grad(y, x)
t2 = time.perf_counter()
torch.func.jacfwd(f_layers)(x.detach())
t3 = time.perf_counter()
print(f"n = {n}: 전방 {1e3 * (t1 - t0):.2f} ms, 역방향 {1e3 * (t2 - t1):.2f} ms, 전방 모드 {1e3 * (t3 - t2):.2f} ms")

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(7.5, 4))
ax.loglog(SIZES, fm / fw, "s-", label="전방 모드 (jacfwd) / 전방")
ax.loglog(SIZES, bw / fw, "o-", label="역방향 모드 (autograd.grad) / 전방")
ax.loglog(SIZES, SIZES, "k:", lw=1, label="n (기울기 1)")
ax.set(xlabel="입력 차원 n", ylabel="FLOP 비율 (그래디언트 / 전방 계산)",
       title="f: ℝⁿ → ℝ 의 그래디언트 비용")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# 그림의 두 선이 딥러닝이 역방향 모드를 쓰는 이유입니다. 파라미터가 $10^9$개여도 그래디언트 전체의 비용은 전방 계산의 몇 배(보통 2~3배)입니다. 이것을 값싼 그래디언트 원리(cheap gradient principle)라고 부르며, 일반적인 상한은 전방 계산의 약 4~5배입니다(Griewank & Walther).
#
# 반대로 입력이 적고 출력이 많은 $f: \mathbb{R}^{n} \to \mathbb{R}^{m}$, $n \ll m$에서는 전방 모드가 이깁니다(nm-03).
#
# > **핵심 직관**: 역방향 모드는 출력 쪽 벡터 하나에서 출발해 $J^\top \bar y$를 한 번에 계산합니다. 출력이 스칼라 하나인 손실에는 그것이 곧 그래디언트 전체입니다. 비용은 $n$에 무관한 상수배, 전방 모드는 $n$배입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-memory"></a>
#
# ## 4. 메모리: 역방향 모드는 중간값을 저장합니다
#
# 공짜는 없습니다. §1의 `_backward`는 `other.data`, `self.data`, $\tanh$의 출력 `t`를 썼습니다. 역방향 패스는 전방 패스가 **끝난 뒤** 거꾸로 가므로, 그때까지 이 값들을 모두 들고 있어야 합니다.
#
# PyTorch에서는 autograd가 역방향에 쓸 텐서를 노드에 저장합니다(saved tensors). `torch.autograd.graph.saved_tensors_hooks(pack, unpack)` 안에서는 저장할 때마다 `pack`이 불립니다. 먼저 연산 두 개가 무엇을 저장하는지 봅니다.

# %% slideshow={"slide_type": "subslide"}
x = torch.randn(1000, requires_grad=True)  # float32: 4 bytes per element
packed = []


def pack(t):
    packed.append((tuple(t.shape), t.dtype, t.untyped_storage().data_ptr()))
    return t


with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    e = x.exp()  # d exp(x)/dx = exp(x): the output is saved
    sq = x * x  # d(x*y)/dx = y, d(x*y)/dy = x: x is saved, twice
print(packed[0][:2], "exp의 출력을 저장:", packed[0][2] == e.data_ptr())
print(len(packed) - 1, "번 저장, 같은 저장소(storage):", packed[1][2] == packed[2][2] == x.data_ptr())
assert packed[0][:2] == ((1000,), torch.float32) and packed[0][2] == e.data_ptr()
assert len(packed) == 3 and packed[1][2] == packed[2][2] == x.data_ptr()

# %% [markdown] slideshow={"slide_type": "-"}
# `exp`는 출력 4000바이트를, `x * x`는 같은 `x`를 두 번 저장합니다. 같은 저장소를 두 번 세면 메모리를 과대평가하므로 저장소(storage)마다 한 번만 셉니다. 이 과목의 `utils.memory.SavedTensorMeter`가 그렇게 셉니다.
#
# 이제 너비 $d = 256$인 `Linear` + `Tanh` 층을 $N$개 쌓은 MLP에 배치 $B = 64$를 넣고, 역방향용으로 저장되는 바이트를 잽니다. 가중치는 어차피 메모리에 있으므로 `exclude=model.parameters()`로 뺍니다.

# %% slideshow={"slide_type": "subslide"}
WIDTH, BATCH = 256, 64
DEPTHS = [1, 2, 4, 8, 16, 32]
x_in = torch.randn(BATCH, WIDTH)
saved_bytes = []
for depth_n in DEPTHS:
    layers = [m for _ in range(depth_n) for m in (torch.nn.Linear(WIDTH, WIDTH), torch.nn.Tanh())]
    model = torch.nn.Sequential(*layers)
    with SavedTensorMeter(exclude=model.parameters()) as meter:
        out = model(x_in).sum()
        assert meter.current_bytes == meter.saved_bytes  # all alive at the end of forward
        out.backward()
    assert meter.current_bytes == 0  # backward freed every saved tensor
    saved_bytes.append(meter.saved_bytes)
saved_bytes = np.array(saved_bytes)
activation = BATCH * WIDTH * 4  # one float32 activation (B x d)
per_layer = np.diff(saved_bytes) / np.diff(DEPTHS)
for depth_n, s in zip(DEPTHS, saved_bytes, strict=True):
    print(f"N = {depth_n:2d}: 저장 {s / 2**20:6.3f} MiB = 활성값 {s // activation}개")
print(f"층당 증가: {per_layer[0] / 1024:.0f} KiB = B·d·4 바이트")
assert np.all(saved_bytes == (np.array(DEPTHS) + 1) * activation)  # input + one output per layer
assert np.all(per_layer == activation)

# %% [markdown] slideshow={"slide_type": "-"}
# 저장량은 정확히 $(N + 1) \cdot B d \cdot 4$바이트입니다. 첫 층의 입력 하나와, 층마다 `Tanh`의 출력 하나(다음 `Linear`의 입력과 같은 저장소)입니다. 층 하나에 64 KiB씩, **깊이에 정비례**합니다.

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(DEPTHS, saved_bytes / 2**20, "o-", label="측정 (SavedTensorMeter)")
ax.plot(DEPTHS, (np.array(DEPTHS) + 1) * activation / 2**20, "k:", label="$(N+1) \\cdot B d \\cdot 4$ 바이트")
ax.set(xlabel="층 수 N", ylabel="역방향용 저장 (MiB)", title="저장되는 활성값은 깊이에 비례")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# 큰 언어 모델에서는 이 활성값 메모리가 가중치보다 커지기도 합니다. 그래서 [nm-10 §2](nm-10_numerics_for_ml.ipynb#sec-ckpt)의 **그래디언트 체크포인팅**(gradient checkpointing)은 일부 층의 입력만 저장하고, 역방향 때 나머지를 다시 계산해 메모리를 $O(N)$에서 $O(\sqrt N)$으로 줄입니다.
#
# > **핵심 직관**: 역방향 모드는 시간을 아끼는 대신 메모리를 씁니다. 국소 도함수에 필요한 중간값(입력이나 출력)을 역방향 패스가 올 때까지 저장하므로, 저장량은 계산 그래프의 크기, 곧 깊이에 비례합니다. 메모리가 모자라면 저장 대신 재계산합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-gradcheck"></a>
#
# ## 5. 그래디언트 검사: gradcheck와 float64
#
# 직접 만든 `backward`(PyTorch에서는 `torch.autograd.Function`)가 맞는지는 유한 차분과 비교해 확인합니다. 이것을 그래디언트 검사(gradient checking)라고 합니다. `torch.autograd.gradcheck`는 중앙 차분으로 야코비를 만들어 autograd의 야코비와 비교하고, 기본값은 `eps=1e-6`, `atol=1e-5`, `rtol=1e-3`입니다.
#
# 같은 함수를 float64와 float32 입력으로 검사합니다. float32 입력에는 PyTorch가 경고를 내므로 그 경고는 기록만 합니다.

# %% slideshow={"slide_type": "-"}
def f_smooth(x):
    return (x.tanh() * x.exp()).sum()


x64 = torch.randn(6, dtype=torch.float64, requires_grad=True)
x32 = x64.detach().float().requires_grad_(True)
passed64 = torch.autograd.gradcheck(f_smooth, (x64,), eps=1e-6, atol=1e-5, rtol=1e-3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    passed32 = torch.autograd.gradcheck(f_smooth, (x32,), eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=False)
print(f"float64: {passed64}, float32: {passed32}  (경고: {str(caught[0].message)[:60]}…)")
assert passed64 is True and passed32 is False

# %% [markdown] slideshow={"slide_type": "-"}
# float64는 통과하고 float32는 실패했습니다. 그래디언트가 틀려서가 아닙니다. 같은 함수, 같은 autograd입니다. 원인은 [nm-02 §7](nm-02_error_analysis.ipynb#sec-finite-difference)의 중앙 차분 오차 모형
#
# $$
# E_0(h) \approx \frac{h^2 |f'''|}{6} + \frac{\varepsilon |f|}{2h}
# $$
#
# 입니다. $h = 10^{-6}$이면 float64에서 반올림 항은 $\varepsilon_{64} / (2h) \approx 10^{-10}$(상대값, $|f| \approx |f'|$일 때)이지만, float32에서는 $\varepsilon_{32}/(2h) \approx 0.06$으로 `rtol=1e-3`보다 훨씬 큽니다. 성분 하나에서 직접 재고 모형과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def central_error(dtype, h, i=0):
    """Relative error of the central difference of f_smooth along e_i, computed in dtype."""
    xd = x64.detach().to(dtype)
    e_i = torch.zeros_like(xd)
    e_i[i] = h
    fd = (f_smooth(xd + e_i) - f_smooth(xd - e_i)).double() / (2 * h)
    exact = torch.autograd.grad(f_smooth(x64), x64)[0][i]
    f_value = f_smooth(x64.detach())
    return abs(float(fd - exact)) / abs(float(exact)), abs(float(f_value)) / abs(float(exact))


err64, scale = central_error(torch.float64, 1e-6)
err32, _ = central_error(torch.float32, 1e-6)
h32 = EPS32 ** (1 / 3)  # nm-02: the best step for central differences
err32_best, _ = central_error(torch.float32, h32)
model64, model32 = EPS64 * scale / 2e-6, EPS32 * scale / 2e-6  # rounding term of E_0 at h = 1e-6
print(f"h = 1e-6 : float64 오차 {err64:.1e} (모형 {model64:.1e}), float32 오차 {err32:.1e} (모형 {model32:.1e})")
print(f"h = eps32^(1/3) = {h32:.1e}: float32 오차 {err32_best:.1e}  (eps32^(2/3) = {EPS32 ** (2 / 3):.1e})")
assert err64 < 10 * model64 and err64 < 1e-7  # float64: the rounding term, far inside rtol = 1e-3
assert model32 / 100 < err32 < 10 * model32 and err32 > 1e-3  # float32: the rounding term, above rtol
assert EPS32 ** (2 / 3) / 30 < err32_best < 30 * EPS32 ** (2 / 3)  # the V's bottom, nm-02 §7
assert 1e-5 < err32_best < 1e-3  # still far from float64's 1e-9

# %% [markdown] slideshow={"slide_type": "-"}
# float32에서 $h = 10^{-6}$의 오차는 모형이 예측한 $\varepsilon_{32} |f| / (2h|f'|)$ 크기로 `rtol`을 넘습니다. 최적의 $h = \varepsilon_{32}^{1/3}$을 써도 오차는 $\varepsilon_{32}^{2/3} \approx 2 \times 10^{-5}$ 수준(여기서 약 $10^{-4}$)이 한계입니다. 그래서 그래디언트 검사는 **float64로** 합니다. 검사하려는 것은 미분 규칙이지 float32의 반올림이 아니기 때문입니다.
#
# float64의 그래디언트 검사는 틀린 미분 규칙을 잡아냅니다. 역방향에서 $\tanh'$ 대신 $1 - x^2$(출력 대신 입력을 쓴 흔한 실수)를 쓴 `Function`을 검사합니다.

# %% slideshow={"slide_type": "subslide"}
class WrongTanh(torch.autograd.Function):
    """tanh whose backward uses the input instead of the output: 1 - x^2 (a classic bug)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.tanh()

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        return grad_out * (1 - x * x)


caught_bug = not torch.autograd.gradcheck(WrongTanh.apply, (x64,), raise_exception=False)
correct_ok = torch.autograd.gradcheck(torch.tanh, (x64,))
print(f"틀린 backward를 잡음: {caught_bug}, 올바른 tanh 통과: {correct_ok}")
assert caught_bug and correct_ok

# %% [markdown] slideshow={"slide_type": "fragment"}
# 연습 문제의 `grad_check`는 이 비교를 숫자 하나로 요약합니다: 원소마다 $|g_{\text{AD}} - g_{\text{FD}}| / \max(|g_{\text{AD}}|, |g_{\text{FD}}|)$의 최댓값입니다. 절대 오차가 아니라 **상대** 오차인 이유는 [nm-02 §1](nm-02_error_analysis.ipynb#sec-errors)과 같습니다. 그래디언트가 $10^{3}$인 곳과 $10^{-8}$인 곳에서 같은 문턱이 통해야 합니다.
#
# > **핵심 직관**: 그래디언트 검사는 유한 차분이라는 부정확한 자로 자동 미분이라는 정확한 값을 재는 일입니다. 자의 눈금은 nm-02의 $\varepsilon/h$로 정해지므로, float64에서 재면 $10^{-10}$ 눈금으로 미분 규칙의 실수를 잡고, float32에서 재면 눈금 자체가 $10^{-2}$라 아무것도 판정할 수 없습니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 재귀 없는 위상 정렬
#
# §1의 `topological_order`는 재귀를 써서, 노드가 Python의 재귀 한도(기본 1000)보다 깊게 이어진 그래프에서는 `RecursionError`가 납니다. 명시적인 스택(stack)으로 같은 후위 순서를 만들면 깊이 제한이 없습니다. 노드 5000개짜리 사슬에서 확인합니다.

# %% slideshow={"slide_type": "skip"}
def topological_order_iterative(root):
    """Post-order DFS with an explicit stack: no recursion limit."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, parents_done = stack.pop()
        if parents_done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((p, False) for p in v.parents if id(p) not in seen)
    return order


chain = x0 = Var(0.1)
for _ in range(5000):
    chain = chain * Var(1.0) + x0
order = topological_order_iterative(chain)
position = {id(v): i for i, v in enumerate(order)}
print(f"노드 {len(order)}개, 재귀 한도 {__import__('sys').getrecursionlimit()}")
assert len(order) == 1 + 3 * 5000
assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 연습 문제
#
# `exercises/nm-04_exercises.ipynb`를 여십시오. 각 문제를 구현하고 바로 아래의 검사 셀을 실행하면 통과한 사례와 실패한 입력, 기대값과 결과가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `Value`: §1–§2의 `Var`를 완성한 micrograd 크기의 클래스. `+ − * /`와 `**`(숫자 지수)를 숫자와 양쪽으로 섞어 쓸 수 있고, `.exp() .log() .tanh() .relu()`, `.backward()`가 있습니다. $x = 1000$의 `tanh`가 overflow하지 않아야 하고, 두 번 쓰인 노드와 다이아몬드 그래프에서 PyTorch와 같은 그래디언트를 내야 합니다.
# - `grad_check(f, x, eps=1e-6)`: §5의 상대 오차를 모든 원소에 대해 구해 최댓값을 돌려줍니다. 입력이 float32여도 float64로 계산합니다.
# - `saved_tensor_bytes(fn, *inputs)`: §4의 `saved_tensors_hooks`로 autograd가 저장하는 바이트를 저장소마다 한 번씩 셉니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 역방향 모드 자동 미분은 계산 그래프를 위상 정렬의 역순으로 밟으며 수반값 $\bar u \mathrel{+}= \bar v\, \partial v/\partial u$를 전파합니다. 위의 `Var`는 PyTorch float64와 반올림 오차 안에서 같은 그래디언트를 냈습니다.
# 2. 두 번 쓰인 노드의 기여는 더합니다. 덮어쓰면 $L = a^2 + a$에서 $2a + 1 = 7$ 대신 $3$이 나오고, 위상 정렬 없이 재귀하면 다이아몬드 그래프에서 정확히 $7/5$배가 나옵니다.
# 3. 역방향 모드는 $J^\top \bar y$를 한 패스로 계산합니다. $f: \mathbb{R}^n \to \mathbb{R}$의 그래디언트 FLOP은 위의 두 층 함수에서 $n = 8 \dots 512$ 모두 전방 계산의 1.00배였고, 전방 모드는 $n + 2$배였습니다.
# 4. 대가는 메모리입니다. 역방향에 쓸 중간값을 저장하므로 $B = 64$, $d = 256$ MLP에서 저장량은 정확히 $(N + 1) \cdot 64$ KiB, 깊이에 비례했습니다.
# 5. 그래디언트 검사는 float64로 합니다. $h = 10^{-6}$의 중앙 차분 오차는 float64에서 $10^{-10}$ 정도이지만 float32에서는 $\varepsilon_{32}/(2h)$ 크기라 `gradcheck`의 `rtol=1e-3`을 넘어 실패합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-09 수치 최적화**: [경사 하강법](nm-09_optimization.ipynb#sec-gd), [Adam](nm-09_optimization.ipynb#sec-adam), [뉴턴 법](nm-09_optimization.ipynb#sec-newton)이 쓰는 $\nabla f$가 이 강의의 역방향 패스입니다. [헤세 행렬-벡터 곱](nm-09_optimization.ipynb#sec-newton)(Hessian-vector product)은 역방향 위에 전방 모드를 한 번 더 얹어 $O(1)$ 패스로 구합니다.
# - **[nm-10 §2](nm-10_numerics_for_ml.ipynb#sec-ckpt) 그래디언트 체크포인팅**: §4의 $(N+1)$개 활성값이 출발점입니다. nm-10은 구간 입력만 저장하고 역방향에서 재계산해 최대 메모리를 $k + \lceil N/k \rceil$, $k \approx \sqrt N$에서 약 $2\sqrt N$으로 줄입니다. 같은 `SavedTensorMeter`로 잽니다.
# - **[nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp) 혼합 정밀도**: float16의 역방향 패스에서는 작은 그래디언트가 underflow합니다. 손실 스케일링(loss scaling)은 §2의 출발점 $\bar L = 1$ 대신 큰 수 $\bar L = S$에서 역방향을 시작하는 것입니다.
