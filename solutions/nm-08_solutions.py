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
# # nm-08 연습 문제: 근사 이론
#
# 강의 노트북 [`nm-08_approximation`](../notebooks/nm-08_approximation.ipynb)에서 본 체비쇼프 노드
# (Chebyshev nodes), 무게중심 보간 공식(barycentric interpolation formula), 지수 함수의 범위 축소
# (range reduction)를 직접 구현합니다. 각 문제는 **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차와
#   ulp, 강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않으므로 "Run All"은
#   언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 NumPy의 `np.polynomial.chebyshev`, 닫힌 형태의 다항식,
#   mpmath(30자리)의 `exp`로 계산합니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `chebyshev_nodes(n, a=-1.0, b=1.0)` | 2 |
# | 2 | `barycentric_interpolate(xk, yk, x)` | 4 |
# | 3 | `exp_approx(x)` | 4 |
# | | 합계 | 10 |
#
# NumPy만 쓰세요. `np.polynomial.chebyshev.chebpts1`, `scipy.interpolate`, `np.exp`, `math.exp`를
# 부르면 연습이 되지 않습니다(검사는 그것까지 막지는 못합니다).

# %%
import math

import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `chebyshev_nodes(n, a=-1.0, b=1.0)` (2점)
#
# 제1종 체비쇼프 다항식 $T_n(t) = \cos(n \arccos t)$의 근 $n$개를 구간 $[a, b]$로 옮겨 **오름차순**의
# float64 배열로 돌려주세요(강의 §2).
#
# $$
# t_j = \cos\frac{(2j+1)\pi}{2n}\ (j = 0, \ldots, n-1), \qquad x_j = \frac{a+b}{2} + \frac{b-a}{2}\,t_j
# $$
#
# - $t_j$는 $j$가 커질수록 **작아집니다**: 순서를 뒤집어야 오름차순입니다.
# - 끝점 $\pm 1$을 포함하는 극값 점 $\cos(j\pi/(n-1))$(제2종 노드)이 아닙니다. 근은 모두 $(-1, 1)$ 안에
#   있습니다.
# - $n = 1$이면 구간의 가운데 점 하나입니다.

# %%
def chebyshev_nodes(n, a=-1.0, b=1.0):
    """The n roots of T_n (Chebyshev points of the first kind) mapped to [a, b], ascending."""
    # BEGIN SOLUTION
    j = np.arange(n - 1, -n, -2, dtype=np.float64)  # n-1, n-3, ..., -(n-1)
    t = -np.sin(np.pi * j / (2 * n))  # = cos((2i+1) pi / 2n), exactly symmetric, ascending
    return 0.5 * (a + b) + 0.5 * (b - a) * t
    # END SOLUTION


# %%
check("chebyshev_nodes")

# %% [markdown]
# ## 문제 2. `barycentric_interpolate(xk, yk, x)` (4점)
#
# 서로 다른 노드 `xk`(1차원, **어떤 순서, 어떤 간격이어도**)와 값 `yk`를 지나는 차수 $n-1$ 이하의
# 보간 다항식을 점 `x`에서 계산하세요. 강의 §3의 **두 번째 무게중심 공식**을 씁니다.
#
# $$
# p(x) = \frac{\displaystyle\sum_j \frac{w_j}{x - x_j}\,y_j}{\displaystyle\sum_j \frac{w_j}{x - x_j}},
# \qquad w_j = \frac{1}{\prod_{k \neq j} (x_j - x_k)}
# $$
#
# - 가중치 $w_j$는 노드가 체비쇼프 노드가 아니어도 맞아야 합니다(임의의 서로 다른 노드).
# - 공식의 분자와 분모에 같은 $w_j$가 있으므로 **모든 $w_j$에 같은 상수를 곱해도 답이 같습니다**.
#   노드가 많고 구간이 넓으면 곱 $\prod (x_j - x_k)$가 overflow합니다: 강의 §3처럼 차이에
#   $4/(\max x_k - \min x_k)$를 곱해서 곱하세요.
# - `x`가 노드와 **같으면** $1/(x - x_j)$가 0 나누기입니다. 그 점에서는 `yk[j]`를 그대로 돌려주세요
#   (정확히 같은 값, NaN 금지).
# - `x`가 스칼라이면 스칼라를, 배열이면 **같은 모양**의 float64 배열을 돌려주세요. 입력 배열을 바꾸지
#   마세요.
# - 방데르몽드 연립방정식(`np.vander` + `solve`)이나 `np.polyfit`은 $n = 60$에서 자릿수를 잃습니다
#   (강의 §3).

# %%
def barycentric_interpolate(xk, yk, x):
    """The polynomial interpolant of (xk, yk) at x, by the second barycentric formula."""
    # BEGIN SOLUTION
    xk = np.asarray(xk, dtype=np.float64)
    yk = np.asarray(yk, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    scale = 4.0 / (xk.max() - xk.min()) if xk.size > 1 else 1.0
    diff = (xk[:, None] - xk[None, :]) * scale
    np.fill_diagonal(diff, 1.0)
    w = 1.0 / np.prod(diff, axis=1)  # weights up to a common factor
    d = x.reshape(-1, 1) - xk[None, :]
    exact = d == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        q = w / np.where(exact, 1.0, d)
        out = (q @ yk) / q.sum(axis=1)
    rows, cols = np.nonzero(exact)
    out[rows] = yk[cols]  # at a node: the data itself
    return out.reshape(x.shape)[()]
    # END SOLUTION


# %%
check("barycentric_interpolate")

# %% [markdown]
# ## 문제 3. `exp_approx(x)` (4점)
#
# $e^x$를 강의 §5의 방법으로 계산하세요.
#
# 1. 범위 축소: $k = \operatorname{round}(x / \ln 2)$, $r = x - k \ln 2$, $|r| \le \ln 2 / 2$.
#    $\ln 2$를 float 하나로 쓰면 $|x| \approx 700$에서 $k \ln 2$의 반올림 오차가 $r$의 자릿수를 지웁니다.
#    코디–웨이트(Cody–Waite) 방식으로 $\ln 2 = $ `LN2_HI` $+$ `LN2_LO`로 나누어
#    $r = (x - k\,\mathrm{LN2\_HI}) - k\,\mathrm{LN2\_LO}$로 계산하세요. `LN2_HI`는 끝의 11비트가 0이라
#    $|k| < 2^{11}$이면 $k\,\mathrm{LN2\_HI}$가 정확합니다(아래 셀에 주어져 있습니다).
# 2. $e^r$을 다항식으로: $|r| \le 0.347$에서 상대 오차가 $10^{-16}$ 수준이 되는 차수를 고르세요
#    (테일러라면 13차쯤, 강의 §4의 표).
# 3. $e^x = 2^k e^r$: `np.ldexp(p, k)`로 지수만 바꿉니다. `2.0**k`는 $k = 1024$에서 overflow합니다.
#
# 요구 사항:
#
# - $[-700, 700]$에서 최대 상대 오차 $< 10^{-14}$ (기준은 mpmath). $x \le 709.78$까지는 유한한 값,
#   그보다 크면(그리고 $+\infty$) `inf`, $x = -740$ 근처는 비정규수(subnormal), $-\infty$와 아주 작은
#   $x$는 0입니다.
# - 스칼라이면 스칼라를, 배열이면 **같은 모양**의 float64 배열을 돌려주세요. 입력을 바꾸지 마세요.

# %%
LN2 = math.log(2.0)
LN2_HI = 0.6931471805598903  # ln 2 with the last 11 of its 52 fraction bits cleared
LN2_LO = 5.497923018708371e-14  # ln 2 - LN2_HI, rounded to float64
assert np.array(LN2_HI).view(np.int64) % 2**11 == 0 and abs(LN2 - LN2_HI) < 1e-13
print(f"LN2_HI = {LN2_HI!r}, LN2_LO = {LN2_LO!r}")


# %%
def exp_approx(x):
    """e**x by Cody-Waite range reduction, a polynomial in r and scaling by 2**k."""
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    x_max = 709.782712893384  # log(float64 max), rounded down
    xc = np.clip(np.nan_to_num(x, nan=0.0), -1100.0, x_max)
    k = np.rint(xc / LN2)
    r = (xc - k * LN2_HI) - k * LN2_LO  # |r| <= ln2/2, no cancellation error
    p = np.zeros_like(r)
    for i in range(13, -1, -1):  # Taylor to degree 13, Horner's rule
        p = p * r + 1.0 / math.factorial(i)
    out = np.ldexp(p, k.astype(np.int64))
    out = np.where(x > x_max, np.inf, out)
    out = np.where(np.isnan(x), np.nan, out)
    return out[()]
    # END SOLUTION


# %%
check("exp_approx")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
