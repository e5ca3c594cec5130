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
# # nm-09 수치 최적화
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 15초 안팎이 걸립니다(대부분은 PyTorch를 처음 불러오는 시간입니다).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# 신경망 학습은 손실 함수의 최솟점을 찾는 반복 계산입니다. 학습률을 조금 키웠더니 손실이 갑자기 `inf`가 되거나, float16으로 바꿨더니 Adam이 첫 걸음에 가중치를 `NaN`으로 만드는 일은 모델이 틀려서가 아니라 **최적화 알고리즘의 수치적 성질** 때문에 일어납니다.
#
# 이 강의는 그 성질을 숫자로 잽니다. 2차 함수에서 경사 하강법(gradient descent)의 안정 한계 $2/L$과 수렴 속도 $(\kappa-1)/(\kappa+1)$을 재고, 모멘텀(momentum)이 왜 반복 횟수를 $\sqrt\kappa$에 비례하도록 줄이는지, 뉴턴 법(Newton's method)의 자릿수가 왜 두 배씩 느는지 봅니다.
#
# 후반은 딥러닝의 표준 최적화기 Adam입니다. 바이어스 보정(bias correction)과 $\varepsilon$의 역할을 재고, float16에서 $\varepsilon = 10^{-8}$이 0이 되어 업데이트가 `NaN`이 되는 순간과 그 처방(float32 마스터 가중치), 그래디언트 클리핑(gradient clipping)을 봅니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 2차 함수 $f = \tfrac12 x^{\mathsf T}Ax$에서 경사 하강법이 $\eta < 2/L$에서만 수렴하고, 최적 스텝의 수렴률이 $(\kappa-1)/(\kappa+1)$임을 고윳값으로 설명할 수 있습니다.
# - 모멘텀과 네스테로프(Nesterov) 가속이 반복 횟수를 $O(\kappa)$에서 $O(\sqrt\kappa)$로 줄이는 것을 측정으로 확인할 수 있습니다.
# - 아르미호(Armijo) 충분 감소 조건과 뉴턴 법의 2차 수렴, 안장점(saddle point)에서 뉴턴 법이 실패하는 이유를 설명할 수 있습니다.
# - Adam의 바이어스 보정과 $\varepsilon$이 첫 걸음의 크기를 어떻게 정하는지, float16에서 무엇이 깨지는지 설명할 수 있습니다.
#
# **코딩 기술**
# - 되추적 선 탐색(backtracking line search)과 뉴턴 법을 NumPy로 구현하고, `torch.optim.LBFGS`, `torch.optim.Adam`을 직접 만든 계산과 비교할 수 있습니다.
# - `torch.nn.utils.clip_grad_norm_`의 결과를 직접 쓴 공식과 비교할 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 (경사 하강법과 조건수) 12분 → §2 (모멘텀과 네스테로프) 10분 → §3 (아르미호 선 탐색) 8분 → §4 (뉴턴 법과 안장점) 12분 → §5 (L-BFGS) 8분 → §6 (Adam의 바이어스 보정과 ε) 8분 → §7 (float16의 Adam) 10분 → §8 (그래디언트 클리핑) 4분 → 연습 안내와 핵심 정리 3분. 심화 (선택) 절은 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import math
import time

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import torch

from utils.plotting import setup_plots

setup_plots()
torch.manual_seed(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52
SUMMARY = {}  # the numbers quoted in the summary, filled in by the sections


def rosen(x, y):
    """Rosenbrock's function; minimum 0 at (1, 1). Works on floats, arrays and tensors."""
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosen_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)


print(f"float64 eps = {EPS64:.3e}, torch {torch.__version__}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-gd"></a>
#
# ## 1. 경사 하강법과 조건수
#
# 가장 단순한 최적화 알고리즘은 그래디언트(gradient)의 반대 방향으로 조금씩 가는 경사 하강법 $x_{k+1} = x_k - \eta\,\nabla f(x_k)$입니다. 그 성질은 2차 함수 $f(x) = \tfrac12 x^{\mathsf T}Ax$ ($A$는 대칭 양의 정부호(SPD), 고윳값 $\mu = \lambda_{\min}$, $L = \lambda_{\max}$)에서 정확히 계산됩니다. $\nabla f = Ax$이므로
#
# $$
# x_{k+1} = (I - \eta A)\,x_k, \qquad \text{고유 방향마다} \quad x^{(i)}_{k+1} = (1 - \eta\lambda_i)\,x^{(i)}_k
# $$
#
# 입니다. 반복 행렬이 $I - \eta A$인 정상 반복법([nm-06 §1](nm-06_iterative_methods.ipynb#sec-stationary))이고, 모든 $|1-\eta\lambda_i| < 1$이어야 수렴하므로 **안정 한계는 $\eta < 2/L$** 입니다. $A = \operatorname{diag}(1, 10)$에서 $2/L$의 바로 아래와 바로 위를 500걸음씩 돌려 봅니다.

# %% slideshow={"slide_type": "subslide"}
def gd_quadratic(A, x0, eta, n_steps):
    """Gradient descent on f = ½ xᵀAx; returns the iterates, shape (n_steps + 1, n)."""
    xs = [np.asarray(x0, dtype=float)]
    for _ in range(n_steps):
        xs.append(xs[-1] - eta * (A @ xs[-1]))
    return np.array(xs)


A2 = np.diag([1.0, 10.0])
L2 = np.linalg.eigvalsh(A2).max()
x_start = np.array([1.0, 1.0])
below = gd_quadratic(A2, x_start, 0.99 * 2 / L2, 500)
above = gd_quadratic(A2, x_start, 1.01 * 2 / L2, 500)
print(f"2/L = {2 / L2:.3f}")
print(f"eta = 0.99·2/L: ‖x_500‖ = {np.linalg.norm(below[-1]):.2e}")
print(f"eta = 1.01·2/L: ‖x_500‖ = {np.linalg.norm(above[-1]):.2e}")
assert np.linalg.norm(below[-1]) < 1e-3  # |1 - eta L| = 0.98 < 1: converges
assert np.linalg.norm(above[-1]) > 1e3  # |1 - eta L| = 1.02 > 1: diverges
assert np.all(np.sign(above[1:, 1]) == -np.sign(above[:-1, 1]))  # the L-direction flips sign every step
assert f"{np.linalg.norm(above[-1]):.0e}" == "2e+04"  # ≈ 1.02^500: the number quoted below
SUMMARY["diverged_norm"] = float(np.linalg.norm(above[-1]))

# %% [markdown] slideshow={"slide_type": "-"}
# 한계를 1% 넘기면 500걸음 뒤 $\|x\|$가 $2 \times 10^4$으로 커지고, $L$ 방향 성분은 매 걸음 부호를 바꿉니다. 학습률 폭주(학습률이 가장 가파른 방향의 $2/L$을 넘는 것)가 손실을 `inf`로 보내는 원리가 이것입니다.
#
# 수렴하는 범위에서 가장 좋은 고정 스텝은 양 끝의 두 방향, 곧 가장 느린 방향과 가장 빠른 방향의 $|1-\eta\mu|$과 $|1-\eta L|$을 같게 만드는 $\eta^* = 2/(L+\mu)$이고, 그때 한 걸음의 수축률은 [nm-02 §3](nm-02_error_analysis.ipynb#sec-condition)과 [nm-05 §1](nm-05_linear_algebra.ipynb#sec-condition)의 조건수(condition number) $\kappa = L/\mu$로
#
# $$
# q_{\text{GD}} = \frac{L-\mu}{L+\mu} = \frac{\kappa - 1}{\kappa + 1}
# $$
#
# 입니다. 고윳값이 $[1, \kappa]$에 흩어진 50차원 무작위 SPD 행렬에서 오차의 한 걸음당 수축률을 재어 공식과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(0)


def random_spd(n, kappa, rng):
    """A random SPD matrix with eigenvalues 1 and kappa and n - 2 uniform ones between."""
    lam = np.concatenate([[1.0, kappa], rng.uniform(1.0, kappa, n - 2)])
    Q = np.linalg.qr(rng.standard_normal((n, n)))[0]
    return (Q * lam) @ Q.T


kappas = [10.0, 100.0, 1000.0]
measured, predicted = [], []
for kappa in kappas:
    A = random_spd(50, kappa, rng)
    lam = np.linalg.eigvalsh(A)
    q = (kappa - 1) / (kappa + 1)
    k2 = int(50 / (1 - q))  # late steps: the two slowest directions dominate
    k1 = k2 // 2
    norms = np.linalg.norm(gd_quadratic(A, rng.standard_normal(50), 2 / (lam[-1] + lam[0]), k2), axis=1)
    measured.append((norms[k2] / norms[k1]) ** (1 / (k2 - k1)))
    predicted.append((kappa - 1) / (kappa + 1))
    print(f"kappa = {kappa:6.0f}: measured {measured[-1]:.6f}, (kappa-1)/(kappa+1) = {predicted[-1]:.6f}")
np.testing.assert_allclose(1 - np.array(measured), 1 - np.array(predicted), rtol=0.02)
steps_needed = math.log(1e8) / (1 - measured[-1])  # steps to shrink the error 1e8-fold at kappa = 1000
print(f"kappa = 1000: about {steps_needed:.0f} steps to shrink the error by 1e8")
assert 8500 < steps_needed < 9500 and round(steps_needed, -2) == 9200  # the number quoted below
SUMMARY["gd_rate_k1000"] = measured[-1]

# %% [markdown] slideshow={"slide_type": "-"}
# 측정한 수축률이 세 $\kappa$ 모두 $(\kappa-1)/(\kappa+1)$과 $1-q$의 2% 안에서 같습니다. $\kappa = 1000$이면 수렴률 $q = 0.998$이라 오차를 $10^{-8}$로 줄이는 데 $\ln 10^8 / (1-q) \approx 9200$걸음이 듭니다.
#
# 그림으로 보면 원인이 보입니다. $f = \tfrac12(x^2 + 10y^2)$의 등고선은 길쭉한 타원이고, 그래디언트는 타원의 중심이 아니라 가장 가파른 $y$ 방향을 가리킵니다. 그래서 경사 하강법은 골짜기를 가로질러 **지그재그**(zig-zag)로 내려갑니다.

# %% slideshow={"slide_type": "subslide"}
gx, gy = np.meshgrid(np.linspace(-11, 11, 200), np.linspace(-3.5, 3.5, 200))
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for ax, eta, title in zip(axes, [2 / 11, 0.19], [r"$\eta^* = 2/(L+\mu)$", r"$\eta = 0.19 \approx 0.95 \cdot 2/L$"],
                          strict=True):
    path = gd_quadratic(A2, [10.0, 3.0], eta, 25)
    ax.contour(gx, gy, 0.5 * (gx**2 + 10 * gy**2), levels=np.geomspace(0.5, 200, 12), colors="0.7")
    ax.plot(path[:, 0], path[:, 1], "o-", ms=3, color="C3")
    ax.set(title=f"경사 하강법 25걸음, {title}", xlabel="x", ylabel="y")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 경사 하강법은 고유 방향마다 $1 - \eta\lambda_i$를 곱하는 반복입니다. 가장 가파른 방향($L$)이 스텝의 상한 $2/L$을 정하고, 가장 완만한 방향($\mu$)은 그 작은 스텝으로 기어가야 합니다. 그래서 반복 횟수는 조건수 $\kappa = L/\mu$에 비례하고, 길쭉한 골짜기에서는 지그재그가 됩니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-momentum"></a>
#
# ## 2. 모멘텀과 네스테로프 가속
#
# 지그재그의 해법은 이전 걸음을 기억하는 것입니다. 헤비볼(heavy ball) 모멘텀은 $x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1})$이고, 2차 함수에서 $\alpha = 4/(\sqrt L + \sqrt\mu)^2$, $\beta = \big(\tfrac{\sqrt\kappa-1}{\sqrt\kappa+1}\big)^2$로 고르면 수렴률이
#
# $$
# q_{\text{HB}} = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1} \approx 1 - \frac{2}{\sqrt\kappa}
# $$
#
# 가 됩니다. 네스테로프 가속은 미리 간 점 $y_k = x_k + \beta(x_k - x_{k-1})$에서 그래디언트를 재어 $x_{k+1} = y_k - \nabla f(y_k)/L$로 갑니다($\beta = \tfrac{\sqrt\kappa-1}{\sqrt\kappa+1}$). 세 방법이 오차를 $10^{-8}$배로 줄이는 반복 횟수를 $\kappa$에 대해 셉니다. 계산을 빠르게 하려고 대각 행렬을 씁니다(경사 하강법은 회전에 무관하므로 고윳값만 중요합니다).

# %% slideshow={"slide_type": "subslide"}
def iterations_to_tol(kappa, method, tol=1e-8, n=50):
    """Steps until ‖x_k‖ ≤ tol·‖x_0‖ on f = ½ Σ λ_i x_i², λ log-spaced in [1, kappa]."""
    lam = np.logspace(0, np.log10(kappa), n)
    x = x_prev = np.ones(n)
    s = math.sqrt(kappa)
    k, stop = 0, tol * np.linalg.norm(x)
    while np.linalg.norm(x) > stop:
        if method == "gd":
            x, x_prev = x - 2 / (kappa + 1) * lam * x, x
        elif method == "heavy ball":
            x, x_prev = x - 4 / (s + 1) ** 2 * lam * x + ((s - 1) / (s + 1)) ** 2 * (x - x_prev), x
        else:  # Nesterov
            y = x + (s - 1) / (s + 1) * (x - x_prev)
            x, x_prev = y - lam * y / kappa, x
        k += 1
    return k

# %% slideshow={"slide_type": "subslide"}
kappa_grid = np.logspace(1, 3.5, 6)
counts = {m: [iterations_to_tol(k, m) for k in kappa_grid] for m in ("gd", "heavy ball", "Nesterov")}
slopes = {m: float(np.polyfit(np.log(kappa_grid), np.log(c), 1)[0]) for m, c in counts.items()}
for m, c in counts.items():
    print(f"{m:10s}: {c}  (log-log slope {slopes[m]:.2f})")
gd_model = [math.log(1e8) / -math.log((k - 1) / (k + 1)) for k in kappa_grid]
np.testing.assert_allclose(counts["gd"], gd_model, rtol=0.1)  # ln(1/tol) / -ln rho_GD
assert 0.9 < slopes["gd"] < 1.1  # O(kappa)
assert 0.4 < slopes["heavy ball"] < 0.62 and 0.4 < slopes["Nesterov"] < 0.62  # O(sqrt(kappa))
assert counts["heavy ball"][-1] * 20 < counts["gd"][-1] and counts["Nesterov"][-1] * 20 < counts["gd"][-1]
SUMMARY["counts_k3162"] = {m: c[-1] for m, c in counts.items()}
SUMMARY["slopes"] = slopes


# %% slideshow={"slide_type": "subslide"}
def rate_and_disc(lam, kappa, method):
    """Spectral radius of the 2×2 iteration matrix for one eigenvalue, and its discriminant."""
    s, a = math.sqrt(kappa), 1 - lam / kappa  # Nesterov: y = x + β(x - x_prev), x_new = (1 - λ/L) y
    if method == "heavy ball":
        trace, det = 1 + ((s - 1) / (s + 1)) ** 2 - 4 / (s + 1) ** 2 * lam, ((s - 1) / (s + 1)) ** 2
    else:
        trace, det = (1 + (s - 1) / (s + 1)) * a, (s - 1) / (s + 1) * a
    return max(abs(np.roots([1.0, -trace, det]))), trace**2 - 4 * det


k_big = kappa_grid[-1]
lam_big = np.logspace(0, np.log10(k_big), 50)
rates = {m: max(rate_and_disc(lam, k_big, m)[0] for lam in lam_big) for m in ("heavy ball", "Nesterov")}
print(f"kappa = {k_big:.0f}: rate heavy ball {rates['heavy ball']:.4f} (1 - 2/√κ = {1 - 2 / math.sqrt(k_big):.4f}), "
      f"Nesterov {rates['Nesterov']:.4f} (1 - 1/√κ = {1 - 1 / math.sqrt(k_big):.4f})")
ratio_logs = math.log(rates["heavy ball"]) / math.log(rates["Nesterov"])
ratio_counts = counts["Nesterov"][-1] / counts["heavy ball"][-1]
print(f"-ln(rate) ratio {ratio_logs:.2f}; measured step-count ratio Nesterov / heavy ball {ratio_counts:.2f}")
np.testing.assert_allclose(rates["heavy ball"], (math.sqrt(k_big) - 1) / (math.sqrt(k_big) + 1), rtol=1e-12)
np.testing.assert_allclose(rates["Nesterov"], 1 - 1 / math.sqrt(k_big), rtol=1e-6)
assert 1.9 < ratio_logs < 2.1 and round(ratio_counts, 1) == 1.6  # Nesterov slower, but by less than 2×
disc_ends = [rate_and_disc(lam, k_big, "heavy ball")[1] for lam in (1.0, k_big)]
assert max(abs(d) for d in disc_ends) < 1e-12  # double roots at λ = μ and λ = L: k·q^k start
SUMMARY["count_ratio"] = ratio_counts

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(7, 4))
korean = {"gd": "경사 하강법", "heavy ball": "헤비볼", "Nesterov": "네스테로프"}
for m, c in counts.items():
    ax.loglog(kappa_grid, c, "o-", label=f"{korean[m]} (기울기 {slopes[m]:.2f})")
ax.loglog(kappa_grid, 0.5 * kappa_grid * math.log(1e8), "k:", label=r"$\frac{\kappa}{2}\ln 10^8$")
ax.loglog(kappa_grid, 0.5 * np.sqrt(kappa_grid) * math.log(1e8), "k--", label=r"$\frac{\sqrt{\kappa}}{2}\ln 10^8$")
ax.set(xlabel=r"조건수 $\kappa$", ylabel="오차 $10^{-8}$배까지 반복 횟수", title="경사 하강법 O(κ) 대 가속 O(√κ)")
ax.legend(fontsize=9)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# $\kappa \approx 3162$에서 경사 하강법은 26582걸음, 헤비볼은 665걸음, 네스테로프는 1086걸음입니다. 로그-로그 기울기가 1.00 대 0.53이고(위 출력), 이것은 [nm-06 §2](nm-06_iterative_methods.ipynb#sec-cg)의 켤레 기울기법(conjugate gradient)이 최급 강하법을 이기는 것과 같은 $\sqrt\kappa$입니다. 딥러닝의 `SGD(momentum=0.9)`가 이 헤비볼입니다.
#
# 네스테로프가 더 느린 것은 위 매개변수(스텝 $1/L$, $\beta = \tfrac{\sqrt\kappa-1}{\sqrt\kappa+1}$)에서 가장 느린 방향의 수렴률이 약 $1 - 1/\sqrt\kappa$로, 헤비볼의 $1 - 2/\sqrt\kappa$보다 1에 가깝기 때문입니다(위 출력). 걸음 수의 비가 2가 아니라 1.6인 것은 헤비볼의 반복 행렬이 양 끝 고유 방향($\lambda = \mu, L$)에서 겹근을 가져 오차가 $k\,q^k$ 꼴로 늦게 줄기 시작하기 때문입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 모멘텀은 지그재그의 좌우 성분을 서로 상쇄시키고 골짜기 방향 성분을 누적합니다. 그 결과 수렴률이 $(\kappa-1)/(\kappa+1)$에서 $(\sqrt\kappa-1)/(\sqrt\kappa+1)$로 바뀌어, 반복 횟수가 $\kappa$가 아니라 $\sqrt\kappa$에 비례합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-line-search"></a>
#
# ## 3. 아르미호 되추적 선 탐색
#
# 실제 문제에서는 $L$을 모르므로 고정 스텝 $\eta < 2/L$을 미리 고를 수 없습니다. 선 탐색(line search)은 매 걸음 방향 $p$(예: $-\nabla f$)를 정한 뒤 스텝 길이 $\alpha$를 고릅니다. "조금이라도 줄면 된다"는 기준은 부족합니다. 아르미호 조건(충분 감소 조건, sufficient decrease condition)은 1차 근사가 예측한 감소의 $c$배 이상을 요구합니다.
#
# $$
# f(x + \alpha p) \le f(x) + c\,\alpha\,\nabla f(x)^{\mathsf T} p, \qquad \nabla f(x)^{\mathsf T}p < 0, \quad c = 10^{-4}
# $$
#
# 되추적(backtracking)은 $\alpha = 1$에서 시작해 조건을 만족할 때까지 줄임 비율 $\rho = 1/2$(코드의 `rho`)를 곱합니다. §1–2의 수렴률 $q$와는 다른 수입니다. 로젠브록(Rosenbrock) 함수 $f = (1-x)^2 + 100(y-x^2)^2$의 시작점 $(-1.2, 1)$에서 $p = -\nabla f$로 몇 번 반으로 줄이는지 셉니다.

# %% slideshow={"slide_type": "subslide"}
x_r = np.array([-1.2, 1.0])
g_r = np.array(rosen_grad(*x_r))
p_r = -g_r
f0, slope = rosen(*x_r), float(g_r @ p_r)
alpha, halvings = 1.0, 0
print(f"f(x) = {f0:.3f}, ∇fᵀp = {slope:.1f}")
while rosen(*(x_r + alpha * p_r)) > f0 + 1e-4 * alpha * slope:
    print(f"  alpha = 2^-{halvings:<2d}: f(x+αp) = {rosen(*(x_r + alpha * p_r)):11.4e} > "
          f"{f0 + 1e-4 * alpha * slope:.4f}")
    alpha, halvings = alpha / 2, halvings + 1
print(f"accepted alpha = 2^-{halvings} = {alpha:.3e}: f = {rosen(*(x_r + alpha * p_r)):.4f}")
assert alpha == 2.0**-halvings and rosen(*(x_r + alpha * p_r)) <= f0 + 1e-4 * alpha * slope
assert rosen(*(x_r + 2 * alpha * p_r)) > f0 + 2e-4 * alpha * slope  # the previous one failed
assert 5 <= halvings <= 15 and rosen(*(x_r + alpha * p_r)) < f0 / 4  # |∇f| ≈ 230: unit step far too long
assert round(f0, 1) == 24.2 and f"{rosen(*(x_r + p_r)):.0e}" == "2e+11" and halvings == 10  # quoted below
assert round(float(np.linalg.norm(g_r)), -1) == 230 and round(rosen(*(x_r + alpha * p_r)), 1) == 5.1
SUMMARY["halvings"] = halvings

# %% [markdown] slideshow={"slide_type": "-"}
# 그래디언트의 크기가 약 230이라 $\alpha = 1$에서는 $f$가 $2 \times 10^{11}$로 튀고, 10번 반으로 줄인 $\alpha = 2^{-10}$에서 조건이 맞아 $f$가 $24.2 \to 5.1$로 줄어듭니다. "줄기만 하면 된다"는 기준이 왜 부족한지는 1차원 $f = x^2$, $x = 1$, $p = -1.9999$에서 보입니다. $\alpha = 1$이면 $f$가 $1 \to 0.9998$로 줄지만, 1차 근사가 예측한 감소 $-\nabla f^{\mathsf T}p \approx 4$의 $c = 10^{-4}$배($4 \times 10^{-4}$)에도 못 미칩니다. 그런 걸음을 계속 받아들이면 골짜기 양쪽을 튕기며 제자리에 머뭅니다.

# %% slideshow={"slide_type": "subslide"}
x1, p1 = 1.0, -1.9999
f_new, predicted_drop = (x1 + p1) ** 2, -2 * x1 * p1  # f(x + p) and -∇fᵀp at alpha = 1
print(f"alpha = 1: f = {f_new:.6f} (decrease {1 - f_new:.1e}, c·predicted {1e-4 * predicted_drop:.1e})")
assert f_new < 1.0  # "any decrease" would accept it ...
assert 1 - f_new < 1e-4 * predicted_drop  # ... yet it is below c times the predicted decrease
assert (x1 + 0.5 * p1) ** 2 <= 1.0 - 1e-4 * 0.5 * predicted_drop  # Armijo's alpha = 1/2 lands at ≈ 0

# %% [markdown] slideshow={"slide_type": "-"}
# 연습 문제 `backtracking_line_search`가 이 되추적입니다. 이제 아르미호 경사 하강법으로 로젠브록을 $f \le 10^{-8}$까지 풉니다. 굽은 좁은 골짜기(최솟점의 헤세 행렬(Hessian)의 조건수가 약 2500)에서 얼마나 걸리는지 셉니다. 경로는 §5에서 L-BFGS와 나란히 그립니다.

# %% slideshow={"slide_type": "subslide"}
def gd_armijo_rosen(x0, tol=1e-8, max_iter=50_000):
    """Steepest descent with Armijo backtracking on Rosenbrock; path and f-evaluation count."""
    x, y = x0
    path, n_eval = [(x, y)], 0
    while rosen(x, y) > tol and len(path) <= max_iter:
        gx_, gy_ = rosen_grad(x, y)
        fx, alpha, n_eval = rosen(x, y), 1.0, n_eval + 2
        while rosen(x - alpha * gx_, y - alpha * gy_) > fx - 1e-4 * alpha * (gx_ * gx_ + gy_ * gy_):
            alpha, n_eval = alpha / 2, n_eval + 1
        x, y = x - alpha * gx_, y - alpha * gy_
        path.append((x, y))
    return np.array(path), n_eval


start = time.perf_counter()
gd_path, gd_evals = gd_armijo_rosen((-1.2, 1.0))
print(f"GD + Armijo: {len(gd_path) - 1} iterations, {gd_evals} f-evaluations, "
      f"{time.perf_counter() - start:.2f} s, final f = {rosen(*gd_path[-1]):.1e}")
hess_min = np.array([[802.0, -400.0], [-400.0, 200.0]])  # Hessian of Rosenbrock at (1, 1)
print(f"cond(Hessian at the minimum) = {np.linalg.cond(hess_min):.0f}")
assert rosen(*gd_path[-1]) <= 1e-8 and len(gd_path) - 1 > 1000  # thousands of iterations
assert 2000 < np.linalg.cond(hess_min) < 3000
SUMMARY["gd_rosen"] = (len(gd_path) - 1, gd_evals)

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 선 탐색은 "$L$을 몰라도 되는 학습률"입니다. 아르미호 조건은 1차 근사가 약속한 감소의 일부를 실제로 얻었는지를 보고, 못 얻으면 스텝을 줄입니다. 하지만 방향이 $-\nabla f$인 한 조건수의 벽은 그대로라, 로젠브록에서는 수천 번의 반복이 듭니다. 방향을 바꿔야 합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-newton"></a>
#
# ## 4. 뉴턴 법: 2차 수렴과 안장점
#
# 뉴턴 법은 $f$를 2차 테일러 근사로 바꾸고 그 최솟점으로 갑니다. 헤세 행렬(Hessian) $H = \nabla^2 f$로
#
# $$
# x_{k+1} = x_k - H(x_k)^{-1}\,\nabla f(x_k), \qquad \text{곧 } H\,d = \nabla f \text{ 를 풀고 } x_{k+1} = x_k - d
# $$
#
# 입니다. 역행렬을 만들지 않고 선형 시스템을 풉니다([nm-05 §2](nm-05_linear_algebra.ipynb#sec-solve-vs-inv)). 2차 함수이면 한 걸음에 답이고, 최솟점 근처에서는 오차가 $e_{k+1} \approx C e_k^2$, 곧 **맞는 자릿수가 매번 두 배**가 됩니다([nm-06 §6](nm-06_iterative_methods.ipynb#sec-convergence-order)의 수렴 차수 2). $f(x) = e^x - 2x$(최솟점 $\ln 2$)를 60자리 mpmath로 풀어 자릿수를 셉니다.

# %% slideshow={"slide_type": "subslide"}
mp.mp.dps = 60
x_mp, digits = mp.mpf(0), []
for _ in range(7):
    x_mp = x_mp - (mp.exp(x_mp) - 2) / mp.exp(x_mp)  # f' = e^x - 2, f'' = e^x
    digits.append(float(-mp.log10(abs(x_mp - mp.log(2)))))
ratios = np.array(digits[1:]) / np.array(digits[:-1])
print("correct digits per iteration:", [f"{d:.1f}" for d in digits])
print("ratio of successive log-errors:", [f"{r:.2f}" for r in ratios])
assert np.all(np.diff(digits) > 0) and digits[-1] > 50
assert np.all(np.abs(ratios[2:] - 2) < 0.15)  # quadratic convergence: digits double
assert [round(d, 1) for d in digits] == [0.5, 1.4, 3.0, 6.4, 13.1, 26.5, 53.3]  # quoted below
assert [round(r, 2) for r in ratios[2:]] == [2.10, 2.05, 2.02, 2.01]
x64 = 0.0
for _ in range(6):
    x64 = x64 - (math.exp(x64) - 2) / math.exp(x64)
print(f"float64 after 6 steps: error {abs(x64 - math.log(2)):.1e}")
assert abs(x64 - math.log(2)) <= 2 * EPS64  # float64 stops at eps: no more digits to double
SUMMARY["newton_digits"] = digits

# %% slideshow={"slide_type": "subslide"}
gd_digits, x_gd = [], mp.mpf(0)
for _ in range(7):
    x_gd = x_gd - mp.mpf("0.25") * (mp.exp(x_gd) - 2)  # fixed step: error × (1 - 0.25 f''(x*)) = × 1/2
    gd_digits.append(float(-mp.log10(abs(x_gd - mp.log(2)))))
assert np.all(np.abs(np.diff(gd_digits)[-3:] - math.log10(2)) < 0.05)  # linear: log10(2) digits a step
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(range(1, 8), digits, "o-", label="뉴턴 법 (2차 수렴)")
ax.plot(range(1, 8), gd_digits, "s-", label=r"경사 하강법 $\eta = 1/4$ (1차 수렴)")
ax.axhline(-math.log10(EPS64), color="k", ls=":", label="float64의 한계 (약 16자리)")
ax.set(xlabel="반복", ylabel="맞는 자릿수", title=r"$f(x) = e^x - 2x$: 자릿수가 두 배씩")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 자릿수는 0.5, 1.4, 3.0, 6.4, 13.1, 26.5, 53.3자리로 매번 두 배가 되고(연속한 로그 오차의 비 2.10, 2.05, 2.02, 2.01), float64에서는 5~6걸음 만에 $\varepsilon$에 닿습니다. 1차 수렴하는 경사 하강법(고정 스텝 $1/4$, 오차가 매번 절반)은 한 걸음에 $\log_{10} 2 \approx 0.3$자리씩만 얻습니다. 스텝을 $1/f''(x^*) = 1/2$로 잡으면 경사 하강법도 답 근처에서 빨라지는데, 그것이 바로 곡률로 나누는 뉴턴 법의 생각입니다. 로젠브록에서 뉴턴 법은 몇 걸음이면 되는지 봅니다. 헤세 행렬은 직접 적은 식입니다.

# %% slideshow={"slide_type": "subslide"}
def rosen_hess(x, y):
    return np.array([[2 - 400 * (y - 3 * x * x), -400 * x], [-400 * x, 200.0]])


x_n, newton_path = np.array([-1.2, 1.0]), [np.array([-1.2, 1.0])]
while np.linalg.norm(rosen_grad(*x_n)) > 1e-10:
    x_n = x_n - np.linalg.solve(rosen_hess(*x_n), np.array(rosen_grad(*x_n)))
    newton_path.append(x_n)
print(f"Newton on Rosenbrock: {len(newton_path) - 1} steps, x = {x_n}")
np.testing.assert_allclose(x_n, [1.0, 1.0], atol=1e-12)
assert len(newton_path) - 1 <= 10  # vs thousands for gradient descent
SUMMARY["newton_rosen"] = len(newton_path) - 1

# %% [markdown] slideshow={"slide_type": "-"}
# 뉴턴 법은 $\nabla f = 0$인 점을 찾을 뿐, 그것이 최솟점인지는 모릅니다. $f = x^2 - y^2$의 원점은 안장점(saddle point)입니다: $x$ 방향으로는 최소, $y$ 방향으로는 최대입니다. 헤세 행렬의 고윳값이 $2, -2$로 부호가 섞여 있습니다(부정부호(indefinite)). 뉴턴 법은 한 걸음에 그 안장점으로 가고, 경사 하강법은 안장점에서 멀어집니다.

# %% slideshow={"slide_type": "subslide"}
grad_saddle = lambda v: np.array([2 * v[0], -2 * v[1]])  # noqa: E731
hess_saddle = np.diag([2.0, -2.0])
x_s = np.array([1.0, 0.5])
newton_end = x_s - np.linalg.solve(hess_saddle, grad_saddle(x_s))
eig = np.linalg.eigvalsh(hess_saddle)
print(f"Newton from {x_s}: one step to {newton_end}, Hessian eigenvalues {eig}")
x_g = x_s.copy()
for _ in range(30):
    x_g = x_g - 0.1 * grad_saddle(x_g)
print(f"gradient descent (eta = 0.1), 30 steps: {x_g}, f = {x_g[0] ** 2 - x_g[1] ** 2:.1f}")
assert np.all(newton_end == 0.0) and eig.min() < 0 < eig.max()  # converged to the saddle
np.testing.assert_allclose(abs(x_g[1]), 0.5 * 1.2**30, rtol=1e-12)  # |y| grows ×(1 + 2η) per step
assert x_g[0] ** 2 - x_g[1] ** 2 < -1e4  # gradient descent escapes downhill

# %% [markdown] slideshow={"slide_type": "-"}
# 그래서 연습 문제 `newton_minimize`는 멈춘 점에서 헤세 행렬이 양의 정부호인지 확인하고, 아니면 `RuntimeWarning`으로 알립니다. 실전의 뉴턴 계열 방법은 헤세 행렬에 $\lambda I$를 더하거나(레벤버그-마쿼트(Levenberg–Marquardt)) 신뢰 영역(trust region)을 써서 이 문제를 피합니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 뉴턴 법은 곡률로 스텝을 나누어 조건수의 벽을 없애고, 답 근처에서 자릿수를 매번 두 배로 늘립니다. 대가는 헤세 행렬의 선형 시스템과, $\nabla f = 0$이기만 하면 안장점이든 최댓점이든 간다는 것입니다. 멈춘 곳의 헤세 행렬 고윳값이 모두 양수인지 확인해야 최솟점입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 헤세 행렬 없이 헤세 행렬-벡터 곱
#
# 파라미터가 $n$개면 $H$는 $n^2$개의 수라 신경망에서는 만들 수 없습니다. 하지만 $Hv$는 그래디언트의 방향 도함수 $\nabla(\nabla f \cdot v)$이므로 [nm-04 §2](nm-04_reverse_ad.ipynb#sec-backward)의 역방향 패스를 한 번 더 하거나(아래 코드), nm-03처럼 그 위에 전방 모드(`torch.func.jvp`)를 얹어 정확히 얻습니다. $Hd = \nabla f$를 [켤레 기울기법](nm-06_iterative_methods.ipynb#sec-cg)으로 풀면 $Hv$만 쓰는 뉴턴-CG가 됩니다.

# %% slideshow={"slide_type": "skip"}
def rosen_t(v):
    return rosen(v[0], v[1])


v0 = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
direction = torch.tensor([0.3, -0.7], dtype=torch.float64)
(grad_v,) = torch.autograd.grad(rosen_t(v0), v0, create_graph=True)  # keep the graph of ∇f
(hvp,) = torch.autograd.grad(grad_v @ direction, v0)  # d/dv (∇f · d) = H d: a second backward pass
print("Hv by double backward:", hvp.numpy(), "  explicit H @ v:", rosen_hess(-1.2, 1.0) @ direction.numpy())
np.testing.assert_allclose(hvp.numpy(), rosen_hess(-1.2, 1.0) @ direction.numpy(), rtol=1e-14)

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-lbfgs"></a>
#
# ## 5. 준뉴턴 법: L-BFGS
#
# 준뉴턴 법(quasi-Newton method)은 헤세 행렬을 계산하지 않고, 지나온 그래디언트의 변화 $y_k = \nabla f_{k+1} - \nabla f_k$와 걸음 $s_k = x_{k+1} - x_k$로 곡률을 추정합니다. L-BFGS(limited-memory BFGS)는 최근 $m$쌍($m = 10$ 정도)만 기억해 $H^{-1}\nabla f$를 $O(mn)$에 근사하므로, 큰 $n$에서도 씁니다. `torch.optim.LBFGS`로 로젠브록을 풀고 반복과 함수 계산 횟수를 셉니다.

# %% slideshow={"slide_type": "subslide"}
w = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
lbfgs = torch.optim.LBFGS([w], lr=1, max_iter=1, max_eval=50, history_size=10,
                          line_search_fn="strong_wolfe", tolerance_grad=1e-14, tolerance_change=1e-16)
n_closure = [0]


def closure():
    lbfgs.zero_grad()
    n_closure[0] += 1
    loss = rosen_t(w)
    loss.backward()
    return loss


lbfgs_path = [w.detach().numpy().copy()]
while rosen(*lbfgs_path[-1]) > 1e-8 and len(lbfgs_path) <= 200:
    lbfgs.step(closure)  # one L-BFGS iteration (its line search may call closure several times)
    lbfgs_path.append(w.detach().numpy().copy())
lbfgs_path = np.array(lbfgs_path)
print(f"L-BFGS: {len(lbfgs_path) - 1} iterations, {n_closure[0]} evaluations, f = {rosen(*lbfgs_path[-1]):.1e}")
print(f"GD + Armijo: {SUMMARY['gd_rosen'][0]} iterations, {SUMMARY['gd_rosen'][1]} evaluations")
assert rosen(*lbfgs_path[-1]) <= 1e-8 and len(lbfgs_path) - 1 < 100
assert SUMMARY["gd_rosen"][0] > 200 * (len(lbfgs_path) - 1)
SUMMARY["lbfgs"] = (len(lbfgs_path) - 1, n_closure[0])

# %% slideshow={"slide_type": "subslide"}
gx, gy = np.meshgrid(np.linspace(-1.6, 1.4, 300), np.linspace(-0.4, 1.6, 300))
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, path, name in zip(axes, [gd_path, lbfgs_path], ["경사 하강법 + 아르미호", "L-BFGS"], strict=True):
    ax.contour(gx, gy, rosen(gx, gy), levels=np.geomspace(0.1, 800, 15), colors="0.7")
    ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=0.8, color="C3")
    ax.plot(1, 1, "k*", ms=12)
    ax.set(title=f"{name}: {len(path) - 1}번 반복", xlabel="x")
axes[0].set_ylabel("y")
plt.show()
longest_jump = np.linalg.norm(np.diff(gd_path, axis=0), axis=1).max()
near_min = np.mean(np.linalg.norm(gd_path - 1.0, axis=1) < 0.2)  # share of GD iterates close to (1, 1)
print(f"GD: longest step {longest_jump:.2f}; {near_min:.1%} of its iterates lie within 0.2 of (1, 1)")
assert longest_jump > 1 and near_min > 0.9

# %% [markdown] slideshow={"slide_type": "-"}
# 경사 하강법은 처음에 긴 걸음 하나로 골짜기를 건너뛴 뒤, $(1,1)$ 근처의 좁고 굽은 골짜기 바닥을 수천 번의 작은 걸음으로 기어갑니다(별 옆의 빽빽한 점들). L-BFGS는 곡률을 배운 뒤 골짜기를 따라 35번 만에 $(1,1)$에 닿습니다. 함수 계산 수(L-BFGS의 `step`마다 `closure`를 한 번 먼저 부르는 것까지 센 수)도 78번 대 85022번입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: L-BFGS는 그래디언트만으로 헤세 행렬의 정보를 모읍니다. 최근 몇 걸음의 $(s_k, y_k)$가 골짜기의 휘어짐을 알려 주므로, 뉴턴 법에 가까운 방향을 헤세 행렬 없이 얻습니다. 결정적인(확률적이지 않은) 작은 문제에서는 반복 수로 경사 하강법의 200분의 1 남짓이면 됩니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-adam"></a>
#
# ## 6. Adam: 바이어스 보정과 ε
#
# 딥러닝의 그래디언트는 미니배치마다 다르고(확률적), 파라미터마다 크기가 여러 자릿수씩 다릅니다. Adam은 그래디언트의 이동 평균 $m$과 제곱의 이동 평균 $v$로 파라미터마다 스텝을 정합니다.
#
# $$
# m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \quad
# \hat m_t = \frac{m_t}{1-\beta_1^t}, \quad \hat v_t = \frac{v_t}{1-\beta_2^t}, \quad
# \theta_t = \theta_{t-1} - \mathrm{lr}\,\frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}
# $$
#
# $m_0 = v_0 = 0$에서 시작하므로 초기의 $m_t, v_t$는 0 쪽으로 치우쳐 있고, $1-\beta^t$로 나누는 것이 바이어스 보정(bias correction)입니다. 첫 걸음($t = 1$)에서 보정하면 $\hat m = g$, $\hat v = g^2$이라 걸음은 $\mathrm{lr}\cdot g/(|g|+\varepsilon) \approx \mathrm{lr}\cdot\operatorname{sign}(g)$입니다. 보정하지 않으면 $m/\sqrt v = (1-\beta_1)/\sqrt{1-\beta_2}\cdot\operatorname{sign}(g)$입니다. `torch.optim.Adam`의 첫 걸음과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
lr, (beta1, beta2), eps = 1e-3, (0.9, 0.999), 1e-8
grads = torch.tensor([3.0, -0.02, 1e-3], dtype=torch.float64)
theta = torch.zeros(3, dtype=torch.float64, requires_grad=True)
adam = torch.optim.Adam([theta], lr=lr, betas=(beta1, beta2), eps=eps)
theta.grad = grads.clone()
adam.step()
step_torch = -theta.detach().numpy()
g = grads.numpy()
m1, v1 = (1 - beta1) * g, (1 - beta2) * g * g
step_uncorrected = lr * m1 / (np.sqrt(v1) + eps)
print("first step / lr, torch (bias-corrected):", step_torch / lr)
print("first step / lr, without bias correction:", step_uncorrected / lr)
np.testing.assert_allclose(step_torch, lr * g / (np.abs(g) + eps), rtol=1e-12)  # ≈ lr·sign(g)
ratio = step_uncorrected / step_torch
np.testing.assert_allclose(ratio, (1 - beta1) / math.sqrt(1 - beta2), rtol=1e-3)
print(f"without correction the first step is {ratio[0]:.3f}× the corrected one "
      f"= (1-β1)/√(1-β2) = {(1 - beta1) / math.sqrt(1 - beta2):.3f}")
SUMMARY["uncorrected_ratio_t1"] = float(ratio[0])

# %% [markdown] slideshow={"slide_type": "-"}
# 보정한 첫 걸음은 그래디언트의 크기($3$이든 $10^{-3}$이든)와 상관없이 $\mathrm{lr}$이고, 보정하지 않으면 $(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16$배 **큽니다**. $m$보다 $v$가 0 쪽으로 더 심하게 치우치기 때문입니다: 보정 없는 첫 걸음의 분모 $\sqrt{1-\beta_2} \approx 0.032$가 분자 $1-\beta_1 = 0.1$의 3분의 1에 불과합니다. 일정한 그래디언트에서 그 비율 $(1-\beta_1^t)/\sqrt{1-\beta_2^t}$를 $t$에 대해 그리면, 초반 수백 걸음 동안 학습률이 몇 배로 부풀려집니다.

# %% slideshow={"slide_type": "subslide"}
t_grid = np.arange(1, 5001)
m_t, v_t, ratio_t = 0.0, 0.0, []
for _ in t_grid:  # constant gradient g = 1, no bias correction
    m_t, v_t = beta1 * m_t + (1 - beta1), beta2 * v_t + (1 - beta2)
    ratio_t.append(m_t / math.sqrt(v_t))
ratio_t = np.array(ratio_t)
np.testing.assert_allclose(ratio_t, (1 - beta1**t_grid) / np.sqrt(1 - beta2**t_grid), rtol=1e-12)
print(f"uncorrected step / lr: max {ratio_t.max():.2f} at t = {t_grid[ratio_t.argmax()]}, "
      f"{ratio_t[-1]:.3f} at t = 5000")
assert 6 < ratio_t.max() < 8 and abs(ratio_t[-1] - 1) < 0.01
SUMMARY["uncorrected_max"] = float(ratio_t.max())
SUMMARY["uncorrected_argmax"] = int(t_grid[ratio_t.argmax()])
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.semilogx(t_grid, ratio_t, label="보정 없음: $m_t/\\sqrt{v_t}$")
ax.axhline(1.0, color="C1", label="바이어스 보정: 언제나 1")
ax.set(xlabel="걸음 t", ylabel="걸음 크기 / lr", title="일정한 그래디언트에서 Adam의 걸음 크기")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# $\varepsilon$은 0으로 나누기를 막는 장치이지만 그 이상입니다. $|g| \gg \varepsilon$이면 걸음은 $|g|$와 상관없이 약 $\mathrm{lr}$이고, $|g| \ll \varepsilon$이면 $\mathrm{lr}\cdot|g|/\varepsilon \ll \mathrm{lr}$로 줄어 평범한 경사 하강법처럼 됩니다. Adam은 원소마다 따로 계산하므로, 크기가 $10^{-12}$부터 $1$까지인 그래디언트를 한 텐서에 넣어 한 번에 봅니다.

# %% slideshow={"slide_type": "subslide"}
g_sweep = torch.logspace(-12, 0, 49, dtype=torch.float64)
theta = torch.zeros(49, dtype=torch.float64, requires_grad=True)
adam = torch.optim.Adam([theta], lr=lr, eps=eps)
theta.grad = g_sweep.clone()
adam.step()
step_over_lr = -theta.detach().numpy() / lr
gs = g_sweep.numpy()
np.testing.assert_allclose(step_over_lr, gs / (gs + eps), rtol=1e-10)
print(f"|g| = 1e-12: step = {step_over_lr[0]:.1e}·lr; |g| = 1e-8: {step_over_lr[16]:.2f}·lr; "
      f"|g| = 1e-4: {step_over_lr[32]:.6f}·lr")
assert step_over_lr[gs <= 1e-10].max() < 0.01 and step_over_lr[gs >= 1e-6].min() > 0.99
inside_sqrt = gs / np.sqrt(gs**2 + eps)  # the same first step with eps inside the square root
print(f"eps inside the sqrt at |g| = 1e-4: step = {inside_sqrt[32]:.3f}·lr instead of {step_over_lr[32]:.4f}·lr")
assert abs(inside_sqrt[32] - 2**-0.5) < 1e-3 and step_over_lr[32] > 0.999
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.semilogx(gs, step_over_lr, "o-", ms=3)
ax.axvline(eps, color="k", ls=":", label=r"$\varepsilon = 10^{-8}$")
ax.set(xlabel="|g|", ylabel="첫 걸음 / lr", title=r"Adam의 첫 걸음 $= \mathrm{lr}\,|g|/(|g|+\varepsilon)$")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 연습 문제 `adam_step`은 이 갱신을 NumPy로 구현하고, 검사는 `torch.optim.Adam`을 직접 돌려 비교합니다. PyTorch는 $\varepsilon$을 **제곱근 밖에서, 바이어스 보정 뒤에** 더합니다($\sqrt{\hat v} + \varepsilon$). $\sqrt{\hat v + \varepsilon}$으로 쓰면 위 출력처럼 $|g| = 10^{-4}$에서 첫 걸음이 $0.9999\,\mathrm{lr}$ 대신 $0.707\,\mathrm{lr}$가 됩니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: Adam의 걸음은 $\mathrm{lr}\cdot\hat m/(\sqrt{\hat v}+\varepsilon)$, 곧 "그래디언트의 부호 × 학습률"에 가깝습니다. 바이어스 보정은 처음 수백 걸음에서 이 크기를 $\mathrm{lr}$로 맞추고(보정 없이는 $t = 12$에서 최대 약 6.6배), $\varepsilon$은 $|g|$가 $\varepsilon$보다 작은 파라미터의 걸음을 $\mathrm{lr}\,|g|/\varepsilon$으로 줄입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-adam-fp16"></a>
#
# ## 7. float16에서 Adam이 깨지는 이유
#
# [nm-01 §5](nm-01_floating_point.ipynb#sec-range)에서 float16의 가장 작은 비정규수(subnormal)가 $2^{-24} \approx 5.96 \times 10^{-8}$이고, 그 절반 $2^{-25}$보다 작은 수는 0으로 반올림된다는 것을 보았습니다. $\varepsilon = 10^{-8}$은 그 경계보다 작습니다.

# %% slideshow={"slide_type": "subslide"}
tiny16 = float(np.finfo(np.float16).smallest_subnormal)
print(f"float16 smallest subnormal = {tiny16:.3e}, half of it = {tiny16 / 2:.3e}")
print(f"float16(1e-8) = {float(np.float16(1e-8))}, float16(3e-8) = {float(np.float16(3e-8)):.3e}")
assert tiny16 == 2.0**-24 and 1e-8 < tiny16 / 2
assert float(np.float16(1e-8)) == 0.0  # eps = 1e-8 is gone in float16
assert float(np.float16(3e-8)) == tiny16  # just above 2^-25 rounds up to 2^-24
g16 = np.logspace(-5, -2, 3001).astype(np.float16)
with np.errstate(under="ignore"):
    sq_zero = g16[g16 * g16 == 0].max()  # the largest g whose g² is 0 in float16
    v_zero = g16[np.float16(1 - beta2) * (g16 * g16) == 0].max()  # (1 - β2) g² is 0
print(f"g² == 0 in float16 for |g| ≤ {float(sq_zero):.3e}; (1-β2)·g² == 0 for |g| ≤ {float(v_zero):.3e}")
assert math.sqrt(2.0**-25) * 0.99 < float(sq_zero) < math.sqrt(2.0**-24)  # |g| below ~1.7e-4 … 2.4e-4
assert 4e-3 < float(v_zero) < 7e-3
assert f"{float(sq_zero):.1e}" == "1.7e-04" and f"{float(v_zero):.1e}" == "5.4e-03"  # quoted below
SUMMARY["fp16_thresholds"] = (float(sq_zero), float(v_zero))

# %% [markdown] slideshow={"slide_type": "-"}
# $|g| \lesssim 1.7 \times 10^{-4}$이면 $g^2$ 자체가 0이고($\sqrt{2^{-24}} \approx 2.4 \times 10^{-4}$ 아래는 가장 작은 비정규수보다 작음), $v$의 첫 갱신 $(1-\beta_2)g^2$은 $|g| \lesssim 5.4 \times 10^{-3}$이면 0입니다. 그러면 Adam의 분모 $\sqrt{\hat v} + \varepsilon$이 $0 + 0$입니다. 파라미터와 상태를 모두 float16으로 둔 `torch.optim.Adam`으로 확인합니다: $g = 0$이면 $0/0$, 작은 $g$이면 $m/0$입니다.

# %% slideshow={"slide_type": "subslide"}
p16 = torch.ones(3, dtype=torch.float16, requires_grad=True)
grad16 = torch.tensor([0.0, 1e-3, 0.1], dtype=torch.float16)
adam16 = torch.optim.Adam([p16], lr=lr, eps=eps)
p16.grad = grad16.clone()
adam16.step()
state16 = adam16.state[p16]
print("float16 Adam: v =", state16["exp_avg_sq"].tolist(), " param =", p16.detach().tolist())
assert torch.isnan(p16[0]) and torch.isinf(p16[1])  # 0/0 = NaN and m/0 = inf
assert state16["exp_avg_sq"][1] == 0 and torch.isfinite(p16[2])  # v underflowed; |g| = 0.1 survives
SUMMARY["fp16_param"] = p16.detach().tolist()

# %% [markdown] slideshow={"slide_type": "-"}
# 한 걸음 만에 가중치 하나는 `NaN`, 하나는 `-inf`입니다. 혼합 정밀도 학습([nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp))은 그래서 **최적화기의 상태와 마스터 가중치(master weights)를 float32로** 둡니다. 전방·역방향 계산은 float16으로 하고, float16 그래디언트를 float32로 올려 float32 Adam이 갱신한 뒤, 다음 전방 계산을 위해 float16으로 복사합니다. 같은 그래디언트로 해 봅니다.

# %% slideshow={"slide_type": "subslide"}
master = p16.detach().new_ones(3).float().requires_grad_(True)  # float32 master copy of the weights
adam32 = torch.optim.Adam([master], lr=lr, eps=eps)
master.grad = grad16.float()  # the float16 gradient, upcast
adam32.step()
step32 = (1 - master.detach()).double().numpy()
g32 = grad16.double().numpy()
print("float32 state: v =", adam32.state[master]["exp_avg_sq"].tolist(), " step / lr =", step32 / lr)
assert torch.isfinite(master).all() and abs(adam32.state[master]["exp_avg_sq"][1].item() / 1e-9 - 1) < 0.01
np.testing.assert_allclose(step32, lr * g32 / (g32 + eps), rtol=1e-4, atol=1e-9)  # lr·g/(|g|+eps)
weights16 = master.detach().half()  # what the next float16 forward pass uses
print("float16 copy for the next forward pass:", weights16.tolist())
assert torch.isfinite(weights16).all() and weights16[1].item() == float(np.float16(1 - 1e-3))

# %% [markdown] slideshow={"slide_type": "-"}
# float32 상태에서는 $v = 10^{-9}$가 살아 있고, $g = 0$은 걸음 0, $g = 10^{-3}$과 $0.1$은 약 $\mathrm{lr}$만큼 움직입니다. 마지막 줄의 float16 복사본에서는 $1 - 10^{-3}$이 float16의 간격($2^{-11} \approx 4.9 \times 10^{-4}$) 단위로 반올림되지만 유한합니다. 작은 그래디언트 자체가 float16 역방향 패스에서 사라지는 문제는 손실 스케일링(loss scaling, `GradScaler`)이 다룹니다([nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)).

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: Adam의 분모 $\sqrt{\hat v}+\varepsilon$에는 float16이 담지 못하는 수가 둘 있습니다. $\varepsilon = 10^{-8} < 2^{-25}$는 0이 되고, 작은 그래디언트의 $v \propto g^2$는 underflow합니다. 그러면 $0/0 = $ `NaN`이나 $m/0 = \infty$입니다. 그래서 최적화기의 상태와 마스터 가중치는 float32로 둡니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-clipping"></a>
#
# ## 8. 그래디언트 클리핑
#
# 순환 신경망이나 학습 초기에는 그래디언트가 갑자기 $10^4$배로 커지는 일(그래디언트 폭발, exploding gradient)이 있습니다. 노름 클리핑(clipping by norm)은 모든 파라미터의 그래디언트를 이어 붙인 벡터의 노름 $\|g\|_2$가 `max_norm`을 넘으면 방향은 그대로 두고 크기만 줄입니다.
#
# $$
# g \leftarrow g \cdot \min\!\Big(1, \frac{\texttt{max\_norm}}{\|g\|_2 + 10^{-6}}\Big)
# $$
#
# `torch.nn.utils.clip_grad_norm_`의 결과를 이 공식과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
params = [torch.zeros(shape, dtype=torch.float64, requires_grad=True) for shape in [(4, 3), (3,), (2, 2)]]
raw = [100 * torch.randn(p.shape, dtype=torch.float64) for p in params]
for p, g_raw in zip(params, raw, strict=True):
    p.grad = g_raw.clone()
total = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0)
flat_raw = torch.cat([g_raw.flatten() for g_raw in raw])
flat_clipped = torch.cat([p.grad.flatten() for p in params])
own_norm = math.sqrt(sum(float((g_raw**2).sum()) for g_raw in raw))
expected = flat_raw * min(1.0, 1.0 / (own_norm + 1e-6))
cosine = float(flat_raw @ flat_clipped / (flat_raw.norm() * flat_clipped.norm()))
print(f"norm before {total.item():.2f} (own formula {own_norm:.2f}), after {flat_clipped.norm().item():.8f}, "
      f"cosine {cosine:.15f}")
np.testing.assert_allclose(total.item(), own_norm, rtol=1e-14)
torch.testing.assert_close(flat_clipped, expected, rtol=1e-14, atol=0)
assert abs(cosine - 1) < 1e-14 and abs(flat_clipped.norm().item() - 1.0) < 1e-5

# %% [markdown] slideshow={"slide_type": "-"}
# 노름은 정확히 `max_norm`(에 $10^{-6}$의 보정)으로 줄고, 방향(코사인 1)은 그대로입니다. 이제 폭발하는 그래디언트를 길들입니다. $f = \tfrac12(w_1^2 + 10^4 w_2^2)$에 $\mathrm{lr} = 0.01$이면 $w_2$ 방향의 $|1 - \mathrm{lr}\cdot 10^4| = 99$가 §1의 안정 한계를 넘습니다. 클리핑하면 한 걸음이 $\mathrm{lr}\cdot\texttt{max\_norm}$ 이하로 제한됩니다. 그것으로 수렴까지 하는지, $2/L = 2 \times 10^{-4}$ 아래의 학습률 $1.9 \times 10^{-4}$와 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def train(clip, lr=0.01, steps=150):
    """SGD on f = ½(w1² + 1e4 w2²) from (1, 1); the losses and the iterates."""
    wv = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    sgd = torch.optim.SGD([wv], lr=lr)
    losses, iterates = [], []
    for _ in range(steps):
        sgd.zero_grad()
        loss = 0.5 * (wv[0] ** 2 + 1e4 * wv[1] ** 2)
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_([wv], max_norm=1.0)
        sgd.step()
        losses.append(loss.item())
        iterates.append(wv.detach().numpy().copy())
    return np.array(losses), np.array(iterates)


(plain, _), (clipped, w_clip) = train(False), train(True)
small, w_small = train(False, lr=1.9e-4)  # below 2/L = 2e-4, no clipping
print(f"no clipping: loss after 10 steps {plain[10]:.1e}; clipping: loss {clipped[0]:.0f} -> {clipped[-1]:.3f}")
tail = w_clip[-30:, 1]
print(f"clipped, last 30 steps: |w2| in [{abs(tail).min():.1e}, {abs(tail).max():.1e}], loss in "
      f"[{clipped[-30:].min():.2f}, {clipped[-30:].max():.2f}]; lr = 1.9e-4: |w2| = {abs(w_small[-1, 1]):.1e}")
assert plain[10] > 1e40 and not np.isfinite(plain[-1])  # the step exceeds 2/L: ×99 per step, then inf/NaN
assert np.all(np.isfinite(clipped)) and np.abs(np.diff(w_clip, axis=0)).max() <= 0.01 + 1e-12  # step ≤ lr·max_norm
assert abs(tail).min() > 1e-3 and np.all(np.sign(tail[1:]) == -np.sign(tail[:-1]))  # w2 keeps bouncing
assert abs(w_small[-1, 1]) < 1e-6  # a learning rate below 2/L does converge in the w2 direction
SUMMARY["clip"] = (plain[10], clipped[-1])

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
shown = np.isfinite(plain) & (plain < 1e200)  # keep the log axis inside float64's range
axes[0].semilogy(np.arange(150)[shown], plain[shown], label="lr = 0.01, 클리핑 없음 (곧 inf, NaN)")
axes[0].semilogy(clipped, label="lr = 0.01, 노름 클리핑 (max_norm = 1)")
axes[0].semilogy(small, label="lr = 1.9e-4 < 2/L, 클리핑 없음")
axes[0].set(xlabel="걸음", ylabel="손실", title=r"$f = \frac{1}{2}(w_1^2 + 10^4 w_2^2)$")
axes[0].legend(fontsize=8)
axes[1].semilogy(np.abs(w_clip[:, 1]), color="C1", label="lr = 0.01, 클리핑")
axes[1].semilogy(np.abs(w_small[:, 1]), color="C2", label="lr = 1.9e-4")
axes[1].set(xlabel="걸음", ylabel=r"$|w_2|$", title="가파른 방향의 성분")
axes[1].legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 클리핑하지 않으면 10걸음 만에 손실이 $10^{40}$을 넘고 곧 `inf`, 이어서 `NaN`이 됩니다. 클리핑하면 한 걸음이 $\mathrm{lr}\cdot\texttt{max\_norm} = 0.01$ 이하로 묶여 폭주는 없지만, **수렴하지도 않습니다**. $w_2$는 $0.01$씩 내려온 뒤 매 걸음 부호를 바꾸며 튀고, 손실은 위 출력의 범위를 오갑니다. $\mathrm{lr} > 2/L$을 고치는 것은 학습률을 $2/L$ 아래로 내리는 것이고($\mathrm{lr} = 1.9 \times 10^{-4}$에서 $w_2$가 0으로 수렴), 클리핑은 그래디언트가 순간적으로 폭발할 때의 안전띠입니다. 손실 스케일링과 함께 쓸 때는 그래디언트를 먼저 원래 크기로 되돌린 뒤(`scaler.unscale_`) 클리핑해야 합니다([nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)).

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 노름 클리핑은 방향을 지키고 크기만 자릅니다. 한 걸음의 길이가 $\mathrm{lr}\cdot\texttt{max\_norm}$ 이하로 묶이므로, 그래디언트가 순간적으로 폭발해도 파라미터가 멀리 튀지 않습니다. 하지만 학습률이 $2/L$을 넘는 것 자체를 고치지는 못합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 연습 문제
#
# [`exercises/nm-09_exercises.ipynb`](../exercises/nm-09_exercises.ipynb)를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `backtracking_line_search(f, grad, x, p, alpha0=1.0, rho=0.5, c=1e-4)`: 아르미호 조건을 처음 만족하는 $\alpha$, 하강 방향이 아니면 `ValueError` (§3).
# - `adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)`: `torch.optim.Adam`과 같은 한 걸음, 새 `(param, m, v)` (§6).
# - `newton_minimize(grad, hess, x0, tol=1e-10, max_iter=50)`: 선형 시스템으로 푸는 뉴턴 법, `(x, n_iter)`, 멈춘 점의 헤세 행렬이 양의 정부호가 아니면 `RuntimeWarning` (§4).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 2차 함수에서 경사 하강법은 $\eta < 2/L$에서만 수렴합니다(1% 넘기면 500걸음 뒤 $\|x\|$가 $2 \times 10^4$으로 발산). 최적 스텝의 수렴률은 $(\kappa-1)/(\kappa+1)$이고, $\kappa = 1000$에서 측정값 0.998이 공식과 맞았습니다.
# 2. 모멘텀과 네스테로프는 반복 횟수를 $O(\kappa)$에서 $O(\sqrt\kappa)$로 줄입니다: 로그-로그 기울기 1.00 대 0.53, $\kappa \approx 3162$에서 경사 하강법 26582걸음 대 헤비볼 665걸음, 네스테로프 1086걸음(수렴률 $1-1/\sqrt\kappa$ 대 $1-2/\sqrt\kappa$라 1.6배).
# 3. 아르미호 되추적은 로젠브록의 시작점에서 10번 반으로 줄여 스텝을 찾지만, 방향이 $-\nabla f$이면 $f \le 10^{-8}$까지 7777번 반복(함수 계산 85022번)합니다. L-BFGS는 35번 반복(계산 78번), 뉴턴 법은 7걸음입니다.
# 4. 뉴턴 법의 맞는 자릿수는 0.5, 1.4, 3.0, 6.4, 13.1, 26.5, 53.3으로 두 배씩 늘지만(60자리 mpmath로 측정), $x^2 - y^2$에서는 한 걸음에 안장점으로 갑니다. 멈춘 점의 헤세 행렬 고윳값을 확인해야 합니다.
# 5. Adam의 바이어스 보정이 없으면 첫 걸음이 $(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16$배($t = 12$에서 최대 6.6배) 큽니다. float16에서는 $\varepsilon = 10^{-8}$이 0이 되고 $v$가 underflow해 한 걸음 만에 `NaN`과 `-inf`가 나오므로, 상태와 마스터 가중치를 float32로 둡니다. 노름 클리핑은 폭발한 그래디언트의 걸음을 묶지만, $2/L$을 넘는 학습률을 수렴시키지는 못합니다.

# %% slideshow={"slide_type": "subslide"}
measured = {k: SUMMARY[k] for k in ("halvings", "gd_rosen", "lbfgs", "newton_rosen", "uncorrected_argmax")}
measured |= {"counts_k3162": SUMMARY["counts_k3162"], "diverged_norm": f"{SUMMARY['diverged_norm']:.0e}",
             "gd_rate_k1000": round(SUMMARY["gd_rate_k1000"], 3),
             "slopes": {m: round(v, 2) for m, v in SUMMARY["slopes"].items()},
             "newton_digits": [round(d, 1) for d in SUMMARY["newton_digits"]],
             "uncorrected_ratio_t1": round(SUMMARY["uncorrected_ratio_t1"], 2),
             "uncorrected_max": round(SUMMARY["uncorrected_max"], 1), "count_ratio": round(SUMMARY["count_ratio"], 1)}
for key, value in measured.items():
    print(f"{key:22s} {value}")
quoted = {  # every number the summary above quotes
    "diverged_norm": "2e+04", "gd_rate_k1000": 0.998,
    "slopes": {"gd": 1.00, "heavy ball": 0.53, "Nesterov": 0.53},
    "counts_k3162": {"gd": 26582, "heavy ball": 665, "Nesterov": 1086}, "count_ratio": 1.6,
    "halvings": 10, "gd_rosen": (7777, 85022), "lbfgs": (35, 78), "newton_rosen": 7,
    "newton_digits": [0.5, 1.4, 3.0, 6.4, 13.1, 26.5, 53.3],
    "uncorrected_ratio_t1": 3.16, "uncorrected_max": 6.6, "uncorrected_argmax": 12,
}
assert measured == quoted, {k: (measured[k], v) for k, v in quoted.items() if measured[k] != v}
assert math.isnan(SUMMARY["fp16_param"][0]) and SUMMARY["fp16_param"][1] == -math.inf  # NaN and -inf
assert SUMMARY["clip"][0] > 1e40 and math.isfinite(SUMMARY["clip"][1])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-10 ML을 위한 수치 계산**: [§1의 AMP 학습 루프](nm-10_numerics_for_ml.ipynb#sec-amp)는 §7의 처방(float32 마스터 가중치와 Adam 상태, `GradScaler`의 손실 스케일링)을 그대로 씁니다. [수치 디버깅 체크리스트](nm-10_numerics_for_ml.ipynb#sec-debug)의 "학습률 폭주"는 §1의 안정 한계 $2/L$과 §8의 클리핑입니다.
# - **nm-06 반복법**: 2차 함수 위의 경사 하강법은 반복 행렬이 $I - \eta A$인 정상 반복법이고, §2의 $\sqrt\kappa$는 [켤레 기울기법](nm-06_iterative_methods.ipynb#sec-cg)의 수렴률과 같습니다. 큰 모델의 뉴턴 걸음 $Hd = \nabla f$는 §4 심화의 헤세 행렬-벡터 곱과 켤레 기울기법으로 풉니다.
# - **nm-05 수치 선형대수**: 뉴턴 걸음의 선형 시스템은 [역행렬을 곱하지 않고 선형 시스템을 푸는 방법](nm-05_linear_algebra.ipynb#sec-solve-vs-inv)으로, 헤세 행렬이 SPD이면 [촐레스키 분해](nm-05_linear_algebra.ipynb#sec-cholesky)로 풉니다.
