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
# # nm-07 연습 문제: 수치 적분과 몬테카를로
#
# 강의 노트북 [`nm-07_integration_monte_carlo`](../notebooks/nm-07_integration_monte_carlo.ipynb)에서 본
# 구적법(quadrature)과 몬테카를로(Monte Carlo) 추정량을 직접 구현합니다. 각 문제는 **함수 하나**와 그
# 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 계산합니다: 적분은 해석적인 값(분수로 정확히 계산한 다항식의
#   적분, 구적 오차 공식)과 `scipy.integrate`, 몬테카를로는 검사가 같은 시드로 직접 뽑은 표본과
#   `scipy.special.ndtr`입니다. 난수 생성기 `rng`는 검사가 만들어 넘겨줍니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `composite_simpson(f, a, b, n)` | 2.5 |
# | 2 | `gauss_legendre(f, a, b, n)` | 2.5 |
# | 3 | `mc_estimate(f, sample, n, rng)` | 2.5 |
# | 4 | `tail_prob_importance(t, n, rng)` | 2.5 |
# | | 합계 | 10 |
#
# NumPy와 `math`만 사용하세요. 2번에서는 `np.polynomial.legendre.leggauss`를 씁니다.
# `scipy.integrate.simpson`, `scipy.integrate.fixed_quad`, `scipy.stats.norm.sf`를 부르면 연습이 되지 않습니다.

# %%
import math

import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `composite_simpson(f, a, b, n)` (2.5점)
#
# $[a, b]$를 폭 $h = (b - a)/n$인 칸 $n$개로 나눈 **복합 Simpson 규칙**을 계산하세요(강의 §1).
#
# $$S_n = \frac{h}{3}\Bigl[f(x_0) + 4f(x_1) + 2f(x_2) + 4f(x_3) + \cdots + 2f(x_{n-2}) + 4f(x_{n-1}) + f(x_n)\Bigr], \qquad x_k = a + k h$$
#
# - `n`은 **칸의 수**입니다: 점은 $n + 1$개입니다. 두 칸씩 포물선을 맞추므로 `n`은 짝수여야 하고,
#   홀수(또는 2보다 작은 수)이면 `ValueError`를 내세요. 조용히 다른 규칙으로 바꾸지 마세요.
# - `f`는 벡터화된 함수입니다: NumPy 배열을 받아 같은 모양의 배열을 돌려줍니다. 한 번에 부르세요.
# - $b < a$여도 같은 식이 맞습니다($h < 0$이면 $\int_a^b = -\int_b^a$). float 하나를 돌려주세요.
# - 사다리꼴의 가중치 $[\tfrac12, 1, \ldots, 1, \tfrac12]$가 아닙니다: Simpson은 3차 다항식까지 정확합니다.

# %%
def composite_simpson(f, a, b, n):
    """Composite Simpson's rule with n (even) intervals of width (b - a) / n."""
    # BEGIN SOLUTION
    if int(n) != n or n < 2 or n % 2 != 0:
        raise ValueError(f"n must be a positive even number of intervals, got {n!r}")
    n = int(n)
    x = np.linspace(a, b, n + 1)
    fx = np.asarray(f(x), dtype=np.float64)
    h = (b - a) / n
    return float(h / 3 * (fx[0] + 4 * fx[1:-1:2].sum() + 2 * fx[2:-1:2].sum() + fx[-1]))
    # END SOLUTION


# %%
check("composite_simpson")

# %% [markdown]
# ## 문제 2. `gauss_legendre(f, a, b, n)` (2.5점)
#
# $n$점 **가우스-르장드르 구적**으로 $\int_a^b f(x)\,dx$를 계산하세요(강의 §2).
# `np.polynomial.legendre.leggauss(n)`은 $[-1, 1]$의 노드 $t_i$와 가중치 $w_i$를 줍니다. 구간을 옮기세요:
#
# $$x_i = \frac{b-a}{2}\,t_i + \frac{a+b}{2}, \qquad \int_a^b f(x)\,dx \approx \frac{b-a}{2}\sum_{i=1}^n w_i f(x_i)$$
#
# - 노드만 옮기고 가중치에 $(b - a)/2$를 곱하지 않으면, 길이가 2가 아닌 구간에서 틀립니다.
#   대칭 구간 $[-c, c]$에서만 맞는 변환도 틀립니다($a + b \ne 0$인 경우를 생각하세요).
# - `f`는 벡터화된 함수입니다. 결과는 차수 $2n - 1$ 이하의 다항식에서 반올림 오차 안으로 정확해야 합니다.
# - $b < a$이면 같은 식이 $-\int_b^a$를 줍니다. float 하나를 돌려주세요.

# %%
def gauss_legendre(f, a, b, n):
    """n-point Gauss-Legendre quadrature of f over [a, b]."""
    # BEGIN SOLUTION
    t, w = np.polynomial.legendre.leggauss(int(n))
    half, mid = (b - a) / 2, (a + b) / 2
    fx = np.asarray(f(half * t + mid), dtype=np.float64)
    return float(half * np.dot(w, fx))
    # END SOLUTION


# %%
check("gauss_legendre")

# %% [markdown]
# ## 문제 3. `mc_estimate(f, sample, n, rng)` (2.5점)
#
# 몬테카를로 추정량 $\hat I_n = \frac1n\sum_i f(X_i)$와 그 **표준 오차** $s/\sqrt n$을 `(estimate, std_error)`로
# 돌려주세요(강의 §4).
#
# - `sample(rng, n)`은 분포에서 표본 $n$개를 뽑아 돌려줍니다(모양 `(n,)` 또는 `(n, d)`). **정확히 한 번** 부르세요:
#   `rng`는 검사가 만들어 넘겨주는 `np.random.Generator`이고, 같은 시드면 같은 답이 나와야 합니다.
#   직접 시드를 정한 생성기를 만들지 마세요.
# - `f`는 벡터화된 함수입니다: 표본 전체를 받아 값 $n$개를 돌려줍니다.
# - $s$는 표본 표준편차, **ddof = 1**($n - 1$로 나눔)입니다. 돌려주는 것은 $s$가 아니라 $s/\sqrt n$입니다.
# - 두 값 모두 float로 돌려주세요.

# %%
def mc_estimate(f, sample, n, rng):
    """Monte Carlo estimate of E[f(X)] and its standard error s / sqrt(n) (ddof = 1)."""
    # BEGIN SOLUTION
    values = np.asarray(f(sample(rng, n)), dtype=np.float64)
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(values.size))
    # END SOLUTION


# %%
check("mc_estimate")

# %% [markdown]
# ## 문제 4. `tail_prob_importance(t, n, rng)` (2.5점)
#
# $Z \sim \mathcal N(0, 1)$일 때 $P(Z > t)$를 표본 $n$개의 **중요도 표집**으로 추정해 float로 돌려주세요(강의 §6).
# 평범한 몬테카를로 `np.mean(rng.standard_normal(n) > t)`는 $t = 5$, $n = 10^4$에서 거의 언제나 0입니다.
#
# - 제안 분포 $q$에서 표본을 뽑고, 가능도 비 $p(x)/q(x)$로 가중해 $\mathbf 1\{x > t\}$의 평균을 내세요.
#   예를 들어 $q = \mathcal N(t, 1)$이면 $p(x)/q(x) = e^{-t x + t^2/2}$입니다(지수의 부호에 주의하세요).
# - 표본은 넘겨받은 `rng`로만 뽑으세요.
# - 검사는 $t = 5$, $n = 10^4$에서 여러 시드 각각의 상대 오차가 10% 미만인지, 그리고 다른 $t$와 $n$에서도
#   추정이 맞는지 봅니다($t > 0$).

# %%
def tail_prob_importance(t, n, rng):
    """Importance-sampling estimate of P(Z > t), Z ~ N(0, 1), with the proposal N(t, 1)."""
    # BEGIN SOLUTION
    x = rng.normal(loc=t, scale=1.0, size=n)  # proposal q = N(t, 1)
    ratio = np.exp(-t * x + t * t / 2)  # p(x) / q(x)
    return float(np.mean(np.where(x > t, ratio, 0.0)))
    # END SOLUTION


# %%
check("tail_prob_importance")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
