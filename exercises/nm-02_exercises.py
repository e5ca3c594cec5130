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
# # nm-02 연습 문제: 오차 분석
#
# 강의 노트북 [`nm-02_error_analysis`](../notebooks/nm-02_error_analysis.ipynb)에서 본 소거를 피하는
# 공식들을 직접 구현합니다. 각 문제는 **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다
#   (쉬운 사례만 맞히는 불안정한 구현은 0점입니다). 함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로, 여러분의 함수가 받는 바로 그 float로부터 50자리 이상의
#   mpmath로 계산해 한 번만 반올림한 값입니다. 허용 오차는 대부분 상대 오차 $10^{-14}$ 수준입니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `stable_quadratic_roots(a, b, c)` | 2 |
# | 2 | `welford(x)` | 2 |
# | 3 | `combine_stats(a, b)` | 2 |
# | 4 | `softplus(x)` | 2 |
# | 5 | `expm1_over_x(x)` | 2 |
# | | 합계 | 10 |
#
# NumPy와 `math`만 사용하세요 (`scipy.special`, `torch`, `mpmath`의 같은 기능을 부르면 연습이 되지 않습니다).

# %%
import math

import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `stable_quadratic_roots(a, b, c)` (2점)
#
# $ax^2 + bx + c = 0$의 두 실근을 **소거 없이** 구하세요(강의 §5). 교과서 공식
# $\bigl(-b \pm \sqrt{b^2 - 4ac}\bigr)/2a$는 $b^2 \gg 4|ac|$일 때 한쪽 근에서 거의 같은 두 수를 뺍니다.
# $b = 10^8$, $a = c = 1$이면 작은 근($\approx -10^{-8}$)이 25% 틀립니다.
#
# $$q = -\tfrac{1}{2}\Bigl(b + \operatorname{sign}(b)\sqrt{b^2 - 4ac}\Bigr), \qquad x_1 = \frac{q}{a}, \qquad x_2 = \frac{c}{q}$$
#
# - `(r1, r2)`를 **작은 근이 먼저**(`r1 <= r2`) 오도록 돌려주세요. 중근이면 같은 값 두 개입니다.
# - $a \ne 0$이고 $b^2 - 4ac \ge 0$(실근)이며, $b$와 $c$가 동시에 0인 경우는 없습니다.
# - $c = 0$이면 근은 $0$과 $-b/a$입니다. 0으로 나누지 마세요.
# - $b = 0$일 때 주의하세요. `np.sign(0)`은 0이라 $q = 0$이 됩니다. `math.copysign(s, b)`는
#   $b = 0$이어도 $+s$를 줍니다.
# - 허용 오차: 두 근 모두 상대 오차 $4 \times 10^{-15}$(약 18ulp) 이내.

# %%
def stable_quadratic_roots(a, b, c):
    """Both real roots of a x^2 + b x + c = 0, smaller first, without cancellation."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("stable_quadratic_roots")

# %% [markdown]
# ## 문제 2. `welford(x)` (2점)
#
# 데이터를 **한 번만 순회**하면서 평균과 모분산($n$으로 나눔)을 구하세요(강의 §6). 한 번 순회 공식
# $E[X^2] - E[X]^2$는 평균이 표준편차보다 훨씬 크면(예: $10^9 + N(0,1)$) 큰 수끼리의 뺄셈이 되어
# 음수 분산까지 냅니다. Welford의 갱신은 평균에서의 편차만 다룹니다.
#
# $$\delta = x_k - \mu_{k-1}, \qquad \mu_k = \mu_{k-1} + \frac{\delta}{k}, \qquad M_{2,k} = M_{2,k-1} + \delta\,(x_k - \mu_k), \qquad \operatorname{Var} = \frac{M_{2,n}}{n}$$
#
# - $M_2$의 갱신에서 두 번째 인수는 **새 평균** $\mu_k$를 씁니다.
# - `x`는 float64 배열이거나, **한 번만 순회할 수 있는** 이터러블(예: 제너레이터, 데이터 스트림)입니다.
#   `len(x)`, `x[i]`, 두 번째 순회를 쓰지 마세요. 비어 있지 않습니다.
# - `(mean, var)`를 float 두 개로 돌려주세요. 원소가 하나면 분산은 0입니다.
# - 허용 오차(상대): 평균 $10^{-12}$, 분산은 보통 데이터에서 $10^{-12}$, $10^9 + N(0,1)$ 2만 개에서 $10^{-6}$.
#   상수 데이터의 분산은 0입니다(음수가 나오면 안 됩니다).
# - 입력 배열을 바꾸지 마세요.

# %%
def welford(x):
    """(mean, population variance) of the values of x in one pass (Welford's update)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("welford")

# %% [markdown]
# ## 문제 3. `combine_stats(a, b)` (2점)
#
# 두 장치가 각자 데이터 묶음의 통계 `(n, mean, m2)`를 계산했습니다($m_2 = \sum (x_i - \bar{x})^2$,
# 분산은 $m_2/n$). 두 묶음을 합친 전체 데이터의 `(n, mean, m2)`를 Chan 등의 공식으로 구하세요(강의 §6).
#
# $$n = n_A + n_B, \qquad \delta = \mu_B - \mu_A, \qquad \mu = \mu_A + \delta\,\frac{n_B}{n}, \qquad M_2 = M_{2,A} + M_{2,B} + \delta^2\,\frac{n_A n_B}{n}$$
#
# - `a`와 `b`는 각각 `(n, mean, m2)` 튜플이고, `n`은 0 이상의 정수입니다. 한쪽은 비어 있을 수
#   있지만(`(0, 0.0, 0.0)`) 둘 다 비어 있지는 않습니다.
# - `(n, mean, m2)`를 돌려주세요(`n`은 정수).
# - 각 묶음의 $\sum x$와 $\sum x^2$를 되살려 $\sum x^2 / n - \bar{x}^2$로 합치면 한 번 순회 공식과 같은
#   소거가 일어납니다. 평균이 $10^9$인 데이터에서 그 결과는 쓰레기입니다.
# - 검사는 날데이터 전체의 통계(mpmath)와 비교합니다. 허용 오차(상대): 평균 $10^{-14}$(합친 평균이
#   0에 가까우면 각 묶음 평균의 몇 ulp까지), $m_2$는 보통 데이터에서 $10^{-13}$, 평균이 $10^9$인
#   데이터에서 $10^{-7}$.

# %%
def combine_stats(a, b):
    """Merge the (n, mean, m2) statistics of two disjoint chunks (Chan, Golub & LeVeque)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("combine_stats")

# %% [markdown]
# ## 문제 4. `softplus(x)` (2점)
#
# $\operatorname{softplus}(x) = \log(1 + e^x)$를 원소별로 계산하세요. 그대로 쓰면 두 곳에서 깨집니다.
#
# - $x = 1000$: $e^{1000}$이 overflow해서 inf가 됩니다(nm-01 §5).
# - $x = -40$: $e^{-40} \approx 4.25 \times 10^{-18}$이라 $1 + e^{x}$가 정확히 1로 반올림되고, 답이 0이 됩니다.
#   참값은 $\approx 4.25 \times 10^{-18}$입니다(강의 §4의 `log1p`).
#
# 다음 항등식을 쓰면 `exp`의 인수가 항상 0 이하이고, 작은 값의 로그는 `np.log1p`가 정확하게 계산합니다.
#
# $$\log(1 + e^x) = \max(x, 0) + \log\bigl(1 + e^{-|x|}\bigr)$$
#
# - `x`는 float64 배열(모양은 아무것이나)이고, 같은 모양의 float64 배열을 돌려주세요. $\pm\infty$는
#   $\infty$, $0$입니다.
# - **overflow 경고(RuntimeWarning)를 내지 마세요.** `np.where(x > 0, A, B)`는 A와 B를 모두 계산하므로,
#   버리는 쪽에서 `np.exp(1000)`을 계산해도 경고가 납니다(PyTorch라면 NaN 그래디언트가 됩니다).
#   $e^{-1000}$이 0으로 underflow하는 것은 괜찮습니다.
# - 허용 오차: 모든 원소에서 상대 오차 $10^{-14}$. $x \approx 25$에서 $e^{-x}$를 버리고 $x$만 돌려주면
#   이 정확도를 넘습니다.
# - 입력 배열을 바꾸지 마세요.

# %%
def softplus(x):
    """log(1 + exp(x)) elementwise, finite and accurate for every float64 x."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("softplus")

# %% [markdown]
# ## 문제 5. `expm1_over_x(x)` (2점)
#
# $$g(x) = \frac{e^x - 1}{x}, \qquad g(0) = 1$$
#
# 을 계산하세요. 이 함수는 지수 적분기와 작은 학습률·시간 간격의 공식에 자주 나옵니다.
# `(np.exp(x) - 1) / x`는 작은 $x$에서 소거로 자릿수를 잃고($x = 10^{-12}$이면 약 $10^{-4}$의 상대 오차),
# $x = 0$에서는 $0/0$ = NaN입니다. 분자는 `np.expm1(x)`로 계산하세요(강의 §4).
#
# - `x`는 float 하나 또는 float64 배열입니다. 스칼라면 스칼라(float)를, 배열이면 같은 모양의 float64
#   배열을 돌려주세요.
# - $x = 0$인 자리는 1입니다. **0 나누기 경고(RuntimeWarning)를 내지 마세요**: 나누기 전에 0을 다른
#   값(예: 1)으로 바꿔 두면 됩니다.
# - 허용 오차: 모든 원소에서 상대 오차 $10^{-14}$.
# - 입력 배열을 바꾸지 마세요.

# %%
def expm1_over_x(x):
    """(exp(x) - 1) / x elementwise, equal to 1 at x = 0; scalar in, scalar out."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("expm1_over_x")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
