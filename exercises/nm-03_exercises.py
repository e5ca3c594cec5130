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
# # nm-03 연습 문제: 전방 모드 자동 미분
#
# 강의 노트북 [`nm-03_forward_ad`](../notebooks/nm-03_forward_ad.ipynb)에서 본 유한 차분, 복소 스텝,
# 이중수(dual number), 야코비안-벡터 곱(Jacobian-vector product, JVP)을 직접 구현합니다. 각 문제는
# **함수(또는 클래스) 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   함수·클래스 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 mpmath(40자리)의 `diff`, 닫힌 형태의 도함수, PyTorch의
#   역방향 모드로 계산합니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `central_difference(f, x, h=None)` | 1.5 |
# | 2 | `complex_step(f, x, h=1e-20)` | 1.5 |
# | 3 | 클래스 `Dual(val, der)` | 3 |
# | 4 | `derivative(f, x)` | 1.5 |
# | 5 | `jacobian_forward(f, x)` | 2.5 |
# | | 합계 | 10 |
#
# 1–4번은 Python의 `math`/`cmath`와 NumPy만, 5번은 `torch.func.jvp`(또는
# `torch.autograd.forward_ad`)를 쓰세요. `torch.func.jacfwd`, `torch.autograd.functional.jacobian`을
# 부르면 연습이 되지 않습니다.

# %%
import math

import numpy as np
import torch

from utils.checks import check

# %% [markdown]
# ## 문제 1. `central_difference(f, x, h=None)` (1.5점)
#
# $$D_0 f(x) = \frac{f(x + h) - f(x - h)}{2h}$$
#
# - `f`는 float 하나를 받아 float 하나를 돌려주는 함수, `x`는 스칼라입니다.
# - `h`가 `None`이면 nm-02 §7의 최적 스텝 $h = \sqrt[3]{\varepsilon}\,\max(1, |x|)$를 쓰세요
#   ($\varepsilon$ = `np.finfo(float).eps`). $|x|$가 크면 스텝도 그만큼 키워야 $x \pm h$가 $x$와
#   구별됩니다(강의 §1의 $\log$, $x = 10^6$ 시연).
# - `h`를 주면 그 값을 그대로 쓰세요.

# %%
def central_difference(f, x, h=None):
    """Central difference (f(x+h) - f(x-h)) / (2h); default h = cbrt(eps) * max(1, |x|)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("central_difference")

# %% [markdown]
# ## 문제 2. `complex_step(f, x, h=1e-20)` (1.5점)
#
# $$f'(x) \approx \frac{\operatorname{Im} f(x + ih)}{h}$$
#
# `f`는 복소수를 받는 해석 함수(`cmath.exp`, `np.sin`, 사칙연산으로 만든 함수 …)입니다. 뺄셈이 없으므로
# $h = 10^{-20}$처럼 아주 작은 $h$를 써도 소거가 없고, 결과는 기계 정밀도 근처까지 정확합니다(강의 §2).
# float 하나를 돌려주세요.

# %%
def complex_step(f, x, h=1e-20):
    """Complex-step derivative Im f(x + ih) / h."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("complex_step")

# %% [markdown]
# ## 문제 3. 클래스 `Dual(val, der)` (3점)
#
# 이중수 $a + a'\varepsilon$ ($\varepsilon^2 = 0$)를 나타내는 클래스입니다. 속성 `.val`($a$)과
# `.der`($a'$)를 갖고, 다음을 지원해야 합니다.
#
# - `+ − * /`: 두 `Dual` 사이, 그리고 **수가 어느 쪽에 와도**(`x + 1`, `1 + x`, `3 - x`, `2 / x` …).
#   수가 왼쪽에 오면 Python은 `__radd__`, `__rsub__`, `__rmul__`, `__rtruediv__`를 부릅니다(강의 §3).
# - 단항 `-x`, `x ** p`(p는 실수), `a ** x`(a는 양의 실수, `__rpow__`).
# - 메서드 `.exp()`, `.log()`, `.sin()`, `.cos()`.
#
# 규칙은 $(a + a'\varepsilon)(b + b'\varepsilon) = ab + (a'b + ab')\varepsilon$처럼 $\varepsilon^2$ 항을
# 버린 것이고, 함수는 $g(a + a'\varepsilon) = g(a) + g'(a)\,a'\,\varepsilon$(연쇄 법칙)입니다. 몫의 규칙의
# 부호에 주의하세요: $\left(\frac{u}{v}\right)' = \frac{u'v - uv'}{v^2}$. 연산은 피연산자를 바꾸지 말고
# 새 `Dual`을 돌려주세요.

# %% [markdown]
# 한 셀에 다 쓰면 너무 길어서, 연산을 네 묶음(mixin class)으로 나누어 쓰고 마지막 셀의 `Dual`이 그 넷을
# 물려받습니다. 수를 `Dual(수, 0.0)`로 바꾸는 `Dual.lift`는 주어져 있습니다. 각 메서드는 새 `Dual`을
# 돌려주세요.

# %%
class DualSums:
    """x + y, x − y with a dual or a plain number on either side."""

    def __add__(self, other):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __radd__(self, other):  # other + self, other a plain number
        # YOUR CODE HERE
        raise NotImplementedError()

    def __sub__(self, other):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __rsub__(self, other):  # other - self
        # YOUR CODE HERE
        raise NotImplementedError()


# %%
class DualProducts:
    """x * y, x / y with a dual or a plain number on either side (ε² = 0)."""

    def __mul__(self, other):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __rmul__(self, other):  # other * self
        # YOUR CODE HERE
        raise NotImplementedError()

    def __truediv__(self, other):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __rtruediv__(self, other):  # other / self
        # YOUR CODE HERE
        raise NotImplementedError()


# %%
class DualPowers:
    """-x, x ** p for a real p, a ** x for a positive real a."""

    def __neg__(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __pow__(self, p):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __rpow__(self, a):  # a ** self
        # YOUR CODE HERE
        raise NotImplementedError()


# %%
class DualFunctions:
    """x.exp(), x.log(), x.sin(), x.cos(): g(a + a′ε) = g(a) + g′(a)·a′ε."""

    def exp(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def log(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def sin(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def cos(self):
        # YOUR CODE HERE
        raise NotImplementedError()


# %%
class Dual(DualSums, DualProducts, DualPowers, DualFunctions):
    """A dual number val + der·ε with ε² = 0: carries a value and its derivative."""

    def __init__(self, val, der=0.0):
        # YOUR CODE HERE
        raise NotImplementedError()

    @staticmethod
    def lift(x):
        """A dual stays as it is; a plain number c becomes Dual(c, 0.0) (a constant)."""
        return x if isinstance(x, Dual) else Dual(x, 0.0)

    def __repr__(self):
        return f"Dual({self.val!r}, {self.der!r})"


# %%
check("Dual")

# %% [markdown]
# ## 문제 4. `derivative(f, x)` (1.5점)
#
# `f`는 `Dual`의 연산과 메서드만으로 만든 함수입니다(예: `lambda x: (x * x).sin() / x.exp()`).
# $x$를 $x + 1\cdot\varepsilon$로 만들어 `f`를 **한 번** 계산하면, 결과의 $\varepsilon$ 계수가 $f'(x)$입니다.
# float 하나를 돌려주세요. 반올림 오차 수준(상대 오차 $10^{-12}$)까지 맞아야 합니다.

# %%
def derivative(f, x):
    """f'(x) by one forward pass on dual numbers."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("derivative")

# %% [markdown]
# ## 문제 5. `jacobian_forward(f, x)` (2.5점)
#
# `f`는 1차원 float64 torch 텐서($n$개)를 1차원 텐서($m$개)로 보내는 함수입니다. 야코비안
# $J \in \mathbb{R}^{m \times n}$을 torch 텐서로 돌려주세요.
#
# 전방 모드의 한 번의 패스는 JVP $J v$ 하나를 줍니다. $v = e_j$(j번째 단위 벡터)이면 $J e_j$는 $J$의
# **j번째 열**입니다. 입력 방향마다 `torch.func.jvp(f, (x,), (e_j,))`를 한 번씩 부르고 열들을 모으세요
# (강의 §4). 결과의 모양은 $(m, n)$입니다: $(n, m)$으로 전치하면 틀립니다. 입력 `x`를 바꾸지 마세요.

# %%
def jacobian_forward(f, x):
    """The m x n Jacobian of f at x, one forward-mode JVP per input direction."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("jacobian_forward")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
