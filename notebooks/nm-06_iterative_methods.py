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
# # nm-06 반복법
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 10초 안팎이 걸립니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# [nm-05의 비용 측정](nm-05_linear_algebra.ipynb#sec-cost)에서 LU나 [촐레스키 분해](nm-05_linear_algebra.ipynb#sec-cholesky) 같은 직접법(direct method)의 비용이 $O(n^3)$임을 쟀습니다. $n = 10^6$인 희소 행렬(sparse matrix)이면 $10^{18}$번의 연산이고, 분해한 인수는 희소하지도 않아 메모리에도 들어가지 않습니다. 그런데 행렬-벡터 곱 $Av$ 하나는 0이 아닌 원소 수만큼만 듭니다.
#
# 반복법(iterative method)은 $Av$만 써서 답에 다가갑니다. ML에는 이런 계산이 곳곳에 있습니다. 가우스 과정(Gaussian process)과 커널 회귀의 큰 선형 시스템은 켤레 기울기법으로 풀고, GAN의 판별자를 안정시키는 스펙트럼 정규화(spectral normalization)는 학습의 한 걸음마다 거듭제곱법을 한 번씩 돌립니다. 경사 하강법 자체도 반복법입니다(nm-09).
#
# 반복법에서 물을 것은 "얼마나 빨리 수렴하는가"입니다. 이 강의는 그 속도를 **숫자 하나**로 예측하고 측정값과 맞춰 봅니다: 정상 반복법은 스펙트럼 반지름 $\rho$, 켤레 기울기법은 $\sqrt{\kappa}$, 거듭제곱법은 $|\lambda_2/\lambda_1|$, 뉴턴 법은 수렴 차수 2입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 정상 반복법 $x_{k+1} = Tx_k + c$의 오차가 $e_{k+1} = Te_k$로 움직여서, 수렴 속도가 반복 행렬의 스펙트럼 반지름 $\rho(T)$로 정해지는 이유를 설명할 수 있습니다.
# - 켤레 기울기법의 반복 수가 $\sqrt{\kappa}$에 비례하고, 대각 전처리가 나쁜 크기 조정(scaling)을 없애 $\kappa$를 줄이는 이유를 설명할 수 있습니다.
# - 거듭제곱법의 벡터가 $|\lambda_2/\lambda_1|^k$로, 레일리 몫이 그 제곱으로 수렴하는 이유를 설명할 수 있습니다.
# - 일차 수렴과 이차 수렴을 오차 수열에서 구별하고, 수렴 차수를 잴 수 있습니다.
#
# **코딩 기술**
# - 야코비, 가우스-자이델, 켤레 기울기법을 행렬-벡터 곱만으로 구현하고, 상대 잔차로 멈출 수 있습니다.
# - `torch.nn.utils.parametrizations.spectral_norm`이 학습 중에 하는 일을 직접 만든 거듭제곱법과 비교할 수 있습니다.
# - mpmath로 float64의 16자리 너머에서 수렴 차수를 측정할 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 (정상 반복법과 스펙트럼 반지름) 15분 → §2 (켤레 기울기법과 $\sqrt{\kappa}$) 15분 → §3 (대각 전처리) 8분 → §4 (거듭제곱법과 레일리 몫) 12분 → §5 (스펙트럼 노름과 스펙트럼 정규화) 10분 → §6 (수렴 차수: 고정점 반복과 뉴턴 법) 10분 → 연습 안내와 핵심 정리 5분. 심화 (선택) 절 두 개(유한 정밀도의 켤레 기울기법, torch `spectral_norm`의 내부)는 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import math

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import scipy.linalg
import torch
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

from utils.plotting import setup_plots

setup_plots()
mp.mp.dps = 130  # reference arithmetic: 130 significant digits
torch.manual_seed(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52


def poisson_1d(n):
    """The n x n 1-D Poisson matrix tridiag(-1, 2, -1): SPD, kappa ~ 4 (n + 1)**2 / pi**2."""
    return 2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)


def fitted_slope(x, y):
    """Least-squares slope of log(y) against log(x)."""
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


print(f"float64 eps = {EPS64:.3e}, torch {torch.__version__}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-stationary"></a>
#
# ## 1. 정상 반복법: 야코비와 가우스-자이델
#
# $A = D + L + U$(대각, 아래 삼각, 위 삼각)로 나눕니다. **야코비**(Jacobi) 법은 $i$번째 식을 $x_i$에 대해 풀되, 나머지 성분은 지난 값을 씁니다. **가우스-자이델**(Gauss–Seidel) 법은 같은 스윕(sweep) 안에서 이미 새로 구한 성분을 바로 씁니다.
#
# $$
# \text{야코비: } x_{k+1} = x_k + D^{-1}(b - Ax_k), \qquad \text{가우스-자이델: } x_{k+1} = x_k + (D+L)^{-1}(b - Ax_k)
# $$
#
# 둘 다 $x_{k+1} = Tx_k + c$ 꼴이고 $T$가 $k$에 따라 바뀌지 않으므로 정상 반복법(stationary iterative method)이라 부릅니다. 해 $x^*$도 $x^* = Tx^* + c$를 만족하므로 오차 $e_k = x_k - x^*$는 $e_{k+1} = Te_k$, 곧 $e_k = T^k e_0$입니다. 그래서 $\|e_k\|$는 결국 $\rho(T)^k$로 줄어듭니다. 여기서 $\rho(T) = \max_i |\lambda_i(T)|$가 **스펙트럼 반지름**(spectral radius)입니다. $\rho(T) < 1$이면 수렴하고, $\rho(T) > 1$이면 발산합니다.
#
# 1차원 푸아송(Poisson) 행렬 $\operatorname{tridiag}(-1, 2, -1)$에서는 해석적으로 $\rho_J = \cos\frac{\pi}{n+1}$이고, 가우스-자이델은 $\rho_{GS} = \rho_J^2$입니다. 이 제곱 관계는 푸아송 행렬처럼 특별한 구조를 가진 행렬에서만 성립하고, 일반 행렬에서는 $\rho(T_J)$와 $\rho(T_{GS})$를 따로 구해야 합니다. 스윕마다 오차를 기록하는 두 함수를 만들고 $n = 30$에서 잽니다.

# %% slideshow={"slide_type": "subslide"}
def stationary_errors(A, b, x_star, sweeps, method):
    """Errors ||x_k - x*|| of Jacobi or Gauss-Seidel sweeps from x0 = 0 (one per sweep)."""
    x = np.zeros_like(b)
    lower = np.tril(A)  # D + L, for Gauss-Seidel
    errors = np.empty(sweeps)
    for k in range(sweeps):
        r = b - A @ x
        if method == "jacobi":
            x = x + r / np.diag(A)
        else:
            x = x + scipy.linalg.solve_triangular(lower, r, lower=True)
        errors[k] = np.linalg.norm(x - x_star)
    return errors


def iteration_matrix(A, method):
    """T = I - D^{-1} A (Jacobi) or I - (D + L)^{-1} A (Gauss-Seidel)."""
    M = np.diag(np.diag(A)) if method == "jacobi" else np.tril(A)
    return np.eye(len(A)) - np.linalg.solve(M, A)


def spectral_radius(T):
    return float(np.max(np.abs(np.linalg.eigvals(T))))

# %% [markdown] slideshow={"slide_type": "-"}
# 오차의 감소율은 긴 구간의 기하 평균 $(\|e_{k_2}\|/\|e_{k_1}\|)^{1/(k_2-k_1)}$로 잽니다. 초반에는 여러 고유벡터 성분이 섞여 있지만, 결국 가장 큰 $|\lambda|$의 성분만 남기 때문입니다.

# %% slideshow={"slide_type": "subslide"}
n = 30
A_p = poisson_1d(n)
rng = np.random.default_rng(0)
x_star = rng.standard_normal(n)
b_p = A_p @ x_star
err_j = stationary_errors(A_p, b_p, x_star, 2000, "jacobi")
err_gs = stationary_errors(A_p, b_p, x_star, 2000, "gauss-seidel")
rate_j = (err_j[1999] / err_j[999]) ** (1 / 1000)
rate_gs = (err_gs[999] / err_gs[499]) ** (1 / 500)
rho_j = spectral_radius(iteration_matrix(A_p, "jacobi"))
rho_gs = spectral_radius(iteration_matrix(A_p, "gauss-seidel"))
print(f"Jacobi:       measured rate {rate_j:.6f}, rho(T_J) = {rho_j:.6f}, cos(pi/31) = {math.cos(math.pi / 31):.6f}")
print(f"Gauss-Seidel: measured rate {rate_gs:.6f}, rho(T_GS) = {rho_gs:.6f}, rho_J^2 = {rho_j**2:.6f}")
sweeps_j, sweeps_gs = int(np.argmax(err_j < 1e-4)) + 1, int(np.argmax(err_gs < 1e-4)) + 1
print(f"sweeps to reach error 1e-4: Jacobi {sweeps_j}, Gauss-Seidel {sweeps_gs}")
assert abs(rho_j - math.cos(math.pi / (n + 1))) < 1e-12  # the analytic spectral radius
assert abs(rate_j - rho_j) < 1e-6 * rho_j and abs(rate_gs - rho_gs) < 1e-6 * rho_gs  # rate = rho
assert abs(rho_gs - rho_j**2) < 1e-9  # Gauss-Seidel squares the rate: half the sweeps
assert 1500 < sweeps_j <= 2000 and 1.8 < sweeps_j / sweeps_gs < 2.2  # "close to 2000", "half"

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
k = np.arange(1, 2001)
ax.semilogy(k, err_j, label="야코비 (측정)")
ax.semilogy(k, err_gs, label="가우스-자이델 (측정)")
ax.semilogy(k, err_j[999] * rho_j ** (k - 1000), "k:", label=r"$\rho_J^k$ (예측)")
ax.semilogy(k, err_gs[499] * rho_gs ** (k - 500), "k--", lw=1, label=r"$\rho_{GS}^k = \rho_J^{2k}$ (예측)")
ax.set(xlabel="스윕 수 k", ylabel=r"오차 $\|x_k - x^*\|_2$", ylim=(1e-10, 1e2),
       title="1차원 푸아송 행렬 (n = 30): 기울기가 스펙트럼 반지름")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 두 직선의 기울기가 $\log\rho$입니다. $\rho_J = 0.99487$은 1에 아주 가까워서 오차를 $10^{-4}$로 줄이는 데 야코비는 스윕이 2000번 가까이, 가우스-자이델은 그 절반이 듭니다. $n$이 커지면 $\rho_J = \cos\frac{\pi}{n+1} \approx 1 - \frac{\pi^2}{2(n+1)^2}$이 더 1에 붙어서, 오차를 한 자리 줄이는 데 드는 스윕 수 $-1/\log_{10}\rho_J$가 $(n+1)^2$에 비례해 늘어납니다. $n = 60$에서 재어 $n = 30$과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
A_60 = poisson_1d(60)
x_60 = np.random.default_rng(0).standard_normal(60)
err_60 = stationary_errors(A_60, A_60 @ x_60, x_60, 4000, "jacobi")
rate_60 = (err_60[3999] / err_60[1999]) ** (1 / 2000)
per_digit = {30: -1 / math.log10(rate_j), 60: -1 / math.log10(rate_60)}  # sweeps per decade
growth = per_digit[60] / per_digit[30]
print(f"Jacobi sweeps per digit: n = 30 {per_digit[30]:.0f}, n = 60 {per_digit[60]:.0f} ({growth:.2f}x)")
assert abs(rate_60 - math.cos(math.pi / 61)) < 1e-6  # again rate = rho_J
assert abs(growth - (61 / 31) ** 2) < 0.05  # n doubled: about 4x the sweeps (n^2), not 2x

# %% [markdown] slideshow={"slide_type": "-"}
# $n$을 두 배로 하면 스윕 수는 네 배 가까이 됩니다. 정상 반복법이 큰 문제에서 느린 이유이고, 다음 절의 켤레 기울기법(conjugate gradient)이 필요한 이유입니다.
#
# $\rho$가 1을 넘으면 어떻게 될까요? 대각 원소가 1이고 나머지가 0.6인 3×3 행렬은 대칭 양의 정부호(SPD, symmetric positive definite)입니다(고윳값 2.2, 0.4, 0.4). 야코비의 반복 행렬 $T_J = I - A$의 고윳값은 $-1.2, 0.6, 0.6$이라 $\rho_J = 1.2 > 1$이고, 가우스-자이델은 SPD 행렬에서 언제나 수렴합니다.

# %% slideshow={"slide_type": "subslide"}
A_bad = np.full((3, 3), 0.6) + 0.4 * np.eye(3)
x_bad = np.array([1.0, -2.0, 3.0])
b_bad = A_bad @ x_bad
rho_j_bad = spectral_radius(iteration_matrix(A_bad, "jacobi"))
rho_gs_bad = spectral_radius(iteration_matrix(A_bad, "gauss-seidel"))
lam_bad = np.linalg.eigvalsh(A_bad)
ej = stationary_errors(A_bad, b_bad, x_bad, 100, "jacobi")
egs = stationary_errors(A_bad, b_bad, x_bad, 100, "gauss-seidel")
print(f"eigenvalues of A: {lam_bad}; rho_J = {rho_j_bad:.4f}, rho_GS = {rho_gs_bad:.4f}")
print(f"after 100 sweeps: Jacobi error {ej[-1]:.2e} (grew by {(ej[-1] / ej[49]) ** (1 / 50):.4f}/sweep), "
      f"Gauss-Seidel error {egs[-1]:.2e}")
assert lam_bad.min() > 0  # SPD
assert abs(rho_j_bad - (lam_bad.max() - 1)) < 1e-12 and rho_j_bad > 1  # T_J = I - A here
assert abs((ej[-1] / ej[49]) ** (1 / 50) - rho_j_bad) < 1e-6  # the error grows like 1.2^k
assert rho_gs_bad < 1 and egs[-1] < 1e-10  # Gauss-Seidel converges

# %% [markdown] slideshow={"slide_type": "-"}
# 언제 멈출까요? 해 $x^*$는 모르니 잔차(residual) $r_k = b - Ax_k$를 봅니다. 멈춤 조건은 **상대 잔차** $\|r_k\|_2 \le \text{tol}\cdot\|b\|_2$로 둡니다. 절대 잔차 $\|r_k\| \le \text{tol}$로 두면 같은 문제를 단위만 바꿔($b$에 $10^6$을 곱해) 풀 때 반복 수가 달라집니다. 멈춤 검사를 스윕 **전에** 하면, 이미 답인 초기값에서는 스윕이 0번입니다.

# %% slideshow={"slide_type": "subslide"}
def jacobi_sweeps(A, b, tol, relative=True, x0=None, max_iter=100_000):
    """Jacobi sweeps until ||b - Ax|| <= tol * ||b|| (or <= tol): returns the sweep count."""
    x = np.zeros_like(b) if x0 is None else x0.copy()
    target = tol * np.linalg.norm(b) if relative else tol
    for k in range(max_iter):
        r = b - A @ x
        if np.linalg.norm(r) <= target:  # checked before the sweep
            return k
        x = x + r / np.diag(A)
    return max_iter


A_small = poisson_1d(10) + np.eye(10)  # diagonally dominant: Jacobi converges
b_small = np.ones(10)
counts = {s: (jacobi_sweeps(A_small, s * b_small, 1e-8), jacobi_sweeps(A_small, s * b_small, 1e-8, relative=False))
          for s in (1e-3, 1.0, 1e6)}
for s, (rel, absolute) in counts.items():
    print(f"b scaled by {s:g}: relative stop {rel} sweeps, absolute stop {absolute} sweeps")
assert len({rel for rel, _ in counts.values()}) == 1  # units of b do not matter
assert counts[1e6][1] > counts[1.0][1] > counts[1e-3][1]  # ... but they do for an absolute tolerance
assert jacobi_sweeps(A_small, b_small, 1e-8, x0=np.linalg.solve(A_small, b_small)) == 0

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 정상 반복법의 오차는 매 스윕 같은 행렬 $T$를 곱받습니다. 그래서 수렴 속도는 $T$의 가장 큰 고윳값의 크기, 스펙트럼 반지름 $\rho(T)$ 하나로 정해집니다. 측정한 감소율은 $\rho$와 6자리까지 같았고, 가우스-자이델은 푸아송 행렬에서 $\rho_J^2$라 스윕이 절반이며, $\rho_J = 1.2$인 행렬에서 야코비의 오차는 스윕마다 1.2배씩 자랐습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-cg"></a>
#
# ## 2. 켤레 기울기법
#
# $A$가 SPD이면 $Ax = b$의 해는 이차 함수 $\phi(x) = \tfrac12 x^{\mathsf T}Ax - b^{\mathsf T}x$의 최소점입니다($\nabla\phi = Ax - b = -r$). 잔차 방향으로 내려가는 최급 강하법(steepest descent)은 골짜기에서 지그재그로 움직여 $\kappa$에 비례하는 반복이 듭니다(nm-09에서 자세히 봅니다).
#
# **켤레 기울기법**(conjugate gradient, CG)은 새 탐색 방향 $p_k$를 잔차에서 지난 방향 성분을 빼서 $A$-켤레($p_i^{\mathsf T}Ap_j = 0$)로 만듭니다. 그러면 $k$번째 반복은 크릴로프 공간(Krylov space) $\operatorname{span}\{b, Ab, \ldots, A^{k-1}b\}$ 전체에서 오차의 $A$-노름을 최소로 만들고, 오차 경계는
#
# $$
# \frac{\|e_k\|_A}{\|e_0\|_A} \le 2\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)^k \quad\Rightarrow\quad k \approx \frac{\sqrt{\kappa}}{2}\ln\frac{2}{\text{tol}}
# $$
#
# 입니다. $\kappa$가 아니라 $\sqrt{\kappa}$입니다. 여기서 $\kappa$는 [nm-05에서 배운 행렬의 조건수](nm-05_linear_algebra.ipynb#sec-condition), 곧 2-노름 조건수 $\lambda_{\max}/\lambda_{\min}$입니다. 한 반복에 드는 것은 행렬-벡터 곱 한 번과 내적 두 번뿐입니다.

# %% slideshow={"slide_type": "subslide"}
def cg_demo(matvec, b, tol, max_iter):
    """Plain CG from x0 = 0 with a relative residual stop; returns (x, residual norms)."""
    x = np.zeros_like(b)
    r = b.copy()
    p = r.copy()
    rr = r @ r
    norms = [math.sqrt(rr)]
    while norms[-1] > tol * norms[0] and len(norms) <= max_iter:
        Ap = matvec(p)
        alpha = rr / (p @ Ap)  # exact line search along p
        x = x + alpha * p
        r = r - alpha * Ap
        rr_new = r @ r
        p = r + (rr_new / rr) * p  # next direction, A-conjugate to the previous ones
        rr = rr_new
        norms.append(math.sqrt(rr))
    return x, np.array(norms)


def steepest_descent_steps(matvec, b, tol, max_iter):
    """Steepest descent with exact line search; returns the number of steps to the tolerance."""
    x, r = np.zeros_like(b), b.copy()
    for k in range(max_iter):
        if np.linalg.norm(r) <= tol * np.linalg.norm(b):
            return k
        Ar = matvec(r)
        x, r = x + (r @ r) / (r @ Ar) * r, r - (r @ r) / (r @ Ar) * Ar
    return max_iter

# %% [markdown] slideshow={"slide_type": "-"}
# 고윳값이 $[1, \kappa]$의 양 끝에 몰려 있는 대각 행렬을 씁니다. 이렇게 $\cos$으로 찍어 양 끝에 몰린 점들을 체비쇼프 노드(Chebyshev nodes)라 하고, [nm-08 §2](nm-08_approximation.ipynb#sec-chebyshev)에서 다시 만납니다. 이런 스펙트럼이 CG에 가장 어려운 경우이고, CG는 직교 변환에 대해 불변이므로 대각 행렬로 재도 일반 SPD 행렬과 같습니다. $n = 2000$, $\text{tol} = 10^{-8}$로 $\kappa = 10 \ldots 10^4$에서 반복 수를 세고, $\kappa = 100$에서 최급 강하법과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def chebyshev_spectrum(kappa, n=2000):
    theta = np.pi * (np.arange(n) + 0.5) / n
    return 1 + (kappa - 1) * (1 - np.cos(theta)) / 2  # eigenvalues in [1, kappa]


b_cg = np.random.default_rng(1).standard_normal(2000)
kappas = np.logspace(1, 4, 7)
cg_iters = []
for kappa in kappas:
    lam = chebyshev_spectrum(kappa)
    x_cg, res = cg_demo(lambda v, lam=lam: lam * v, b_cg, 1e-8, 10_000)
    assert np.linalg.norm(x_cg - b_cg / lam) <= 1e-7 * np.linalg.norm(b_cg / lam)  # it solved it
    cg_iters.append(len(res) - 1)
slope_cg = fitted_slope(kappas, cg_iters)
bound = np.sqrt(kappas) / 2 * np.log(2 / 1e-8)
lam100 = chebyshev_spectrum(100.0)
sd_steps = steepest_descent_steps(lambda v: lam100 * v, b_cg, 1e-8, 100_000)
print("kappa         :", [f"{k:.0f}" for k in kappas])
print("CG iterations :", cg_iters)
print(f"fitted slope of log(iterations) vs log(kappa): {slope_cg:.3f}")
print(f"kappa = 100: CG {cg_iters[2]} iterations, steepest descent {sd_steps} steps")
assert 0.4 < slope_cg < 0.6  # sqrt(kappa), not kappa (slope 1)
assert np.all(np.array(cg_iters) <= bound)  # the bound holds
assert sd_steps > 8 * cg_iters[2]  # "more than eight times": steepest descent pays kappa, CG sqrt(kappa)

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.loglog(kappas, cg_iters, "o-", label=f"CG 반복 수 (측정, 기울기 {slope_cg:.2f})")
ax.loglog(kappas, bound, "k--", lw=1, label=r"경계 $\frac{\sqrt{\kappa}}{2}\ln\frac{2}{\mathrm{tol}}$")
ax.loglog([100], [sd_steps], "s", color="C3", label="최급 강하법, κ = 100")
ax.set(xlabel=r"조건수 $\kappa$", ylabel=r"$\|r\| \leq 10^{-8}\|b\|$까지 반복 수",
       title=r"켤레 기울기법의 반복 수는 $\sqrt{\kappa}$에 비례")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 측정한 기울기는 0.5 근처이고, 모든 점이 경계 아래에 있습니다(경계는 오차의 $A$-노름에 대한 것이고, 여기서 센 것은 잔차가 허용 오차에 닿을 때까지의 반복 수입니다). $\kappa = 100$에서 최급 강하법은 CG보다 여덟 배 넘게 오래 걸립니다. 정확한 산술에서 CG는 $n$번 안에 끝나지만(방향 $n$개가 서로 $A$-켤레이므로), 실제로는 그보다 훨씬 일찍 허용 오차에 닿는 것이 쓸모입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 켤레 기울기법은 지난 방향들과 $A$-켤레인 방향으로만 움직여서, 이미 없앤 오차 성분을 다시 건드리지 않습니다. 그 결과 반복 수는 $\kappa$가 아니라 $\sqrt{\kappa}$에 비례합니다(측정한 기울기 0.5 근처). $\kappa = 100$이면 최급 강하법보다 여덟 배 넘게 빠르고, 한 반복의 비용은 행렬-벡터 곱 하나입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 유한 정밀도에서 CG는 직교성을 잃습니다
#
# 정확한 산술에서 CG의 잔차들은 서로 직교합니다($r_i^{\mathsf T}r_j = 0$). float64에서는 반올림 오차가 쌓여 이 직교성이 무너지고, 같은 고윳값 방향을 다시 찾느라 $n$번보다 더 반복합니다. 고윳값이 한쪽 끝에 몰린 스트라코시(Strakoš) 행렬 $\lambda_i = \lambda_1 + \frac{i-1}{n-1}(\lambda_n - \lambda_1)\,0.9^{\,n-i}$ ($n = 48$)로 잽니다.

# %% slideshow={"slide_type": "skip"}
def cg_residuals(lam, b, tol, max_iter):
    """CG on diag(lam) from x0 = 0; returns every residual vector r_0, r_1, ... as rows."""
    x, r = np.zeros_like(b), b.copy()
    p, rs = r.copy(), [b.copy()]
    while np.linalg.norm(r) > tol * np.linalg.norm(b) and len(rs) <= max_iter:
        Ap = lam * p
        alpha = (r @ r) / (p @ Ap)
        x, r_new = x + alpha * p, r - alpha * Ap
        p = r_new + (r_new @ r_new) / (r @ r) * p
        r = r_new
        rs.append(r.copy())
    return np.array(rs)


n_s = 48
i = np.arange(1, n_s + 1)
lam_s = 0.1 + (i - 1) / (n_s - 1) * (100 - 0.1) * 0.9 ** (n_s - i)
R = cg_residuals(lam_s, np.ones(n_s) / math.sqrt(n_s), 1e-10, 10 * n_s)
Rn = R / np.linalg.norm(R, axis=1, keepdims=True)
G = np.abs(Rn @ Rn.T) - np.eye(len(R))  # |cos| between residuals, diagonal removed
loss = {k: G[:k, :k].max() for k in (10, 20, 30)}
print(f"iterations to 1e-10: {len(R) - 1} (n = {n_s})")
print("max |cos(r_i, r_j)| among the first 10, 20, 30 residuals:", [f"{v:.1e}" for v in loss.values()])
assert 1.5 * n_s < len(R) - 1 < 2 * n_s  # more than n iterations, close to 2n: finite termination is lost
assert loss[10] < 1e-15 and loss[20] < 1e-6 and loss[30] > 0.5  # orthogonal at first, then lost

# %% slideshow={"slide_type": "skip"}
fig, ax = plt.subplots(figsize=(5, 4))
im = ax.imshow(np.log10(np.maximum(G, 1e-17)), cmap="viridis", vmin=-17, vmax=0)
fig.colorbar(im, ax=ax, label=r"$\log_{10}|\cos\angle(r_i, r_j)|$")
ax.set(xlabel="j", ylabel="i", title="스트라코시 행렬: CG 잔차의 직교성")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# 처음 열 개의 잔차는 반올림 수준($10^{-15}$ 아래)으로 직교하고, 스무 개까지도 코사인이 $10^{-6}$ 아래지만, 서른 개 안에서는 코사인이 0.5를 넘는 쌍이 생깁니다. 반복 수는 $n = 48$의 두 배 가까이 됩니다(위 출력). 그래도 CG는 결국 수렴합니다. 실제 응용에서 반복 수를 $n$이 아니라 $\sqrt{\kappa}$로 어림하는 이유이기도 합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-preconditioning"></a>
#
# ## 3. 전처리: 대각 크기 조정
#
# 반복 수가 $\sqrt{\kappa}$에 비례하니, 같은 해를 갖되 조건수가 작은 문제로 바꾸면 빨라집니다. 이것이 **전처리**(preconditioning)입니다. $M \approx A$이고 $M^{-1}v$가 싼 SPD 행렬 $M$을 골라 $M^{-1}Ax = M^{-1}b$를 CG로 풉니다(대칭을 지키도록 짠 것이 전처리 CG, PCG).
#
# 가장 싼 선택은 **야코비 전처리**(Jacobi preconditioning) $M = \operatorname{diag}(A)$입니다. 변수의 단위가 제각각이라(입력 특성 하나는 $10^{-2}$, 다른 하나는 $10^{2}$) $A = SBS$ 꼴로 크기가 나쁘게 조정된 문제에서 특히 잘 듣습니다. 여기서 $S = \operatorname{diag}(s_1, \ldots, s_n)$는 변수마다의 크기이고, $A$의 대각 원소가 $a_{ii} = s_i^2 b_{ii}$이므로 $\operatorname{diag}(A)^{-1/2}$을 양쪽에 곱하면 $\operatorname{diag}(A)^{-1/2}A\operatorname{diag}(A)^{-1/2} = \operatorname{diag}(B)^{-1/2}B\operatorname{diag}(B)^{-1/2}$가 되어 $s_i$가 모두 사라집니다. 조건수 10인 $B$에, 지수 $t_i$를 $[-2, 2]$에서 균등하게 뽑은 $s_i = 10^{t_i}$를 씌운 $n = 200$ 행렬로 잽니다.

# %% slideshow={"slide_type": "subslide"}
def pcg_residuals(A, b, tol, max_iter, m_inv=None):
    """(Preconditioned) CG until ||r|| <= tol ||b||; m_inv = diagonal of M^{-1}; returns ||r_k||/||b||."""
    x, r = np.zeros_like(b), b.copy()
    z = r if m_inv is None else m_inv * r
    p, rz = z.copy(), r @ z
    history = [1.0]
    while history[-1] > tol and len(history) <= max_iter:
        Ap = A @ p
        alpha = rz / (p @ Ap)
        x, r = x + alpha * p, r - alpha * Ap
        z = r if m_inv is None else m_inv * r
        rz_new = r @ z
        p, rz = z + (rz_new / rz) * p, rz_new
        history.append(np.linalg.norm(r) / np.linalg.norm(b))
    return np.array(history)  # the iteration count is len(history) - 1


n = 200
rng = np.random.default_rng(2)
Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
B = Q @ np.diag(np.linspace(1.0, 10.0, n)) @ Q.T  # kappa(B) = 10
scale = 10.0 ** rng.uniform(-2, 2, n)  # s_i = 10^t_i, t_i uniform on [-2, 2]
A_scaled = scale[:, None] * B * scale[None, :]  # S B S: a badly scaled SPD matrix
b_sc = rng.standard_normal(n)

# %% [markdown] slideshow={"slide_type": "-"}
# 조건수와 반복 수를 전처리 전후로 셉니다. 반복 상한은 $10n$이고, 비교를 위해 크기 조정 전의 $B$ 자체도 풉니다.

# %% slideshow={"slide_type": "subslide"}
s = 1 / np.sqrt(np.diag(A_scaled))
kappa_before = np.linalg.cond(A_scaled)
kappa_after = np.linalg.cond(s[:, None] * A_scaled * s[None, :])  # diag(A)^{-1/2} A diag(A)^{-1/2}
hist_plain = pcg_residuals(A_scaled, b_sc, 1e-10, 10 * n)
hist_jacobi = pcg_residuals(A_scaled, b_sc, 1e-10, 10 * n, m_inv=1 / np.diag(A_scaled))
hist_b = pcg_residuals(B, b_sc, 1e-10, 10 * n)  # the well-scaled matrix B itself
it_plain, it_jacobi, it_b = len(hist_plain) - 1, len(hist_jacobi) - 1, len(hist_b) - 1
print(f"kappa(A) = {kappa_before:.2e}, kappa(diag(A)^-1/2 A diag(A)^-1/2) = {kappa_after:.2f}, kappa(B) = {np.linalg.cond(B):.2f}")
print(f"CG iterations: plain {it_plain} (limit {10 * n}), Jacobi-preconditioned {it_jacobi}, on B itself {it_b}")
assert 1e8 <= kappa_before < 1e9 and kappa_after < 2 * np.linalg.cond(B)  # kappa ~ 10^8 -> ~10: scaling gone
assert 10 <= it_jacobi < 100 and it_plain == 10 * n  # tens of iterations vs. the limit 2000
assert abs(it_jacobi - it_b) <= 0.5 * it_b  # as fast as if the matrix had never been badly scaled

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.semilogy(hist_plain, label=f"CG, 전처리 없음 ({it_plain}번에도 미수렴)")
ax.semilogy(hist_jacobi, label=f"야코비 전처리 CG ({it_jacobi}번)")
ax.semilogy(hist_b, "k:", label=f"크기 조정 전의 B에 CG ({it_b}번)")
ax.axhline(1e-10, color="gray", lw=1, ls="-.", label="tol = 1e-10")
ax.set(xlabel="반복 수 k", ylabel=r"$\|r_k\|/\|b\|$", xscale="symlog", xlim=(0, 10 * n),
       title=rf"나쁘게 크기 조정된 $A = SBS$ ($\kappa = {kappa_before / 1e8:.1f} \times 10^8$): 대각 전처리의 효과")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 전처리 없는 CG는 2000번 동안 상대 잔차를 한 번도 0.1 아래로 내리지 못합니다. 야코비 전처리 CG의 잔차는 처음에 100배 넘게 커졌다가 빠르게 떨어집니다. CG가 매 반복 최소로 만드는 것은 잔차의 2-노름이 아니라 오차의 $A$-노름 $\|e_k\|_A$이라서(전처리 CG도 같은 $\|e_k\|_A$를, 전처리된 행렬 $M^{-1}A$의 크릴로프 공간에서 최소로 만듭니다), 잔차가 잠깐 커지는 것은 정상입니다. 그러니 잔차가 한 번 커졌다고 발산으로 판단하면 안 됩니다.

# %% slideshow={"slide_type": "-"}
assert hist_plain.min() > 0.1  # plain CG makes no progress at all on the badly scaled matrix
assert hist_jacobi.max() > 100 * hist_jacobi[0]  # the residual norm is not monotone in CG

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: CG의 속도는 $\kappa$가 정하므로, 같은 해를 갖는 더 좋은 조건의 문제를 풀면 됩니다. 대각 전처리는 변수마다 단위를 맞추는 일이고, 값은 $A$의 대각 원소 $n$개뿐입니다. 위의 행렬에서 $\kappa$가 $10^8$대에서 10 근처로 떨어졌고, 반복 수는 상한 2000번에서 수십 번으로 줄었습니다. 신경망에서 입력을 표준화(standardization)하는 것도 같은 생각입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-power-iteration"></a>
#
# ## 4. 거듭제곱법과 레일리 몫
#
# 이제 $Ax = b$가 아니라 $Av = \lambda v$입니다. 대칭 행렬 $A$의 고윳값을 $|\lambda_1| > |\lambda_2| \ge \cdots$, 고유벡터를 $v_i$라 하면 $x_0 = \sum c_i v_i$에 $A$를 $k$번 곱해
#
# $$
# A^k x_0 = \lambda_1^k\left(c_1 v_1 + \sum_{i \ge 2} c_i \left(\frac{\lambda_i}{\lambda_1}\right)^k v_i\right)
# $$
#
# 이 되어 $v_1$ 방향만 남습니다. 이것이 **거듭제곱법**(power iteration)이고, 각도 오차는 $|\lambda_2/\lambda_1|^k$로 줄어듭니다. 고윳값은 **레일리 몫**(Rayleigh quotient) $R(x) = \frac{x^{\mathsf T}Ax}{x^{\mathsf T}x}$로 얻습니다. 대칭 행렬에서 $R$은 고유벡터에서 정류점(stationary point)이라, 벡터 오차가 $\delta$이면 $R$의 오차는 $\delta^2$입니다. 곧 고윳값은 $|\lambda_2/\lambda_1|^{2k}$로, 벡터보다 두 배 빨리 수렴합니다.
#
# 고윳값이 $10, 9$와 $[-8, 8]$의 48개인 $50 \times 50$ 대칭 행렬 $Q\Lambda Q^{\mathsf T}$로 잽니다. 예측은 벡터 $0.9^k$, 고윳값 $0.81^k$입니다.

# %% slideshow={"slide_type": "subslide"}
n = 50
rng = np.random.default_rng(3)
Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
lam_true = np.concatenate([[10.0, 9.0], rng.uniform(-8, 8, n - 2)])
A_sym = Q @ np.diag(lam_true) @ Q.T
v1 = Q[:, 0]
x = rng.standard_normal(n)
x /= np.linalg.norm(x)
vec_err, val_err = [], []
for _ in range(150):
    y = A_sym @ x
    x = y / np.linalg.norm(y)  # normalise every step
    rayleigh = x @ A_sym @ x  # x has unit norm
    vec_err.append(math.sqrt(max(0.0, 1 - (x @ v1) ** 2)))  # sin of the angle to v1
    val_err.append(abs(rayleigh - 10.0) / 10.0)
vec_err, val_err = np.array(vec_err), np.array(val_err)
rate_vec = (vec_err[100] / vec_err[50]) ** (1 / 50)
rate_val = (val_err[100] / val_err[50]) ** (1 / 50)
print(f"vector:     measured rate {rate_vec:.5f}, predicted |l2/l1| = {9 / 10:.5f}")
print(f"eigenvalue: measured rate {rate_val:.5f}, predicted |l2/l1|^2 = {(9 / 10) ** 2:.5f}")
assert abs(rate_vec - 0.9) < 1e-3 and abs(rate_val - 0.81) < 1e-3
k_eps = int(np.argmax(val_err <= 2 * EPS64))  # first step with the eigenvalue at rounding level
assert val_err[k_eps] <= 2 * EPS64 and 1e-8 < vec_err[k_eps] < 1e-6  # the vector is only at ~sqrt(eps)
assert abs(rayleigh - np.linalg.eigvalsh(A_sym).max()) < 1e-12 * 10  # converged to eigvalsh's value

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
k = np.arange(1, 151)
ax.semilogy(k, vec_err, label=r"벡터: $\sin\angle(x_k, v_1)$")
ax.semilogy(k, val_err, label=r"고윳값: $|R(x_k) - \lambda_1|/|\lambda_1|$")
ax.semilogy(k, vec_err[50] * 0.9 ** (k - 51), "k:", label=r"$0.9^k$ (예측)")
ax.semilogy(k, val_err[50] * 0.81 ** (k - 51), "k--", lw=1, label=r"$0.81^k$ (예측)")
ax.axhline(EPS64, color="gray", lw=1, ls="-.", label=r"$\varepsilon$")
ax.set(xlabel="반복 수 k", ylabel="오차", ylim=(1e-17, 10),
       title=r"거듭제곱법: 레일리 몫은 벡터보다 두 배 빨리 수렴 ($\lambda_2/\lambda_1 = 0.9$)")
ax.legend(ncol=2)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 고윳값 오차는 150번쯤에 반올림 수준($2\varepsilon$ 이하)에 닿는데, 그때 벡터의 오차는 아직 $10^{-7}$ 정도입니다. 벡터가 $\sqrt{\varepsilon}$ 수준이면 고윳값은 이미 $\varepsilon$이라는 뜻이고, 그래서 연습 문제 `power_iteration`은 **레일리 몫의 변화**로 멈춥니다.
#
# 두 가지를 더 봅니다. 정규화를 빼면 $\|A^kx_0\| \approx |\lambda_1|^k$가 되어 $\lambda_1 = 10$이면 300번 남짓에서 float64가 overflow합니다. 또 지배 고윳값이 음수이면 $\|Ax\|/\|x\|$는 크기 $|\lambda_1|$만 주고 부호를 잃지만, 레일리 몫은 부호까지 맞습니다.

# %% slideshow={"slide_type": "subslide"}
y, k_over = x.copy(), 0
with np.errstate(over="ignore", invalid="ignore"):
    while np.all(np.isfinite(y)) and k_over < 1000:
        y = A_sym @ y  # no normalisation
        k_over += 1
print(f"without normalisation: inf/NaN after {k_over} products")
k_pred = math.ceil(math.log10(np.finfo(float).max) - math.log10(np.abs(x).max()))  # ||A^k x|| = 10^k, x ~ v1
assert abs(k_over - k_pred) <= 1  # 10^k * max|x_i| passes the largest float
A_neg = -A_sym  # dominant eigenvalue -10
x_neg = x.copy()
for _ in range(150):
    x_neg = A_neg @ x_neg
    x_neg /= np.linalg.norm(x_neg)
norm_ratio = np.linalg.norm(A_neg @ x_neg)
rayleigh_neg = x_neg @ A_neg @ x_neg
print(f"dominant eigenvalue of -A: norm ratio {norm_ratio:.12f}, Rayleigh quotient {rayleigh_neg:.12f}")
lam_neg = np.linalg.eigvalsh(A_neg)
dominant = lam_neg[np.argmax(np.abs(lam_neg))]
assert abs(rayleigh_neg - dominant) < 1e-10 and dominant < 0  # sign kept
assert abs(norm_ratio - abs(dominant)) < 1e-10  # the norm ratio gives |lambda| only

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 거듭제곱법은 $A$를 계속 곱해 가장 큰 $|\lambda|$의 방향만 살립니다. 속도는 간격 $|\lambda_2/\lambda_1|$이 정하고(측정 0.9), 대칭 행렬의 레일리 몫은 벡터 오차의 제곱만큼만 틀려서 두 배 빨리(측정 0.81) 수렴합니다. 매번 정규화해야 overflow가 없고, 레일리 몫이어야 음의 고윳값의 부호가 남습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-spectral-norm"></a>
#
# ## 5. 스펙트럼 노름: 층의 증폭률
#
# 선형 층 $y = Wx$가 벡터를 얼마나 늘릴 수 있는지는 **스펙트럼 노름**(spectral norm) $\|W\|_2 = \sigma_{\max}(W) = \max_{x \ne 0}\|Wx\|_2/\|x\|_2$이 정합니다. $\sigma_{\max}^2$은 대칭 행렬 $W^{\mathsf T}W$의 가장 큰 고윳값이므로, §4의 거듭제곱법을 $W^{\mathsf T}W$에 쓰면 됩니다. $W^{\mathsf T}W$를 만들 필요는 없고, $v \leftarrow W^{\mathsf T}(Wv)$로 곱 두 번이면 됩니다.
#
# 역전파에서 그래디언트는 $W^{\mathsf T}$를 곱받으므로 같은 $\sigma_{\max}$로 커집니다. [nm-10 §6](nm-10_numerics_for_ml.ipynb#sec-debug)에서 본 "큰 그래디언트"를 만든 층을 찾는 도구가 바로 이것입니다. 층마다 $\sigma_{\max}$를 재면 됩니다. 먼저 $64 \times 32$ 행렬에서 증폭률의 상한이 $\sigma_{\max}$이고, 거듭제곱법이 찾은 $v$에서 그 상한에 닿는지 봅니다.

# %% slideshow={"slide_type": "subslide"}
m_out, n_in = 64, 32
g = torch.Generator().manual_seed(0)
U_w, _ = torch.linalg.qr(torch.randn(m_out, m_out, generator=g, dtype=torch.float64))
V_w, _ = torch.linalg.qr(torch.randn(n_in, n_in, generator=g, dtype=torch.float64))
sigmas = torch.cat([torch.tensor([3.0, 2.85], dtype=torch.float64), torch.linspace(2.5, 0.1, n_in - 2, dtype=torch.float64)])
W = U_w[:, :n_in] @ torch.diag(sigmas) @ V_w.T  # singular values 3, 2.85, 2.5, ..., 0.1
sigma_max = torch.linalg.matrix_norm(W, 2).item()
X = torch.randn(1000, n_in, generator=g, dtype=torch.float64)
gains = (X @ W.T).norm(dim=1) / X.norm(dim=1)  # ||W x|| / ||x|| for 1000 random inputs
v = torch.randn(n_in, generator=g, dtype=torch.float64)
for _ in range(300):
    v = F.normalize(W.T @ (W @ v), dim=0)  # power iteration on W^T W
gain_v = ((W @ v).norm() / v.norm()).item()
print(f"sigma_max = {sigma_max:.15f} (torch.linalg.matrix_norm(W, 2))")
print(f"random inputs: largest gain {gains.max().item():.4f}, mean {gains.mean().item():.4f}")
print(f"power-iteration vector: gain {gain_v:.15f}")
assert gains.max().item() <= sigma_max * (1 + 1e-12)  # no input is amplified beyond sigma_max
assert gains.max().item() < 0.9 * sigma_max  # random inputs rarely find the worst direction
assert abs(gain_v - sigma_max) < 1e-12 * sigma_max  # the power iteration finds it

# %% [markdown] slideshow={"slide_type": "-"}
# 임의의 입력은 최악의 방향을 좀처럼 찾지 못하지만, 거듭제곱법은 정확히 찾습니다. 층을 여럿 쌓으면 증폭률의 상한은 곱 $\prod_l \sigma_{\max}(W_l)$입니다. 깊은 망에서 그래디언트가 폭발하는 한 원인이 이 곱입니다. $32 \times 32$ 층 8개를 쌓고, 역방향으로 흐르는 그래디언트가 얼마나 커지는지 층마다의 $\sigma_{\max}$와 비교합니다.

# %% slideshow={"slide_type": "subslide"}
layers = [torch.randn(32, 32, generator=g, dtype=torch.float64) * (1.6 / math.sqrt(32)) for _ in range(8)]
layer_sigma = [torch.linalg.matrix_norm(w, 2).item() for w in layers]
x_in = torch.randn(32, generator=g, dtype=torch.float64, requires_grad=True)
h = x_in
for w in layers:
    h = w @ h  # a deep linear network
g_out = torch.randn(32, generator=g, dtype=torch.float64)
(grad_in,) = torch.autograd.grad(h, x_in, grad_outputs=g_out)  # backward: multiplied by each W^T
grad_gain = (grad_in.norm() / g_out.norm()).item()
print("sigma_max per layer:", [f"{s:.2f}" for s in layer_sigma])
print(f"gradient amplified by {grad_gain:.1f}; bound prod(sigma_max) = {math.prod(layer_sigma):.1f}")
assert all(2.5 < s < 3.5 for s in layer_sigma)  # "sigma_max ~ 3" in every layer
assert grad_gain <= math.prod(layer_sigma) * (1 + 1e-12)  # the product bounds the backward gain
assert 5e3 < math.prod(layer_sigma) < 1.5e4 and 60 <= grad_gain < 70  # bound ~10^4, actual "a bit over 60"

# %% [markdown] slideshow={"slide_type": "-"}
# 층마다 $\sigma_{\max} \approx 3$이면 여덟 층의 상한은 그 곱, 곧 만 배 가까이이고(위 출력), 실제로 그래디언트는 60배 남짓 커졌습니다. 상한이 실제보다 큰 것은 층마다 최악의 방향이 서로 다르기 때문입니다. 그래도 $\sigma_{\max}$가 큰 층이 그래디언트를 키우는 범인 후보입니다.
#
# **스펙트럼 정규화**(spectral normalization, Miyato et al., 2018)는 GAN의 판별자(discriminator) 가중치를 $W/\sigma_{\max}(W)$로 나누어 각 층의 증폭률을 1로 묶습니다. 판별자가 입력의 작은 변화에 과민하게 반응하지 않게 해서(립시츠 상수(Lipschitz constant) 제한) 학습을 안정시킵니다. 매 걸음 SVD를 하면 비싸므로, 논문과 `torch.nn.utils.parametrizations.spectral_norm`은 **학습 한 걸음에 거듭제곱법 한 번**만 하고, 벡터 $u$, $v$를 버퍼에 저장해 다음 걸음에 이어 씁니다. 가중치가 조금씩만 바뀌니 지난 걸음의 $u$가 좋은 출발점이고, 그래서 걸음마다의 한 번이 쌓여 §4의 거듭제곱법처럼 일정한 비율로 $\sigma_{\max}$에 다가갑니다(아래 심화에서 torch로 잽니다).

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 층의 증폭률은 스펙트럼 노름 $\sigma_{\max}$로 묶이고, 그 값과 최악의 방향은 $W^{\mathsf T}W$에 대한 거듭제곱법으로 찾습니다. 스펙트럼 정규화는 이 반복을 학습의 걸음마다 한 번씩 나누어 하고 $u$를 이어 써서, 거의 공짜로 $\sigma_{\max}$를 추적합니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): torch의 `spectral_norm` 안을 들여다봅니다
#
# torch는 $u$, $v$를 매개변수화 객체의 내부 버퍼 `_u`, `_v`에 둡니다(공개 API가 아니므로 버전에 따라 바뀔 수 있습니다). 그 벡터에서 출발하는 직접 만든 "한 걸음에 한 번" 추정과 torch의 추정을 80걸음 동안 비교하고, 추정 오차가 줄어드는 비율을 예측과 맞춰 봅니다.

# %% slideshow={"slide_type": "skip"}
layer = torch.nn.Linear(n_in, m_out, bias=False).double()
with torch.no_grad():
    layer.weight.copy_(W)
sn_layer = spectral_norm(layer)  # 15 power iterations at registration, then 1 per forward call
param = sn_layer.parametrizations.weight[0]
u_own, v_own = param._u.clone(), param._v.clone()  # start our own estimate from torch's vectors
est_torch, est_own = [], []
for _step in range(80):  # training-like steps: each access of .weight in train mode iterates once
    w_normalised = sn_layer.weight
    est_torch.append((W[0, 0] / w_normalised[0, 0]).item())  # weight = W / sigma_estimate
    u_own = F.normalize(W @ v_own, dim=0)
    v_own = F.normalize(W.T @ u_own, dim=0)
    est_own.append(torch.dot(u_own, W @ v_own).item())
est_torch, est_own = np.array(est_torch), np.array(est_own)
sn_err = np.abs(est_torch - sigma_max) / sigma_max
rate_sn = (sn_err[40] / sn_err[20]) ** (1 / 20)
print(f"relative error of torch's sigma estimate: step 1 {sn_err[0]:.1e}, step 10 {sn_err[9]:.1e}, step 80 {sn_err[-1]:.1e}")
print(f"measured rate per step {rate_sn:.4f}, predicted (s2/s1)^4 = {(2.85 / 3) ** 4:.4f}")
print(f"own one-iteration-per-call estimate vs torch's: max difference {np.max(np.abs(est_own - est_torch)):.1e}")
assert 0.035 <= sn_err[0] < 0.045 and sn_err[-1] < 1e-7  # 4e-2 at the first step, below 1e-7 after 80
assert abs(rate_sn - (2.85 / 3) ** 4) < 0.01  # the power-iteration rate for sigma
np.testing.assert_allclose(est_own, est_torch, rtol=1e-13)  # the same algorithm as torch

# %% slideshow={"slide_type": "skip"}
fig, ax = plt.subplots(figsize=(9, 3.5))
steps = np.arange(1, 81)
ax.semilogy(steps, sn_err, "o", ms=3, label="torch spectral_norm의 σ 추정 (측정)")
ax.semilogy(steps, np.abs(est_own - sigma_max) / sigma_max, "-", lw=1, label="직접 만든 한 걸음 한 번 추정")
ax.semilogy(steps, sn_err[20] * ((2.85 / 3) ** 4) ** (steps - 21), "k:", label=r"$(\sigma_2/\sigma_1)^{4k}$ (예측)")
ax.set(xlabel="학습 걸음 수 (순전파 호출)", ylabel=r"$|\hat\sigma - \sigma_{\max}|/\sigma_{\max}$",
       title="스펙트럼 정규화: 걸음마다 거듭제곱법 한 번, u를 이어 씀")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# 등록할 때 15번 반복한 뒤에도 첫 걸음의 추정은 $4 \times 10^{-2}$만큼 틀리고($\sigma_2/\sigma_1 = 0.95$로 간격이 좁기 때문), 걸음마다 $(\sigma_2/\sigma_1)^4$배씩 줄어 80걸음 뒤에는 $10^{-7}$ 아래입니다. 여기서는 $\sigma$ 추정이 $u^{\mathsf T}Wv$라서 한 번의 반복($W^{\mathsf T}W$ 한 번)에 벡터 오차의 제곱, 곧 $(\sigma_2/\sigma_1)^{2\cdot 2}$로 줄어듭니다. 직접 만든 추정은 torch와 반올림 수준까지 같습니다. 실제 학습에서는 $W$도 조금씩 바뀌므로 추정은 정확한 값을 약간 뒤쫓으며 따라갑니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-convergence-order"></a>
#
# ## 6. 수렴 차수: 고정점 반복과 뉴턴 법
#
# 오차 수열이 $e_{k+1} \approx C e_k^{\,p}$이면 $p$를 **수렴 차수**(order of convergence)라 합니다. $p = 1$(일차 수렴)이면 매 반복 자릿수가 **일정한 개수**만큼 늘고, $p = 2$(이차 수렴)이면 자릿수가 **두 배**가 됩니다. 세 오차로 $p$를 잽니다.
#
# $$
# p \approx \frac{\log(e_{k+1}/e_k)}{\log(e_k/e_{k-1})}
# $$
#
# 예는 $x = \cos x$의 해 $x^* \approx 0.739$입니다. **고정점 반복**(fixed-point iteration) $x_{k+1} = g(x_k) = \cos x_k$는 $e_{k+1} \approx g'(x^*)e_k$라 일차이고 비율은 $|g'(x^*)| = \sin x^* \approx 0.674$입니다. **뉴턴 법**(Newton's method) $x_{k+1} = x_k - f(x_k)/f'(x_k)$, $f(x) = x - \cos x$는 이차입니다. float64는 16자리에서 멈추므로, 이차 수렴이 보이도록 130자리 mpmath로 계산합니다.

# %% slideshow={"slide_type": "subslide"}
x_fix = mp.findroot(lambda t: t - mp.cos(t), mp.mpf("0.7"))  # reference root, 130 digits
t = mp.mpf(1)
fixed_err = []
for _ in range(60):
    t = mp.cos(t)  # fixed-point iteration x <- g(x)
    fixed_err.append(abs(t - x_fix))
t = mp.mpf(1)
newton_err = [abs(t - x_fix)]
for _ in range(6):
    t = t - (t - mp.cos(t)) / (1 + mp.sin(t))  # Newton on f(x) = x - cos x
    newton_err.append(abs(t - x_fix))


def orders(e):
    """p_k = log(e_{k+1}/e_k) / log(e_k/e_{k-1}) for every k with e_{k+1} > 0."""
    return [float(mp.log(e[k + 1] / e[k]) / mp.log(e[k] / e[k - 1])) for k in range(1, len(e) - 1)]


print("Newton errors:", [mp.nstr(e, 3) for e in newton_err])
print("Newton orders p:", [f"{p:.4f}" for p in orders(newton_err)])
print(f"fixed point: orders {orders(fixed_err)[-1]:.4f}, ratio e_60/e_59 = {float(fixed_err[-1] / fixed_err[-2]):.6f}, "
      f"|g'(x*)| = sin x* = {float(mp.sin(x_fix)):.6f}")

# %% [markdown] slideshow={"slide_type": "-"}
# 측정한 차수와 비율을 예측과 비교합니다. 뉴턴 법의 마지막 오차는 $10^{-83}$ 근처라 130자리 안에 있습니다.

# %% slideshow={"slide_type": "subslide"}
p_newton = orders(newton_err)
p_fixed = orders(fixed_err)
ratio_fixed = float(fixed_err[-1] / fixed_err[-2])
assert all(abs(p - 2) < 0.01 for p in p_newton[2:])  # quadratic: digits double
assert all(abs(p - 1) < 1e-3 for p in p_fixed[20:])  # linear (after the start-up oscillation)
assert abs(ratio_fixed - float(mp.sin(x_fix))) < 1e-6  # the linear rate is |g'(x*)|
assert newton_err[-1] < mp.mpf(10) ** -80 < fixed_err[-1]  # 6 Newton steps beat 60 fixed-point steps
newton_digits = [round(-float(mp.log10(e))) for e in newton_err[1:]]
print(f"Newton correct digits: {newton_digits}; fixed point: {-math.log10(ratio_fixed):.3f} digits per step")
assert newton_digits == [2, 5, 10, 20, 41, 83] and abs(math.log10(ratio_fixed) + 0.17) < 0.005
x64, steps64 = 1.0, 0
while abs(x64 - float(x_fix)) > EPS64:  # in float64 Newton stops at eps after a handful of steps
    x64, steps64 = x64 - (x64 - math.cos(x64)) / (1 + math.sin(x64)), steps64 + 1
print(f"float64 Newton: |x - x*| <= eps after {steps64} steps")
assert steps64 == 4  # "four steps"

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.semilogy(range(1, 61), [float(e) for e in fixed_err], "o-", ms=3, label=r"고정점 $x \leftarrow \cos x$ (일차)")
ax.semilogy(range(len(newton_err)), [max(float(e), 1e-300) for e in newton_err], "s-", label="뉴턴 법 (이차)")
ax.axhline(EPS64, color="k", lw=1, ls=":", label=r"float64의 $\varepsilon$")
ax.set(xlabel="반복 수 k", ylabel=r"$|x_k - x^*|$ (130자리 mpmath)", ylim=(1e-90, 1),
       title="일차 수렴은 직선, 이차 수렴은 절벽")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 일차 수렴의 오차는 로그 눈금에서 직선(기울기 $\log_{10} 0.674 \approx -0.17$, 곧 반복마다 0.17자리)이고, 뉴턴 법은 맞는 자릿수가 2, 5, 10, 20, 41, 83으로 두 배씩 늘어 절벽처럼 떨어집니다. float64에서는 $\varepsilon$에 닿으면 더 줄지 않으므로, 그 전의 몇 걸음만으로 차수를 재야 합니다.
#
# 앞 절들의 반복법도 이 말로 정리됩니다. 야코비, 가우스-자이델, 거듭제곱법은 비율이 $\rho(T_J)$, $\rho(T_{GS})$, $|\lambda_2/\lambda_1|$인 일차 수렴이고(푸아송 행렬에서는 $\rho(T_{GS}) = \rho(T_J)^2$), CG도 비율이 $(\sqrt\kappa - 1)/(\sqrt\kappa + 1)$ 이하인 일차 수렴입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 일차 수렴은 매 반복 같은 비율(여기서 $|g'(x^*)| = 0.674$)로 오차를 줄여 자릿수가 일정하게 늘고, 이차 수렴은 자릿수를 두 배로 늘립니다. 측정한 차수는 1과 2였습니다. 뉴턴 법은 float64에서 네 걸음이면 $\varepsilon$에 닿으니, 그 뒤의 반복은 의미가 없습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# [`exercises/nm-06_exercises.ipynb`](../exercises/nm-06_exercises.ipynb)를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과, 잔차가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000)` → `(x, n_iter)`: 상대 잔차 $\|b - Ax\|_2 \le \text{tol}\,\|b\|_2$로, 스윕 **전에** 검사해 멈춥니다. `n_iter`는 한 스윕 수입니다 (§1).
# - `conjugate_gradient(A, b, x0=None, tol=1e-10, max_iter=None)` → `(x, n_iter)`: `A`는 SPD 배열이거나 행렬-벡터 곱 함수, $b = 0$이면 $x = 0$, `n_iter = 0`, `max_iter=None`은 $10n$ (§2).
# - `power_iteration(A, num_iter=1000, tol=1e-12, seed=0)` → `(eigval, eigvec)`: 대칭 행렬의 지배 고윳값(레일리 몫, 부호 유지)과 단위 고유벡터. 레일리 몫의 변화가 $\text{tol}\cdot|\lambda|$ 이하이면 멈춥니다 (§4).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 정상 반복법의 오차는 $e_{k+1} = Te_k$라 수렴 속도가 스펙트럼 반지름 $\rho(T)$입니다. 1차원 푸아송 행렬($n = 30$)에서 측정한 감소율은 $\rho_J = \cos\frac{\pi}{31} = 0.99487$, $\rho_{GS} = \rho_J^2 = 0.98976$과 $10^{-6}$ 안에서 같았고, $n$을 60으로 두 배 하면 스윕 수는 네 배 가까이 늘었습니다. $\rho_J = 1.2$인 SPD 행렬에서 야코비는 발산, 가우스-자이델은 수렴했습니다.
# 2. 켤레 기울기법의 반복 수는 $\sqrt{\kappa}$에 비례합니다. $\kappa = 10 \ldots 10^4$에서 맞춘 기울기는 0.5 근처였고, $\kappa = 100$에서 최급 강하법은 CG(93번)보다 여덟 배 넘게(809번) 반복했습니다.
# 3. 나쁘게 크기 조정된 SPD 행렬($\kappa$가 $10^8$대)에서 야코비 전처리는 $\kappa$를 9.9로 되돌리고, CG 반복 수를 상한 2000번(미수렴)에서 44번으로 줄였습니다.
# 4. 거듭제곱법의 벡터는 $|\lambda_2/\lambda_1| = 0.9$, 레일리 몫은 $0.81$의 비율로 수렴했습니다(측정값과 $10^{-3}$ 안). 정규화 없이는 309번째 곱에서 overflow합니다.
# 5. 층의 증폭률은 $\sigma_{\max}$로 묶입니다. 임의 입력 1000개의 최대 증폭은 2.16으로 $\sigma_{\max} = 3$에 못 미쳤지만 거듭제곱법은 $\sigma_{\max}$에 닿았고, 8층 망의 그래디언트는 상한(만 배 가까이)보다 훨씬 작은 63배 커졌습니다. 스펙트럼 정규화는 걸음마다 거듭제곱법 한 번으로 $\sigma_{\max}$를 추적해, 80걸음 뒤 상대 오차가 $10^{-7}$ 아래였습니다.
# 6. 고정점 반복 $x \leftarrow \cos x$는 비율 $|g'(x^*)| = 0.674$의 일차 수렴, 뉴턴 법은 차수 2(130자리에서 측정)이고, float64에서는 네 걸음이면 $\varepsilon$에 닿습니다.

# %% slideshow={"slide_type": "subslide"}
measured = {"rho_J": rho_j, "rho_GS": rho_gs, "sweep growth 30->60": growth, "bad rho_J": rho_j_bad,
            "CG slope": slope_cg, "CG at kappa 100": cg_iters[2], "SD at kappa 100": sd_steps,
            "kappa after Jacobi": kappa_after, "PCG iterations": it_jacobi, "vector rate": rate_vec,
            "eigenvalue rate": rate_val, "overflow product": k_over, "largest random gain": gains.max().item(),
            "sigma_max": sigma_max, "gradient gain": grad_gain, "fixed-point ratio": ratio_fixed,
            "Newton order": p_newton[-1], "float64 Newton steps": steps64}
quoted = {"rho_J": (0.99487, 5e-6), "rho_GS": (0.98976, 5e-6), "sweep growth 30->60": (4, 0.2),
          "bad rho_J": (1.2, 5e-3), "CG slope": (0.5, 0.05), "CG at kappa 100": (93, 0),
          "SD at kappa 100": (809, 0), "kappa after Jacobi": (9.9, 0.05), "PCG iterations": (44, 0),
          "vector rate": (0.9, 1e-3), "eigenvalue rate": (0.81, 1e-3), "overflow product": (309, 0),
          "largest random gain": (2.16, 5e-3), "sigma_max": (3, 1e-12), "gradient gain": (63, 0.5),
          "fixed-point ratio": (0.674, 5e-4), "Newton order": (2, 0.01), "float64 Newton steps": (4, 0)}
for name, value in measured.items():
    print(f"{name:>22}: measured {value:.6g}, quoted {quoted[name][0]}")
    assert abs(value - quoted[name][0]) <= quoted[name][1], name  # the summary quotes what was measured
print(f"kappa before {kappa_before:.2e}, plain CG {it_plain}, bound prod(sigma) {math.prod(layer_sigma):.0f}, "
      f"spectral-norm error after 80 steps {sn_err[-1]:.1e}")
assert abs(rate_j - rho_j) < 1e-6 and abs(rate_gs - rho_gs) < 1e-6 and rho_gs_bad < 1  # 1: within 1e-6
assert sd_steps > 8 * cg_iters[2] and 1e8 <= kappa_before < 1e9 and it_plain == 10 * 200  # 2, 3
assert 5e3 < math.prod(layer_sigma) < 1.5e4 and sn_err[-1] < 1e-7  # 5: "close to 10^4", "below 1e-7"
assert np.max(np.abs(est_own - est_torch)) < 1e-12 * sigma_max

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-09 수치 최적화**: 이차 함수 $\tfrac12 x^{\mathsf T}Ax - b^{\mathsf T}x$ 위의 경사 하강법 $x_{k+1} = x_k + \eta(b - Ax_k)$는 반복 행렬이 $I - \eta A$인 정상 반복법이고, 수렴 비율은 §1의 $\rho(I - \eta A)$입니다. 최적의 학습률 $\eta = 2/(\lambda_{\min} + \lambda_{\max})$에서 이 값이 $(\kappa - 1)/(\kappa + 1)$입니다. [모멘텀](nm-09_optimization.ipynb#sec-momentum)은 CG처럼 지난 방향을 섞어 $\sqrt{\kappa}$에 가까운 속도를 얻고, [뉴턴 법](nm-09_optimization.ipynb#sec-newton)은 §6의 이차 수렴을 최적화에 씁니다.
# - **nm-10 ML을 위한 수치 계산**: [수치 디버깅 체크리스트](nm-10_numerics_for_ml.ipynb#sec-debug)에서 그래디언트가 폭발한 층을 찾을 때 §5의 $\sigma_{\max}$를 층마다 잽니다. [과목 전체 종합](nm-10_numerics_for_ml.ipynb#sec-roadmap)의 지도에서 이 강의는 nm-05의 직접법과 nm-09의 최적화 사이에 있습니다.
# - **nm-05 수치 선형대수**: 행렬이 작고 조밀하면 [촐레스키 분해](nm-05_linear_algebra.ipynb#sec-cholesky) 같은 직접법이 낫습니다. 반복법은 $Av$만 싸게 구할 수 있는 크고 희소한 문제의 도구입니다.
