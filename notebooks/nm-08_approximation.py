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
# # nm-08 근사 이론
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 10초 안팎이 걸립니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# 신경망의 활성화 함수 GELU는 $x\,\Phi(x)$이고, $\Phi$에는 오차 함수 $\operatorname{erf}$가 들어 있습니다. 하드웨어가 직접 하는 것은 사칙연산과 제곱근 정도이므로 `exp`, `erf`, `tanh`는 모두 어딘가에서 **다항식(또는 유리 함수)으로 근사**됩니다. 그 근사가 틀리면 모델 전체가 조용히 틀립니다.
#
# 근사에는 함정이 많습니다. 점을 고르게 찍어 다항식을 통과시키면 차수를 올릴수록 오히려 오차가 폭발하고(룽에 현상), 계수를 연립방정식으로 구하면 $n = 60$에서 자릿수가 사라집니다. `exp(700)`처럼 큰 인수에서는 $\ln 2$ 하나의 반올림 오차가 결과를 수백 ulp([nm-01](nm-01_floating_point.ipynb#sec-epsilon)의 마지막 자리 단위)나 틀리게 만듭니다.
#
# 이 강의는 **어떤 점에서, 어떤 형태로, 어떤 차수로** 근사해야 하는지를 측정으로 배웁니다. 그리고 마지막에 질문을 뒤집습니다. bfloat16처럼 정밀도가 낮은 형식에서는 정밀한 근사와 값싼 근사가 구별되지 않으므로, "충분히 좋은 근사"의 기준은 형식이 정합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 등간격 노드의 보간이 발산하는 룽에 현상(Runge phenomenon)과, 체비쇼프 노드(Chebyshev nodes)의 오차가 베른슈타인 타원(Bernstein ellipse)의 $\rho^{-n}$로 줄어드는 이유를 설명할 수 있습니다.
# - 방데르몽드 행렬(Vandermonde matrix)의 조건수가 지수적으로 커지는 것과, 무게중심 공식(barycentric formula)이 같은 보간 다항식을 안정하게 계산하는 이유를 설명할 수 있습니다.
# - 테일러 다항식과 체비쇼프 근사(최소최대 근사에 가까움)의 오차 분포 차이, 등진동(equioscillation)을 설명할 수 있습니다.
# - 라이브러리의 `exp`가 쓰는 범위 축소(range reduction)와 코디–웨이트(Cody–Waite) 분할이 왜 필요한지 오차의 크기로 설명할 수 있습니다.
#
# **코딩 기술**
# - `np.polynomial.chebyshev`와 `scipy.interpolate`로 보간하고, 오차의 수렴률을 로그 그래프의 기울기로 맞출 수 있습니다.
# - mpmath를 기준으로 함수 구현의 오차를 ulp 단위로 잴 수 있습니다.
# - `torch.nn.functional.gelu`의 두 형태를 float32와 bfloat16에서 비교하고, 근사 오차와 반올림 오차를 나누어 볼 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): 도입 5분 → §1 (다항식 보간과 룽에 현상) 10분 → §2 (체비쇼프 노드) 12분 → §3 (방데르몽드와 무게중심 공식) 13분 → §4 (테일러 대 체비쇼프) 10분 → §5 (exp의 범위 축소) 15분 → §6 (GELU와 저정밀도) 7분 → 연습 안내와 핵심 정리 3분. 심화 (선택) 절은 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import math

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import scipy.interpolate
import torch
import torch.nn.functional as F
from numpy.polynomial import chebyshev as C  # noqa: N812

from utils.plotting import setup_plots

setup_plots()
mp.mp.dps = 30  # reference arithmetic: 30 significant digits
rng = np.random.default_rng(0)
torch.manual_seed(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52
U64 = EPS64 / 2  # unit roundoff
print(f"float64 eps = {EPS64:.3e}, torch {torch.__version__}")

# %% [markdown] slideshow={"slide_type": "-"}
# 이 강의 전체에서 쓰는 도우미 함수 두 개입니다. 보간의 최대 오차는 $[-1, 1]$의 2001개 점에서 잽니다.

# %% slideshow={"slide_type": "subslide"}
def runge(x):
    """The Runge function 1 / (1 + 25 x^2): smooth on [-1, 1], poles at x = ±i/5."""
    return 1.0 / (1.0 + 25.0 * x**2)


def interp_max_error(xk, f, grid):
    """Max |p(x) - f(x)| over grid, p the interpolant of f at the nodes xk (SciPy, barycentric)."""
    p = scipy.interpolate.BarycentricInterpolator(xk, f(xk))
    return float(np.max(np.abs(p(grid) - f(grid))))


GRID = np.linspace(-1.0, 1.0, 2001)

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-interpolation"></a>
#
# ## 1. 다항식 보간과 룽에 현상
#
# 서로 다른 $n+1$개의 노드(node) $x_0, \ldots, x_n$과 값 $f(x_j)$가 주어지면, 그 점들을 모두 지나는 차수 $n$ 이하의 다항식 $p_n$은 **하나뿐**입니다. 보간 오차에는 정확한 식이 있습니다.
#
# $$
# f(x) - p_n(x) = \frac{f^{(n+1)}(\xi)}{(n+1)!} \prod_{j=0}^{n} (x - x_j), \qquad \xi \in [-1, 1]
# $$
#
# 오차는 두 부분의 곱입니다. $f$의 고계 도함수(함수가 얼마나 부드러운가)와 노드 다항식 $\prod (x - x_j)$(노드를 어떻게 골랐는가)입니다. 직관적인 선택, 곧 **등간격 노드**로 룽에 함수 $f(x) = 1/(1 + 25x^2)$를 보간해 봅니다. 이 함수는 실수축에서 무한히 미분 가능하고 모양도 얌전합니다. 보간은 SciPy의 `BarycentricInterpolator`로 계산합니다(§3에서 이것이 믿을 만한 계산법임을 봅니다).

# %% slideshow={"slide_type": "subslide"}
degrees = np.arange(4, 41, 2)
err_equi = np.array([interp_max_error(np.linspace(-1, 1, n + 1), runge, GRID) for n in degrees])
for n in (10, 20, 30, 40):
    print(f"equispaced, degree {n:2d}: max error {err_equi[degrees == n][0]:.3e}")
ratios = [err_equi[degrees == n + 10][0] / err_equi[degrees == n][0] for n in (10, 20, 30)]
print("error ratio per 10 degrees:", [f"{r:.0f}" for r in ratios])
assert round(math.log10(err_equi[degrees == 40][0])) == 5  # degree 40: off by about 10^5
assert all(10 < r < 100 for r in ratios)  # each +10 in degree multiplies the error by tens
xk40 = np.linspace(-1, 1, 41)
where = GRID[np.argmax(np.abs(scipy.interpolate.BarycentricInterpolator(xk40, runge(xk40))(GRID) - runge(GRID)))]
print(f"degree 40: the worst point is x = {where:+.4f}")
assert abs(where) > 0.9  # the error lives near the ends of the interval

# %% [markdown] slideshow={"slide_type": "-"}
# 차수를 10 올릴 때마다 최대 오차가 수십 배씩 커지고, 40차에서는 약 $10^5$입니다. 함수값은 0과 1 사이인데 말입니다. 가장 나쁜 점은 $|x| > 0.9$에 있고, 아래 그림의 왼쪽을 보면 오차는 구간의 **양 끝**에서 진동하며 자랍니다. 가운데에서는 보간이 잘 맞습니다.

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
for n in (10, 16):
    xk = np.linspace(-1, 1, n + 1)
    p = scipy.interpolate.BarycentricInterpolator(xk, runge(xk))
    axes[0].plot(GRID, p(GRID), lw=1.2, label=f"등간격 노드, {n}차")
axes[0].plot(GRID, runge(GRID), "k", lw=2, label=r"$1/(1+25x^2)$")
axes[0].set(ylim=(-1.5, 2.0), xlabel="x", title="등간격 보간: 양 끝의 진동")
axes[0].legend(fontsize=8)
axes[1].semilogy(degrees, err_equi, "o-", label="등간격 노드")
axes[1].set(xlabel="차수 n", ylabel="최대 오차", title="차수를 올리면 오차가 폭발")
axes[1].legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 원인은 노드 다항식 $\prod(x - x_j)$입니다. 등간격 노드에서는 이 곱의 크기가 구간의 끝 근처에서 가운데보다 지수적으로 큽니다. 그런데 룽에 함수의 고계 도함수도 차수와 함께 계승(factorial)보다 빠르게 커지므로, 끝 근처에서 두 효과가 곱해져 발산합니다. 함수의 특이점이 실수축이 아니라 복소평면의 $\pm i/5$에 있어도 보간은 그것을 "봅니다".

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 다항식 보간의 오차는 "함수의 부드러움 × 노드의 배치"입니다. 등간격 노드는 구간의 끝에서 노드 다항식을 지수적으로 키우기 때문에, 실수축에서 얌전한 함수도 차수를 올릴수록 끝에서 발산합니다(룽에 현상). 차수를 올리는 것만으로는 근사가 좋아지지 않습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-chebyshev"></a>
#
# ## 2. 체비쇼프 노드와 기하급수적 수렴
#
# 노드 다항식의 최댓값을 가장 작게 만드는 노드는 체비쇼프 다항식 $T_n(t) = \cos(n \arccos t)$의 근입니다. $T_n$은 $[-1, 1]$에서 $-1$과 $1$ 사이를 $n+1$번 오가는 다항식이고, 최고차 계수가 $2^{n-1}$이므로 $\prod (t - t_j) = T_n(t)/2^{n-1}$의 최댓값은 $2^{1-n}$입니다. 근은
#
# $$
# t_j = \cos\frac{(2j+1)\pi}{2n}, \quad j = 0, \ldots, n-1, \qquad x_j = \frac{a+b}{2} + \frac{b-a}{2}\, t_j \ \ (\text{구간 } [a, b] \text{로 옮김})
# $$
#
# 입니다. 단위원 위에 고르게 찍은 점을 $x$축에 내린 것이라 양 끝에 노드가 몰립니다. 공식이 NumPy의 `chebpts1`과 같은지 $n = 5$에서 확인합니다(공식의 순서는 내림차순입니다).

# %% slideshow={"slide_type": "subslide"}
n = 5
t_formula = np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))
print("cos((2j+1)pi/2n):", np.round(t_formula, 6))
print("C.chebpts1(5):   ", np.round(C.chebpts1(n), 6))
np.testing.assert_allclose(np.sort(t_formula), C.chebpts1(n), atol=1e-15)
T5 = np.zeros(n + 1)
T5[n] = 1.0
assert np.max(np.abs(C.chebval(t_formula, T5))) < 1e-14  # they are the roots of T_5
node_poly = np.prod(GRID[:, None] - C.chebpts1(20)[None, :], axis=1)
node_poly_eq = np.prod(GRID[:, None] - np.linspace(-1, 1, 20)[None, :], axis=1)
print(f"max |prod(x - x_j)|, 20 nodes: Chebyshev {np.abs(node_poly).max():.3e} "
      f"(2^(1-n) = {2.0**-19:.3e}), equispaced {np.abs(node_poly_eq).max():.3e}")
assert abs(np.abs(node_poly).max() / 2.0**-19 - 1) < 1e-3  # the minimal value 2^(1-n)
assert np.abs(node_poly_eq).max() > 100 * np.abs(node_poly).max()

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 같은 룽에 함수를 체비쇼프 노드로 보간합니다. 해석 함수를 체비쇼프 노드로 보간하면 오차가 $O(\rho^{-n})$으로 줄어듭니다. $\rho > 1$은 $\pm 1$을 초점으로 하고 $f$의 가장 가까운 특이점을 지나는 타원, **베른슈타인 타원**의 장반경과 단반경의 합입니다. 특이점 $z_0$에 대해 $\rho = |z_0 + \sqrt{z_0^2 - 1}|$이고, $z_0 = i/5$이면 $\rho = 1/5 + \sqrt{1 + 1/25} \approx 1.22$입니다(아래 출력).
#
# 측정한 오차의 로그를 차수에 대해 직선으로 맞추고, 그 기울기를 $-\ln\rho$와 비교합니다. 룽에 함수는 짝함수라 짝수 차수만 씁니다.

# %% slideshow={"slide_type": "subslide"}
z0 = 0.2j  # the pole of 1/(1 + 25 z^2) nearest to [-1, 1]
rho = max(abs(z0 + np.sqrt(z0**2 - 1)), abs(z0 - np.sqrt(z0**2 - 1)))
cheb_degrees = np.arange(10, 101, 10)
err_cheb = np.array([interp_max_error(C.chebpts1(n + 1), runge, GRID) for n in cheb_degrees])
slope, intercept = np.polyfit(cheb_degrees, np.log(err_cheb), 1)
print(f"rho = {rho:.5f}, -ln(rho) = {-math.log(rho):.5f}")
print(f"fitted slope of ln(error) vs n: {slope:.5f} (error ~ {math.exp(intercept):.2f} * "
      f"{math.exp(-slope):.4f}^-n)")
print(f"degree 100: error {err_cheb[-1]:.2e}; equispaced degree 40: {err_equi[-1]:.2e}")
print(f"rho^10 = {rho**10:.2f}: the error factor per 10 degrees")
assert abs(slope / -math.log(rho) - 1) < 0.05  # the rate is rho^-n (rho^-2n would be twice)
assert round(rho, 2) == 1.22 and round(rho**10) == 7
assert 1.5e-9 <= err_cheb[-1] < 2.5e-9 and np.all(np.diff(err_cheb) < 0)  # degree 100: 2e-9

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 3.8))
ax.semilogy(degrees, err_equi, "o-", label="등간격 노드")
ax.semilogy(cheb_degrees, err_cheb, "s-", label="체비쇼프 노드")
ax.semilogy(cheb_degrees, math.exp(intercept) * rho ** (-cheb_degrees.astype(float)), "k--",
            lw=1, label=rf"$C\rho^{{-n}}$, $\rho = {rho:.3f}$ (베른슈타인 타원)")
ax.set(xlabel="차수 n", ylabel="최대 오차", ylim=(1e-10, 1e6),
       title=r"$1/(1+25x^2)$의 보간: 발산 대 기하급수적 수렴")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 맞춘 기울기가 $-\ln\rho$와 5% 안에서 같습니다. 차수를 10 올릴 때마다 오차가 $\rho^{10} \approx 7$배씩 줄어, 100차에서 $2 \times 10^{-9}$입니다(위 출력). 특이점이 실수축에 가까울수록 $\rho$는 1에 가까워지고 수렴이 느려집니다. 수렴률을 정하는 것은 함수의 복소평면에서의 모습입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 체비쇼프 노드는 양 끝에 몰려 노드 다항식을 구간 전체에서 $2^{1-n}$로 고르게 작게 만듭니다. 그러면 해석 함수의 보간 오차는 $\rho^{-n}$으로 기하급수적으로 줄고, $\rho$는 가장 가까운 복소 특이점을 지나는 베른슈타인 타원이 정합니다. 측정한 기울기가 그 예측과 5% 안에서 일치했습니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 르베그 상수
#
# 보간은 데이터 $f(x_j)$에 대한 선형 연산이고, 그 연산의 노름(norm)이 르베그 상수(Lebesgue constant) $\Lambda_n = \max_x \sum_j |\ell_j(x)|$입니다($\ell_j$는 라그랑주 기저 다항식). 데이터의 오차 $\delta$(예: 반올림)는 보간 뒤에 최대 $\Lambda_n \delta$가 되므로, $\Lambda_n$은 보간이라는 문제의 조건수(condition number)입니다([nm-02 §3](nm-02_error_analysis.ipynb#sec-condition)). 체비쇼프 노드에서는 $\Lambda_n \le \frac{2}{\pi}\ln n + 1$로 천천히 자라고, 등간격 노드에서는 대략 $2^n/(e\,n \ln n)$으로 지수적으로 자랍니다.

# %% slideshow={"slide_type": "skip"}
def lebesgue_constant(xk, grid):
    """max over grid of sum_j |l_j(x)| for the nodes xk (l_j: Lagrange basis)."""
    lagrange = np.ones((grid.size, xk.size))
    for j in range(xk.size):
        others = np.delete(xk, j)
        lagrange[:, j] = np.prod((grid[:, None] - others) / (xk[j] - others), axis=1)
    return float(np.abs(lagrange).sum(axis=1).max())


for n in (5, 10, 20, 40):
    lam_c, lam_e = lebesgue_constant(C.chebpts1(n), GRID), lebesgue_constant(np.linspace(-1, 1, n), GRID)
    bound = 2 / np.pi * np.log(n) + 1
    print(f"n = {n:2d}: Chebyshev {lam_c:6.3f} (bound {bound:.3f}), equispaced {lam_e:.3e}")
    assert lam_c <= bound  # logarithmic growth
asymptotic = 2.0**40 / (math.e * 40 * math.log(40))
print(f"equispaced n = 40: {lam_e:.2e} vs 2^n / (e n ln n) = {asymptotic:.2e}")
assert lam_e > 1e9 and 0.5 < lam_e / asymptotic < 2  # exponential growth, as predicted

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-barycentric"></a>
#
# ## 3. 방데르몽드 행렬과 무게중심 공식
#
# 보간 다항식을 $p(x) = \sum_k c_k x^k$로 쓰고 계수를 구하는 것이 교과서의 첫 방법입니다. 조건 $p(x_j) = y_j$는 연립방정식 $Vc = y$이고, $V_{jk} = x_j^k$가 **방데르몽드 행렬**입니다. 그런데 $[-1, 1]$에서 $x^{40}$과 $x^{42}$는 거의 같은 함수라 $V$의 열들이 거의 평행합니다. [nm-05 §1](nm-05_linear_algebra.ipynb#sec-condition)에서 본 조건수 $\kappa(V)$로 재어 봅니다.

# %% slideshow={"slide_type": "-"}
sizes = np.arange(5, 61, 5)
kappa_cheb = [np.linalg.cond(np.vander(C.chebpts1(n), increasing=True)) for n in sizes]
kappa_equi = [np.linalg.cond(np.vander(np.linspace(-1, 1, n), increasing=True)) for n in sizes]
for n, kc, ke in zip(sizes[3::4], kappa_cheb[3::4], kappa_equi[3::4], strict=True):
    print(f"n = {n:2d}: kappa(V) Chebyshev nodes {kc:.2e}, equispaced {ke:.2e}")
kappa60 = kappa_cheb[-1]
print(f"n = 60, Chebyshev nodes: kappa(V) = {kappa60:.2e}, kappa * u = {kappa60 * U64:.0f}")
growth = np.polyfit(sizes[:8], np.log10(kappa_cheb[:8]), 1)[0]
print(f"kappa grows like 10^({growth:.2f} n) up to n = 40")
assert kappa60 > 1e16 and kappa60 * U64 > 10  # beyond 1/u: the solve may lose every digit
assert 0.2 < growth < 0.5  # exponential growth even on the best nodes

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.semilogy(sizes, kappa_equi, "o-", label="등간격 노드")
ax.semilogy(sizes, kappa_cheb, "s-", label="체비쇼프 노드")
ax.axhline(1 / EPS64, color="k", ls=":", label=r"$1/\varepsilon$")
ax.set(xlabel="노드 수 n", ylabel=r"$\kappa_2(V)$", title="방데르몽드 행렬의 조건수: 지수적 증가")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 조건수가 $1/u$를 넘으면 전방 오차의 한계 $\kappa\,u$가 1을 넘습니다(위 출력에서 $\kappa u$는 1의 10배도 넘습니다). 이때 `np.linalg.cond`가 출력한 값 자체도 정확하지 않으며, "적어도 $10^{16}$"이라는 뜻으로 읽으면 됩니다.
#
# 다른 길은 계수를 아예 구하지 않는 것입니다. 라그랑주 형태 $p(x) = \sum_j y_j \ell_j(x)$를 정리하면 **무게중심 공식**이 됩니다. 가중치 $w_j = 1/\prod_{k \ne j}(x_j - x_k)$로,
#
# $$
# p(x) = \frac{\displaystyle\sum_{j} \frac{w_j}{x - x_j}\, y_j}{\displaystyle\sum_{j} \frac{w_j}{x - x_j}} \qquad (\text{두 번째 형태, 분모는 } y_j = 1 \text{을 보간한 } 1)
# $$
#
# 입니다. 체비쇼프 노드에서는 가중치가 닫힌 형태 $w_j \propto (-1)^j \sin\frac{(2j+1)\pi}{2n}$입니다. 정답을 아는 보간으로 두 방법을 비교합니다. 59차 다항식(체비쇼프 계수는 무작위)의 값을 60개 노드에 주면, 보간 다항식은 그 다항식 자신입니다.

# %% slideshow={"slide_type": "subslide"}
def bary_chebyshev(y, x):
    """Second barycentric formula on the n Chebyshev roots in descending order (closed-form weights)."""
    n = y.size
    j = np.arange(n)
    nodes = np.cos((2 * j + 1) * np.pi / (2 * n))
    w = (-1.0) ** j * np.sin((2 * j + 1) * np.pi / (2 * n))
    q = w / (x[:, None] - nodes)  # the grid below never hits a node exactly
    return (q @ y) / q.sum(axis=1)


n = 60
coef = rng.standard_normal(n)
nodes = np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))
y = C.chebval(nodes, coef)
exact = C.chebval(GRID, coef)  # the interpolant IS this polynomial
c_mono = np.linalg.solve(np.vander(nodes, increasing=True), y)
err_vander = np.abs(np.polynomial.polynomial.polyval(GRID, c_mono) - exact).max()
err_bary = np.abs(bary_chebyshev(y, GRID) - exact).max()
scale = np.abs(exact).max()
print(f"n = 60, max |p| = {scale:.1f}: Vandermonde solve error {err_vander:.2e}, "
      f"barycentric error {err_bary:.2e}")
assert round(scale) == 15 and err_bary < 1e-12  # accurate to rounding
assert err_vander > scale  # the monomial coefficients are lost: the error exceeds the values
V60 = np.vander(nodes, increasing=True)
backward = np.linalg.norm(V60 @ c_mono - y) / (np.linalg.norm(V60, 2) * np.linalg.norm(c_mono))
print(f"Vandermonde solve: relative residual {backward:.1e} (backward stable), yet the values are wrong")
assert backward < 1e-14

# %% [markdown] slideshow={"slide_type": "-"}
# 같은 다항식을 두 방법으로 계산했는데, 방데르몽드 풀이는 오차가 다항식의 최댓값보다 커서 자릿수를 모두 잃고, 무게중심 공식의 오차는 $10^{-12}$ 미만, 곧 반올림 오차 수준입니다(위 출력). 방데르몽드 풀이의 상대 잔차(residual) $\|Vc - y\| / (\|V\|\|c\|)$는 $10^{-14}$보다 작습니다(후방 안정(backward stable)한 풀이, [nm-02 §2](nm-02_error_analysis.ipynb#sec-forward-backward)). 문제는 단항식 계수라는 **표현**의 조건수이지, 풀이 알고리즘이 아닙니다.
#
# 무게중심 공식의 두 번째 형태에는 편리한 성질이 있습니다. 분자와 분모에 같은 $w_j$가 있으므로 **모든 가중치에 같은 상수를 곱해도 답이 같습니다**. 노드가 많고 구간이 넓으면 $\prod_{k\ne j}(x_j - x_k)$가 overflow하는데, 차이에 $4/(b - a)$를 곱해 두면 곱이 float64의 범위 안에 머뭅니다(체비쇼프 노드에서 곱은 $T_n'(t_j)/2^{n-1}$이고 $|T_n'(t_j)|$는 $n$과 $n^2$ 사이인데, 길이를 $(b-a)/4$ 단위로 재면 $2^{n-1}$이 지워지기 때문입니다). $[0, 100]$의 노드 400개로 확인합니다. 작은 예로, 일반 공식의 가중치가 체비쇼프 노드에서 닫힌 형태에 비례하는지도 봅니다.

# %% slideshow={"slide_type": "subslide"}
def product_weights(xk, scale=1.0):
    """w_j = 1 / prod_{k != j} (scale * (x_j - x_k)) for any distinct nodes."""
    diff = scale * (xk[:, None] - xk[None, :])
    np.fill_diagonal(diff, 1.0)
    return 1.0 / np.prod(diff, axis=1)


xk8 = np.cos((2 * np.arange(8) + 1) * np.pi / 16)
ratio = product_weights(xk8) / ((-1.0) ** np.arange(8) * np.sin((2 * np.arange(8) + 1) * np.pi / 16))
print("general weights / closed form, 8 Chebyshev nodes:", np.round(ratio, 8))
np.testing.assert_allclose(ratio, ratio[0], rtol=1e-12)  # proportional: same interpolant
wide = 50.0 + 50.0 * np.cos((2 * np.arange(400) + 1) * np.pi / 800)  # 400 nodes on [0, 100]
with np.errstate(over="ignore"):
    raw = product_weights(wide)
scaled = product_weights(wide, scale=4.0 / 100.0)
print(f"400 nodes on [0, 100]: unscaled weights zero (product overflowed) for {np.sum(raw == 0)} nodes; "
      f"scaled |w| in [{np.abs(scaled).min():.2e}, {np.abs(scaled).max():.2e}]")
assert np.sum(raw == 0) > 0 and np.all(np.isfinite(scaled)) and np.all(scaled != 0)
assert np.all((1 / np.abs(scaled) > 0.99 * 400) & (1 / np.abs(scaled) < 400**2))  # |T_n'(t_j)|: n … n^2

# %% [markdown] slideshow={"slide_type": "-"}
# 가중치는 데이터와 무관하므로 노드마다 한 번만 계산하면 되고($O(n^2)$), 그 뒤 점 하나의 계산은 $O(n)$입니다. 점 $x$가 노드와 **정확히 같으면** $1/(x - x_j)$가 0 나누기이므로, 그 점에서는 $y_j$를 그대로 돌려줘야 합니다. 연습 문제 `barycentric_interpolate`가 이 모든 경우(임의의 노드, 가중치 크기 조절, 노드 위의 점)를 다룹니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 보간 다항식은 하나지만 그것을 적는 방법은 여럿이고, 방법마다 조건수가 다릅니다. 단항식 계수는 $\kappa(V) > 10^{16}$인 표현이라 $n = 60$에서 자릿수를 잃고, 무게중심 공식은 같은 다항식을 계수 없이 반올림 오차 수준으로 계산합니다. 알고리즘보다 **표현**이 정확도를 정하는 경우입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-minimax"></a>
#
# ## 4. 테일러 대 체비쇼프: 최소최대 근사
#
# 이제 보간점이 아니라 **근사의 목표**를 봅니다. 라이브러리가 $e^r$을 $|r| \le \ln 2/2$에서 $d$차 다항식으로 근사한다면, 원하는 것은 구간 전체의 최대 오차 $\|e^r - p\|_\infty$가 가장 작은 다항식, 곧 **최소최대 근사**(minimax approximation)입니다.
#
# 테일러 다항식은 $r = 0$ 한 점에서 최고의 근사입니다. 오차 $r^{d+1}/(d+1)!$는 가운데서 아주 작고 끝에서 가장 큽니다. 체비쇼프 노드에서의 보간은 오차를 구간에 고르게 퍼뜨리고, 최소최대 근사와 거의 같습니다. 같은 차수에서 최대 오차를 비교합니다.

# %% slideshow={"slide_type": "subslide"}
h = math.log(2) / 2
r_grid = np.linspace(-h, h, 4001)
print(" d   Taylor       Chebyshev    ratio")
table = {}
for d in (4, 6, 8, 10):
    taylor = np.polynomial.Polynomial([1 / math.factorial(i) for i in range(d + 1)])
    cheb = C.Chebyshev.interpolate(np.exp, d, domain=[-h, h])
    e_t = np.abs(taylor(r_grid) - np.exp(r_grid)).max()
    e_c = np.abs(cheb(r_grid) - np.exp(r_grid)).max()
    table[d] = (e_t, e_c)
    print(f"{d:2d}   {e_t:.3e}    {e_c:.3e}    {e_t / e_c:6.1f}")
    tail = mp.exp(mp.mpf(h)) - mp.fsum(mp.mpf(h) ** i / mp.factorial(i) for i in range(d + 1))
    assert abs(e_t / float(tail) - 1) < 0.01  # the worst point is the end r = h (exact remainder)
for d in (4, 6, 8):
    assert 0.8 < table[d][0] / table[d][1] / 2**d < 1.2  # Chebyshev wins by about 2^d
assert table[10][1] < 1e-14  # degree 10: the Chebyshev error is down to rounding level

# %% [markdown] slideshow={"slide_type": "-"}
# 8차까지는 같은 차수에서 체비쇼프 근사가 대략 $2^d$배 정확합니다. 10차에서는 체비쇼프 쪽 오차가 $10^{-14}$ 아래, 곧 float64의 반올림 오차 수준에 닿아 비율이 작아집니다. 테일러 오차의 최댓값은 끝점 $r = h$의 나머지 $e^h - \sum_{i \le d} h^i/i!$(mpmath로 계산)과 같습니다. 체비쇼프 쪽은 오차가 $T_{d+1}$을 닮아, $d+2$개의 극값에서 거의 같은 크기로 번갈아 부호를 바꾸며(부호 변화 $d+1$번) 진동합니다. 체비쇼프의 **등진동 정리**(equioscillation theorem)에 따르면 오차가 $d+2$번 번갈아 같은 최댓값에 닿는 다항식이 바로 최소최대 근사이고, 드 라 발레 푸생(de la Vallée Poussin)의 정리에 따르면 번갈아 나타나는 극값의 가장 작은 크기는 최소최대 오차의 아래 경계입니다. 6차에서 확인합니다.

# %% slideshow={"slide_type": "subslide"}
d = 6
cheb6 = C.Chebyshev.interpolate(np.exp, d, domain=[-h, h])
taylor6 = np.polynomial.Polynomial([1 / math.factorial(i) for i in range(d + 1)])
err6 = cheb6(r_grid) - np.exp(r_grid)
interior = np.nonzero(np.diff(np.sign(np.diff(err6))) != 0)[0] + 1  # local extrema
extrema = np.concatenate([[0], interior, [r_grid.size - 1]])
values = err6[extrema]
print(f"degree {d}: {extrema.size} alternating extrema, |values| from {np.abs(values).min():.3e} "
      f"to {np.abs(values).max():.3e}")
assert extrema.size == d + 2 and np.all(np.sign(values[1:]) == -np.sign(values[:-1]))
lower = np.abs(values).min()  # de la Vallee Poussin: minimax error >= this
ratio6 = np.abs(err6).max() / lower
print(f"max error / lower bound = {ratio6:.4f}")
assert round(ratio6, 2) == 1.09  # quoted below: so within 10% of the optimal (minimax) error
assert taylor6(-h) > math.exp(-h) and taylor6(h) < math.exp(h)  # Taylor: above for r < 0, below for r > 0

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 3.6))
ax.plot(r_grid, (taylor6(r_grid) - np.exp(r_grid)) / np.exp(r_grid), label="테일러 6차")
ax.plot(r_grid, err6 / np.exp(r_grid), label="체비쇼프 보간 6차")
ax.plot(r_grid[extrema], values / np.exp(r_grid[extrema]), "k.", ms=8, label="등진동하는 극값 8개")
ax.set(xlabel="r", ylabel="상대 오차", ylim=(-2.5e-9, 2.5e-9),
       title=r"$e^r$, $|r| \leq \ln 2/2$: 테일러는 끝에서, 체비쇼프는 고르게")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 그림에서 테일러 오차는 $r < 0$에서는 위로, $r > 0$에서는 아래로 그림 밖으로 벗어나고, $r = 0$ 근처에서만 0에 가깝습니다. 체비쇼프 오차는 8개의 극값에서 거의 같은 크기로 번갈아 닿습니다. 최대 오차가 아래 경계의 1.09배(위 출력)이므로, 참된 최소최대 근사(레메즈 알고리즘(Remez algorithm)으로 구합니다)보다 10% 넘게 나쁠 수 없습니다.
#
# float64에 필요한 차수도 비교합니다. 상대 오차가 $u = 2^{-53}$ 아래로 내려가는 가장 작은 차수를, 테일러 나머지항(끝점에서 정확)과 mpmath의 `chebyfit`(30자리로 계산한 체비쇼프 근사와 그 오차)로 구합니다.

# %% slideshow={"slide_type": "subslide"}
h_mp = mp.log(2) / 2


def taylor_rel_error(d):
    """max over r = ±h of |e^r - T_d(r)| / e^r in mpmath (the ends are the worst points)."""
    return max(abs(mp.exp(r) - mp.fsum(r**i / mp.factorial(i) for i in range(d + 1))) / mp.exp(r)
               for r in (-h_mp, h_mp))


need_taylor = next(d for d in range(5, 20) if taylor_rel_error(d) < U64)
need_cheb = next(d for d in range(5, 20)
                 if mp.chebyfit(mp.exp, [-h_mp, h_mp], d + 1, error=True)[1] / mp.exp(-h_mp) < U64)
print(f"relative error < u on |r| <= ln2/2: Taylor needs degree {need_taylor}, "
      f"Chebyshev degree {need_cheb}")
assert (need_cheb, need_taylor) == (11, 13)  # the same accuracy for two fewer multiplications

# %% [markdown] slideshow={"slide_type": "-"}
# 테일러는 13차, 체비쇼프는 11차가 필요합니다. 곱셈 두 번의 차이지만 `exp`는 초당 수십억 번 불리는 함수입니다. 실제 라이브러리는 최소최대 근사(다항식 또는 유리 함수)의 계수를 미리 계산해 코드에 적어 둡니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 테일러 다항식은 한 점에서 완벽하고 끝에서 나쁩니다. 체비쇼프 보간은 오차를 구간에 고르게 펴서 $d+2$개의 극값에서 등진동하게 만들고, 그래서 최소최대 근사와 거의 같습니다(6차에서 10% 이내). 같은 차수에서 약 $2^d$배 정확하고, float64의 $e^r$에는 13차 대신 11차로 충분합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-exp"></a>
#
# ## 5. 라이브러리는 exp를 어떻게 계산하는가
#
# 다항식 하나로 $[-700, 700]$ 전체의 $e^x$를 근사할 수는 없습니다. 그래서 라이브러리(libm)는 **범위 축소**를 합니다.
#
# $$
# x = k \ln 2 + r, \quad k = \operatorname{round}(x / \ln 2), \quad |r| \le \tfrac{\ln 2}{2}, \qquad e^x = 2^k e^r
# $$
#
# $e^r$은 §4의 다항식으로, $2^k$는 지수 비트만 바꾸는 `np.ldexp`로 정확하게 계산합니다. 남은 문제는 $r = x - k\ln 2$입니다. $|k|$가 1000이면 $k \ln 2 \approx 700$이고, float64의 $\ln 2$에는 이미 $|\mathrm{fl}(\ln 2) - \ln 2| \approx 2.3 \times 10^{-17}$의 오차가 있습니다. $k$배 하면 $2.3 \times 10^{-14}$, 여기에 곱셈 $k\,\mathrm{fl}(\ln 2)$의 반올림 오차 $\mathrm{ulp}(700)/2 \approx 5.7 \times 10^{-14}$가 더해집니다. $r$의 절대 오차는 곧 $e^x$의 상대 오차이므로, 결과의 마지막 수백 ulp가 틀립니다([nm-01](nm-01_floating_point.ipynb#sec-epsilon)의 ulp).
#
# 코디–웨이트 방식은 $\ln 2$를 두 float의 합 $\ln 2 \approx \mathrm{LN2\_HI} + \mathrm{LN2\_LO}$로 나눕니다. `LN2_HI`는 $\ln 2$의 가수(mantissa) 53비트에서 끝의 11비트를 0으로 지운 값이라 유효 비트가 42개입니다. $|k| < 2^{11}$이면 $k$는 11비트이므로, 곱 $k \cdot \mathrm{LN2\_HI}$는 $42 + 11 = 53$비트 안에 들어가 float64의 53비트 가수에 그대로 담깁니다. 곧 곱이 **정확**합니다. 아래에서 $|k| < 2^{11}$인 모든 $k$에 대해 mpmath로 확인합니다. 그러면 $x - k\,\mathrm{LN2\_HI}$도 정확하고(두 수가 가까운 뺄셈), 작은 $k\,\mathrm{LN2\_LO}$의 반올림 오차만 남습니다.

# %% slideshow={"slide_type": "subslide"}
LN2 = math.log(2.0)
hi_bits = np.array(LN2).view(np.int64) & ~np.int64(2**11 - 1)  # clear the last 11 mantissa bits
LN2_HI = float(np.array(hi_bits).view(np.float64))
LN2_LO = float(mp.log(2) - mp.mpf(LN2_HI))
sig_bits = 53 - (int(hi_bits) & -int(hi_bits)).bit_length() + 1  # significant bits of LN2_HI
ks = np.arange(-(2**11) + 1, 2**11)  # every |k| < 2^11
exact_products = all(mp.mpf(float(k * LN2_HI)) == k * mp.mpf(LN2_HI) for k in ks.tolist())
err_ln2 = float(mp.mpf(LN2) - mp.log(2))
print(f"LN2_HI = {LN2_HI!r} ({LN2_HI.hex()}), LN2_LO = {LN2_LO!r}")
print(f"fl(ln 2) - ln 2 = {err_ln2:.2e}; {sig_bits} significant bits; k * LN2_HI exact for all |k| < 2^11: {exact_products}")
k700 = round(700 / LN2)
print(f"x = 700, k = {k700}: k * (fl(ln 2) - ln 2) = {k700 * err_ln2:.1e}, "
      f"ulp(700)/2 = {np.spacing(700.0) / 2:.1e}")
assert sig_bits == 42 and exact_products and f"{abs(err_ln2):.1e}" == "2.3e-17"
assert f"{abs(k700 * err_ln2):.1e}" == "2.3e-14" and np.spacing(700.0) / 2 == 2.0**-44  # ~ 5.7e-14
assert abs(mp.mpf(LN2_HI) + mp.mpf(LN2_LO) - mp.log(2)) < 1e-29  # hi + lo carries ~ 100 bits of ln 2

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 강의용 `exp`를 만듭니다. $e^r$에는 §4의 11차 체비쇼프 근사를 씁니다. 라이브러리처럼 계수를 미리 높은 정밀도(mpmath의 `chebyfit`, 단항식 계수)로 구해 float64로 반올림해 두고, 호너 법(Horner's rule)으로 계산합니다. 구간이 작아서 여기서는 단항식 표현의 조건수가 문제가 되지 않습니다. 끝도 처리합니다. $x > \ln(\text{float64 최댓값}) \approx 709.78$이면 `inf`, 아주 작은 $x$는 `ldexp`가 비정규수(subnormal, [nm-01](nm-01_floating_point.ipynb#sec-range))를 거쳐 0으로 보냅니다. 인수를 $[-1100,\ 709.78]$로 잘라 두므로 코드가 만드는 $k$는 모두 $|k| < 2^{11}$, 곧 곱이 정확한 범위 안에 있습니다(아래 출력).

# %% slideshow={"slide_type": "subslide"}
EXP_COEF = [float(c) for c in mp.chebyfit(mp.exp, [-h_mp, h_mp], 12)]  # degree 11, highest first
X_MAX = float(np.log(np.finfo(np.float64).max))  # 709.78...


def exp_lecture(x, split=True):
    """e^x = 2^k e^r: Cody-Waite reduction (split=True) or one float ln 2, degree-11 polynomial."""
    x = np.asarray(x, dtype=np.float64)
    xc = np.clip(x, -1100.0, X_MAX)  # keeps |k| < 2^11; the ends are fixed below
    k = np.rint(xc / LN2)
    r = (xc - k * LN2_HI) - k * LN2_LO if split else xc - k * LN2
    p = np.zeros_like(r)
    for c in EXP_COEF:  # Horner's rule
        p = p * r + c
    return np.where(x > X_MAX, np.inf, np.ldexp(p, k.astype(np.int64)))


def mp_exp(x):
    """e^x in 30-digit mpmath, rounded once to float64 (the reference)."""
    return np.array([float(mp.exp(mp.mpf(v))) for v in np.asarray(x).tolist()])


def ulp_errors(got, ref):
    """|got - ref| in ulps of the correctly rounded reference."""
    return np.abs(got - ref) / np.spacing(ref)


print("exp_lecture(1.0) =", exp_lecture(1.0), " math.exp(1.0) =", math.exp(1.0))
k_ends = np.rint(np.array([-1100.0, X_MAX]) / LN2)
print(f"k produced by exp_lecture: from {k_ends[0]:.0f} to {k_ends[1]:.0f}")
assert np.all(np.abs(k_ends) < 2**11)  # inside the range where k * LN2_HI was checked exact

# %% [markdown] slideshow={"slide_type": "-"}
# 기준은 30자리 mpmath의 `exp`를 float64로 한 번 반올림한 값입니다. $[-700, 700]$의 무작위 점 6000개에서 오차를 ulp로 잽니다. 비교를 위해 NumPy의 `np.exp`(시스템의 libm)도 같이 잽니다.

# %% slideshow={"slide_type": "subslide"}
xs = np.sort(rng.uniform(-700.0, 700.0, 6000))
ref_xs = mp_exp(xs)
ulp_cw = ulp_errors(exp_lecture(xs), ref_xs)
ulp_naive = ulp_errors(exp_lecture(xs, split=False), ref_xs)
ulp_numpy = ulp_errors(np.exp(xs), ref_xs)
print(f"max error on [-700, 700]: Cody-Waite {ulp_cw.max():.0f} ulp, "
      f"one float ln 2 {ulp_naive.max():.0f} ulp, np.exp {ulp_numpy.max():.0f} ulp")
near = np.abs(xs) > 690
print(f"|x| > 690: Cody-Waite {ulp_cw[near].max():.0f} ulp, one float ln 2 {ulp_naive[near].max():.0f} ulp "
      f"(relative error {ulp_naive[near].max() * EPS64:.1e})")
assert ulp_cw.max() <= 1  # correctly rounded or one ulp off, everywhere
assert 100 < ulp_naive[near].max() < 1000 and ulp_naive[near].max() * EPS64 > 1e-14  # hundreds of ulps

# %% [markdown] slideshow={"slide_type": "-"}
# 단순한 축소의 오차가 $|x|$에 비례하는지 봅니다. $|x|$를 구간으로 나누어 구간마다 최대 ulp 오차를 구하고, 로그-로그 기울기를 맞춥니다. 오차의 두 원인($k$ 곱하기 $\ln 2$의 오차, $k\ln 2$의 반올림)이 모두 $|k| \approx |x|/\ln 2$에 비례하므로 기울기는 1이어야 합니다.

# %% slideshow={"slide_type": "subslide"}
edges = np.array([10, 20, 40, 80, 160, 320, 640, 700])
centers, worst = [], []
for lo, hi_ in zip(edges[:-1], edges[1:], strict=True):
    band = (np.abs(xs) >= lo) & (np.abs(xs) < hi_)
    centers.append(np.sqrt(lo * hi_))
    worst.append(ulp_naive[band].max())
grow = np.polyfit(np.log(centers), np.log(worst), 1)[0]
print("max ulp error per |x| band:", [f"{w:.0f}" for w in worst], f"-> log-log slope {grow:.2f}")
assert 0.7 < grow < 1.3  # linear in |k|

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.6))
ax.plot(xs, ulp_naive, ".", ms=1.5, alpha=0.5, label=r"$r = x - k\,\mathrm{fl}(\ln 2)$")
ax.plot(xs, ulp_cw, ".", ms=1.5, alpha=0.5, label="코디–웨이트 (LN2_HI + LN2_LO)")
ax.set(xlabel="x", ylabel="오차 (ulp)", yscale="symlog",
       title=r"$e^x$의 오차: 범위 축소가 $|x|$에 비례하는 오차를 만드는가")
ax.legend(markerscale=8, loc="upper center")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 끝을 확인합니다. float64의 최댓값 근처에서는 $k = 1024$인데 `2.0**1024`는 이미 `inf`이므로, `ldexp`처럼 가수와 지수를 한 번에 합쳐야 $e^{709.78} \approx 1.8 \times 10^{308}$이 유한하게 나옵니다. 음의 끝에서는 $e^{-740} \approx 4 \times 10^{-322}$이 비정규수입니다.

# %% slideshow={"slide_type": "subslide"}
ends = np.array([709.0, 709.78, 709.8, 1000.0, -708.0, -740.0, -745.0, -760.0])
got = exp_lecture(ends)
with np.errstate(over="ignore"):
    ref = mp_exp(ends)
    pow_scaling = 2.0 ** np.rint(709.78 / LN2)
for x, g, want in zip(ends, got, ref, strict=True):
    print(f"x = {x:8.2f}: exp_lecture {g:.6e}   mpmath {want:.6e}")
print(f"2.0**1024 = {pow_scaling}")
tiny = float(np.finfo(np.float64).smallest_subnormal)
fin = np.isfinite(ref)
assert np.array_equal(got[~fin], ref[~fin])  # inf where e^x overflows
assert np.all(np.abs(got[fin] - ref[fin]) <= np.maximum(2 * EPS64 * ref[fin], tiny))
assert np.isinf(got[2]) and np.isfinite(got[1]) and got[-1] == 0 and 0 < got[5] < np.finfo(float).tiny
assert np.isinf(pow_scaling)  # why the scaling uses ldexp

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: $e^x$의 정확도는 다항식보다 **범위 축소**가 정합니다. $r = x - k\ln 2$의 절대 오차가 그대로 $e^x$의 상대 오차가 되므로, $\ln 2$ 하나의 작은 오차가 $|k| \approx 1000$배로 커져 수백 ulp가 됩니다. $\ln 2$를 정확히 곱해지는 윗부분과 작은 아랫부분으로 나누면(코디–웨이트) $[-700, 700]$ 전체에서 1 ulp 안입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-gelu"></a>
#
# ## 6. ML에서: GELU 근사와 저정밀도
#
# GELU는 $\mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}(x/\sqrt 2)\right)$입니다. BERT와 GPT-2 시절에는 erf가 느렸기 때문에 tanh로 바꾼 근사
#
# $$
# \mathrm{GELU}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)
# $$
#
# 를 썼고, PyTorch는 `F.gelu(x, approximate='tanh')`로 제공합니다. 먼저 float64에서 근사 오차 자체를 잽니다. float64의 정확한 형태 `F.gelu(x)`가 mpmath의 erf로 계산한 값과 $10^{-15}$ 안에서 같은지도 확인합니다.

# %% slideshow={"slide_type": "subslide"}
x64 = torch.linspace(-6.0, 6.0, 4001, dtype=torch.float64)
exact64 = F.gelu(x64)
approx64 = F.gelu(x64, approximate="tanh")
approx_err = (approx64 - exact64).abs()
i_max = int(approx_err.argmax())
x_at = float(x64[i_max])
mp_gelu = np.array([float(v / 2 * (1 + mp.erf(v / mp.sqrt(2)))) for v in map(mp.mpf, x64[::40].tolist())])
print(f"float64: max |GELU_tanh - GELU| = {approx_err.max().item():.3e} at x = {x_at:.3f}")
np.testing.assert_allclose(exact64[::40].numpy(), mp_gelu, rtol=0, atol=1e-15)  # erf form: exact to 1e-15
assert f"{approx_err.max().item():.1e}" == "4.7e-04"  # the approximation error (quoted below)

# %% [markdown] slideshow={"slide_type": "-"}
# 근사 오차는 최대 $4.7 \times 10^{-4}$입니다. float32의 단위 반올림 $6 \times 10^{-8}$에 비하면 아주 큽니다. 그런데 bfloat16([nm-01](nm-01_floating_point.ipynb#sec-bfloat16))의 머신 엡실론은 $2^{-7} \approx 0.0078$입니다. 같은 입력을 float32, bfloat16으로 바꿔 두 형태를 계산하고, float64의 정확한 GELU와 비교합니다.

# %% slideshow={"slide_type": "subslide"}
results = {}
for dtype in (torch.float32, torch.bfloat16):
    xd = x64.to(dtype)
    ref = F.gelu(xd.double())  # exact GELU of the same (rounded) inputs
    err_exact = (F.gelu(xd).double() - ref).abs()
    err_tanh = (F.gelu(xd, approximate="tanh").double() - ref).abs()
    same = (F.gelu(xd) == F.gelu(xd, approximate="tanh")).double().mean().item()
    results[dtype] = (err_exact, err_tanh, same)
    print(f"{str(dtype):15s} eps = {torch.finfo(dtype).eps:.2e}: max error exact form "
          f"{err_exact.max().item():.2e}, tanh form {err_tanh.max().item():.2e}, "
          f"identical outputs {same:.0%}")
e32, t32, same32 = results[torch.float32]
e16, t16, same16 = results[torch.bfloat16]
bf16_ratio = e16.max().item() / approx_err.max().item()
print(f"float32: tanh error / rounding error {t32.max().item() / e32.max().item():.0f}; "
      f"bfloat16: rounding / approximation error {bf16_ratio:.1f}")
assert t32.max() > 1000 * e32.max()  # float32: the approximation error dominates, > 1000x
assert round(bf16_ratio) == 16 and torch.finfo(torch.bfloat16).eps == 2.0**-7  # bf16 rounding: 16x
assert f"{torch.finfo(torch.float32).eps / 2:.0e}" == "6e-08"  # float32 unit roundoff
assert t16.max() < 1.2 * e16.max()  # ... and the tanh form is barely worse than the exact one
assert abs(same16 - 2 / 3) < 0.01 and same32 < 0.2  # bfloat16: two thirds of the very same bits

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
for ax, dtype in zip(axes, (torch.float32, torch.bfloat16), strict=True):
    err_exact, err_tanh, _ = results[dtype]
    ax.semilogy(x64, err_exact.clamp_min(1e-12), ".", ms=1, label="정확한 형태 (erf), 반올림 오차")
    ax.semilogy(x64, err_tanh.clamp_min(1e-12), ".", ms=1, label="tanh 근사")
    ax.semilogy(x64, approx_err.clamp_min(1e-12), "k", lw=1, label="근사 오차 (float64)")
    ax.set(xlabel="x", title=f"GELU의 오차, {str(dtype).split('.')[1]}", ylim=(1e-10, 1e-1))
axes[0].set_ylabel("|결과 − 정확한 GELU|")
axes[1].legend(markerscale=8, fontsize=8, loc="lower right")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# float32(왼쪽)에서는 tanh 근사의 오차가 반올림 오차보다 천 배 이상 크므로, 근사를 쓰면 float32가 줄 수 있는 정확도를 버리는 셈입니다. bfloat16(오른쪽)에서는 반올림 오차가 근사 오차보다 16배 크고, 두 형태의 결과가 격자점의 3분의 2에서 **비트까지 같습니다**(위 출력). bfloat16에서는 값싼 근사가 "충분히 좋은" 근사입니다.
#
# 이 판단은 형식마다 다시 해야 합니다. [nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)의 혼합 정밀도(mixed precision) 학습에서 활성값(activation)은 float16이나 bfloat16으로 계산되므로, 근사의 정밀도를 그 형식의 $\varepsilon$에 맞추면 됩니다. 반대로 float32로 누적하는 손실이나 그래디언트에는 같은 근사가 눈에 띄는 오차입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 근사가 "충분히 좋은가"는 그것을 담을 형식이 정합니다. GELU의 tanh 근사 오차 $4.7 \times 10^{-4}$는 float32에서는 반올림 오차의 천 배가 넘지만, bfloat16에서는 반올림 오차($\varepsilon = 2^{-7}$)의 16분의 1이라 보이지 않습니다. 저정밀도 형식은 값싼 근사를 허락하고, 고정밀도 형식은 그것을 드러냅니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): ReLU 신경망은 조각별 일차 근사입니다
#
# 은닉층 하나의 ReLU 신경망 $g(x) = b + \sum_i c_i\,\mathrm{relu}(x - t_i)$는 꺾이는 점이 $t_i$인 조각별 일차 함수(piecewise-linear function)입니다. 매끄러운 함수를 $k$개의 조각으로 보간하면 오차가 $\frac{h^2}{8}\max|f''|$, 곧 $1/k^2$로 줄어듭니다. 조각 하나에 ReLU 하나가 들고, 다항식의 기하급수적 수렴과 달리 **대수적**(algebraic) 수렴입니다. `torch.relu`로 만든 신경망이 `np.interp`와 같은 함수인지도 확인합니다.

# %% slideshow={"slide_type": "skip"}
def relu_net(knots, values, x):
    """b + sum_i c_i relu(x - t_i): the piecewise-linear interpolant as a one-layer ReLU network."""
    slopes = np.diff(values) / np.diff(knots)
    c = np.concatenate([[slopes[0]], np.diff(slopes)])  # slope changes at the knots
    hidden = torch.relu(torch.as_tensor(x)[:, None] - torch.as_tensor(knots[:-1])[None, :])
    return (values[0] + hidden @ torch.as_tensor(c)).numpy()


xg = np.linspace(-3, 3, 3001)
pieces = np.array([4, 8, 16, 32, 64, 128])
errs = []
for k in pieces:
    knots = np.linspace(-3, 3, k + 1)
    net = relu_net(knots, np.tanh(knots), xg)
    np.testing.assert_allclose(net, np.interp(xg, knots, np.tanh(knots)), atol=1e-13)
    errs.append(np.abs(net - np.tanh(xg)).max())
    bound = (6 / k) ** 2 / 8 * 4 / (3 * math.sqrt(3))  # h^2/8 max|tanh''|, max|tanh''| = 4/(3 sqrt 3)
    assert errs[-1] <= bound
order = np.polyfit(np.log(pieces[2:]), np.log(errs[2:]), 1)[0]
print("max error:", [f"{e:.1e}" for e in errs], f"-> fitted order {order:.2f}")
assert abs(order + 2) < 0.15  # error ~ 1/k^2

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# [`exercises/nm-08_exercises.ipynb`](../exercises/nm-08_exercises.ipynb)를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과, 상대 오차와 ulp가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `chebyshev_nodes(n, a=-1.0, b=1.0)`: $T_n$의 근 $n$개를 $[a, b]$로 옮겨 오름차순으로 (§2).
# - `barycentric_interpolate(xk, yk, x)`: 임의의 서로 다른 노드에 대한 두 번째 무게중심 공식, 노드 위에서는 $y_k$ 그대로, 스칼라에는 스칼라 (§3).
# - `exp_approx(x)`: 코디–웨이트 범위 축소, $r$의 다항식, `ldexp`; $[-700, 700]$에서 상대 오차 $< 10^{-14}$, 끝은 `inf`와 0 (§4, §5).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 등간격 노드의 다항식 보간은 발산합니다. $1/(1+25x^2)$의 최대 오차가 차수 10마다 수십 배씩 커져 40차에서 약 $10^5$이었습니다(룽에 현상).
# 2. 체비쇼프 노드에서는 오차가 $\rho^{-n}$으로 줄어듭니다. 맞춘 기울기 $0.198$은 특이점 $\pm i/5$의 베른슈타인 타원이 주는 $\ln\rho = 0.199$와 5% 안에서 같았고, 100차에서 오차는 $2 \times 10^{-9}$이었습니다.
# 3. 보간 다항식의 표현이 정확도를 정합니다. $n = 60$에서 방데르몽드 행렬의 조건수는 $10^{16}$을 넘었고(이 크기에서는 계산값 자체도 부정확합니다) 단항식 계수로 계산한 59차 다항식은 오차가 다항식의 최댓값 15보다도 컸지만, 무게중심 공식은 같은 다항식을 $10^{-12}$ 미만의 오차로 계산했습니다.
# 4. 체비쇼프 근사는 오차를 등진동시켜 최소최대 근사의 10% 안에 들고(6차), 8차까지 같은 차수의 테일러보다 약 $2^d$배 정확합니다. float64의 $e^r$ ($|r| \le \ln 2/2$)에는 테일러 13차 대신 11차로 충분했습니다.
# 5. `exp`의 정확도는 범위 축소가 정합니다. $\ln 2$ 하나로 축소하면 $|x| > 690$에서 수백 ulp를 잃고 오차가 $|x|$에 비례했지만, 코디–웨이트 분할은 $[-700, 700]$ 전체에서 1 ulp 안이었습니다.
# 6. GELU의 tanh 근사 오차($4.7 \times 10^{-4}$)는 float32 반올림 오차의 천 배가 넘지만 bfloat16 반올림 오차의 16분의 1이라, bfloat16에서는 값싼 근사로 충분합니다.

# %% slideshow={"slide_type": "subslide"}
measured = {
    "1. log10 of the equispaced degree-40 error": round(math.log10(err_equi[-1])),
    "2. fitted slope": f"{-slope:.3f}",
    "2. ln(rho)": f"{math.log(rho):.3f}",
    "2. Chebyshev degree-100 error": f"{err_cheb[-1]:.0e}",
    "3. max |p|, n = 60": round(scale),
    "4. degrees for u: Chebyshev, Taylor": (need_cheb, need_taylor),
    "6. GELU tanh error": f"{approx_err.max().item():.1e}",
    "6. bfloat16 rounding / approximation error": round(bf16_ratio),
}
quoted = dict(zip(measured, [5, "0.198", "0.199", "2e-09", 15, (11, 13), "4.7e-04", 16], strict=True))
for key, value in measured.items():
    print(f"{key}: {value}")
print(f"kappa(V_60) {kappa60:.1e}; errors: Vandermonde {err_vander:.1e}, barycentric {err_bary:.1e}; "
      f"minimax ratio {ratio6:.3f}; ulp: Cody-Waite {ulp_cw.max():.0f}, one ln 2 {ulp_naive[near].max():.0f}")
assert measured == quoted  # the numbers typed in the summary
assert all(10 < r < 100 for r in ratios) and abs(-slope / math.log(rho) - 1) < 0.05  # 1, 2
assert kappa60 > 1e16 and err_vander > scale and err_bary < 1e-12  # 3
assert ratio6 < 1.10 and all(0.8 < table[d][0] / table[d][1] / 2**d < 1.2 for d in (4, 6, 8))  # 4
assert ulp_cw.max() <= 1 and 100 < ulp_naive[near].max() < 1000 and 0.7 < grow < 1.3  # 5
assert approx_err.max() > 1000 * e32.max()  # 6: float32 rounding is < 1/1000 of the approximation

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-09 수치 최적화**: [뉴턴 법](nm-09_optimization.ipynb#sec-newton)은 목적 함수를 한 점 근처에서 2차 테일러 다항식으로 근사합니다. §4에서 본 것처럼 테일러 근사는 전개한 점 근처에서만 좋으므로, [선 탐색](nm-09_optimization.ipynb#sec-line-search)(line search)이 한 걸음의 길이를 근사가 믿을 만한 범위로 줄입니다.
# - **[nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp) 혼합 정밀도**: §6의 판단, 곧 "근사의 오차를 형식의 $\varepsilon$과 비교한다"가 float16/bfloat16으로 무엇을 계산해도 되는지 정하는 기준입니다. nm-10의 로드맵 표가 이 절을 가리킵니다.
# - **[nm-10 §3](nm-10_numerics_for_ml.ipynb#sec-lse) 안정한 log-sum-exp**: §5의 `exp`는 $x > 709.78$에서 `inf`입니다. softmax와 log-sum-exp는 최댓값을 빼서 `exp`의 인수를 0 이하로 만들어 이 끝을 피합니다.
# - 되돌아보기: 방데르몽드 행렬의 $\kappa$는 [nm-05 §1](nm-05_linear_algebra.ipynb#sec-condition)의 조건수이고, 보간의 르베그 상수는 [nm-02 §3](nm-02_error_analysis.ipynb#sec-condition)의 문제의 조건수입니다. ulp와 bfloat16은 [nm-01](nm-01_floating_point.ipynb#sec-formats)에서 배웠습니다.
