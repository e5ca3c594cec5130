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
# # nm-05 수치 선형대수
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 15초 안팎이 걸립니다(대부분 그림 그리기).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# ML의 많은 계산은 결국 선형 시스템 $Ax = b$ 하나로 모입니다. 선형 회귀의 정규 방정식, 가우스 과정(Gaussian process)의 커널 행렬, 뉴턴 법의 헤세 행렬(Hessian), 칼만 필터의 공분산이 모두 그렇습니다. 그리고 이 계산은 조용히 틀립니다: 오류 메시지 없이 숫자가 나오고, 잔차(residual)까지 작은데 답의 앞자리부터 틀려 있습니다.
#
# 흔한 실패는 세 가지입니다. 특성(feature)이 거의 겹치는 회귀 문제에서 `inv(X.T @ X) @ X.T @ y`로 계수를 구하면 유효 숫자를 거의 다 잃고, 가우스 과정의 커널 행렬은 촐레스키 분해(Cholesky factorization)에서 `LinAlgError: Matrix is not positive definite`로 멈추며, 같은 `solve` 한 줄이 어떤 행렬에서는 16자리, 다른 행렬에서는 한 자리도 맞지 않습니다.
#
# 이 강의는 그 원인을 [nm-02 §3](nm-02_error_analysis.ipynb#sec-condition)에서 배운 조건수(condition number)의 행렬판으로 설명합니다. 그리고 LU, 촐레스키, QR, SVD 분해가 각각 언제, 왜 안전한지 재어 보고, 마지막으로 정칙화(regularization)가 통계의 도구이기 전에 **수치의 도구**임을 봅니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 행렬의 조건수 $\kappa(A) = \lVert A\rVert\,\lVert A^{-1}\rVert = \sigma_{\max}/\sigma_{\min}$이 전방 오차(forward error)를 $\kappa\,\varepsilon$ 크기로 정하고, 잔차는 작아도 오차가 클 수 있음을 설명할 수 있습니다.
# - 부분 피벗팅(partial pivoting)이 작은 피벗의 재앙을 막는 이유와 그 한계(증가 인자, growth factor)를 설명할 수 있습니다.
# - 정규 방정식이 조건수를 제곱하고 QR은 그렇지 않다는 것, 그리고 릿지(ridge)와 절단 SVD(truncated SVD)가 작은 특이값을 거르는 필터라는 것을 설명할 수 있습니다.
#
# **코딩 기술**
# - `np.linalg.solve`, `scipy.linalg.lu`, `np.linalg.cholesky`, `np.linalg.qr`, `np.linalg.svd`를 목적에 맞게 고를 수 있습니다.
# - mpmath와 정확한 역행렬(`scipy.linalg.invhilbert`)로 조건수의 기준값을 만들 수 있습니다.
# - 전방 오차, 상대 잔차, 자릿수를 재서 방법들을 비교하고, 분해의 비용을 연산 수와 시간으로 잴 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 (행렬의 조건수와 힐베르트 행렬) 15분 → §2 (solve 대 inv) 10분 → §3 (LU와 부분 피벗팅) 15분 → §4 (촐레스키) 7분 → §5 (최소제곱: QR 대 정규 방정식) 10분 → §6 (SVD, 의사역행렬, 릿지) 10분 → §7 (비용) 3분 → 연습 안내와 핵심 정리 5분. 심화 (선택) 절은 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import time
from fractions import Fraction

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import scipy.linalg

from utils.plotting import setup_plots

setup_plots()
rng = np.random.default_rng(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52


def rel_err(x_hat, x):
    """Normwise relative (forward) error ||x_hat - x|| / ||x||."""
    return float(np.linalg.norm(x_hat - x) / np.linalg.norm(x))


def rel_residual(A, x_hat, b):
    """Normwise relative residual ||b - A x_hat|| / (||A|| ||x_hat||): the backward error."""
    return float(np.linalg.norm(b - A @ x_hat) / (np.linalg.norm(A, 2) * np.linalg.norm(x_hat)))


print(f"float64 eps = {EPS64:.3e}, NumPy {np.__version__}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-condition"></a>
#
# ## 1. 행렬의 조건수
#
# [nm-02 §3](nm-02_error_analysis.ipynb#sec-condition)에서 함수의 조건수는 "입력의 상대 오차가 출력에서 몇 배가 되는가"였습니다. 선형 시스템 $Ax = b$에서 $b$를 $\delta b$만큼, $A$를 $\delta A$만큼 흔들면 답은
#
# $$
# \frac{\lVert \delta x\rVert}{\lVert x\rVert} \lesssim \kappa(A)\left(\frac{\lVert \delta A\rVert}{\lVert A\rVert} + \frac{\lVert \delta b\rVert}{\lVert b\rVert}\right), \qquad \kappa(A) = \lVert A\rVert_2\,\lVert A^{-1}\rVert_2 = \frac{\sigma_{\max}(A)}{\sigma_{\min}(A)}
# $$
#
# 만큼 움직입니다. $\sigma$는 특이값(singular value)입니다. 입력을 float64에 저장하는 것만으로 상대 오차 $\varepsilon$ 크기의 흔들림이 생기므로, **어떤 알고리즘을 써도** 전방 오차는 $\kappa(A)\,\varepsilon$ 근처를 기대해야 합니다.
#
# 조건수는 행렬의 성질이지 알고리즘의 성질이 아닙니다. 가장 유명한 나쁜 행렬은 힐베르트 행렬(Hilbert matrix) $H_{ij} = 1/(i + j - 1)$입니다. 다항식 $1, x, x^2, \ldots$로 $[0, 1]$에서 최소제곱 근사를 할 때 나오는 그람 행렬(Gram matrix)이라서, 단항식 특성으로 만든 회귀 문제가 정확히 이 모양입니다.
#
# 기준값이 문제입니다. `np.linalg.cond`는 float64로 $\sigma_{\min}$을 구하므로, $\sigma_{\min}$이 반올림 수준($\sigma_{\max}\varepsilon$ 정도)보다 작아지는 $\kappa \gtrsim 1/\varepsilon$부터는 맞는 값을 줄 수 없습니다. $H$는 대칭 양의 정부호(SPD)라서 $\kappa = \lambda_{\max}(H)\,\lambda_{\max}(H^{-1})$이고, `scipy.linalg.invhilbert(n, exact=True)`는 $H^{-1}$을 **정수로 정확히** 줍니다. 두 최대 고윳값은 float64로도 정확합니다. 이 값을 60자리 mpmath의 고윳값과도 맞춰 봅니다.

# %% slideshow={"slide_type": "subslide"}
def hilbert_cond2(n):
    """kappa_2(H_n) = lambda_max(H) * lambda_max(H^-1), with the exact integer inverse."""
    H_inv = np.array(scipy.linalg.invhilbert(n, exact=True), dtype=np.float64)
    return float(np.linalg.eigvalsh(scipy.linalg.hilbert(n))[-1] * np.linalg.eigvalsh(H_inv)[-1])


def hilbert_cond2_mp(n, dps=60):
    """The same in mpmath: ratio of the extreme eigenvalues at dps digits."""
    with mp.workdps(dps):
        ev = mp.eigsy(mp.hilbert(n), eigvals_only=True)
        return float(max(ev) / min(ev))


ns = np.arange(2, 21)
kappa = np.array([hilbert_cond2(n) for n in ns])
kappa_np = np.array([np.linalg.cond(scipy.linalg.hilbert(n)) for n in ns])
for n in (12, 20):
    np.testing.assert_allclose(hilbert_cond2(n), hilbert_cond2_mp(n), rtol=1e-12)
np.testing.assert_allclose(kappa_np[ns <= 8], kappa[ns <= 8], rtol=1e-6)  # float64 svd is fine here
slope, intercept = np.polyfit(ns[ns >= 4], np.log(kappa[ns >= 4]), 1)
print(f"kappa(H_n) ~ exp({slope:.3f} n);  kappa(H_12) = {kappa[ns == 12][0]:.2e}, "
      f"kappa(H_20) = {kappa[ns == 20][0]:.2e}")
stalled = kappa_np[ns >= 13]
print(f"np.linalg.cond for n = 13..20: {stalled.min():.1e} to {stalled.max():.1e}  (1/eps = {1 / EPS64:.1e})")
assert round(slope, 2) == 3.49 and round(slope / np.log(10), 1) == 1.5  # e^{3.49 n}: 1.5 digits per row
assert f"{kappa[ns == 12][0]:.1e}" == "1.7e+16" and kappa[ns == 12][0] > 1 / EPS64
assert np.all((stalled > 1e17) & (stalled < 1e19))  # float64's cond stalls near 1e18 from n = 13 ...
assert kappa_np[-1] < 1e-9 * kappa[-1]  # ... while the true kappa(H_20) is 2e28

# %% [markdown] slideshow={"slide_type": "-"}
# 기울기는 약 $3.5$입니다. 행과 열을 하나 늘릴 때마다 조건수가 $e^{3.5} \approx 33$배, 곧 약 1.5자리씩 커집니다. $n = 12$에서 이미 $\kappa \approx 1.7 \times 10^{16} > 1/\varepsilon$이고, float64의 `np.linalg.cond`는 $n = 13$부터 $10^{17}$과 $10^{19}$ 사이($10^{18}$ 근처)에서 더 오르지 못합니다. $1/\varepsilon \approx 4.5\times10^{15}$보다 조금 위에서 반올림 잡음에 묻힌 값입니다. 그림으로 봅니다.

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.semilogy(ns, kappa, "o-", label=r"정확한 $\kappa_2(H_n)$ (정수 역행렬, mpmath로 확인)")
ax.semilogy(ns, kappa_np, "s--", label="np.linalg.cond (float64)")
ax.semilogy(ns, np.exp(slope * ns + intercept), ":", color="gray", label=rf"맞춘 직선 $e^{{{slope:.2f}n}}$")
ax.axhline(1 / EPS64, color="k", lw=1, ls=":", label=r"$1/\varepsilon$")
ax.set(xlabel="n", ylabel="조건수", title="힐베르트 행렬의 조건수")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 실제로 $H_n x = b$를 풉니다. 답 $x$를 먼저 정하고 $b = Hx$를 만든 다음 `np.linalg.solve`로 풀어, 전방 오차 $\lVert\hat x - x\rVert/\lVert x\rVert$와 상대 잔차 $\lVert b - A\hat x\rVert/(\lVert A\rVert\lVert\hat x\rVert)$를 잽니다. 상대 잔차는 [nm-02 §2](nm-02_error_analysis.ipynb#sec-forward-backward)의 후방 오차(backward error)입니다: $\hat x$가 "얼마나 가까운 문제의 정확한 답인가"를 잽니다.

# %% slideshow={"slide_type": "subslide"}
n_solve = np.arange(2, 15)
fwd, res = [], []
for n in n_solve:
    H = scipy.linalg.hilbert(n)
    x_true = rng.standard_normal(n)
    b = H @ x_true
    x_hat = np.linalg.solve(H, b)
    fwd.append(rel_err(x_hat, x_true))
    res.append(rel_residual(H, x_hat, b))
fwd, res = np.array(fwd), np.array(res)
k_eps = kappa[: len(n_solve)] * EPS64
mid = (n_solve >= 5) & (n_solve <= 12)
print("n      :", n_solve.tolist())
print("error  :", [f"{e:.0e}" for e in fwd])
print("k*eps  :", [f"{e:.0e}" for e in k_eps])
gap = np.log10(k_eps[mid] / fwd[mid])  # digits between the error and kappa*eps
print(f"largest relative residual: {res.max() / EPS64:.2f} eps; "
      f"error below kappa*eps by {gap.min():.1f} to {gap.max():.1f} digits (n = 5..12)")
assert np.all(res < EPS64)  # the residual stays below eps for every n
assert set(np.round(gap)) <= {1.0, 2.0}  # the error follows kappa*eps, one or two digits below
assert fwd[n_solve == 13][0] > 0.5  # kappa*eps > 100: not one correct digit

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.semilogy(n_solve, fwd, "o-", label=r"전방 오차 $\|\hat x - x\|/\|x\|$")
ax.semilogy(n_solve, np.maximum(res, 1e-18), "s-", label="상대 잔차 (후방 오차)")
ax.semilogy(n_solve, k_eps, "k:", label=r"$\kappa(H_n)\,\varepsilon$")
ax.axhline(EPS64, color="gray", lw=1, ls="--", label=r"$\varepsilon$")
ax.set(xlabel="n", ylabel="상대 크기", ylim=(1e-18, 1e4),
       title=r"solve로 푼 $H_n x = b$: 잔차는 $\varepsilon$, 오차는 $\kappa\varepsilon$을 따라감")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 잔차(네모)는 모든 $n$에서 $\varepsilon$ 아래에 누워 있고, 오차(동그라미)는 $n = 5$–$12$에서 $\kappa\varepsilon$ 선을 한두 자리 아래에서 따라 올라갑니다(자릿수 차이는 위 출력). $n = 13$에서는 잔차가 여전히 $\varepsilon$인데 답은 한 자리도 맞지 않습니다. **작은 잔차는 좋은 답의 증거가 아닙니다.** 잔차가 말해 주는 것은 "알고리즘이 제 할 일을 했다"(후방 안정)이고, 답의 정확도는 거기에 조건수를 곱해야 나옵니다.
#
# 같은 규칙은 정밀도를 낮추면 더 일찍 무너집니다. [nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)의 혼합 정밀도(mixed precision)에서 쓰는 float32는 $\varepsilon_{32} \approx 1.2\times10^{-7}$이라, $\kappa\varepsilon_{32}$가 1을 넘는 $n = 6$($\kappa\varepsilon_{32} \approx 1.8$)부터는 오차 한계가 한 자리도 보장하지 않고(실제 오차는 아래 출력), $n = 7$($\kappa \approx 4.8\times10^{8}$)이면 답이 완전히 틀립니다. float64로는 같은 $n = 7$에서 8자리 이상이 남았던(위의 측정) 문제입니다. 같은 $H_n$을 float32로 풉니다.

# %% slideshow={"slide_type": "subslide"}
EPS32 = float(np.finfo(np.float32).eps)
for n in (3, 6, 7):
    H = scipy.linalg.hilbert(n)
    x_true = np.linspace(1.0, 2.0, n)
    x32 = np.linalg.solve(H.astype(np.float32), (H @ x_true).astype(np.float32))
    k_n = hilbert_cond2(n)
    print(f"n = {n}: float32 error {rel_err(x32, x_true):.1e}, kappa*eps32 = {k_n * EPS32:.1e}")
    assert x32.dtype == np.float32  # NumPy calls LAPACK's single-precision solver
    if n == 3:
        assert rel_err(x32, x_true) < 10 * k_n * EPS32 < 1e-2  # a few digits left
    elif n == 6:
        assert f"{k_n * EPS32:.1f}" == "1.8"  # kappa*eps32 > 1: the bound guarantees no digit
    else:
        assert f"{k_n:.1e}" == "4.8e+08" and rel_err(x32, x_true) > 0.1  # wrong in the first digit
assert fwd[n_solve == 7][0] < 1e-8  # float64 at n = 7 (measured above): 8+ digits

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: $\text{전방 오차} \lesssim \kappa(A) \times \text{후방 오차}$입니다. 좋은 알고리즘은 후방 오차를 $\varepsilon$으로 만드는 데까지 책임지고, 나머지 $\kappa$배는 문제 자체의 몫입니다. 힐베르트 행렬은 $n$이 하나 늘 때마다 약 1.5자리를 잃어 $n = 13$이면 float64로 풀 수 없는 문제가 됩니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-solve-vs-inv"></a>
#
# ## 2. 역행렬을 곱하지 말고 푸십시오
#
# 수식의 $x = A^{-1}b$를 그대로 `np.linalg.inv(A) @ b`로 옮기면 두 가지를 잃습니다. 하나는 정확도입니다. `np.linalg.solve`는 LU 분해(§3)와 두 번의 삼각 풀이로 답을 구하며 [nm-02 §2](nm-02_error_analysis.ipynb#sec-forward-backward)에서 본 뜻으로 **후방 안정**(backward stable)합니다: 계산한 $\hat x$가 $(A + \delta A)\hat x = b$, $\lVert\delta A\rVert/\lVert A\rVert = O(\varepsilon)$인 문제의 정확한 답이라서 상대 잔차가 $\varepsilon$ 수준입니다. 역행렬을 만든 뒤 곱한 답은 그런 보장이 없고, 잔차가 $\kappa\varepsilon$까지 커질 수 있습니다.
#
# 다른 하나는 비용입니다. 부동소수점 연산 수(flop)로 LU는 $\tfrac{2}{3}n^3$, 삼각 풀이는 각각 $n^2$입니다. 역행렬은 LU 뒤에 $\tfrac{4}{3}n^3$이 더 들어 모두 $2n^3$이므로, 우변 하나를 풀 때 **3배**입니다. 힐베르트 $n = 8$($\kappa \approx 1.5\times 10^{10}$)에서 정확도를 먼저 봅니다.

# %% slideshow={"slide_type": "subslide"}
n = 8
H8 = scipy.linalg.hilbert(n)
x_true = rng.standard_normal(n)
b8 = H8 @ x_true
x_solve = np.linalg.solve(H8, b8)
x_inv = np.linalg.inv(H8) @ b8
r_solve, r_inv = rel_residual(H8, x_solve, b8), rel_residual(H8, x_inv, b8)
e_solve, e_inv = rel_err(x_solve, x_true), rel_err(x_inv, x_true)
k8 = hilbert_cond2(n)
print(f"kappa(H_8) = {k8:.2e}, kappa*eps = {k8 * EPS64:.1e}")
print(f"solve     : residual {r_solve:.1e}, error {e_solve:.1e}")
print(f"inv(A) @ b: residual {r_inv:.1e}, error {e_inv:.1e}  (residual ratio {r_inv / r_solve:.0e})")
assert f"{k8:.1e}" == "1.5e+10"  # the kappa quoted in the text
assert r_solve < 10 * n * EPS64  # backward stable
assert r_inv > 1e6 * r_solve  # a million times larger residual (or more)
assert max(e_solve, e_inv) < 10 * k8 * EPS64  # both errors are bounded by kappa*eps

# %% [markdown] slideshow={"slide_type": "-"}
# 두 답의 전방 오차는 모두 $\kappa\varepsilon$ 크기지만, 잔차는 백만 배 이상 차이 납니다(정확한 비율은 출력이며 BLAS 구현에 따라 조금 다릅니다). 역행렬의 답은 "가까운 문제의 답"조차 아닌 것입니다. [nm-10 §5](nm-10_numerics_for_ml.ipynb#sec-solve)의 같은 측정이 이것입니다.
#
# 비용은 연산 수를 세어 확인합니다. 아래 함수는 LU(§3의 소거), 삼각 풀이, 역행렬의 연산을 알고리즘의 반복문 그대로 셉니다. 역행렬의 연산 수는 $Ly = e_j$를 풀 때 $e_j$ 앞쪽의 0을 건너뛰는 절약까지 넣어 셉니다. 출력에서 읽을 것은 오른쪽 열 `inv / solve`, 곧 우변 하나를 역행렬로 풀 때와 `solve`로 풀 때의 연산 수 비율입니다.

# %% slideshow={"slide_type": "subslide"}
def flops_lu(n):
    """Gaussian elimination: at step k, n-k-1 divisions and a (n-k-1)^2 multiply-add update."""
    return sum((n - k - 1) + 2 * (n - k - 1) ** 2 for k in range(n))


def flops_triangular(n):
    """One triangular solve: row i costs i multiply-adds and one division."""
    return sum(2 * i + 1 for i in range(n))


def flops_inverse(n):
    """LU, then for each column e_j: L y = e_j skipping the j leading zeros, then U x = y."""
    return flops_lu(n) + sum(flops_triangular(n - j) + flops_triangular(n) for j in range(n))


def inv_over_solve(n):
    """Flops of inv(A) @ b (with the product A^-1 b) over those of solve, one right-hand side."""
    return (flops_inverse(n) + 2 * n * n) / (flops_lu(n) + 2 * flops_triangular(n))


for n in (10, 100, 1000):
    print(f"n = {n:4d}: LU / (2n^3/3) = {flops_lu(n) / (2 * n**3 / 3):.3f}, inv / solve = {inv_over_solve(n):.2f}")
assert abs(flops_lu(1000) / (2 * 1000**3 / 3) - 1) < 0.01
assert f"{inv_over_solve(10):.2f}" == "2.70" and f"{inv_over_solve(1000):.2f}" == "3.00"  # -> 3

# %% [markdown] slideshow={"slide_type": "-"}
# 오른쪽 열의 비율은 $n = 10$에서 2.70, $n = 1000$에서 3.00으로, $n$이 커지면 3으로 갑니다. 왼쪽 열은 센 LU 연산 수가 공식 $\tfrac{2}{3}n^3$에 맞는다는(1로 가는) 확인입니다. 실제 시간도 재어 봅니다(출력만 하고 검사하지 않습니다: 기계마다 다릅니다).

# %% slideshow={"slide_type": "subslide"}
A800 = rng.standard_normal((800, 800))
b800 = rng.standard_normal(800)
np.linalg.solve(A800, b800)  # warm-up
t0 = time.perf_counter()
x1 = np.linalg.solve(A800, b800)
t_solve = time.perf_counter() - t0
t0 = time.perf_counter()
x2 = np.linalg.inv(A800) @ b800
t_inv = time.perf_counter() - t0
print(f"n = 800: solve {t_solve * 1e3:.1f} ms, inv @ b {t_inv * 1e3:.1f} ms (ratio {t_inv / t_solve:.1f})")
np.testing.assert_allclose(x1, x2, rtol=1e-8, atol=1e-8)  # a random matrix: same answer here

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: $A^{-1}$은 수식의 기호이지 계산의 단계가 아닙니다. `solve`는 후방 안정하고(잔차 $\approx \varepsilon$), 우변 하나에 역행렬의 3분의 1 연산만 씁니다. 같은 $A$로 여러 번 풀어야 하면 역행렬이 아니라 **분해**(`scipy.linalg.lu_factor`, `cho_factor`)를 저장해 두고 다시 씁니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 분해를 한 번 하고 여러 번 풀기
#
# 같은 $A$에 우변이 $k$개 차례로 오면(예: 반복법의 각 단계, 가우스 과정의 예측), `solve`를 $k$번 부르면 LU를 $k$번 합니다. `scipy.linalg.lu_factor`로 한 번 분해해 두면 우변마다 삼각 풀이 두 번($2n^2$)만 남습니다. 역행렬을 저장하는 것보다 정확하고, 비용도 같은 $O(n^2)$입니다.

# %% slideshow={"slide_type": "skip"}
rng_d = np.random.default_rng(1)  # its own generator: skipping this cell changes nothing below
n_d, k_rhs = 300, 20
A_d, B_rhs = rng_d.standard_normal((n_d, n_d)), rng_d.standard_normal((n_d, k_rhs))
t0 = time.perf_counter()
X_each = np.column_stack([np.linalg.solve(A_d, B_rhs[:, j]) for j in range(k_rhs)])
t_each = time.perf_counter() - t0
t0 = time.perf_counter()
lu_piv = scipy.linalg.lu_factor(A_d)  # one LU: 2n^3/3
X_once = np.column_stack([scipy.linalg.lu_solve(lu_piv, B_rhs[:, j]) for j in range(k_rhs)])
t_once = time.perf_counter() - t0
print(f"{k_rhs} right-hand sides, n = {n_d}: solve each time {t_each * 1e3:.1f} ms, "
      f"one lu_factor + lu_solve {t_once * 1e3:.1f} ms")
np.testing.assert_allclose(X_once, X_each, rtol=1e-9, atol=1e-10)
cost_each = k_rhs * (flops_lu(n_d) + 2 * flops_triangular(n_d))
cost_once = flops_lu(n_d) + k_rhs * 2 * flops_triangular(n_d)
print(f"flop ratio (solve each time) / (factor once) = {cost_each / cost_once:.1f}")
assert 0.8 * k_rhs < cost_each / cost_once < k_rhs  # close to k when k << n

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-lu"></a>
#
# ## 3. LU 분해와 부분 피벗팅
#
# 가우스 소거(Gaussian elimination)는 $A = LU$ 분해입니다. $k$번째 단계에서 피벗(pivot) $u_{kk}$로 아래 행들을 지우며, 곱한 배수 $\ell_{ik} = a_{ik}/a_{kk}$가 단위 하삼각 행렬(unit lower-triangular, 대각이 1) $L$에 쌓입니다. 그러면 $Ax = b$는 두 삼각 시스템이 됩니다.
#
# $$
# Ly = b \;\;(\text{전진 대입, forward substitution}): \; y_i = b_i - \sum_{j<i} \ell_{ij} y_j, \qquad
# Ux = y \;\;(\text{후진 대입, back substitution}): \; x_i = \frac{y_i - \sum_{j>i} u_{ij} x_j}{u_{ii}}
# $$
#
# 전진 대입은 $i = 1, 2, \ldots$ 순서로, 후진 대입은 $i = n, n-1, \ldots$ 순서로 가야 합니다. 각 줄이 이미 구한 값만 쓰기 때문입니다. 작은 예로 `scipy.linalg.solve_triangular`와 맞춰 봅니다.

# %% slideshow={"slide_type": "subslide"}
U3 = np.array([[2.0, -1.0, 3.0], [0.0, 4.0, 1.0], [0.0, 0.0, 5.0]])
y3 = np.array([7.0, 9.0, 10.0])
x3 = np.zeros(3)
x3[2] = y3[2] / U3[2, 2]  # the last row first: 5 x_3 = 10
x3[1] = (y3[1] - U3[1, 2] * x3[2]) / U3[1, 1]  # then row 2 uses x_3
x3[0] = (y3[0] - U3[0, 1:] @ x3[1:]) / U3[0, 0]  # row 1 uses x_2 and x_3
print("back substitution by hand:", x3)
np.testing.assert_allclose(x3, scipy.linalg.solve_triangular(U3, y3, lower=False), rtol=1e-15)
np.testing.assert_allclose(U3 @ x3, y3, rtol=1e-15)

# %% [markdown] slideshow={"slide_type": "-"}
# 피벗 없이 소거하는 함수를 만듭니다. 한 단계가 벡터 연산 두 줄입니다.

# %% slideshow={"slide_type": "subslide"}
def lu_no_pivot(A):
    """Gaussian elimination without row exchanges: A = L U (fails on small pivots)."""
    U = np.array(A, dtype=np.float64)
    n = U.shape[0]
    L = np.eye(n)
    for k in range(n - 1):
        L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]  # multipliers l_ik = a_ik / a_kk
        U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])  # eliminate below the pivot
    return L, np.triu(U)


A_rand = rng.standard_normal((6, 6))
L6, U6 = lu_no_pivot(A_rand)
np.testing.assert_allclose(L6 @ U6, A_rand, atol=1e-13)  # fine on a random matrix

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 피벗이 작은 행렬 $A = \begin{pmatrix} 10^{-20} & 1 \\ 1 & 1\end{pmatrix}$, $b = (1, 2)^{\mathsf T}$를 봅니다. 조건수는 약 2.6으로 아주 좋은 문제이고, 답은 $x \approx (1, 1)$입니다. 피벗 없이 소거하면 배수가 $\ell_{21} = 10^{20}$이 되고, $u_{22} = 1 - 10^{20}$에서 1이 반올림으로 사라집니다. 정확한 답은 `Fraction`으로 구합니다.

# %% slideshow={"slide_type": "subslide"}
A_tiny = np.array([[1e-20, 1.0], [1.0, 1.0]])
b_tiny = np.array([1.0, 2.0])
F = [[Fraction(v) for v in row] for row in A_tiny]  # exact rational arithmetic
det = F[0][0] * F[1][1] - F[0][1] * F[1][0]
x_exact = np.array([float((1 * F[1][1] - 2 * F[0][1]) / det), float((2 * F[0][0] - 1 * F[1][0]) / det)])
L2, U2 = lu_no_pivot(A_tiny)
x_nopiv = scipy.linalg.solve_triangular(U2, scipy.linalg.solve_triangular(L2, b_tiny, lower=True))
P2, Lp, Up = scipy.linalg.lu(A_tiny)  # partial pivoting; SciPy returns A = P L U
x_piv = np.linalg.solve(A_tiny, b_tiny)
print(f"cond(A) = {np.linalg.cond(A_tiny):.2f}, exact x = {x_exact}")
print(f"no pivoting     : x = {x_nopiv}, error {rel_err(x_nopiv, x_exact):.1e}")
print(f"partial pivoting: x = {x_piv}, error {rel_err(x_piv, x_exact):.1e}")
print("L U - A without pivoting:\n", L2 @ U2 - A_tiny)
assert f"{np.linalg.cond(A_tiny):.1f}" == "2.6"  # a perfectly well-conditioned problem...
assert abs(x_nopiv[0] - x_exact[0]) / abs(x_exact[0]) == 1.0  # ...x_1 = 0 instead of 1: 100% error
assert rel_err(x_piv, x_exact) <= EPS64
assert np.array_equal(P2.T @ A_tiny, Lp @ Up) and np.abs(Lp).max() <= 1  # P^T A = L U, |l| <= 1

# %% [markdown] slideshow={"slide_type": "-"}
# 피벗 없는 LU의 $LU - A$를 보면 $a_{22} = 1$이 통째로 사라졌습니다. 후방 오차가 $\lVert A\rVert$ 크기라서, 조건수가 2.6인데도 $x_1$이 0으로 나옵니다. **부분 피벗팅**은 $k$번째 열에서 절댓값이 가장 큰 원소를 피벗으로 올립니다(행 교환, 치환 행렬 $P$). 그러면 $|\ell_{ik}| \le 1$이라 배수가 값을 키우지 못하고, 오차는 $\varepsilon$ 수준이 됩니다.
#
# 규약에 주의합니다. SciPy의 `scipy.linalg.lu`는 $A = PLU$를 돌려주고, 교과서와 연습 문제 `lu_partial_pivot`은 $PA = LU$를 씁니다. 두 $P$는 서로의 전치(transpose)입니다(위의 마지막 `assert`).
#
# 부분 피벗팅도 만능은 아닙니다. 안정성은 **증가 인자**(growth factor) $\rho = \max|u_{ij}|/\max|a_{ij}|$에 달려 있고, 최악은 $\rho = 2^{n-1}$입니다. 윌킨슨(Wilkinson)의 행렬(대각 1, 대각 아래 −1, 마지막 열 1)이 그 최악을 정확히 만듭니다. 무작위 행렬과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def wilkinson(n):
    """1 on the diagonal, -1 below it, 1 in the last column: growth factor 2^(n-1)."""
    W = np.eye(n) - np.tril(np.ones((n, n)), -1)
    W[:, -1] = 1.0
    return W


def growth_factor(A):
    """max |U| / max |A| for LU with partial pivoting (LAPACK via SciPy)."""
    return float(np.abs(scipy.linalg.lu(A)[2]).max() / np.abs(A).max())


sizes_g = [5, 10, 20, 30, 40, 50, 60]
g_wilk = [growth_factor(wilkinson(n)) for n in sizes_g]
g_rand = [growth_factor(rng.standard_normal((n, n))) for n in sizes_g]
x60 = rng.standard_normal(60)
err_w60 = rel_err(np.linalg.solve(wilkinson(60), wilkinson(60) @ x60), x60)
print(f"Wilkinson n = 60: growth {g_wilk[-1]:.2e} (2^59 = {2.0**59:.2e}), cond {np.linalg.cond(wilkinson(60)):.0f}, "
      f"solve error {err_w60:.1e}")
print(f"random n = 60: growth {g_rand[-1]:.1f}")
assert g_wilk == [2.0 ** (n - 1) for n in sizes_g]  # exactly the worst case
assert max(g_rand) < 10  # random matrices: growth of one digit
assert np.linalg.cond(wilkinson(60)) < 30 and err_w60 > 1e-3  # well-conditioned, yet wrong digits

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.semilogy(sizes_g, g_wilk, "o-", label="윌킨슨 행렬 (측정)")
ax.semilogy(sizes_g, 2.0 ** (np.array(sizes_g) - 1), "k:", label=r"$2^{n-1}$")
ax.semilogy(sizes_g, g_rand, "s-", label="무작위 정규 행렬 (측정)")
ax.axhline(1 / EPS64, color="gray", lw=1, ls="--", label=r"$1/\varepsilon$")
ax.set(xlabel="n", ylabel=r"증가 인자 $\rho$", title="부분 피벗팅의 증가 인자: 최악과 보통")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 윌킨슨 행렬의 증가 인자는 정확히 $2^{n-1}$이고, $n = 60$이면 $1/\varepsilon$을 넘어서 조건수가 30도 안 되는 문제의 답이 틀립니다. 무작위 행렬의 증가 인자는 한 자릿수입니다. 실제 문제에서 이런 최악은 거의 나오지 않아서 부분 피벗팅 LU가 `solve`의 표준이 되었습니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 작은 피벗으로 나누면 큰 배수가 생기고, 큰 배수는 다른 원소를 반올림 속으로 지웁니다. 부분 피벗팅은 열에서 가장 큰 원소로 나누어 $|\ell_{ik}| \le 1$을 지킵니다. 안정성은 증가 인자가 정하고, 최악은 $2^{n-1}$이지만 실제 행렬에서는 작습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-cholesky"></a>
#
# ## 4. 촐레스키 분해
#
# 공분산 행렬, 커널 행렬, $X^{\mathsf T}X + \lambda I$, 볼록 함수의 헤세 행렬은 대칭 양의 정부호(symmetric positive definite, SPD)입니다. SPD 행렬은 $A = LL^{\mathsf T}$로 분해되고(촐레스키), 대칭성 덕분에 연산이 $\tfrac{1}{3}n^3$으로 LU의 **절반**입니다. 피벗팅도 필요 없습니다: 대각 원소 $\ell_{kk} = \sqrt{a_{kk} - \sum_j \ell_{kj}^2}$가 양수인 한 증가가 없습니다.
#
# 연산 수를 LU와 같은 방식으로 셉니다. $k$번째 열에서 제곱근 하나, 나눗셈 $n-k-1$개, 그리고 대칭이라 아래 삼각 부분만 갱신합니다.

# %% slideshow={"slide_type": "subslide"}
def flops_cholesky(n):
    """Column k: one sqrt, n-k-1 divisions, a symmetric rank-1 update of the lower triangle."""
    return sum(1 + (n - k - 1) + (n - k - 1) * (n - k) for k in range(n))


for n in (10, 100, 1000):
    print(f"n = {n:4d}: Cholesky / LU flops = {flops_cholesky(n) / flops_lu(n):.3f}")
assert abs(flops_cholesky(1000) / flops_lu(1000) - 0.5) < 0.01

X = rng.standard_normal((200, 50))
A_spd = X.T @ X + np.eye(50)
b_spd = rng.standard_normal(50)
L_c = np.linalg.cholesky(A_spd)
x_chol = scipy.linalg.cho_solve((L_c, True), b_spd)
np.testing.assert_allclose(L_c @ L_c.T, A_spd, rtol=1e-13, atol=1e-12)
assert rel_residual(A_spd, x_chol, b_spd) < 10 * EPS64  # backward stable, like LU
np.testing.assert_allclose(x_chol, np.linalg.solve(A_spd, b_spd), rtol=1e-12)

# %% [markdown] slideshow={"slide_type": "-"}
# 촐레스키 분해는 행렬이 SPD가 아니면 실패합니다. 이것은 결점이 아니라 **검사**입니다: 대각에서 음수의 제곱근이 필요해지는 순간 `LinAlgError`를 냅니다. 대칭이지만 고윳값이 음수인 행렬과, ML에서 더 흔한 경우인 가우스 과정의 RBF(방사 기저 함수, radial basis function) 커널 행렬(가까운 점 50개)을 봅니다. 후자는 수학적으로 SPD이지만, 가장 작은 고윳값들이 반올림 수준이라 float64에서는 양수가 아닐 수 있습니다.

# %% slideshow={"slide_type": "subslide"}
def cholesky_ok(A):
    """True when np.linalg.cholesky succeeds, False on LinAlgError."""
    try:
        np.linalg.cholesky(A)
        return True
    except np.linalg.LinAlgError:
        return False


A_indef = np.array([[1.0, 2.0], [2.0, 1.0]])  # symmetric, eigenvalues 3 and -1
pts = np.linspace(0.0, 1.0, 50)
K = np.exp(-((pts[:, None] - pts[None, :]) ** 2) / (2 * 0.5**2))  # RBF kernel, length scale 0.5
lam_min = np.linalg.eigvalsh(K)[0]
jitter = 1e-8
print(f"indefinite 2x2: eigenvalues {np.linalg.eigvalsh(A_indef)}, Cholesky ok: {cholesky_ok(A_indef)}")
print(f"RBF kernel: smallest computed eigenvalue {lam_min:.1e}, Cholesky ok: {cholesky_ok(K)}")
print(f"K + {jitter:g} I: Cholesky ok: {cholesky_ok(K + jitter * np.eye(50))}")
assert np.linalg.eigvalsh(A_indef)[0] < 0 and not cholesky_ok(A_indef)
assert abs(lam_min) < 1e3 * EPS64 and not cholesky_ok(K)  # numerically singular kernel
assert cholesky_ok(K + jitter * np.eye(50))  # the usual "jitter" on the diagonal
lam_max = np.linalg.eigvalsh(K)[-1]
assert np.linalg.cond(K + jitter * np.eye(50)) <= 1.01 * (lam_max + jitter) / jitter  # kappa bounded

# %% [markdown] slideshow={"slide_type": "-"}
# 가우스 과정 라이브러리(GPyTorch, scikit-learn 등)가 커널 행렬의 대각에 $10^{-10}$에서 $10^{-6}$ 정도의 작은 수, 곧 "지터(jitter)"를 더하는 이유가 이것입니다. 지터 $\delta$는 가장 작은 고윳값을 반올림 수준 위로 올려 $\kappa(K + \delta I) \le (\lambda_{\max} + \delta)/\delta$로 조건수를 묶는, §6의 릿지와 같은 수치적 처방입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: SPD 행렬에는 촐레스키를 씁니다. LU 연산의 절반이고, 피벗팅 없이도 안정하며, 실패하면 그 자체가 "이 행렬은 (수치적으로) 양의 정부호가 아니다"라는 진단입니다. 대각에 작은 수를 더하는 지터는 그 진단에 대한 표준 처방입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-least-squares"></a>
#
# ## 5. 최소제곱: QR 대 정규 방정식
#
# 관측이 미지수보다 많은($m > n$) 회귀 문제 $\min_x \lVert Ax - b\rVert_2$의 교과서 답은 정규 방정식(normal equations) $A^{\mathsf T}A\,x = A^{\mathsf T}b$입니다. 수학적으로는 맞지만, 수치적으로는
#
# $$
# \kappa(A^{\mathsf T}A) = \kappa(A)^2
# $$
#
# 이라서 **조건수가 제곱**됩니다. $\kappa(A) = 10^8$이면 $A^{\mathsf T}A$의 조건수는 $10^{16} \approx 1/\varepsilon$이고, $A^{\mathsf T}A$를 float64에 만드는 순간 정보가 사라집니다.
#
# QR 분해 $A = QR$($Q$는 열이 정규 직교인 $m \times n$, $R$은 $n\times n$ 상삼각)을 쓰면 $\lVert Ax - b\rVert^2 = \lVert Rx - Q^{\mathsf T}b\rVert^2 + \lVert (I - QQ^{\mathsf T})b\rVert^2$이고 둘째 항은 $x$와 상관없으므로, $Rx = Q^{\mathsf T}b$만 풀면 됩니다. $\kappa(R) = \kappa(A)$이고, 하우스홀더(Householder) QR(`np.linalg.qr`)은 후방 안정합니다. 특이값을 정해 둔 $100 \times 10$ 행렬로 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def matrix_with_cond(m, n, cond, rng):
    """A random m x n matrix with singular values logspaced from 1 down to 1/cond."""
    U, _ = np.linalg.qr(rng.standard_normal((m, n)))
    V, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return (U * np.logspace(0, -np.log10(cond), n)) @ V.T


def lstsq_normal(A, b):
    """The textbook formula: solve A^T A x = A^T b (squares the condition number)."""
    return np.linalg.solve(A.T @ A, A.T @ b)


def lstsq_via_qr(A, b):
    """Reduced Householder QR: R x = Q^T b."""
    Q, R = np.linalg.qr(A)
    return scipy.linalg.solve_triangular(R, Q.T @ b)


rng_q = np.random.default_rng(2)  # its own generator: the draws below stay as they were
A_chk, b_chk, x_any = rng_q.standard_normal((8, 3)), rng_q.standard_normal(8), rng_q.standard_normal(3)
Q_chk, R_chk = np.linalg.qr(A_chk)
lhs = np.linalg.norm(A_chk @ x_any - b_chk) ** 2  # ||Ax - b||^2 = ||Rx - Q^T b||^2 + ||(I - QQ^T) b||^2
rhs = np.linalg.norm(R_chk @ x_any - Q_chk.T @ b_chk) ** 2 + np.linalg.norm(b_chk - Q_chk @ (Q_chk.T @ b_chk)) ** 2
np.testing.assert_allclose(lhs, rhs, rtol=1e-12)

# %% slideshow={"slide_type": "subslide"}
conds = np.logspace(1, 10, 10)
err_qr, err_ne = [], []
for c in conds:
    A_ls = matrix_with_cond(100, 10, c, rng)
    x_ls = rng.standard_normal(10)
    b_ls = A_ls @ x_ls  # consistent data: the exact residual is 0
    err_qr.append(rel_err(lstsq_via_qr(A_ls, b_ls), x_ls))
    err_ne.append(rel_err(lstsq_normal(A_ls, b_ls), x_ls))
    assert abs(np.linalg.cond(A_ls) / c - 1) < 1e-4 or c > 1e9  # the condition number we asked for
err_qr, err_ne = np.array(err_qr), np.array(err_ne)
i8 = int(np.argmin(abs(conds - 1e8)))
digits_qr, digits_ne = -np.log10(err_qr[i8]), -np.log10(err_ne[i8])
print(f"cond(A) = 1e8: QR error {err_qr[i8]:.1e} ({digits_qr:.1f} digits), "
      f"normal equations error {err_ne[i8]:.1e} ({digits_ne:.1f} digits)")
print(f"kappa*eps = {1e8 * EPS64:.1e}, kappa^2*eps = {1e16 * EPS64:.1f}")
assert err_qr[i8] < 10 * 1e8 * EPS64 and round(digits_qr) == 10  # QR: error ~ kappa*eps, about 10 digits
assert 1e16 * EPS64 > 1 and round(digits_ne) == 1  # kappa^2*eps > 1 guarantees nothing; about 1 digit left
assert np.all(err_ne[conds >= 1e3] > 10 * err_qr[conds >= 1e3])
ok = conds <= 1e7  # where kappa^2*eps < 1
assert np.all(err_qr < conds * EPS64)  # QR: below the kappa*eps line for every kappa
assert np.all((err_ne[ok] < conds[ok] ** 2 * EPS64) & (err_ne[ok] > 1e-3 * conds[ok] ** 2 * EPS64))

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.loglog(conds, err_qr, "o-", label="QR (np.linalg.qr)")
ax.loglog(conds, err_ne, "s-", label=r"정규 방정식 $A^T A x = A^T b$")
ax.loglog(conds, conds * EPS64, "k:", label=r"$\kappa\varepsilon$")
ax.loglog(conds, np.minimum(conds**2 * EPS64, 10), "k--", label=r"$\kappa^2\varepsilon$")
ax.set(xlabel=r"$\kappa(A)$", ylabel="상대 오차", ylim=(1e-17, 20), title="최소제곱: 조건수의 제곱")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# QR의 오차는 모든 $\kappa$에서 $\kappa\varepsilon$ 선 아래에 있고, 정규 방정식의 오차는 $\kappa^2\varepsilon < 1$인 동안 $\kappa^2\varepsilon$ 선을 세 자리 안쪽 아래에서 따라갑니다. $\kappa(A) = 10^8$에서 QR은 약 10자리를 지킵니다. 정규 방정식은 오차 한계 $\kappa^2\varepsilon \approx 2$가 한 자리도 보장하지 않고, 실제로 약 한 자리만 남았습니다(위 출력). 특성이 거의 겹치는 회귀에서 `inv(X.T @ X) @ X.T @ y`로 구한 계수가 유효 숫자를 잃는 이유입니다. (데이터가 정확히 맞지 않아 잔차가 큰 문제에서는 QR의 오차에도 $\kappa^2$ 항이 붙지만, 정규 방정식처럼 처음부터 $\kappa^2\varepsilon$을 잃지는 않습니다.)

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: $A^{\mathsf T}A$를 만드는 순간 조건수가 제곱되어, 자릿수로는 잃는 양이 **두 배**가 됩니다. QR은 직교 변환만 쓰므로 $A$의 조건수를 그대로 둡니다. `np.linalg.lstsq`(SVD)나 QR로 풀고, 정규 방정식은 $A$의 조건이 좋다고 알 때만 씁니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-svd"></a>
#
# ## 6. SVD, 의사역행렬, 정칙화
#
# 특이값 분해(singular value decomposition, SVD) $A = U\Sigma V^{\mathsf T} = \sum_i \sigma_i u_i v_i^{\mathsf T}$는 선형 사상을 "회전 → 축마다 $\sigma_i$배 → 회전"으로 펼칩니다. 2-노름 조건수가 바로 $\sigma_{\max}/\sigma_{\min}$이고, 연습 문제 `cond2`가 이것을 계산합니다. 프로베니우스 노름(Frobenius norm) $\lVert A\rVert_F = \sqrt{\sum\sigma_i^2}$로 잰 조건수와는 다른 수입니다. 단위 행렬 $I_{50}$이 가장 간단한 예입니다: $\kappa_2 = 1$이지만 $\lVert I\rVert_F\lVert I^{-1}\rVert_F = 50$입니다. 그리고 $\sigma_{\min} = 0$인 특이 행렬의 조건수는 $\infty$로 정의합니다(`np.linalg.cond`도 `inf`를 돌려줍니다).

# %% slideshow={"slide_type": "subslide"}
A_svd = matrix_with_cond(30, 5, 1e4, rng)
s = np.linalg.svd(A_svd, compute_uv=False)
k2 = s[0] / s[-1]
k_fro = np.linalg.norm(A_svd, "fro") * np.linalg.norm(np.linalg.pinv(A_svd), "fro")
print(f"sigma = {np.array2string(s, precision=3)}")
print(f"sigma_max/sigma_min = {k2:.6e}, np.linalg.cond = {np.linalg.cond(A_svd):.6e}, Frobenius: {k_fro:.3e}")
np.testing.assert_allclose(k2, 1e4, rtol=1e-8)  # the singular values we built in
np.testing.assert_allclose(k2, np.linalg.cond(A_svd), rtol=1e-12)
eye50 = np.eye(50)  # kappa_2(I) = 1, but ||I||_F ||I^-1||_F = 50
k_fro_eye = np.linalg.norm(eye50, "fro") * np.linalg.norm(np.linalg.inv(eye50), "fro")
print(f"identity 50 x 50: sigma_max/sigma_min = {np.linalg.cond(eye50):.1f}, Frobenius version {k_fro_eye:.1f}")
assert np.linalg.cond(eye50) == 1.0 and abs(k_fro_eye - 50) < 1e-12  # Frobenius norms give a different number
s_sing = np.linalg.svd(np.array([[1.0, 2.0], [0.0, 0.0]]), compute_uv=False)  # a singular matrix
print(f"singular [[1, 2], [0, 0]]: sigma = {s_sing}, np.linalg.cond = {np.linalg.cond([[1.0, 2.0], [0.0, 0.0]])}")
assert s_sing[-1] == 0.0 and np.linalg.cond([[1.0, 2.0], [0.0, 0.0]]) == np.inf  # sigma_min = 0: kappa = inf

# %% [markdown] slideshow={"slide_type": "-"}
# 의사역행렬(pseudo-inverse) $A^{+} = V\Sigma^{+}U^{\mathsf T}$($\Sigma^+$는 0이 아닌 $\sigma_i$를 $1/\sigma_i$로 바꾼 것)은 최소제곱 해 중 노름이 가장 작은 해 $x^+ = A^+b = \sum_i \frac{u_i^{\mathsf T}b}{\sigma_i} v_i$를 줍니다. 이 식에 문제가 그대로 보입니다: 작은 $\sigma_i$로 **나눕니다**. $b$의 잡음이 $u_i$ 방향으로 $10^{-6}$만 있어도 $\sigma_i = 10^{-10}$이면 답에 $10^{4}$이 더해집니다.
#
# 특이값이 $1$부터 $10^{-10}$까지 내려가는(수치적으로 계수가 부족한, rank-deficient) 회귀 문제에 잡음 $10^{-6}$을 넣어 봅니다. 잘라낸 SVD(truncated SVD)는 $\sigma_i < \tau$인 항을 버리고, 릿지 회귀(ridge regression) $\min \lVert Ax-b\rVert^2 + \lambda\lVert x\rVert^2$는 각 항에 **필터 인자**(filter factor)를 곱합니다.
#
# $$
# x_\lambda = \sum_i \frac{\sigma_i^2}{\sigma_i^2 + \lambda}\,\frac{u_i^{\mathsf T}b}{\sigma_i}\,v_i, \qquad
# f_i = \frac{\sigma_i^2}{\sigma_i^2+\lambda} \approx \begin{cases} 1 & \sigma_i^2 \gg \lambda \\ \sigma_i^2/\lambda & \sigma_i^2 \ll \lambda\end{cases}
# $$

# %% slideshow={"slide_type": "subslide"}
m_r, n_r = 200, 20
U_r, _ = np.linalg.qr(rng.standard_normal((m_r, n_r)))
V_r, _ = np.linalg.qr(rng.standard_normal((n_r, n_r)))
sig = np.logspace(0, -10, n_r)
A_r = (U_r * sig) @ V_r.T
x_r = V_r @ (np.where(sig > 1e-3, 1.0, 0.0) * rng.standard_normal(n_r))  # a smooth true x
b_r = A_r @ x_r + 1e-6 * rng.standard_normal(m_r)  # noisy data
U_s, s_r, Vt_s = np.linalg.svd(A_r, full_matrices=False)
coef = U_s.T @ b_r / s_r  # u_i^T b / sigma_i


def filtered(factors):
    """x = sum_i f_i (u_i^T b / sigma_i) v_i."""
    return Vt_s.T @ (factors * coef)


x_pinv = filtered(np.ones(n_r))
np.testing.assert_allclose(x_pinv, np.linalg.pinv(A_r, rcond=1e-15) @ b_r, rtol=1e-6)
print(f"||x_true|| = {np.linalg.norm(x_r):.2f}, ||pinv(A) b|| = {np.linalg.norm(x_pinv):.2e}")
assert 1e3 < np.linalg.norm(x_pinv) / np.linalg.norm(x_r) < 1e4  # thousands of times: noise / 1e-10

# %% [markdown] slideshow={"slide_type": "-"}
# 노름이 가장 작은 최소제곱 해인데도 그 노름이 참값의 수천 배입니다. 답을 차지한 것은 데이터가 아니라 $10^{-10}$으로 나눈 잡음입니다. 이제 두 필터를 씁니다. 릿지의 답은 필터 인자 공식과, 독립적으로 $\begin{pmatrix} A \\ \sqrt\lambda I\end{pmatrix}x \approx \begin{pmatrix} b \\ 0\end{pmatrix}$를 `scipy.linalg.lstsq`로 푼 답과 맞춥니다.

# %% slideshow={"slide_type": "subslide"}
lambdas = np.logspace(-22, 0, 45)
x_ridge = [filtered(s_r**2 / (s_r**2 + lam)) for lam in lambdas]
lam0 = 1e-6
x_aug = scipy.linalg.lstsq(np.vstack([A_r, np.sqrt(lam0) * np.eye(n_r)]), np.r_[b_r, np.zeros(n_r)])[0]
np.testing.assert_allclose(filtered(s_r**2 / (s_r**2 + lam0)), x_aug, rtol=1e-8, atol=1e-10)
tau = 1e-3  # keep sigma_i >= tau
x_tsvd = filtered((s_r >= tau).astype(float))
err_ridge = np.array([rel_err(x, x_r) for x in x_ridge])
norm_ridge = np.array([np.linalg.norm(x) for x in x_ridge])
best = int(np.argmin(err_ridge))
print(f"pinv error {rel_err(x_pinv, x_r):.1e}; truncated SVD (tau = {tau:g}) error {rel_err(x_tsvd, x_r):.1e}")
print(f"ridge: best lambda = {lambdas[best]:.0e}, error {err_ridge[best]:.1e}, ||x|| = {norm_ridge[best]:.2f}")
assert rel_err(x_pinv, x_r) > 1e3 and rel_err(x_tsvd, x_r) < 1e-2  # truncation tames it
assert err_ridge[best] < 1e-2 and 1e-9 < lambdas[best] < 1e-3  # so does ridge, for a moderate lambda
assert np.all(np.diff(norm_ridge) < 0)  # the solution norm shrinks as lambda grows
assert err_ridge[0] > 1e3 and err_ridge[-1] > 100 * err_ridge[best]  # noise at tiny lambda, bias at large
bound = (s_r[0] ** 2 + lam0) / lam0  # kappa(A^T A + lambda I) <= (sigma_max^2 + lambda) / lambda
assert np.linalg.cond(A_r.T @ A_r + lam0 * np.eye(n_r)) <= 1.01 * bound < np.linalg.cond(A_r.T @ A_r)

# %% slideshow={"slide_type": "subslide"}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5))
ax1.semilogx(s_r, s_r**2 / (s_r**2 + lam0), "o-", label=rf"릿지 $\sigma^2/(\sigma^2+\lambda)$, $\lambda={lam0:g}$")
ax1.semilogx(s_r, (s_r >= tau).astype(float), "s--", label=rf"절단 SVD, $\tau={tau:g}$")
ax1.set(xlabel=r"특이값 $\sigma_i$", ylabel=r"필터 인자 $f_i$", title="두 필터")
ax1.legend(fontsize=8)
ax2.loglog(lambdas, err_ridge, "o-", label=r"오차 $\|x_\lambda - x\|/\|x\|$")
ax2.loglog(lambdas, norm_ridge / np.linalg.norm(x_r), "s-", label=r"$\|x_\lambda\|/\|x\|$")
ax2.axhline(1, color="gray", lw=1, ls=":")
ax2.set(xlabel=r"$\lambda$", title="릿지: 작은 λ는 잡음, 큰 λ는 편향")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 왼쪽은 두 필터의 모양입니다. 절단 SVD는 계단이고, 릿지는 $\sigma^2 = \lambda$ 근처에서 부드럽게 꺾입니다. 오른쪽에서 $\lambda$가 너무 작으면 해의 노름과 오차가 잡음 때문에 폭발하고, 너무 크면 신호까지 깎여 오차가 다시 커집니다. 그 사이에서 오차가 1% 아래로 내려옵니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 작은 특이값으로 나누는 것이 불량 조건 문제의 본질이고, 정칙화는 그 나눗셈을 막는 **수치적 처방**입니다. 릿지의 $\lambda$는 $\sigma_i^2 \ll \lambda$인 방향을 $\sigma_i^2/\lambda$로 눌러 $A^{\mathsf T}A + \lambda I$의 조건수를 $(\sigma_{\max}^2+\lambda)/\lambda$ 이하로 묶습니다. 가중치 감쇠(weight decay)와 §4의 지터가 같은 일을 합니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 행렬의 계수(rank)를 정하는 문턱
#
# 수치적으로는 "특이값이 정확히 0"인 일이 거의 없습니다. `np.linalg.matrix_rank`는 $\sigma_i > \sigma_{\max}\cdot\max(m, n)\cdot\varepsilon$인 특이값의 수를 계수로 셉니다. 계수 3인 $50\times 8$ 행렬을 float64로 만들면 나머지 특이값은 $10^{-16}$ 근처에 있습니다.

# %% slideshow={"slide_type": "skip"}
B_low = rng.standard_normal((50, 3)) @ rng.standard_normal((3, 8))  # rank 3 in exact arithmetic
s_low = np.linalg.svd(B_low, compute_uv=False)
threshold = s_low[0] * max(B_low.shape) * EPS64
print("singular values:", np.array2string(s_low, precision=2))
print(f"threshold {threshold:.1e} -> matrix_rank = {np.linalg.matrix_rank(B_low)}")
assert np.all(s_low[3:] < threshold) and np.all(s_low[:3] > 1e6 * threshold)
assert np.linalg.matrix_rank(B_low) == 3

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-cost"></a>
#
# ## 7. 비용: $O(n^3)$
#
# §2와 §4에서 센 연산 수는 모두 $n^3$에 비례합니다. 크기를 두 배로 하면 시간은 약 8배입니다. `np.linalg.solve`의 시간을 몇 크기에서 재고 $\log t$ 대 $\log n$의 기울기를 맞춥니다(기계와 BLAS에 따라 다르므로 출력만 합니다. 작은 $n$에서는 호출 비용 때문에 기울기가 3보다 작게 나옵니다).

# %% slideshow={"slide_type": "subslide"}
sizes_t = [100, 200, 400, 800]
times = []
for n in sizes_t:
    A_t = rng.standard_normal((n, n))
    b_t = rng.standard_normal(n)
    best_t = np.inf
    for _ in range(3):  # best of three
        t0 = time.perf_counter()
        x_t = np.linalg.solve(A_t, b_t)
        best_t = min(best_t, time.perf_counter() - t0)
    times.append(best_t)
    assert rel_residual(A_t, x_t, b_t) < 10 * n * EPS64
slope_t = np.polyfit(np.log(sizes_t), np.log(times), 1)[0]
print("n     :", sizes_t)
print("ms    :", [f"{t * 1e3:.2f}" for t in times])
print("GFLOP/s:", [f"{(flops_lu(n) + 2 * flops_triangular(n)) / t / 1e9:.1f}" for n, t in zip(sizes_t, times, strict=True)])
print(f"fitted slope of log t vs log n: {slope_t:.2f} (model: 3)")
print(f"n = 1e4: LU takes {flops_lu(10**4):.1e} flops; n = 1e6: A alone takes {8 * (10**6) ** 2 / 1e12:.0f} TB")
assert abs(flops_lu(10**4) / (2 * 10**12 / 3) - 1) < 1e-3  # 2n^3/3 ~ 7e11 at n = 1e4
assert 60 < flops_lu(10**4) / 1e10 < 90  # at 1e10 flop/s: a little over a minute

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.loglog(sizes_t, times, "o-", label="np.linalg.solve (측정)")
ax.loglog(sizes_t, times[-1] * (np.array(sizes_t) / sizes_t[-1]) ** 3, "k:", label=r"$\propto n^3$")
ax.set(xlabel="n", ylabel="시간 (s)", title=f"LU 기반 solve의 시간: 맞춘 기울기 {slope_t:.2f}")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# $n = 10^4$이면 $\tfrac{2}{3}n^3 \approx 7\times10^{11}$ flop으로, 위 출력의 GFLOP/s로 나누면 이 기계에서 걸릴 시간이 나옵니다(초당 $10^{10}$ flop이면 1분 남짓). 그러나 $n = 10^6$(큰 그래프, 이미지의 픽셀)이면 약 $10^{18}$ flop이고 $n^2$개의 원소를 저장할 메모리($8$ TB)도 없습니다. 그런 행렬은 대부분 희소(sparse)하고, 분해 대신 행렬-벡터 곱만 쓰는 반복법이 답입니다.

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 밀집 행렬의 분해는 $O(n^3)$ 연산과 $O(n^2)$ 메모리입니다. 크기를 두 배로 하면 시간은 8배가 되므로, 수천 차원까지는 분해가 최선이고 그 너머에서는 반복법으로 갑니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# [`exercises/nm-05_exercises.ipynb`](../exercises/nm-05_exercises.ipynb)를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과, 상대 오차가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `forward_substitution(L, b)`, `back_substitution(U, b)`: 하삼각 $Ly = b$의 전진 대입과 상삼각 $Ux = y$의 후진 대입 (§3의 손 계산 예).
# - `lu_partial_pivot(A)` → `(P, L, U)`: $PA = LU$, 열에서 절댓값이 가장 큰 피벗 (§3의 `lu_no_pivot`에 행 교환을 더합니다; SciPy의 $A = PLU$ 규약과 다름에 주의).
# - `lstsq_qr(A, b)`: 하우스홀더 QR로 푸는 최소제곱, $\kappa(A) = 10^8$에서도 $\kappa\varepsilon$ 정확도 (§5).
# - `cond2(A)`: SVD로 구한 $\sigma_{\max}/\sigma_{\min}$, 특이 행렬이면 `inf` (§1, §6).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 선형 시스템의 전방 오차는 $\kappa(A)\times$ 후방 오차입니다. 힐베르트 행렬의 조건수는 $e^{3.49n}$(맞춘 기울기 3.49)로 커져 $n = 12$에서 $1.7\times10^{16}$이고, `solve`의 상대 잔차는 모든 $n$에서 $\varepsilon$ 이하인데 $n = 13$의 답은 한 자리도 맞지 않았습니다.
# 2. 역행렬을 곱하지 말고 `solve`를 씁니다. $H_8$에서 잔차가 백만 배 이상 작았고, 연산 수는 우변 하나에 역행렬의 3분의 1($\tfrac{2}{3}n^3$ 대 $2n^3$)입니다.
# 3. 피벗이 $10^{-20}$인 $2\times2$ 문제(조건수 2.6)에서 피벗 없는 LU의 $x_1$은 오차 100%, 부분 피벗팅은 오차 $\varepsilon$ 이하였습니다. 부분 피벗팅의 증가 인자는 보통 한 자릿수지만, 윌킨슨 행렬에서는 정확히 $2^{n-1}$입니다.
# 4. SPD 행렬에는 촐레스키(LU 연산의 절반)를 쓰고, 실패(`LinAlgError`)는 지터 $10^{-8}I$로 고칩니다. 최소제곱은 QR로 풉니다: $\kappa(A) = 10^8$에서 QR은 약 10자리, 정규 방정식은 약 한 자리가 남았습니다.
# 5. 작은 특이값으로 나누는 것이 불량 조건의 본질입니다. 특이값이 $10^{-10}$까지 내려가는 문제에서 의사역행렬의 해는 참값보다 천 배 이상 컸고, 절단 SVD와 릿지(필터 인자 $\sigma^2/(\sigma^2+\lambda)$)는 오차를 1% 아래로 줄였습니다.

# %% slideshow={"slide_type": "subslide"}
quoted = {  # measured value, rounded as the summary quotes it -> the quoted value
    "1. Hilbert slope": (round(slope, 2), 3.49),
    "1. kappa(H_12)": (float(f"{kappa[ns == 12][0]:.1e}"), 1.7e16),
    "2. inv / solve flops, n = 1000": (round(inv_over_solve(1000), 1), 3.0),
    "3. cond of the 2x2 example": (round(float(np.linalg.cond(A_tiny)), 1), 2.6),
    "3. no-pivot error of x_1 (%)": (100 * abs(x_nopiv[0] - x_exact[0]) / abs(x_exact[0]), 100.0),
    "3. Wilkinson growth / 2^(n-1), n = 60": (g_wilk[-1] / 2.0**59, 1.0),
    "4. Cholesky / LU flops, n = 1000": (round(flops_cholesky(1000) / flops_lu(1000), 2), 0.5),
    "4. QR digits at cond 1e8": (round(digits_qr), 10),
    "4. normal-equation digits at cond 1e8": (round(digits_ne), 1),
}
bounds = {  # "at least" / "at most" claims: (measured, bound, the measured value must be above it)
    "1. largest solve residual / eps (<= 1)": (res.max() / EPS64, 1.0, False),
    "1. error at n = 13 (no digit: > 0.5)": (fwd[n_solve == 13][0], 0.5, True),
    "2. inv / solve residual, H_8 (> 1e6)": (r_inv / r_solve, 1e6, True),
    "3. partial pivoting error / eps (<= 1)": (rel_err(x_piv, x_exact) / EPS64, 1.0, False),
    "3. random growth, n <= 60 (< 10)": (max(g_rand), 10.0, False),
    "5. ||pinv b|| / ||x|| (> 1e3)": (np.linalg.norm(x_pinv) / np.linalg.norm(x_r), 1e3, True),
    "5. truncated SVD error (< 1e-2)": (rel_err(x_tsvd, x_r), 1e-2, False),
    "5. best ridge error (< 1e-2)": (err_ridge[best], 1e-2, False),
}
for key, (value, q) in quoted.items():
    print(f"{key:40s}: {float(value):.3g} (quoted {q:g})")
    assert value == q, key
for key, (value, bound, above) in bounds.items():
    print(f"{key:40s}: {float(value):.3g}")
    assert (value > bound) if above else (value <= bound), key
assert cholesky_ok(K + 1e-8 * np.eye(50)) and not cholesky_ok(K)  # 4. the jitter 1e-8 I fixes it

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-06 반복법**: §7의 $O(n^3)$ 벽 너머에서는 분해 대신 행렬-벡터 곱만 쓰는 [켤레 기울기법(CG)](nm-06_iterative_methods.ipynb#sec-cg)으로 갑니다. 그 반복 수는 §1의 조건수의 제곱근 $\sqrt\kappa$로 정해지고, [전처리(preconditioning)](nm-06_iterative_methods.ipynb#sec-preconditioning)는 조건수를 줄이는 기술입니다. §6의 $\sigma_{\max}$는 [거듭제곱법](nm-06_iterative_methods.ipynb#sec-power-iteration)으로 분해 없이 구합니다.
# - **nm-09 수치 최적화**: [뉴턴 법](nm-09_optimization.ipynb#sec-newton)의 한 걸음은 헤세 행렬의 선형 시스템 $H\,p = -\nabla f$이고, SPD이면 §4의 촐레스키로 풉니다. 헤세 행렬의 조건수가 [경사 하강법](nm-09_optimization.ipynb#sec-gd)의 수렴 속도를 정합니다.
# - **nm-10 ML을 위한 수치 계산**: [nm-10 §5](nm-10_numerics_for_ml.ipynb#sec-solve)는 안정한 패턴 표의 "$A^{-1}b$ → `solve`" 행을 힐베르트 행렬 $H_8$로 다시 잽니다. 그 근거가 이 강의의 §2(후방 안정성)와 §1(조건수)입니다. 혼합 정밀도의 낮은 정밀도에서는 §1의 float32 실험처럼 같은 $\kappa\varepsilon$ 규칙이 훨씬 작은 조건수에서 무너집니다.
