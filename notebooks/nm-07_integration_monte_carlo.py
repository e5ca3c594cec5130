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
# # nm-07 수치 적분과 몬테카를로
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 15~20초가 걸립니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# ML의 손실은 거의 언제나 적분입니다. 기대 손실 $\mathbb{E}_{x}[\ell(x; w)]$, VAE의 ELBO, 강화 학습의 기대 보상이 모두 어떤 분포에 대한 기댓값이고, 우리는 그것을 한 번도 정확히 계산하지 않습니다. 표본 몇 개의 평균, 곧 **몬테카를로**(Monte Carlo) 추정량으로 대신합니다. 미니배치 그래디언트도 그런 추정량입니다.
#
# 추정량은 조용히 틀립니다. 아래 셀은 표준 정규 분포에서 $P(Z > 5)$, 곧 "5시그마 사건"의 확률을 표본 $10^4$개로 추정합니다. 결과는 정확히 0입니다. 평균이 아무리 정확하게 계산되어도, 표본이 사건에 한 번도 닿지 않으면 추정값은 0입니다. 이런 추정량으로 드문 실패의 확률을 줄이도록 학습시키면, 손실에는 줄일 것이 보이지 않습니다.
#
# 반대쪽 도구인 구적법(quadrature)은 1차원에서 놀랍도록 정확하지만, 축마다 점 10개만 써도 10차원에서는 $10^{10}$번의 함수 계산이 듭니다. 이 강의는 두 도구의 오차가 **얼마나 빨리** 줄어드는지를 재고, 언제 어느 쪽을 써야 하는지, 몬테카를로의 잡음을 어떻게 줄이는지를 배웁니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 사다리꼴, Simpson, 가우스-르장드르(Gauss–Legendre) 구적의 오차가 $h^2$, $h^4$, $\rho^{-2n}$으로 주는 이유와, 꺾임·특이점에서 그 차수가 무너지는 이유를 설명할 수 있습니다.
# - 몬테카를로의 표준 오차(standard error) $s/\sqrt{n}$과 95% 신뢰 구간(confidence interval)의 뜻을 설명하고, 그 오차가 차원과 무관한 이유를 말할 수 있습니다.
# - 대조 변량(antithetic variates), 제어 변량(control variates), 중요도 표집(importance sampling), 준몬테카를로(quasi-Monte Carlo)가 분산이나 수렴 차수를 바꾸는 원리를 설명할 수 있습니다.
# - 재매개화(reparameterisation)와 점수 함수(score function, REINFORCE) 그래디언트 추정량이 둘 다 불편(unbiased)이지만 분산이 크게 다를 수 있음을 설명할 수 있습니다.
#
# **코딩 기술**
# - 두 축이 모두 로그 눈금인 log-log 그림에서 기울기를 맞춰 수렴 차수(order of convergence)를 재고, 그 값을 이론과 비교할 수 있습니다.
# - `np.polynomial.legendre.leggauss`의 노드를 구간 $[a, b]$로 옮겨 쓸 수 있습니다.
# - 여러 시드로 실험을 반복해 신뢰 구간의 적중률(coverage)과 분산 비를 측정할 수 있습니다.
# - `torch.quasirandom.SobolEngine`과 `torch.distributions`의 `rsample`/`log_prob`을 쓸 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 (사다리꼴과 Simpson) 10분 → §2 (가우스-르장드르) 10분 → §3 (꺾임과 특이점) 7분 → §4 (몬테카를로, 신뢰 구간) 12분 → §5 (차원) 7분 → §6 (분산 감소) 10분 → §7 (준몬테카를로) 6분 → §8 (그래디언트 추정량, 미니배치) 9분 → 연습 안내와 핵심 정리 4분. 심화 (선택) 절은 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import math

import matplotlib.pyplot as plt
import numpy as np
import scipy.integrate
import torch
from scipy import special, stats

from utils.plotting import setup_plots

setup_plots()
torch.manual_seed(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52


def fitted_slope(x, y):
    """Least-squares slope of log y against log x: the order read off a log-log plot."""
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


print(f"float64 eps = {EPS64:.3e}, torch {torch.__version__}")

# %% [markdown] slideshow={"slide_type": "-"}
# 먼저 5시그마 사건입니다. 정확한 값은 표준 정규 분포의 누적 분포 함수 $\Phi$로 $P(Z > 5) = \Phi(-5)$이고, `scipy.special.ndtr`가 그것을 계산합니다. 상보 오차 함수로 쓴 $\tfrac12 \operatorname{erfc}(5/\sqrt2)$와도 비교합니다.

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(0)
n = 10_000
z = rng.standard_normal(n)
p_plain = float(np.mean(z > 5.0))  # fraction of draws beyond 5 sigma
p_exact = float(special.ndtr(-5.0))  # Phi(-5)
print(f"plain Monte Carlo, n = {n}: P(Z > 5) ≈ {p_plain}")
print(f"exact: {p_exact:.4e}, about one in {1 / p_exact:,.0f}; expected hits in n draws: {n * p_exact:.4f}")
assert p_plain == 0.0  # not a single draw reached the event
assert math.isclose(p_exact, 0.5 * math.erfc(5 / math.sqrt(2)), rel_tol=1e-12)
assert n * p_exact < 0.01

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-quadrature"></a>
#
# ## 1. 사다리꼴 규칙과 Simpson 규칙
#
# 구적법은 적분을 가중 합으로 바꿉니다: $\int_a^b f(x)\,dx \approx \sum_i w_i f(x_i)$. 구간을 폭 $h = (b-a)/n$인 $n$칸으로 나누고 칸마다 직선으로 이으면 **복합 사다리꼴 규칙**(composite trapezoidal rule)입니다.
#
# $$
# T_n = h\Bigl[\tfrac12 f_0 + f_1 + \cdots + f_{n-1} + \tfrac12 f_n\Bigr], \qquad
# T_n - I = \frac{h^2}{12}\bigl(f'(b) - f'(a)\bigr) + O(h^4)
# $$
#
# 오른쪽은 오일러-매클로린(Euler–Maclaurin) 공식의 첫 항입니다. 오차가 $h^2$에 비례하므로 칸 수를 두 배로 하면 오차는 4분의 1이 됩니다. $\int_0^1 e^x\,dx = e - 1$에서 $(T_n - I)\,n^2$이 상수 $(e - 1)/12$로 가는지 봅니다.

# %% slideshow={"slide_type": "subslide"}
a, b = 0.0, 1.0
I_exp = math.e - 1.0  # exact integral of e^x over [0, 1]
ns = 2 ** np.arange(1, 12)  # 2 ... 2048 intervals


def trapezoid(f, a, b, n):
    """Composite trapezoidal rule with n intervals (NumPy's np.trapezoid on n + 1 points)."""
    x = np.linspace(a, b, n + 1)
    return float(np.trapezoid(f(x), x))


err_trap = np.array([trapezoid(np.exp, a, b, n) - I_exp for n in ns])
for n, e in list(zip(ns, err_trap, strict=True))[::3]:
    print(f"n = {n:5d}: T_n - I = {e:.3e}, (T_n - I) n^2 = {e * n**2:.6f}")
print(f"(e - 1)/12 = {(math.e - 1) / 12:.6f}")
assert np.all(err_trap > 0)  # e^x is convex: the chords lie above the curve
np.testing.assert_allclose(err_trap[-4:] * ns[-4:] ** 2, (math.e - 1) / 12, rtol=1e-4)

# %% [markdown] slideshow={"slide_type": "-"}
# **Simpson 규칙**은 두 칸씩 묶어 포물선을 통과시킵니다. 칸 수 $n$이 짝수여야 하고, 가중치는 $\tfrac{h}{3}[1, 4, 2, 4, \ldots, 2, 4, 1]$입니다. 같은 식을 사다리꼴 두 개로 얻을 수도 있습니다. $T_n$과 $T_{n/2}$의 오차가 $h^2$ 항에서 정확히 4배 차이이므로, 그 항을 지우는 조합
#
# $$
# S_n = \frac{4\,T_n - T_{n/2}}{3}, \qquad S_n - I = \frac{h^4}{180}\bigl(f'''(b) - f'''(a)\bigr) + O(h^6)
# $$
#
# 이 Simpson 규칙입니다(리처드슨 외삽(Richardson extrapolation)). `scipy.integrate.simpson`과 같은 값인지, $(S_n - I)\,n^4$이 $(e - 1)/180$으로 가는지 확인합니다.

# %% slideshow={"slide_type": "subslide"}
def simpson_by_extrapolation(f, a, b, n):
    """Simpson's rule with n (even) intervals as (4 T_n - T_{n/2}) / 3."""
    return (4 * trapezoid(f, a, b, n) - trapezoid(f, a, b, n // 2)) / 3


S_64 = simpson_by_extrapolation(np.exp, a, b, 64)
x65 = np.linspace(a, b, 65)
print(f"(4 T_64 - T_32)/3 = {S_64!r}\nscipy simpson      = {scipy.integrate.simpson(np.exp(x65), x=x65)!r}")
np.testing.assert_allclose(S_64, scipy.integrate.simpson(np.exp(x65), x=x65), rtol=1e-14)

err_simp = np.array([simpson_by_extrapolation(np.exp, a, b, n) - I_exp for n in ns])
print("(S_n - I) n^4:", np.array2string(err_simp[1:6] * ns[1:6] ** 4, precision=6))
print(f"(e - 1)/180 = {(math.e - 1) / 180:.6f}")
np.testing.assert_allclose(err_simp[3:6] * ns[3:6] ** 4, (math.e - 1) / 180, rtol=1e-3)

# %% [markdown] slideshow={"slide_type": "-"}
# 두 규칙의 오차를 log-log 그림에 그리고 기울기를 맞춥니다. 기울기 $-p$가 수렴 차수 $p$입니다. Simpson의 오차는 위 공식대로 $n = 256$에서 $(e-1)/(180 \cdot 256^4) \approx 2.2 \times 10^{-12}$이고, $n = 512$와 $1024$ 사이에서 $10^{-13}$ 아래로 내려가 반올림 오차(rounding error)가 섞이기 시작합니다. 그래서 기울기는 $10^{-13}$ 위의 점들($n \le 512$)로만 맞춥니다.

# %% slideshow={"slide_type": "subslide"}
above_floor = np.abs(err_simp) > 1e-13
p_trap = -fitted_slope(ns, np.abs(err_trap))
p_simp = -fitted_slope(ns[above_floor], np.abs(err_simp[above_floor]))
print(f"Simpson error at n = 256, 512, 1024: {np.array2string(err_simp[7:10], precision=1)}")
print(f"measured order: trapezoid {p_trap:.3f}, Simpson {p_simp:.3f} (fitted on {above_floor.sum()} points)")
assert f"{err_simp[ns == 256][0]:.1e}" == "2.2e-12"  # the value quoted above
assert above_floor[ns <= 512].all() and not above_floor[ns >= 1024].any()  # below 1e-13 from n = 1024
assert 1.95 < p_trap < 2.05 and 3.9 < p_simp < 4.1
assert np.all(np.abs(err_trap[1:]) > 100 * np.abs(err_simp[1:]))  # two digits or more, same points

fig, ax = plt.subplots(figsize=(8, 3.8))
ax.loglog(ns, np.abs(err_trap), "o-", label=f"사다리꼴 (기울기 {-p_trap:.2f})")
ax.loglog(ns, np.maximum(np.abs(err_simp), 1e-17), "s-", label=f"Simpson (기울기 {-p_simp:.2f})")
ax.axhline(EPS64, color="k", ls=":", lw=1, label=r"$\varepsilon$")
ax.set(xlabel="칸 수 n", ylabel=r"$|Q_n - I|$", title=r"$\int_0^1 e^x\,dx$: 오차 $\propto h^2$와 $h^4$")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 구적법의 오차는 칸 폭 $h$의 거듭제곱입니다. 사다리꼴은 $h^2$, Simpson은 $h^4$이고, 그 차수는 log-log 그림의 기울기로 **잴 수 있습니다**(측정: 2.00과 4.0). Simpson은 사다리꼴 두 개의 $h^2$ 오차를 서로 지운 것이라, $n \ge 4$에서 같은 점으로 두 자릿수 이상 더 정확합니다. 연습 문제 `composite_simpson`은 이 규칙을 가중치 $[1, 4, 2, \ldots, 4, 1]$로 직접 씁니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-gauss"></a>
#
# ## 2. 가우스-르장드르 구적
#
# 사다리꼴과 Simpson은 노드를 **같은 간격**으로 고정하고 가중치만 정합니다. 노드 $n$개의 위치까지 자유롭게 고르면 자유도가 $2n$개이므로 차수 $2n - 1$까지의 모든 다항식을 정확히 적분할 수 있습니다. 그 노드가 르장드르 다항식 $P_n$의 근이고, 이것이 **가우스-르장드르 구적**입니다. `np.polynomial.legendre.leggauss(n)`이 $[-1, 1]$의 노드 $t_i$와 가중치 $w_i$를 줍니다. 구간 $[a, b]$로는 일차 변환으로 옮깁니다.
#
# $$
# x_i = \frac{b-a}{2}\,t_i + \frac{a+b}{2}, \qquad \int_a^b f(x)\,dx \approx \frac{b-a}{2}\sum_{i=1}^n w_i\, f(x_i)
# $$
#
# 앞의 $(b-a)/2$는 $dx = \tfrac{b-a}{2}\,dt$에서 옵니다. $n = 3$으로 $[0, 2]$에서 $x^k$를 적분해, $k \le 5 = 2n - 1$까지 정확하고 $k = 6$에서 처음 틀리는지 봅니다.

# %% slideshow={"slide_type": "subslide"}
t3, w3 = np.polynomial.legendre.leggauss(3)
lo, hi = 0.0, 2.0
x3 = (hi - lo) / 2 * t3 + (lo + hi) / 2  # nodes mapped from [-1, 1] to [0, 2]
print("nodes on [-1, 1]:", t3, " weights:", w3, " (sum = 2)")
rel = []
for k in range(8):
    gl = (hi - lo) / 2 * np.sum(w3 * x3**k)
    exact_k = (hi ** (k + 1) - lo ** (k + 1)) / (k + 1)
    rel.append(abs(gl - exact_k) / exact_k)
    print(f"x^{k}: Gauss-Legendre {gl:.15f}, exact {exact_k:.15f}, relative error {rel[-1]:.1e}")
assert max(rel[:6]) < 4 * EPS64  # exact up to degree 2n - 1 = 5
assert rel[6] > 1e-3  # degree 6 is the first miss

# %% [markdown] slideshow={"slide_type": "-"}
# 매끄러운 함수에서는 오차가 $n$에 대해 **지수적으로** 줄어듭니다. $f$가 복소 평면의 어떤 타원, 곧 베른슈타인 타원(Bernstein ellipse: 초점이 $\pm 1$이고 반축의 합이 $\rho$) 안에서 해석적이면 오차는 $O(\rho^{-2n})$입니다. $\int_{-1}^1 \frac{dx}{1+x^2} = \frac{\pi}{2}$는 극점이 $\pm i$에 있어 $\rho = 1 + \sqrt2$이고, 노드 하나마다 오차가 $\rho^2 \approx 5.8$배씩 줄어야 합니다. 같은 적분을 사다리꼴, Simpson과 **함수 계산 횟수**로 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def runge(x):
    """1 / (1 + x^2): analytic on [-1, 1], poles at ±i."""
    return 1.0 / (1.0 + x * x)


n_gl = np.arange(1, 31)
err_gl = np.array([abs(np.sum(w * runge(t)) - math.pi / 2) for t, w in map(np.polynomial.legendre.leggauss, n_gl)])
rho = 1 + math.sqrt(2)
fit = n_gl <= 18  # before the error reaches rounding level
rate = -np.polyfit(n_gl[fit], np.log(err_gl[fit]), 1)[0]  # log error is linear in n
n_eps = int(n_gl[np.argmax(err_gl <= 4 * EPS64)])
print(f"log error per node: measured {rate:.3f}, theory 2 log(1 + sqrt 2) = {2 * math.log(rho):.3f}")
print(f"error <= 4 eps from n = {n_eps} nodes; at n = 30: {err_gl[-1]:.1e}")
assert abs(rate - 2 * math.log(rho)) < 0.05 * 2 * math.log(rho)  # the predicted geometric rate
assert 15 <= n_eps <= 22 and err_gl[n_gl >= n_eps].max() < 10 * EPS64
n_tr = 2 ** np.arange(1, 15)
err_tr = np.array([abs(trapezoid(runge, -1.0, 1.0, n) - math.pi / 2) for n in n_tr])
err_si = np.array([abs(simpson_by_extrapolation(runge, -1.0, 1.0, n) - math.pi / 2) for n in n_tr])
print(f"with {n_tr[-1] + 1} evaluations: trapezoid {err_tr[-1]:.1e}, Simpson {err_si[-1]:.1e}")
print(f"error ratio per node: measured {math.exp(rate):.2f}, theory (1 + sqrt 2)^2 = {rho**2:.2f}")
assert 1e-10 < err_tr[-1] < 1e-8  # 16385 points of the trapezoid: about 1e-9, far from eps
assert (f"{math.exp(rate):.1f}", n_eps, f"{err_tr[-1]:.1e}") == ("5.8", 20, "1.2e-09")  # quoted below

# %% slideshow={"slide_type": "subslide"}
fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
ax.loglog(n_tr + 1, err_tr, "o-", label="사다리꼴")
ax.loglog(n_tr + 1, np.maximum(err_si, 1e-17), "s-", label="Simpson")
ax.loglog(n_gl, np.maximum(err_gl, 1e-17), "^-", label="가우스-르장드르")
ax.axhline(EPS64, color="k", ls=":", lw=1)
ax.set(xlabel="함수 계산 횟수", ylabel="절대 오차", ylim=(1e-17, 1),
       title=r"$\int_{-1}^{1} dx/(1+x^2)$: 세 규칙 (log-log)")
ax.legend(fontsize=8)
ax2.semilogy(n_gl, np.maximum(err_gl, 1e-17), "^-", color="tab:green", label="가우스-르장드르")
ax2.semilogy(n_gl[fit], 2 * rho ** (-2.0 * n_gl[fit]), "k--", lw=1, label=r"$2(1+\sqrt{2})^{-2n}$")
ax2.axhline(EPS64, color="k", ls=":", lw=1, label=r"$\varepsilon$")
ax2.set(xlabel="노드 수 n", ylim=(1e-17, 1), title="가우스: 로그 오차가 n에 대해 직선")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 노드의 **위치**를 고르면 정확도의 차수가 두 배가 됩니다. 가우스-르장드르는 $n$개로 차수 $2n - 1$ 다항식을 정확히 적분하고, 해석적인 함수에서는 오차가 노드마다 일정한 비율($1/(1+x^2)$에서 측정 5.8배)로 줄어 노드 20개에서 $4\varepsilon$ 아래로 내려갑니다. 사다리꼴은 16385개를 써도 $1.2 \times 10^{-9}$입니다. 구간 $[a, b]$로 옮길 때는 노드와 가중치 **둘 다** $(b-a)/2$로 바꿔야 합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-breaks"></a>
#
# ## 3. 구적법이 깨지는 곳: 꺾임과 특이점
#
# 위의 차수는 모두 "$f$가 충분히 매끄럽다"는 가정에서 나왔습니다. Simpson의 $h^4$에는 $f^{(4)}$가, 가우스의 $\rho^{-2n}$에는 해석성이 필요합니다. 두 가지 흔한 위반을 재 봅니다.
#
# - **꺾임**(kink): $f(x) = |x - c|$, $c = 1/\pi$. ReLU처럼 도함수가 점프합니다. 정확한 값은 $\tfrac12\bigl(c^2 + (1 - c)^2\bigr)$이고, $c$는 어느 노드와도 겹치지 않습니다.
# - **특이점**(singularity): $f(x) = 1/\sqrt{x}$, $\int_0^1 = 2$. 적분은 유한하지만 $x = 0$에서 $f$가 무한대입니다. 사다리꼴과 Simpson은 끝점에서 $f$를 불러야 하므로 $f(0)$ 대신 0을 넣습니다. 가우스 노드는 끝점을 쓰지 않습니다.

# %% slideshow={"slide_type": "subslide"}
c_kink = 1 / math.pi
I_kink = (c_kink**2 + (1 - c_kink) ** 2) / 2


def kink(x):
    """|x - 1/pi|: continuous, with a jump in the derivative at 1/pi."""
    return np.abs(x - c_kink)


def inv_sqrt(x):
    """1/sqrt(x) for x > 0 and 0 at x = 0 (the endpoint value a closed rule must use)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1 / np.sqrt(np.where(x > 0, x, 1.0)), 0.0)


def gauss_legendre_demo(f, a, b, n):
    """n-point Gauss-Legendre on [a, b] (the exercise writes its own)."""
    t, w = np.polynomial.legendre.leggauss(n)
    return (b - a) / 2 * float(np.sum(w * f((b - a) / 2 * t + (a + b) / 2)))


n_br = 2 ** np.arange(2, 11)  # 4 ... 1024 intervals or nodes
orders = {}
for name, f, exact_val in (("꺾임", kink, I_kink), ("특이점", inv_sqrt, 2.0)):
    for rule, q in (("사다리꼴", trapezoid), ("Simpson", simpson_by_extrapolation), ("가우스", gauss_legendre_demo)):
        errs = np.array([abs(q(f, 0.0, 1.0, int(n)) - exact_val) for n in n_br])
        orders[name, rule] = (errs, -fitted_slope(n_br, errs))
        print(f"{name:4s} {rule:6s}: error at n = 1024 {errs[-1]:.1e}, measured order {orders[name, rule][1]:.2f}")

# %% [markdown] slideshow={"slide_type": "-"}
# 꺾임에서는 세 규칙이 모두 차수 2 근처로 떨어집니다. Simpson의 차수 4도, 가우스의 지수 수렴도 사라집니다. 특이점에서는 사다리꼴과 Simpson이 차수 $1/2$입니다: 첫 칸 $[0, h]$에 들어 있는 적분 $2\sqrt h$를 거의 통째로 놓치기 때문입니다. 가우스는 노드가 끝점 근처에 $1/n^2$ 간격으로 몰려 있어 차수 1입니다.

# %% slideshow={"slide_type": "subslide"}
for rule in ("사다리꼴", "Simpson", "가우스"):
    assert round(orders["꺾임", rule][1]) == 2, rule  # everyone drops to about 2
assert round(orders["특이점", "사다리꼴"][1], 1) == round(orders["특이점", "Simpson"][1], 1) == 0.5
assert round(orders["특이점", "가우스"][1]) == 1
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
for ax, name in zip(axes, ("꺾임", "특이점"), strict=True):
    for rule, marker in (("사다리꼴", "o"), ("Simpson", "s"), ("가우스", "^")):
        errs, p = orders[name, rule]
        ax.loglog(n_br, errs, marker + "-", label=f"{rule} (차수 {p:.2f})")
    ax.set(xlabel="칸 수 / 노드 수 n", ylabel="절대 오차")
    ax.legend(fontsize=8)
axes[0].set_title(r"꺾임 $|x - 1/\pi|$")
axes[1].set_title(r"특이점 $1/\sqrt{x}$")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 고치는 법은 규칙을 바꾸는 것이 아니라 **문제를 고치는** 것입니다. 꺾임은 그 점에서 구간을 나누면 각 조각이 직선이라 가우스 노드 하나로 정확합니다. 특이점은 치환 $x = u^2$($dx = 2u\,du$)로 $\int_0^1 x^{-1/2}dx = \int_0^1 2\,du$가 되어 사라집니다.

# %% slideshow={"slide_type": "subslide"}
split = gauss_legendre_demo(kink, 0.0, c_kink, 1) + gauss_legendre_demo(kink, c_kink, 1.0, 1)
substituted = gauss_legendre_demo(lambda u: 2 * u * inv_sqrt(u * u), 0.0, 1.0, 3)
print(f"kink split at 1/pi, 1 node per piece: error {abs(split - I_kink):.1e} (1024 nodes unsplit: "
      f"{orders['꺾임', '가우스'][0][-1]:.1e})")
print(f"x = u^2, 3 nodes: error {abs(substituted - 2.0):.1e} (1024 nodes without: "
      f"{orders['특이점', '가우스'][0][-1]:.1e})")
assert abs(split - I_kink) < 4 * EPS64
assert abs(substituted - 2.0) < 4 * EPS64

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 수렴 차수는 규칙이 아니라 **함수의 매끄러움**이 정합니다. 꺾임 하나가 Simpson과 가우스를 사다리꼴 수준(차수 2)으로, 적분 가능한 특이점이 차수를 $1/2$로 끌어내립니다(측정). 점을 늘리는 대신 꺾인 곳에서 구간을 나누거나, 치환으로 특이점을 없애면 노드 몇 개로 $\varepsilon$입니다. 실무의 `scipy.integrate.quad`가 구간을 적응적으로 나누는 것도 이 때문입니다(아래 심화).

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 적응적 구적 `scipy.integrate.quad`
#
# 실무에서는 `scipy.integrate.quad`(QUADPACK)를 씁니다. 가우스-크론로드(Gauss–Kronrod) 규칙으로 구간마다 적분과 오차 추정값을 함께 구하고, 오차가 큰 구간만 반으로 나눕니다. 그래서 꺾임과 특이점 근처에만 구간이 몰립니다. 꺾인 곳을 `points=[c]`로 알려 주면 처음부터 그곳에서 나눕니다. 함수 계산 횟수(`neval`)와 실제 오차를 봅니다.

# %% slideshow={"slide_type": "skip"}
quad_cases = {
    "꺾임": (lambda x: abs(x - c_kink), I_kink, {}),
    "꺾임, points=[1/π]": (lambda x: abs(x - c_kink), I_kink, {"points": [c_kink]}),
    "특이점 1/√x": (lambda x: 1 / math.sqrt(x), 2.0, {}),
}
for name, (fn, exact_val, extra) in quad_cases.items():
    val, est, info = scipy.integrate.quad(fn, 0.0, 1.0, full_output=True, **extra)[:3]
    print(f"{name:18s}: error {abs(val - exact_val):.1e}, quad's own estimate {est:.1e}, neval {info['neval']}")
    assert abs(val - exact_val) <= max(est, 4 * EPS64)  # the error estimate is an upper bound here
    assert abs(val - exact_val) < 1e-9 and info["neval"] < 1000

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-monte-carlo"></a>
#
# ## 4. 몬테카를로: $1/\sqrt{N}$과 신뢰 구간
#
# 적분을 기댓값으로 읽으면 다른 길이 열립니다. $U \sim \mathrm{Uniform}(0, 1)$이면 $\int_0^1 f(x)\,dx = \mathbb{E}[f(U)]$이므로, 독립 표본 $U_1, \ldots, U_n$의 평균이 추정량입니다. 표본 표준편차(ddof $= 1$) $s$로 **표준 오차**를 쓰고, 중심 극한 정리(central limit theorem)로 95% 신뢰 구간을 만듭니다.
#
# $$
# \hat I_n = \frac1n \sum_{i=1}^n f(U_i), \qquad \mathrm{SE} = \frac{s}{\sqrt n}, \quad s^2 = \frac{1}{n-1}\sum_i \bigl(f(U_i) - \hat I_n\bigr)^2, \qquad \hat I_n \pm 1.96\,\mathrm{SE}
# $$
#
# 오차는 $\sigma/\sqrt n$, 곧 차수 $1/2$입니다. 사다리꼴보다도 훨씬 느립니다. 대신 $f$의 매끄러움도, 차원도 가정하지 않습니다. $\int_0^1 e^x\,dx$로 시작합니다. 분산은 $\sigma^2 = \tfrac{e^2 - 1}{2} - (e-1)^2$입니다.

# %% slideshow={"slide_type": "subslide"}
sigma_exp = math.sqrt((math.e**2 - 1) / 2 - (math.e - 1) ** 2)  # std of e^U, U ~ U(0, 1)
rng = np.random.default_rng(1)
vals = np.exp(rng.random(10_000))
est, se = vals.mean(), vals.std(ddof=1) / math.sqrt(vals.size)
print(f"estimate {est:.5f} ± {1.96 * se:.5f} (95%), exact {I_exp:.5f}; s = {vals.std(ddof=1):.4f}, sigma = {sigma_exp:.4f}")
assert abs(est - I_exp) < 1.96 * se  # this interval covers the exact value
assert abs(vals.std(ddof=1) - sigma_exp) < 0.02 * sigma_exp  # s estimates sigma

n_mc = np.unique(np.logspace(1, 4.5, 15).astype(int))  # 10 ... 31622
rms = []
for n in n_mc:  # root-mean-square error over 200 seeds for each n
    est_n = np.exp(np.random.default_rng(int(n)).random((200, n))).mean(axis=1)
    rms.append(math.sqrt(np.mean((est_n - I_exp) ** 2)))
rms = np.array(rms)
slope_mc = fitted_slope(n_mc, rms)
print(f"fitted slope {slope_mc:.3f}; rms * sqrt(n) / sigma in [{(rms * np.sqrt(n_mc) / sigma_exp).min():.2f}, "
      f"{(rms * np.sqrt(n_mc) / sigma_exp).max():.2f}]")
assert -0.55 < slope_mc < -0.45
np.testing.assert_allclose(rms * np.sqrt(n_mc), sigma_exp, rtol=0.2)  # error = sigma / sqrt(n)

# %% [markdown] slideshow={"slide_type": "-"}
# "95% 신뢰 구간"은 **실험을 되풀이하면** 구간의 95%가 참값을 덮는다는 뜻입니다. 그대로 재 봅니다. $n = 1000$짜리 실험을 독립 시드로 2000번 하고, 구간이 $e - 1$을 덮은 비율을 셉니다. 적중 횟수는 이항 분포 $\mathrm{B}(2000, 0.95)$를 따르므로 비율은 $0.95 \pm 3\sqrt{0.95 \cdot 0.05 / 2000} = 0.95 \pm 0.015$ 안에 있어야 합니다.

# %% slideshow={"slide_type": "subslide"}
reps, n_ci = 2000, 1000
draws = np.exp(np.random.default_rng(2).random((reps, n_ci)))
means = draws.mean(axis=1)
half = 1.96 * draws.std(axis=1, ddof=1) / math.sqrt(n_ci)
covered = np.abs(means - I_exp) <= half
band = 3 * math.sqrt(0.95 * 0.05 / reps)
print(f"coverage over {reps} replications: {covered.mean():.4f} (binomial band 0.95 ± {band:.4f})")
assert abs(covered.mean() - 0.95) < band

fig, ax = plt.subplots(figsize=(9, 3.4))
k = np.arange(100)
colors = np.where(covered[:100], "tab:blue", "tab:red")
ax.vlines(k, means[:100] - half[:100], means[:100] + half[:100], colors=colors)
ax.axhline(I_exp, color="k", lw=1, label="참값 e − 1")
ax.set(xlabel="실험 번호 (처음 100번)", ylabel="95% 신뢰 구간",
       title=f"빨강: 참값을 놓친 구간 ({(~covered[:100]).sum()}/100); 전체 적중률 {covered.mean():.3f}")
ax.legend(loc="upper right")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 표준 오차의 $s$도 분산에서 나옵니다. [nm-02 §6](nm-02_error_analysis.ipynb#sec-variance)에서 본 것처럼 $\mathbb{E}[X^2] - \mathbb{E}[X]^2$로 구하면 소거가 일어나므로 두 번 순회하거나, 표본이 한 번에 메모리에 들어오지 않으면 표본을 하나씩 받으며 Welford로 갱신하거나, 묶음마다 $(n, \bar x, M_2)$를 만들어 Chan의 공식으로 합칩니다. 여러 작업자(worker)가 나눠 뽑은 몬테카를로 표본이 바로 그런 경우입니다.

# %% slideshow={"slide_type": "subslide"}
def chan_merge(s1, s2):
    """Merge (n, mean, m2) of two batches (Chan et al., nm-02 §6)."""
    (n1, mu1, m1), (n2, mu2, m2) = s1, s2
    n12, delta = n1 + n2, mu2 - mu1
    return n12, mu1 + delta * n2 / n12, m1 + m2 + delta**2 * n1 * n2 / n12


stats_all = (0, 0.0, 0.0)
for chunk in np.array_split(vals, 8):  # eight workers, each with its own batch
    stats_all = chan_merge(stats_all, (chunk.size, chunk.mean(), ((chunk - chunk.mean()) ** 2).sum()))
n_all, mean_all, m2_all = stats_all
se_merged = math.sqrt(m2_all / (n_all - 1)) / math.sqrt(n_all)
print(f"merged: n = {n_all}, mean = {mean_all:.12f}, standard error = {se_merged:.6e}")
np.testing.assert_allclose([mean_all, se_merged], [est, se], rtol=1e-12)

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 몬테카를로 추정량은 표본 평균이고, 그 오차는 $\sigma/\sqrt n$입니다(측정 기울기 −0.50). 자릿수 하나를 더 얻으려면 표본이 **100배** 필요합니다. 대신 오차를 스스로 알려 줍니다: $s/\sqrt n$으로 만든 95% 구간은 2000번 중 95% 가까이 참값을 덮었습니다. 연습 문제 `mc_estimate`는 $(\hat I_n, s/\sqrt n)$을 돌려줍니다. $s$가 아니라 $s/\sqrt n$입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-dimension"></a>
#
# ## 5. 차원과 무관한 오차
#
# $d$차원 상자에서 1차원 규칙을 축마다 쓰면 **텐서곱 규칙**(tensor-product rule)입니다. 축마다 점 $m$개면 점은 $N = m^d$개이고, 차수 $p$인 규칙의 오차는 $h^p = m^{-p} = N^{-p/d}$입니다. 같은 $N$에서 차원이 커질수록 차수가 $p/d$로 줄어듭니다. 이것이 **차원의 저주**(curse of dimensionality)입니다. 몬테카를로의 $\sigma/\sqrt N$에는 $d$가 없습니다.
#
# $f(x) = \prod_{i=1}^d \cos x_i$를 $[0, 1]^d$에서 적분합니다(참값 $(\sin 1)^d$). 예산 $2^{16}$ 안에서 $m = \lfloor 2^{16/d} \rfloor$인 중점 규칙(midpoint rule, 차수 2)의 텐서곱과, **같은 $N = m^d$개**의 몬테카를로 표본(시드 10개의 평균 오차)을 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def tensor_midpoint_prod_cos(d, m):
    """Tensor-product midpoint rule with m points per axis for prod cos(x_i) on [0, 1]^d."""
    g = (np.arange(m) + 0.5) / m
    grid = np.stack(np.meshgrid(*([g] * d), indexing="ij"), axis=-1).reshape(-1, d)  # all m^d points
    return float(np.prod(np.cos(grid), axis=1).mean()), grid.shape[0]


dims = np.arange(1, 11)
err_tensor, err_mc, n_evals, err_mc_theory = [], [], [], []
e1, e2 = math.sin(1.0), (1 + math.sin(2.0) / 2) / 2  # E cos U, E cos^2 U
for d in dims:
    m = int(math.floor(2 ** (16 / d) + 1e-9))
    q, N = tensor_midpoint_prod_cos(d, m)
    exact_d = math.sin(1.0) ** d
    mc = [np.prod(np.cos(np.random.default_rng(s).random((N, d))), axis=1).mean() for s in range(10)]
    err_tensor.append(abs(q - exact_d) / exact_d)
    err_mc.append(np.mean(np.abs(np.array(mc) - exact_d)) / exact_d)
    sigma_d = math.sqrt(e2**d - e1 ** (2 * d))  # std of prod cos(U_i)
    err_mc_theory.append(sigma_d / math.sqrt(N) * math.sqrt(2 / math.pi) / exact_d)  # E|N(0, s^2)|
    n_evals.append(N)
    print(f"d = {d:2d}: m = {m:5d}, N = {N:6d}, tensor rule {err_tensor[-1]:.1e}, Monte Carlo {err_mc[-1]:.1e}")
err_tensor, err_mc = np.array(err_tensor), np.array(err_mc)

# %% [markdown] slideshow={"slide_type": "-"}
# 텐서곱 규칙의 오차는 $d = 1$의 $9.7 \times 10^{-12}$에서 $d = 10$의 $4.7 \times 10^{-2}$까지 자랍니다($m = 3$). 몬테카를로는 모든 $d$에서 $2 \times 10^{-4}$과 $3 \times 10^{-3}$ 사이이고, 그 크기는 이론값 $\sigma_d\sqrt{2/\pi}/\sqrt N$과 60% 안에서 맞습니다(시드 10개의 평균이라 흔들립니다). $\sigma_d$가 $d$와 함께 조금 커지는 것은 이 함수의 분산 때문이지, 방법 때문이 아닙니다.

# %% slideshow={"slide_type": "subslide"}
assert err_tensor[-1] > 1e8 * err_tensor[0] and err_tensor[-1] > 0.01  # grows with d
assert (f"{err_tensor[0]:.1e}", f"{err_tensor[-1]:.1e}") == ("9.7e-12", "4.7e-02")  # quoted above
assert np.all((2e-4 < err_mc) & (err_mc < 3e-3))
np.testing.assert_allclose(err_mc, err_mc_theory, rtol=0.6)  # MC: sigma_d / sqrt(N), no d otherwise
assert np.all(err_mc[dims >= 6] < err_tensor[dims >= 6])  # MC wins from d = 6 on
fig, ax = plt.subplots(figsize=(8, 3.6))
ax.semilogy(dims, err_tensor, "o-", label="텐서곱 중점 규칙")
ax.semilogy(dims, err_mc, "s-", label="몬테카를로 (같은 N)")
ax.semilogy(dims, err_mc_theory, "k--", lw=1, label=r"$\sigma_d\sqrt{2/\pi}/\sqrt{N}$")
ax.set(xlabel="차원 d", ylabel="상대 오차", xticks=dims,
       title=r"$\int_{[0,1]^d}\prod\cos x_i$, 함수 계산 $\leq 2^{16}$번")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 격자는 차원마다 점을 곱해야 하므로 같은 예산에서 축당 점이 $N^{1/d}$개로 줄고, 오차가 $N^{-p/d}$로 나빠집니다(측정: $d = 10$에서 축당 3점, 상대 오차 4.7%). 몬테카를로의 $\sigma/\sqrt N$은 차원을 모릅니다. 파라미터가 수백만 차원인 ML의 기댓값을 구적법이 아니라 표본으로 추정하는 이유입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-variance-reduction"></a>
#
# ## 6. 분산 감소
#
# 몬테카를로의 오차는 $\sigma/\sqrt n$이므로 줄일 수 있는 것은 $n$ 아니면 $\sigma$입니다. 같은 기댓값을 가지되 **분산이 작은** 확률 변수를 만드는 기법이 분산 감소(variance reduction)입니다. 효과는 같은 계산량에서의 분산 비로 잽니다.
#
# **대조 변량**(antithetic variates): $U$와 함께 $1 - U$를 씁니다. $f$가 단조이면 $f(U)$와 $f(1-U)$는 음의 상관이라 평균의 분산이 줄어듭니다. 쌍 하나는 함수 계산 2번이므로 독립 표본 2개의 평균과 비교합니다.
#
# $$
# \frac{\operatorname{Var}\bigl(\tfrac12[f(U_1) + f(U_2)]\bigr)}{\operatorname{Var}\bigl(\tfrac12[f(U) + f(1-U)]\bigr)} = \frac{\sigma^2}{\sigma^2 + \operatorname{Cov}(f(U), f(1-U))}, \qquad \operatorname{Cov}(e^U, e^{1-U}) = e - (e-1)^2
# $$

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(3)
u = rng.random(100_000)
plain_pairs = (np.exp(u) + np.exp(rng.random(u.size))) / 2  # two independent draws
anti_pairs = (np.exp(u) + np.exp(1 - u)) / 2  # U and 1 - U
cov_anti = math.e - (math.e - 1) ** 2
ratio_anti = plain_pairs.var(ddof=1) / anti_pairs.var(ddof=1)
theory_anti = sigma_exp**2 / (sigma_exp**2 + cov_anti)
print(f"antithetic: mean {anti_pairs.mean():.6f} (exact {I_exp:.6f}); variance ratio measured {ratio_anti:.1f}, "
      f"theory {theory_anti:.1f}")
np.testing.assert_allclose(ratio_anti, theory_anti, rtol=0.1)
assert round(ratio_anti) == round(theory_anti) == 31  # the ratio quoted in the box below
assert abs(anti_pairs.mean() - I_exp) < 4 * anti_pairs.std(ddof=1) / math.sqrt(u.size)  # still unbiased

# %% [markdown] slideshow={"slide_type": "-"}
# **제어 변량**(control variates): 기댓값을 아는 $g$를 빼고 더합니다: $f(U) - \beta\,(g(U) - \mathbb{E}g)$. 기댓값은 그대로이고, $\beta^* = \operatorname{Cov}(f, g)/\operatorname{Var}(g)$에서 분산이 $(1 - \rho^2)$배가 됩니다($\rho$는 $f$와 $g$의 상관계수). $g(U) = U$($\mathbb{E}g = 1/2$, $\operatorname{Var} g = 1/12$)이고 $\operatorname{Cov}(e^U, U) = 1 - (e-1)/2$입니다. $\beta$는 같은 표본에서 추정합니다.

# %% slideshow={"slide_type": "subslide"}
f_u, g_u = np.exp(u), u
beta = np.cov(f_u, g_u)[0, 1] / g_u.var(ddof=1)  # estimated optimal coefficient
controlled = f_u - beta * (g_u - 0.5)
rho2 = (1 - (math.e - 1) / 2) ** 2 / (sigma_exp**2 / 12)  # squared correlation of e^U and U
ratio_cv = f_u.var(ddof=1) / controlled.var(ddof=1)
print(f"control variate: beta = {beta:.4f} (theory {(1 - (math.e - 1) / 2) * 12:.4f}), mean {controlled.mean():.6f}")
print(f"variance ratio measured {ratio_cv:.1f}, theory 1/(1 - rho^2) = {1 / (1 - rho2):.1f}")
np.testing.assert_allclose(ratio_cv, 1 / (1 - rho2), rtol=0.1)
assert round(ratio_cv) == round(1 / (1 - rho2)) == 61  # the ratio quoted in the box below
assert abs(controlled.mean() - I_exp) < 4 * controlled.std(ddof=1) / math.sqrt(u.size)

# %% [markdown] slideshow={"slide_type": "-"}
# **중요도 표집**(importance sampling)은 드문 사건에 답합니다. 처음 셀의 $P(Z > 5)$를 다시 봅니다. 표본을 사건 근처, 곧 제안 분포(proposal) $q = \mathcal N(5, 1)$에서 뽑고, 원래 밀도 $p = \mathcal N(0, 1)$과의 **가능도 비**(likelihood ratio) $p/q$로 가중합니다.
#
# $$
# P(Z > t) = \mathbb{E}_p[\mathbf 1\{Z > t\}] = \mathbb{E}_q\Bigl[\mathbf 1\{X > t\}\,\frac{p(X)}{q(X)}\Bigr], \qquad \frac{p(x)}{q(x)} = \frac{e^{-x^2/2}}{e^{-(x-t)^2/2}} = e^{-t x + t^2/2}
# $$
#
# 가중치는 $x > t$에서 $e^{-t^2/2}$보다 작은 아주 작은 수이고, 지수 안에서 계산하므로 넘치지 않습니다. 가중치의 제곱 평균은 $\mathbb{E}_q[w^2] = e^{t^2} P(Z > 2t)$이므로 상대 표준편차를 미리 계산할 수 있습니다. 같은 $n = 10^4$으로 추정하고, 실험을 200번 더 해서 그 퍼짐을 이론과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
t_tail, n_is = 5.0, 10_000
x_q = np.random.default_rng(1).normal(t_tail, 1.0, n_is)  # draws from q = N(5, 1)
weights = np.where(x_q > t_tail, np.exp(-t_tail * x_q + t_tail**2 / 2), 0.0)  # 1{x > t} p/q
p_is = weights.mean()
se_is = weights.std(ddof=1) / math.sqrt(n_is)
rel_is = abs(p_is - p_exact) / p_exact
print(f"importance sampling: {p_is:.4e} ± {1.96 * se_is:.1e}, exact {p_exact:.4e}, relative error {rel_is:.1%}")
print(f"draws beyond 5: plain {int(np.sum(z > 5))}, importance sampling {int(np.sum(x_q > t_tail))} of {n_is}")
assert rel_is < 0.10 and p_plain == 0.0
assert abs(p_is - p_exact) < 4 * se_is  # the standard error of the weighted mean is honest
x_200 = np.random.default_rng(2).normal(t_tail, 1.0, (200, n_is))  # 200 more experiments
rel_200 = np.where(x_200 > t_tail, np.exp(-t_tail * x_200 + t_tail**2 / 2), 0.0).mean(axis=1) / p_exact - 1
second_moment = math.exp(t_tail**2) * special.ndtr(-2 * t_tail)  # E_q[w^2] = e^{t^2} P(Z > 2t)
rel_sd_theory = math.sqrt(second_moment / p_exact**2 - 1) / math.sqrt(n_is)
print(f"over 200 experiments: relative error std {rel_200.std():.1%} (theory {rel_sd_theory:.1%}), "
      f"worst {np.abs(rel_200).max():.1%}")
assert (f"{rel_200.std():.1%}", f"{np.abs(rel_200).max():.1%}") == ("2.5%", "6.9%")  # quoted below
np.testing.assert_allclose(rel_200.std(), rel_sd_theory, rtol=0.25)

# %% slideshow={"slide_type": "subslide"}
xs = np.linspace(-4, 9, 400)
fig, ax = plt.subplots(figsize=(8, 3.4))
ax.semilogy(xs, stats.norm.pdf(xs), label=r"$p = \mathcal{N}(0, 1)$")
ax.semilogy(xs, stats.norm.pdf(xs, loc=t_tail), label=r"$q = \mathcal{N}(5, 1)$ (제안 분포)")
ax.axvspan(t_tail, 9, color="tab:red", alpha=0.15, label=r"사건 $x > 5$")
ax.set(xlabel="x", ylabel="밀도 (로그 눈금)", ylim=(1e-18, 1), title="표본을 사건 쪽으로 옮기고 p/q로 되돌립니다")
ax.legend(loc="lower left", fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 분산 감소는 "같은 기댓값, 더 작은 분산"인 변수로 바꾸는 기술입니다. 대조 변량은 음의 상관으로(측정 분산 비 31), 제어 변량은 기댓값을 아는 비슷한 함수로(61) 잡음을 지웁니다. 중요도 표집은 표본을 사건이 있는 곳으로 옮기고 가능도 비 $p/q$로 보정해, 평범한 방법이 0을 내는 $P(Z > 5)$를 상대 오차 몇 %로 추정합니다(실험 200번에서 표준편차 2.5%, 최악 6.9%). 연습 문제 `tail_prob_importance`는 이것을 임의의 $t$로 일반화합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-qmc"></a>
#
# ## 7. 준몬테카를로: 무작위보다 고른 점
#
# 무작위 점은 우연히 뭉치고 우연히 빈자리를 남깁니다. **저불일치 수열**(low-discrepancy sequence)은 상자를 일부러 고르게 채웁니다. Sobol 수열의 처음 $2^k$개는 $[0,1]^d$를 $2^k$칸으로 나눈 여러 방식의 모든 칸에 정확히 같은 수의 점을 놓습니다. 이런 점으로 평균을 내는 것이 **준몬테카를로**(quasi-Monte Carlo, QMC)이고, 고정된 저불일치 점의 오차 상한은 $O(N^{-1}(\log N)^d)$, 거의 $1/N$입니다.
#
# 결정론적인 수열은 오차 막대가 없으므로 무작위로 **뒤섞은**(scrambled) Sobol 점을 씁니다. 섞어도 고른 성질은 남고, 시드마다 독립인 추정값이 나와 표준 오차를 잴 수 있습니다. `torch.quasirandom.SobolEngine(d, scramble=True, seed=r)`를 씁니다. 뒤섞기는 덤으로 차수도 올립니다. Owen(1997)의 결과에 따르면 매끄러운 함수에서 뒤섞은 Sobol 점의 제곱평균 오차는 $O\bigl(N^{-3/2}(\log N)^{(d-1)/2}\bigr)$입니다. 먼저 2차원 점 256개를 봅니다.

# %% slideshow={"slide_type": "subslide"}
sobol_2d = torch.quasirandom.SobolEngine(2, scramble=True, seed=0).draw(256, dtype=torch.float64).numpy()
random_2d = np.random.default_rng(0).random((256, 2))
cells_sobol = np.histogram2d(sobol_2d[:, 0], sobol_2d[:, 1], bins=16, range=[[0, 1], [0, 1]])[0]
cells_random = np.histogram2d(random_2d[:, 0], random_2d[:, 1], bins=16, range=[[0, 1], [0, 1]])[0]
print(f"points per 1/16 x 1/16 cell: Sobol {int(cells_sobol.min())}..{int(cells_sobol.max())}, "
      f"random {int(cells_random.min())}..{int(cells_random.max())} ({int((cells_random == 0).sum())} empty cells)")
assert np.all(cells_sobol == 1)  # 256 Sobol points: exactly one in each of the 256 squares
assert (cells_random == 0).sum() > 0
fig, axes = plt.subplots(1, 2, figsize=(8, 4))
for ax, pts, name in ((axes[0], random_2d, "무작위 256점"), (axes[1], sobol_2d, "뒤섞은 Sobol 256점")):
    ax.scatter(pts[:, 0], pts[:, 1], s=6)
    ax.set(title=name, xlim=(0, 1), ylim=(0, 1), aspect="equal", xticks=np.linspace(0, 1, 5), yticks=np.linspace(0, 1, 5))
    ax.grid(True, lw=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 §5의 $\prod \cos x_i$를 $d = 5$에서 $N = 2^6 \ldots 2^{14}$로 적분합니다. 뒤섞기를 32번(시드 32개) 하고 제곱평균 오차의 기울기를 맞춥니다. 이 함수는 매끄러우므로 기울기는 $-1$보다 가파를 것으로 기대되고, 로그 인자 때문에 유한한 $N$에서는 $-3/2$보다 조금 얕게 나옵니다. 같은 시드 수의 몬테카를로와 비교합니다. Sobol 점은 $N$을 2의 거듭제곱으로 잡아야 고른 성질이 온전합니다.

# %% slideshow={"slide_type": "subslide"}
d_q, exact_q = 5, math.sin(1.0) ** 5
n_q = 2 ** np.arange(6, 15)
rms_qmc, rms_rand = [], []
for N in n_q:
    e_qmc = [np.prod(np.cos(torch.quasirandom.SobolEngine(d_q, scramble=True, seed=r)
                            .draw(int(N), dtype=torch.float64).numpy()), axis=1).mean() - exact_q for r in range(32)]
    e_rand = [np.prod(np.cos(np.random.default_rng(100 + r).random((N, d_q))), axis=1).mean() - exact_q
              for r in range(32)]
    rms_qmc.append(math.sqrt(np.mean(np.square(e_qmc))))
    rms_rand.append(math.sqrt(np.mean(np.square(e_rand))))
slope_qmc, slope_rand = fitted_slope(n_q, rms_qmc), fitted_slope(n_q, rms_rand)
print(f"fitted slopes: Monte Carlo {slope_rand:.2f}, scrambled Sobol {slope_qmc:.2f}")
print(f"at N = {n_q[-1]}: Monte Carlo {rms_rand[-1]:.1e}, Sobol {rms_qmc[-1]:.1e} ({rms_rand[-1] / rms_qmc[-1]:.0f}x smaller)")
assert -0.6 < slope_rand < -0.4
assert -1.5 < slope_qmc < -1.0  # faster than 1/N, a little slower than N^(-3/2) (the log factor)
assert rms_rand[-1] / rms_qmc[-1] > 1000
assert (f"{slope_rand:.2f}", f"{slope_qmc:.2f}") == ("-0.54", "-1.35")  # the slopes quoted below

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 3.6))
ax.loglog(n_q, rms_rand, "o-", label=f"몬테카를로 (기울기 {slope_rand:.2f})")
ax.loglog(n_q, rms_qmc, "s-", label=f"뒤섞은 Sobol (기울기 {slope_qmc:.2f})")
ax.loglog(n_q, rms_rand[0] * (n_q / n_q[0]) ** -0.5, "k:", lw=1, label=r"$N^{-1/2}$")
ax.loglog(n_q, rms_qmc[0] * (n_q / n_q[0]) ** -1.0, "k--", lw=1, label=r"$N^{-1}$")
ax.loglog(n_q, rms_qmc[0] * (n_q / n_q[0]) ** -1.5, "k-.", lw=1, label=r"$N^{-3/2}$")
ax.set(xlabel="점의 수 N", ylabel="제곱평균 오차 (시드 32개)",
       title=r"$d = 5$, $\int \prod \cos x_i$: 뒤섞은 Sobol은 $N^{-1}$과 $N^{-3/2}$ 사이")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 준몬테카를로는 표본의 "우연한 뭉침"을 없애 오차의 차수 자체를 바꿉니다(측정 기울기: 몬테카를로 −0.54, 뒤섞은 Sobol −1.35; $N = 2^{14}$에서 오차가 1000배 넘게 작음). 고른 점만으로 $1/N$에 가깝고, 뒤섞기가 매끄러운 함수에서 $N^{-3/2}$ 쪽으로 더 끌어내립니다. 뒤섞기는 고른 성질을 지키면서 오차 막대도 되살립니다. 대가는 함수의 매끄러움과 너무 높지 않은 차원에 기대는 것이고, 그 가정이 깨지면 보통의 몬테카를로 수준으로 돌아갑니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-gradient-estimators"></a>
#
# ## 8. ML 연결: 그래디언트 추정량
#
# 가장 흔한 몬테카를로 추정량은 **미니배치 그래디언트**입니다. 전체 손실 $L(w) = \frac1N \sum_i \ell_i(w)$의 그래디언트를 무작위로 고른 $B$개 예제의 평균 $\hat g_B = \frac1B \sum_{i \in \mathcal B} \nabla \ell_i(w)$로 추정합니다. 예제를 고르는 것이 표본 추출이므로, 잡음의 크기는 §4와 같은 $\sqrt{\operatorname{tr}\Sigma}/\sqrt B$입니다. $\Sigma$는 예제별 그래디언트의 공분산입니다.
#
# 선형 회귀 $\ell_i = \tfrac12 (x_i^\top w - y_i)^2$, $N = 10^5$개 예제에서 재 봅니다. 예제별 그래디언트는 $(x_i^\top w - y_i)\,x_i$이고, 배치는 복원 추출(with replacement)로 뽑습니다.

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(5)
N_data, dim = 100_000, 5
X = rng.standard_normal((N_data, dim))
y = X @ np.arange(1.0, dim + 1) + 0.5 * rng.standard_normal(N_data)
w = np.zeros(dim)
per_example = (X @ w - y)[:, None] * X  # gradient of each example's loss, shape (N, d)
g_full = per_example.mean(axis=0)
tr_sigma = per_example.var(axis=0).sum()  # trace of the per-example gradient covariance
batch_sizes = 4 ** np.arange(0, 6)  # 1 ... 1024
noise = []
for B in batch_sizes:
    idx = rng.integers(0, N_data, size=(400, B))  # 400 minibatches of size B
    g_batch = per_example[idx].mean(axis=1)
    noise.append(math.sqrt(np.mean(np.sum((g_batch - g_full) ** 2, axis=1))))
noise = np.array(noise)
slope_batch = fitted_slope(batch_sizes, noise)
print("B:", batch_sizes, "\nrms ||g_B - g||:", np.array2string(noise, precision=3))
print(f"fitted slope {slope_batch:.3f}; sqrt(tr Sigma) = {math.sqrt(tr_sigma):.3f}")
assert -0.55 < slope_batch < -0.45
np.testing.assert_allclose(noise * np.sqrt(batch_sizes), math.sqrt(tr_sigma), rtol=0.1)

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(7.5, 3.5))
ax.loglog(batch_sizes, noise, "o-", label=f"측정 (기울기 {slope_batch:.2f})")
ax.loglog(batch_sizes, math.sqrt(tr_sigma) / np.sqrt(batch_sizes), "k--", lw=1, label=r"$\sqrt{\mathrm{tr}\,\Sigma}/\sqrt{B}$")
ax.set(xlabel="배치 크기 B", ylabel=r"$\|\hat g_B - \nabla L\|$ (제곱평균)", title="미니배치 그래디언트의 잡음은 $1/\\sqrt{B}$")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 분포의 파라미터에 대한 그래디언트는 더 까다롭습니다. VAE나 강화 학습은 $\nabla_\mu \mathbb{E}_{z \sim \mathcal N(\mu, \sigma^2)}[f(z)]$가 필요한데, 표본 자체가 $\mu$에 의존합니다. 두 가지 불편 추정량이 있습니다.
#
# $$
# \text{재매개화: } z = \mu + \sigma\epsilon,\ \epsilon \sim \mathcal N(0,1) \Rightarrow \hat g = f'(\mu + \sigma\epsilon), \qquad
# \text{점수 함수: } \hat g = f(z)\,\nabla_\mu \log p(z; \mu) = f(z)\,\frac{z - \mu}{\sigma^2}
# $$
#
# 점수 함수 추정량(REINFORCE)은 $f$의 도함수가 필요 없어 이산 행동이나 미분할 수 없는 보상에도 쓰지만, $f(z)$ 전체의 크기를 곱하므로 분산이 큽니다. $\mathbb{E}$를 바꾸지 않는 **기준값**(baseline) $b$를 빼면 $(f(z) - b)\frac{z-\mu}{\sigma^2}$이고, 이것은 §6의 제어 변량입니다($\mathbb{E}[\nabla_\mu \log p] = 0$). $f(z) = z^2$, $\mu = 1.5$, $\sigma = 1$이면 $\mathbb{E}f = \mu^2 + \sigma^2$이고 참 그래디언트는 $2\mu = 3$입니다. PyTorch의 `rsample`과 `log_prob`으로 표본별 그래디언트를 만듭니다.

# %% slideshow={"slide_type": "subslide"}
def per_sample_gradients(mu, sigma, n, estimator, baseline=0.0, seed=0):
    """n per-sample estimates of d/dmu E[z^2], z ~ N(mu, sigma^2), via torch autograd."""
    torch.manual_seed(seed)
    mu_vec = torch.full((n,), mu, dtype=torch.float64, requires_grad=True)  # one copy of mu per sample
    dist = torch.distributions.Normal(mu_vec, sigma)
    if estimator == "reparam":
        surrogate = (dist.rsample() ** 2).sum()  # z = mu + sigma * eps keeps the path to mu
    else:
        z = dist.sample()  # no path to mu: the gradient comes from log p only
        surrogate = ((z**2 - baseline) * dist.log_prob(z)).sum()
    surrogate.backward()
    return mu_vec.grad.numpy()


mu0, sigma0, n_g = 1.5, 1.0, 100_000
grads = {"재매개화": per_sample_gradients(mu0, sigma0, n_g, "reparam"),
         "점수 함수": per_sample_gradients(mu0, sigma0, n_g, "score"),
         "점수 함수 + 기준값": per_sample_gradients(mu0, sigma0, n_g, "score", baseline=mu0**2 + sigma0**2)}
for name, g in grads.items():
    print(f"{name:10s}: mean {g.mean():.4f} ± {1.96 * g.std(ddof=1) / math.sqrt(n_g):.4f}, variance {g.var(ddof=1):7.2f}")

# %% [markdown] slideshow={"slide_type": "-"}
# 세 추정량의 평균은 모두 참값 3과 표준 오차 안에서 같습니다(불편). 분산은 닫힌 꼴로 계산됩니다(유도는 이 절 끝의 심화). 재매개화는 $\operatorname{Var}(2z) = 4\sigma^2 = 4$, 점수 함수는 $\mu^4/\sigma^2 + 14\mu^2 + 15\sigma^2 = 51.6$이고, 기준값 $b = \mathbb{E}f = \mu^2 + \sigma^2$를 빼면 $8\mu^2 + 10\sigma^2 = 28$입니다. 기준값은 점수 함수의 분산을 절반 남짓으로 줄이지만, 재매개화의 4에는 한참 못 미칩니다.

# %% slideshow={"slide_type": "subslide"}
true_grad = 2 * mu0
var_theory = {"재매개화": 4 * sigma0**2,  # Var(2z)
              "점수 함수": mu0**4 / sigma0**2 + 14 * mu0**2 + 15 * sigma0**2,
              "점수 함수 + 기준값": 8 * mu0**2 + 10 * sigma0**2}  # baseline b = E[z^2] = mu^2 + sigma^2
for name, g in grads.items():
    print(f"{name:10s}: variance measured {g.var():.2f}, theory {var_theory[name]:.2f}")
    assert abs(g.mean() - true_grad) < 4 * g.std(ddof=1) / math.sqrt(n_g), name  # unbiased
    np.testing.assert_allclose(g.var(), var_theory[name], rtol=0.05, err_msg=name)
ratio_grad = grads["점수 함수"].var() / grads["재매개화"].var()
ratio_theory = var_theory["점수 함수"] / var_theory["재매개화"]
print(f"variance ratio score / reparam = {ratio_grad:.1f} (theory {ratio_theory:.1f})")
np.testing.assert_allclose(ratio_grad, ratio_theory, rtol=0.08)
assert (round(ratio_grad), f"{var_theory['점수 함수']:.1f}", var_theory["점수 함수 + 기준값"]) == (13, "51.6", 28.0)

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 3.5))
bins = np.linspace(-20, 30, 120)
for name, g in grads.items():
    ax.hist(g, bins=bins, density=True, histtype="step", lw=1.5, label=f"{name} (분산 {g.var():.1f})")
ax.axvline(true_grad, color="k", lw=1, ls="--", label="참 그래디언트 3")
ax.set(xlabel=r"표본 하나의 추정값 $\hat g$", ylabel="밀도", yscale="log",
       title=r"$\nabla_\mu \mathbb{E}[z^2]$의 표본별 추정값: 같은 평균, 다른 퍼짐")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: ML의 그래디언트는 대부분 몬테카를로 추정량입니다. 미니배치 그래디언트의 잡음은 $\sqrt{\operatorname{tr}\Sigma/B}$로 줄어(측정 기울기 −0.50) 배치를 4배 키워야 잡음이 반이 됩니다. 분포의 파라미터에 대한 그래디언트는 재매개화가 가능하면 재매개화를 씁니다: 같은 불편 추정량인데 점수 함수보다 분산이 약 13배 작았습니다(이론 $51.6/4 = 12.9$). 재매개화가 불가능하면(이산 변수, 미분할 수 없는 보상) 점수 함수에 기준값이라는 제어 변량을 붙입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 정규 분포의 적률로 분산 유도하기
#
# $z = \mu + \sigma\epsilon$으로 쓰면 점수 함수 추정량은 $z^2\epsilon/\sigma = \mu^2\epsilon/\sigma + 2\mu\epsilon^2 + \sigma\epsilon^3$입니다. 홀수 차 적률은 0이고 $\mathbb{E}[\epsilon^2] = 1$, $\mathbb{E}[\epsilon^4] = 3$, $\mathbb{E}[\epsilon^6] = 15$이므로 제곱의 기댓값은 $\mu^4/\sigma^2 + 12\mu^2 + 15\sigma^2 + 2 \cdot 3\mu^2$이고, 여기서 평균의 제곱 $(2\mu)^2$를 빼면 $\mu^4/\sigma^2 + 14\mu^2 + 15\sigma^2$입니다.
#
# 기준값 $b = \mu^2 + \sigma^2$를 빼면 $z^2 - b = 2\mu\sigma\epsilon + \sigma^2(\epsilon^2 - 1)$이라 추정량이 $2\mu\epsilon^2 + \sigma(\epsilon^3 - \epsilon)$이 됩니다. 같은 계산으로 $12\mu^2 + \sigma^2(15 - 6 + 1) - 4\mu^2 = 8\mu^2 + 10\sigma^2$입니다. $\mu^4/\sigma^2$ 항, 곧 $f$의 평균 크기에서 오던 잡음이 통째로 사라진 것입니다.
#
# 아래 셀은 이 기댓값을 §2의 방법으로 다시 계산합니다. 가우스-에르미트(Gauss–Hermite) 구적은 정규 분포에 대한 가우스 구적이라, 노드 $n$개로 차수 $2n - 1$까지의 다항식의 기댓값이 정확합니다.

# %% slideshow={"slide_type": "skip"}
t_he, w_he = np.polynomial.hermite_e.hermegauss(8)  # weight exp(-t^2/2): exact up to degree 15
w_he = w_he / w_he.sum()  # now the weights of N(0, 1)
np.testing.assert_allclose([w_he @ t_he**2, w_he @ t_he**4, w_he @ t_he**6], [1, 3, 15], rtol=1e-12)
z_he = mu0 + sigma0 * t_he
for name, b_he in (("점수 함수", 0.0), ("점수 함수 + 기준값", mu0**2 + sigma0**2)):
    est_he = (z_he**2 - b_he) * (z_he - mu0) / sigma0**2  # the estimator at each node
    mean_he = w_he @ est_he
    var_he = w_he @ est_he**2 - mean_he**2
    print(f"{name}: Gauss-Hermite mean {mean_he:.12f}, variance {var_he:.12f} (closed form {var_theory[name]})")
    np.testing.assert_allclose([mean_he, var_he], [true_grad, var_theory[name]], rtol=1e-12)

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# [`exercises/nm-07_exercises.ipynb`](../exercises/nm-07_exercises.ipynb)를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과, 상대 오차가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `composite_simpson(f, a, b, n)`: 칸 $n$개(짝수, 점 $n + 1$개)의 복합 Simpson 규칙, 홀수 $n$이면 `ValueError` (§1).
# - `gauss_legendre(f, a, b, n)`: `leggauss`의 노드와 가중치를 $[a, b]$로 옮긴 $n$점 가우스-르장드르 (§2).
# - `mc_estimate(f, sample, n, rng)`: `sample(rng, n)`을 한 번 불러 $(\hat I_n,\ s/\sqrt n)$을 돌려줍니다 (§4).
# - `tail_prob_importance(t, n, rng)`: 중요도 표집으로 $P(Z > t)$를 추정합니다. $t = 5$, $n = 10^4$에서 상대 오차 10% 미만 (§6).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 구적법의 오차는 칸 폭의 거듭제곱이고, 그 차수는 log-log 기울기로 잽니다. $\int_0^1 e^x$에서 사다리꼴 2.00, Simpson 4.0이었고, 상수까지 오일러-매클로린의 $(e-1)/12$, $(e-1)/180$과 0.1% 안에서 맞았습니다.
# 2. 가우스-르장드르는 $n$개의 노드로 차수 $2n - 1$까지 정확하고, 해석적인 함수에서 오차가 노드마다 일정한 비율(측정 5.8배, 이론 $(1+\sqrt2)^2$과 5% 안)로 줄어 $1/(1+x^2)$에서 노드 20개로 $4\varepsilon$ 아래입니다. 꺾임에서는 모든 규칙이 차수 2 안팎으로, $1/\sqrt x$ 특이점에서는 사다리꼴과 Simpson이 차수 0.5로 떨어지며, 구간 나누기와 치환이 해결책입니다.
# 3. 몬테카를로의 오차는 $\sigma/\sqrt n$(측정 기울기 −0.50)이고, $s/\sqrt n$으로 만든 95% 신뢰 구간은 2000번의 반복에서 이항 분포의 폭 안으로 95% 가까이 참값을 덮었습니다. 차원과 무관해서, $2^{16}$번 이하의 같은 계산으로 $d = 10$에서 상대 오차가 격자는 4.7%, 몬테카를로는 0.14%입니다.
# 4. 분산 감소는 같은 기댓값에 작은 분산을 줍니다: 대조 변량과 제어 변량의 분산 비(31과 61)는 이론값과 10% 안에서 맞았고, 중요도 표집은 평범한 방법이 0을 내는 $P(Z > 5)$를 $n = 10^4$으로 상대 오차 10% 미만에 추정했습니다. 뒤섞은 Sobol 점은 $d = 5$에서 오차의 기울기 자체를 −0.54에서 −1.35로 바꿨습니다($1/N$보다 빠르고 $N^{-3/2}$보다 조금 느림).
# 5. 미니배치 그래디언트의 잡음은 $1/\sqrt B$로 줄고(측정 기울기 −0.50), 분포의 파라미터에 대한 그래디언트에서 재매개화 추정량은 점수 함수(REINFORCE)보다 분산이 약 13배 작았습니다(둘 다 불편, 이론 분산 4와 51.6). 기준값은 점수 함수 추정량의 제어 변량이고, 분산을 28로 줄였습니다.
#
# 아래 셀은 이 숫자들을 한 번 더 모아, 위에 쓴 그대로인지 확인합니다.

# %% slideshow={"slide_type": "subslide"}
kink_p = [orders["꺾임", r][1] for r in ("사다리꼴", "Simpson", "가우스")]
sing_p = [orders["특이점", r][1] for r in ("사다리꼴", "Simpson")]
quoted = {  # item: (as the summary writes it, as this notebook measured it)
    "1. orders: trapezoid, Simpson": ("2.00, 4.0", f"{p_trap:.2f}, {p_simp:.1f}"),
    "2. ratio per node, nodes to 4 eps": ("5.8, 20", f"{math.exp(rate):.1f}, {n_eps}"),
    "2. kink orders, 1/sqrt(x) orders": ("2 2 2, 0.5 0.5", " ".join(f"{q:.0f}" for q in kink_p) + ", "
                                          + " ".join(f"{q:.1f}" for q in sing_p)),
    "3. MC slope; d = 10: grid, MC": ("-0.50; 4.7%, 0.14%", f"{slope_mc:.2f}; {err_tensor[-1]:.1%}, {err_mc[-1]:.2%}"),
    "4. ratios: antithetic, control": ("31, 61", f"{ratio_anti:.0f}, {ratio_cv:.0f}"),
    "4. slopes: Monte Carlo, scrambled Sobol": ("-0.54, -1.35", f"{slope_rand:.2f}, {slope_qmc:.2f}"),
    "5. minibatch slope, score/reparam ratio": ("-0.50, 13", f"{slope_batch:.2f}, {ratio_grad:.0f}"),
    "5. variances: reparam, score, baseline": ("4, 51.6, 28", f"{var_theory['재매개화']:.0f}, "
        f"{var_theory['점수 함수']:.1f}, {grads['점수 함수 + 기준값'].var():.0f}"),
}
for key, (said, measured) in quoted.items():
    print(f"{key:42s} quoted {said:20s} measured {measured}")
assert all(said == measured for said, measured in quoted.values())
np.testing.assert_allclose([err_trap[-1] * ns[-1] ** 2, err_simp[5] * ns[5] ** 4], np.array([1 / 12, 1 / 180]) * (math.e - 1), rtol=1e-3)
assert abs(rate - 2 * math.log(rho)) < 0.05 * 2 * math.log(rho) and max(rel[:6]) < 4 * EPS64
assert abs(covered.mean() - 0.95) < band and reps == 2000 and max(n_evals) <= 2**16
assert abs(ratio_anti / theory_anti - 1) < 0.1 and abs(ratio_cv * (1 - rho2) - 1) < 0.1
assert p_plain == 0.0 and rel_is < 0.1 and n_is == 10_000
assert -1.5 < slope_qmc < -1.0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-09 수치 최적화**: 확률적 경사 하강법(stochastic gradient descent)의 한 걸음은 §8의 미니배치 그래디언트, 곧 잡음이 $1/\sqrt B$인 몬테카를로 추정량을 씁니다. [nm-09의 경사 하강법](nm-09_optimization.ipynb#sec-gd)은 정확한 그래디언트로 학습률과 조건수의 관계를 다루고, 실제 학습에서는 이 잡음이 그 위에 더해집니다. [Adam](nm-09_optimization.ipynb#sec-adam)의 두 번째 모멘트 $v$는 그래디언트 제곱의 이동 평균, 곧 $\mathbb{E}[g^2] = (\mathbb{E}g)^2 + \operatorname{Var} g$의 추정값이라 평균의 제곱과 이 잡음의 분산을 함께 담습니다.
# - **nm-10 ML을 위한 수치 계산**: nm-10의 [로드맵](nm-10_numerics_for_ml.ipynb#sec-roadmap)은 이 강의의 §8, 곧 미니배치 그래디언트의 잡음이 $1/\sqrt B$로 주는 이유를 배경 지식으로 씁니다. 표준 오차를 스트리밍과 병합으로 구하는 것은 [nm-02 §6](nm-02_error_analysis.ipynb#sec-variance)의 Welford와 Chan이고, 혼합 정밀도로 긴 합을 낼 때의 누적 오차는 [nm-01의 합산](nm-01_floating_point.ipynb#sec-summation)에서 다루었습니다.
# - **nm-08 근사 이론**: 가우스-르장드르의 지수 수렴과 꺾임에서의 붕괴는 [체비쇼프 근사](nm-08_approximation.ipynb#sec-chebyshev)의 수렴과 같은 이유(해석성과 베른슈타인 타원)에서 나옵니다.
