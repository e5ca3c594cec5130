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
# # nm-02 오차 분석
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 10초 안팎이 걸립니다.


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# nm-01에서 부동소수점 연산 하나하나는 상대 오차 $u = \varepsilon/2$(단위 반올림, unit roundoff) 이하로 정확하다고 배웠습니다. float64라면 $u \approx 1.1 \times 10^{-16}$입니다. 그런데도 ML 코드는 자주 틀린 숫자를 냅니다. 연산 하나는 정확한데, **연산을 이어 붙이면** 작은 오차가 수억 배로 커질 수 있기 때문입니다.
#
# 대표적인 사고가 정규화 층입니다. BatchNorm이나 LayerNorm은 활성값(activation)의 분산을 구합니다.
#
# 교과서 공식 $\mathrm{Var}[X] = E[X^2] - E[X]^2$를 float32로 그대로 계산하면, 평균이 표준편차보다 훨씬 큰 활성값에서 분산이 **음수**로 나옵니다. 그 제곱근은 NaN이고, NaN은 다음 층부터 전체 네트워크로 퍼집니다. 아래 셀이 그 장면입니다.
#
# 이 강의는 "오차가 언제, 왜, 얼마나 커지는가"를 재는 도구를 배웁니다. 절대·상대 오차, 전방·후방 오차, 조건수로 문제와 알고리즘의 책임을 나눕니다.
#
# 그다음 파국적 소거(catastrophic cancellation)를 피하는 공식 변형(1−cos, 근의 공식, `log1p`/`expm1`), 분산을 안정하게 구하는 Welford 알고리즘과 여러 장치의 통계를 합치는 Chan의 병합, 그리고 유한 차분 미분에서 $h$를 고르는 법을 다룹니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 절대 오차, 상대 오차, 유효 숫자(significant digits)의 관계와 단위 반올림 $u$의 의미를 설명할 수 있습니다.
# - 전방 오차(forward error)와 후방 오차(backward error)를 구분하고, "전방 오차 ≲ 조건수(condition number) × 후방 오차"를 적용할 수 있습니다.
# - 함수의 조건수 $\kappa(x) = |x f'(x)/f(x)|$를 계산하고, 문제의 나쁜 조건과 알고리즘의 불안정을 구분할 수 있습니다.
# - 유한 차분(finite difference) 미분의 절단 오차(truncation error)와 반올림 오차(rounding error)의 균형에서 최적 $h \sim \sqrt{\varepsilon}$, $\sqrt[3]{\varepsilon}$를 유도할 수 있습니다.
#
# **코딩 기술**
# - `mpmath`(50자리)와 `math.fsum`을 기준값으로 삼아 수치 결과의 상대 오차를 측정할 수 있습니다.
# - 소거가 일어나는 식을 `log1p`, `expm1`, 삼각 항등식, 안정한 근의 공식으로 바꿔 쓸 수 있습니다.
# - Welford 알고리즘으로 한 번의 순회로 분산을 구하고, Chan의 공식으로 여러 장치의 `(n, mean, M2)`를 합칠 수 있습니다.
# - 오차-$h$ 곡선을 log-log로 그려 최적 스텝 크기를 측정으로 찾을 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1–3 (오차, 전방·후방 오차, 조건수) 20분 → §4–5 (파국적 소거, 근의 공식) 20분 → §6 (분산, Welford, Chan) 20분 → §7 (유한 차분의 V자 곡선, nm-03으로 가는 다리) 10분 → 연습 안내와 핵심 정리 5분. 심화 (선택) 절은 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import math

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np

from utils.plotting import setup_plots

setup_plots()
mp.mp.dps = 50  # reference arithmetic: 50 significant digits

EPS64 = float(np.finfo(np.float64).eps)  # 2**-52
EPS32 = float(np.finfo(np.float32).eps)  # 2**-23
U64, U32 = EPS64 / 2, EPS32 / 2  # unit roundoff: |fl(x) - x| <= u |x|


def rel_err(approx, exact):
    """Relative error |approx - exact| / |exact|, evaluated in mpmath, returned as float."""
    exact = mp.mpf(exact)
    return float(abs(mp.mpf(float(approx)) - exact) / abs(exact))


print(f"float64: eps = {EPS64:.3e}, u = {U64:.3e}")
print(f"float32: eps = {EPS32:.3e}, u = {U32:.3e}")

# %% [markdown] slideshow={"slide_type": "-"}
# 정규화 층의 분산 사고를 재현합니다. 평균이 $10^4$, 표준편차가 1인 float32 활성값 4096개에 한 번 순회 공식(one-pass formula)을 씁니다. 음수의 제곱근은 의도한 실패이므로 `np.errstate(invalid="ignore")`로 경고만 끄고 결과를 봅니다.

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(0)
act = (1e4 + rng.standard_normal(4096)).astype(np.float32)  # activations, large mean
mu = act.mean()
var_one_pass = (act**2).mean() - mu**2  # E[X^2] - E[X]^2 in float32
var_two_pass = ((act - mu) ** 2).mean()
with np.errstate(invalid="ignore"):  # sqrt of a negative number: NaN on purpose
    x_hat = (act - mu) / np.sqrt(var_one_pass + np.float32(1e-5))

print(f"one-pass variance : {var_one_pass}")
print(f"two-pass variance : {var_two_pass:.6f}")
print(f"normalised output : {x_hat[:3]} ... NaN count = {np.isnan(x_hat).sum()}")
assert var_one_pass == -8.0  # a variance below zero (exactly -8 for this seed)
assert abs(var_two_pass - 1) < 0.05  # the data really have variance ~1
assert np.isnan(x_hat).all()  # every activation of the layer is now NaN

# %% [markdown] slideshow={"slide_type": "-"}
# 진짜 분산은 약 1인데 한 번 순회 공식은 $-8$을 냈고, 정규화된 출력 4096개가 모두 NaN입니다. 같은 데이터에 평균을 먼저 빼는 두 번 순회 공식은 멀쩡합니다.
#
# 수학적으로는 같은 식인데 결과가 다른 이유를 이 강의의 §4(소거)와 §6(분산)에서 설명합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-errors"></a>
#
# ## 1. 절대 오차, 상대 오차, 유효 숫자
#
# 참값 $x$를 $\hat{x}$로 근사했을 때 두 가지 오차, 절대 오차(absolute error)와 상대 오차(relative error)를 씁니다.
#
# $$
# \text{절대 오차} = |\hat{x} - x|, \qquad \text{상대 오차} = \frac{|\hat{x} - x|}{|x|}, \qquad \text{유효 숫자} \approx -\log_{10}\frac{|\hat{x} - x|}{|x|}.
# $$
#
# 절대 오차 $10^{-3}$은 값이 $10^{3}$이면 훌륭하고, 값이 $10^{-3}$이면 쓸모없습니다. 그래서 부동소수점에서는 **상대 오차**가 기본 단위입니다. 상대 오차가 $10^{-p}$ 정도이면 앞에서부터 약 $p$자리, 곧 **유효 숫자**(significant digits) $p$자리가 맞습니다.
#
# nm-01의 결론은 이 언어로 한 줄입니다. 실수 $x$를 가장 가까운 부동소수점으로 반올림하면
#
# $$
# \mathrm{fl}(x) = x(1 + \delta), \qquad |\delta| \le u = \varepsilon / 2,
# $$
#
# 이고, IEEE 754의 사칙연산과 `sqrt`도 같은 보장 $\mathrm{fl}(a \circ b) = (a \circ b)(1+\delta)$를 줍니다. 이것을 부동소수점 연산의 **표준 모형**(standard model)이라고 부릅니다.
#
# 먼저 $\pi$의 유명한 근사값들을 50자리 기준값과 비교해 봅니다.

# %% slideshow={"slide_type": "subslide"}
pi_approximations = {
    "3.14": 3.14,
    "22/7": 22 / 7,
    "355/113": 355 / 113,
    "float32(pi)": float(np.float32(np.pi)),
    "float64(pi)": math.pi,
}
digits = {}
print(f"{'근사값':>12} {'절대 오차':>10} {'상대 오차':>10} {'유효 숫자':>8}")
for name, value in pi_approximations.items():
    abs_e = float(abs(mp.mpf(value) - mp.pi))
    r = rel_err(value, mp.pi)
    digits[name] = -math.log10(r)
    print(f"{name:>12} {abs_e:10.2e} {r:10.2e} {digits[name]:8.2f}")

assert 3 <= digits["22/7"] < 4  # 22/7: about 3 correct digits
assert 7 <= digits["355/113"] < 7.5  # 355/113: about 7 digits
assert rel_err(np.float32(np.pi), mp.pi) <= U32  # rounding to float32 obeys |delta| <= u
assert rel_err(math.pi, mp.pi) <= U64  # rounding to float64 obeys |delta| <= u
assert 16 <= digits["float64(pi)"] < 17  # float64 carries ~16 digits

# %% [markdown] slideshow={"slide_type": "-"}
# 22/7은 약 3자리, 355/113은 약 7자리가 맞습니다. float32의 $\pi$는 상대 오차가 $u_{32} \approx 6 \times 10^{-8}$ 이하(약 7자리), float64의 $\pi$는 $u_{64}$ 이하(약 16자리)입니다.
#
# 부동소수점에서는 **절대 오차는 값에 따라 커지고, 상대 오차는 일정한 상한 $u$ 아래에 머뭅니다.** $[0.1, 100]$의 실수 2만 개를 float32로 반올림해 두 오차를 모두 그려 봅니다.
#
# 두 float64 값의 차이는 Sterbenz 보조정리(두 수가 2배 이내면 뺄셈이 정확)에 의해 정확히 계산되므로 측정 자체에는 오차가 없습니다.

# %% slideshow={"slide_type": "subslide"}
x = np.logspace(-1, 2, 20_001)
x32 = x.astype(np.float32).astype(np.float64)
abs_error = np.abs(x32 - x)  # exact: x32 and x are within a factor 2 (Sterbenz)
rel_error = abs_error / x
half_spacing = np.spacing(x.astype(np.float32)).astype(np.float64) / 2

low, high = x < 0.125, x > 64
ratio_abs = abs_error[high].max() / abs_error[low].max()
print(f"max relative error  = {rel_error.max():.3e}  (u32 = {U32:.3e})")
print(f"max absolute error near 0.1: {abs_error[low].max():.2e}, near 100: {abs_error[high].max():.2e}")
print(f"absolute error grew by x{ratio_abs:.0f}; relative error bound did not move")
assert rel_error.max() <= U32  # |delta| <= u holds for every sample
assert rel_error.max() > 0.9 * U32  # ... and the bound is nearly attained
assert np.all(abs_error <= half_spacing)  # absolute error <= half a spacing
assert ratio_abs > 500  # absolute error depends on the magnitude (2**10 between the binades)

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
axes[0].loglog(x, np.maximum(abs_error, 1e-12), ".", ms=1, alpha=0.4, label="측정한 절대 오차")
axes[0].loglog(x, half_spacing, "k-", lw=1, label="spacing / 2")
axes[0].set(xlabel="x", ylabel="절대 오차", title="float32 반올림: 절대 오차는 계단처럼 증가")
axes[0].set_ylim(1e-11, 1e-5)
axes[1].semilogx(x, rel_error / U32, ".", ms=1, alpha=0.4, label="측정한 상대 오차 / u")
axes[1].axhline(1, color="k", lw=1, label="상한 u")
axes[1].set(xlabel="x", ylabel="상대 오차 / $u_{32}$", title="상대 오차는 항상 u 이하")
for ax in axes:
    ax.legend(loc="lower right", framealpha=0.95)
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# 왼쪽 그림에서 절대 오차의 상한(검은 계단)은 2의 거듭제곱을 지날 때마다 두 배가 됩니다. 오른쪽 그림에서 상대 오차는 $x$가 세 자릿수를 오가는 동안에도 같은 띠 $[0, u]$ 안에 있습니다. 각 계단의 시작점($x = 2^k$ 바로 위)에서 상대 오차의 최댓값이 $u$에 닿고, 계단 끝으로 갈수록 낮아지는 톱니 모양이 보입니다.
#
# > **핵심 직관**: 부동소수점은 "상대 오차 $u$ 이하"를 보장하는 수 체계입니다. 그래서 오차는 항상 상대 오차로 말하고, "유효 숫자 몇 자리"는 $-\log_{10}(\text{상대 오차})$로 읽습니다. float32는 약 7자리, float64는 약 16자리입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-forward-backward"></a>
#
# ## 2. 전방 오차와 후방 오차
#
# 어떤 함수 $y = f(x)$를 계산한 결과가 $\hat{y}$라고 합시다. 오차를 재는 방향이 두 가지 있습니다.
#
# - **전방 오차(forward error)**: 출력이 얼마나 틀렸는가. $|\hat{y} - y| / |y|$.
# - **후방 오차(backward error)**: $\hat{y}$가 *정확한 답*이 되려면 입력을 얼마나 바꿔야 하는가. $\hat{y} = f(x + \Delta x)$를 만족하는 가장 작은 $|\Delta x| / |x|$.
#
# 후방 오차가 $u$ 정도로 작은 알고리즘을 **후방 안정(backward stable)** 하다고 합니다. "조금 다른 입력에 대한 정확한 답"을 준다는 뜻이고, 입력 자체가 이미 $u$만큼 반올림되어 있으니 그 이상은 바랄 수 없습니다.
#
# 두 오차는 다음 어림식으로 연결됩니다.
#
# $$
# \text{상대 전방 오차} \;\lesssim\; \kappa \times \text{상대 후방 오차}
# $$
#
# 여기서 $\kappa$는 입력의 상대 변화가 출력에서 몇 배가 되는지 나타내는 **조건수**(condition number)이며, §3에서 정식으로 정의합니다. 가장 간단한 예로 $\sqrt{2}$를 봅니다. $\sqrt{x}$의 조건수는 $1/2$입니다.

# %% slideshow={"slide_type": "subslide"}
x = 2.0
y_hat = math.sqrt(x)  # IEEE sqrt: correctly rounded
forward = rel_err(y_hat, mp.sqrt(x))
x_for_which_exact = mp.mpf(y_hat) ** 2  # y_hat is the exact sqrt of this input
backward = float(abs(x_for_which_exact - x) / x)
print(f"forward error  = {forward:.3e}  ({forward / U64:.2f} u)")
print(f"backward error = {backward:.3e}  ({backward / U64:.2f} u)")
print(f"forward / backward = {forward / backward:.6f}  (condition number of sqrt = 1/2)")
assert forward <= U64  # correctly rounded: forward error <= u
np.testing.assert_allclose(forward / backward, 0.5, rtol=1e-6)  # forward = kappa * backward

# %% [markdown] slideshow={"slide_type": "-"}
# 더 쓸모 있는 예는 **합**입니다. 손실의 합, 그래디언트 누적, 내적은 모두 합입니다. NumPy의 `np.sum`(쌍별 합산(pairwise summation), [nm-01 §8](nm-01_floating_point.ipynb#sec-summation))은 후방 안정합니다.
#
# 계산된 합 $\hat{s}$는 각 $x_i$를 아주 조금 바꾼 수들의 정확한 합이고, 그 최소 변화량(후방 오차)과 합의 조건수는
#
# $$
# \eta = \frac{|\hat{s} - s|}{\sum_i |x_i|}, \qquad \kappa_{\text{sum}} = \frac{\sum_i |x_i|}{\left|\sum_i x_i\right|}, \qquad \frac{|\hat{s} - s|}{|s|} = \kappa_{\text{sum}} \cdot \eta
# $$
#
# 입니다. 양수와 음수가 섞여 합이 작아지면 $\kappa_{\text{sum}}$이 커집니다.
#
# 평균을 뺀 float32 데이터 1만 개에 작은 상수 $c$를 더해 $\kappa_{\text{sum}}$을 $1$부터 $10^7$까지 바꿔 가며 측정합니다. 기준값은 `math.fsum`(정확히 반올림된 합)입니다.

# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(0)
z = rng.standard_normal(10_000)
z -= z.mean()
kappa_sum, forward_sum, backward_sum = [], [], []
for c in np.logspace(-7, 0, 15):
    xs = (z + c).astype(np.float32)
    s_hat = float(np.sum(xs))  # float32 pairwise summation
    x64 = xs.astype(np.float64)  # exact copy of the float32 data
    s, s_abs = math.fsum(x64), math.fsum(np.abs(x64))
    kappa_sum.append(s_abs / abs(s))
    forward_sum.append(abs(s_hat - s) / abs(s))
    backward_sum.append(abs(s_hat - s) / s_abs)
kappa_sum, forward_sum, backward_sum = map(np.array, (kappa_sum, forward_sum, backward_sum))
slope = np.polyfit(np.log10(kappa_sum), np.log10(forward_sum), 1)[0]

for k, f, b in zip(kappa_sum[::3], forward_sum[::3], backward_sum[::3], strict=True):
    print(f"kappa = {k:9.2e}   forward = {f:9.2e}   backward = {b / U32:5.2f} u32")
median_backward = np.median(backward_sum) / U32
print(f"backward error: median {median_backward:.3f} u32, max {backward_sum.max() / U32:.2f} u32;  "
      f"slope of log(forward) vs log(kappa) = {slope:.2f}")
assert backward_sum.max() < 0.5 * U32  # np.sum is backward stable on every data set ...
assert 0.005 < median_backward < 0.02  # ... typically about 0.01 u32
np.testing.assert_allclose(backward_sum.max() / U32, 0.35, atol=0.005)  # the maximum quoted below
assert forward_sum[kappa_sum > 1e6].min() > 1e-4  # yet forward errors reach 1e-4 and beyond
assert forward_sum[kappa_sum < 10].max() < 10 * U32  # well-conditioned sums stay accurate
assert 0.7 < slope < 1.2  # forward error grows like kappa

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots()
ax.loglog(kappa_sum, forward_sum, "o", label="측정한 전방 오차")
ax.loglog(kappa_sum, backward_sum, "s", label="측정한 후방 오차")
ax.loglog(kappa_sum, kappa_sum * U32, "k--", lw=1, label=r"$\kappa \cdot u_{32}$")
ax.axhline(U32, color="gray", lw=1, ls=":", label="$u_{32}$")
ax.set(xlabel=r"합의 조건수 $\kappa_{\mathrm{sum}}$", ylabel="상대 오차",
       title="같은 알고리즘, 같은 후방 오차, 조건수만큼 커지는 전방 오차")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# 그림에서 네모(후방 오차)는 모든 데이터에서 $u_{32}$보다 한참 아래에 깔려 있습니다(중앙값 약 $0.01\,u_{32}$, 최대 $0.35\,u_{32}$). 알고리즘은 늘 제 몫을 했습니다.
#
# 그런데 동그라미(전방 오차)는 조건수에 비례해 올라가 $\kappa \cdot u_{32}$ 선 아래를 따라갑니다. 전방 오차가 큰 것은 알고리즘 탓이 아니라 **문제(합이 거의 0이 되는 데이터)** 탓입니다.
#
# > **핵심 직관**: 후방 오차는 알고리즘의 품질, 조건수는 문제의 민감도입니다. 후방 안정한 알고리즘이라도 전방 오차는 $\kappa \times u$까지 커질 수 있고, 그것은 정상입니다. 결과가 틀렸을 때는 "문제가 나쁜가(κ가 큰가), 알고리즘이 나쁜가(후방 오차가 큰가)"를 먼저 나눠 묻습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-condition"></a>
#
# ## 3. 함수의 조건수
#
# 입력을 상대적으로 $\delta$만큼 흔들면 출력은 테일러 전개로
#
# $$
# f\big(x(1+\delta)\big) \approx f(x) + x f'(x)\,\delta
# \quad\Longrightarrow\quad
# \frac{|f(x(1+\delta)) - f(x)|}{|f(x)|} \approx \underbrace{\left|\frac{x f'(x)}{f(x)}\right|}_{\kappa(x)} |\delta|
# $$
#
# 만큼 변합니다. $\kappa(x)$가 **함수의 (상대) 조건수**입니다. 입력을 float로 저장하는 것만으로 $|\delta| \le u$의 오차가 생기므로, 어떤 알고리즘을 써도 출력의 상대 오차는 대략 $\kappa(x)\,u$ 아래로 내려가기 어렵습니다.
#
# 세 가지 예를 봅니다.
#
# | 함수 | $\kappa(x)$ | 나빠지는 곳 |
# |---|---|---|
# | $\log x$ | $\dfrac{1}{\lvert \log x \rvert}$ | $x \to 1$ (출력이 0에 가까움) |
# | $\tan x$ | $\left\lvert \dfrac{x}{\sin x \cos x} \right\rvert$ | $x \to \pi/2$ (출력이 발산) |
# | $x - 1$ | $\left\lvert \dfrac{x}{x - 1} \right\rvert$ | $x \to 1$ (뺄셈의 소거) |
#
# 먼저 정의를 확인합니다. 50자리 mpmath로 입력을 상대적으로 $\delta = \varepsilon_{64}$만큼 흔들고, 출력의 상대 변화를 $\delta$로 나눈 값이 공식의 $\kappa$와 같은지 봅니다.

# %% slideshow={"slide_type": "subslide"}
def kappa_log(x):
    """Condition number of log at x."""
    return abs(1 / math.log(x))


def kappa_tan(x):
    """Condition number of tan at x."""
    return abs(x / (math.sin(x) * math.cos(x)))


def kappa_minus_one(x):
    """Condition number of x - 1 at x."""
    return abs(x / (x - 1))


conditioning_cases = {
    "log x": (mp.log, kappa_log, 1.0),
    "tan x": (mp.tan, kappa_tan, math.pi / 2),
    "x - 1": (lambda t: t - 1, kappa_minus_one, 1.0),
}
delta = mp.mpf(EPS64)
for name, (f_mp, kappa, x0) in conditioning_cases.items():
    for distance in (1e-2, 1e-6, 1e-10):
        x = x0 + distance if name != "tan x" else x0 - distance
        X = mp.mpf(x)
        amplification = float(abs((f_mp(X * (1 + delta)) - f_mp(X)) / f_mp(X)) / delta)
        print(f"{name}: x0 {'+' if name != 'tan x' else '-'} {distance:.0e}: "
              f"kappa = {kappa(x):10.4e}, measured amplification = {amplification:10.4e}")
        np.testing.assert_allclose(amplification, kappa(x), rtol=1e-5)

# %% [markdown] slideshow={"slide_type": "-"}
# 측정한 증폭률과 공식이 다섯 자리 이상 일치합니다. 나쁜 점에서 $10^{-10}$ 떨어진 곳에서는 세 함수 모두 $\kappa \approx 10^{10}$입니다. 입력의 마지막 비트 하나가 출력의 유효 숫자 10자리를 흔든다는 뜻입니다.
#
# 이제 실제 float64 계산으로 확인합니다. 참값 $x$(50자리)를 float64로 반올림한 뒤 `np.log`, `np.tan`, 뺄셈으로 계산하고, 참값 $f(x)$와 비교합니다. 함수 구현은 모두 정확하게 반올림되거나 그에 가깝지만, **입력 반올림 오차 하나**가 $\kappa$배로 불어나는지 봅니다.

# %% slideshow={"slide_type": "subslide"}
def float64_experiment(f_np, f_mp, kappa_mp, x0, side, distances, n_per=40, seed=0):
    """Round exact inputs near x0 to float64, evaluate f_np; rows (d, rel error, kappa, |x - x0|)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in distances:
        for r in rng.random(n_per):
            x_true = x0 + side * mp.mpf(d) * (1 + mp.mpf(r))  # exact input, 50 digits
            y_hat = f_np(float(x_true))  # input rounded to float64, then evaluated
            y_true = f_mp(x_true)
            rows.append((d, float(abs((mp.mpf(y_hat) - y_true) / y_true)), float(kappa_mp(x_true)),
                         float(abs(x_true - x0))))
    return np.array(rows)


# %% slideshow={"slide_type": "subslide"}
distances = np.logspace(-12, -1, 12)
experiments = {
    "log x  (x -> 1)": float64_experiment(np.log, mp.log, lambda t: 1 / abs(mp.log(t)),
                                          mp.mpf(1), +1, distances),
    "tan x  (x -> pi/2)": float64_experiment(np.tan, mp.tan, lambda t: abs(t / (mp.sin(t) * mp.cos(t))),
                                             mp.pi / 2, -1, distances, seed=1),
    "x - 1  (x -> 1)": float64_experiment(lambda t: t - 1.0, lambda t: t - 1, lambda t: abs(t / (t - 1)),
                                          mp.mpf(1), +1, distances, seed=2),
}
for name, rows in experiments.items():
    ratio = rows[:, 1] / (rows[:, 2] * U64)
    at_1e10 = rows[rows[:, 0] == distances[2], 1]
    print(f"{name:20s}: error/(kappa u): median {np.median(ratio):.2f}, max {ratio.max():.2f};"
          f"  median error at distance 1e-10 = {np.median(at_1e10):.1e}")
    assert ratio.max() <= 1.0  # error never exceeds kappa * u
    assert 0.3 < np.median(ratio) < 0.5  # and is typically a fair fraction of it
    assert np.median(at_1e10) > 1e-8  # more than half of the 16 digits lost at distance 1e-10

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots()
dense = np.logspace(-12, -1, 200)
for (name, rows), color in zip(experiments.items(), ["C0", "C1", "C2"], strict=True):
    dist = rows[:, 3]  # the true |x - x0| = d (1 + r), between d and 2d
    c = math.pi / 2 if name.startswith("tan") else 1.0  # near x0: kappa ~ c / |x - x0|
    assert 0.85 < np.min(rows[:, 2] * dist / c) and np.max(rows[:, 2] * dist / c) <= 1.2
    assert np.max(rows[:, 1] * dist / U64) < 1.05  # the points lie below the line u / |x - x0| (within 5 %)
    ax.loglog(dist, rows[:, 1], ".", color=color, alpha=0.5, label=name)
ax.loglog(dense, U64 / dense, "k--", lw=1, label=r"$u / |x - x_0|$  ($\approx \kappa u$)")
ax.set(xlabel=r"나쁜 점까지의 거리 $|x - x_0|$", ylabel="float64 결과의 상대 오차",
       title="입력 반올림 하나가 조건수만큼 증폭된다")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# 세 함수의 점들이 모두 같은 기준선 $u/|x - x_0|$ 아래(넘더라도 5% 이내)에 모입니다.
#
# 가까이 가면 $\log x \approx x - 1$, $\tan x \approx 1/(\pi/2 - x)$이므로 세 조건수가 모두 $|x - x_0|$에 반비례하기 때문입니다. $\log x$와 $x - 1$은 $\kappa \approx 1/|x - x_0|$, $\tan x$는 $\kappa \approx (\pi/2)/|x - x_0|$입니다.
#
# 오차 대 $\kappa u$의 비는 최대 1이고 중앙값은 0.3~0.5입니다. 입력 반올림 $\delta$가 $[-u, u]$에 고르게 퍼져 있으니 당연한 결과입니다.
#
# 여기서 중요한 점은 `np.log`와 `np.tan`이 잘못한 것이 **없다**는 사실입니다. 이 오차는 문제 자체에 들어 있습니다. 더 정밀한 답이 필요하면 입력을 다른 형태로 받아야 합니다. 예를 들어 $x = 1 + t$에서 $t$를 직접 받으면 $\log(1+t)$는 `np.log1p(t)`로 정확하게 구할 수 있습니다(§4).
#
# > **핵심 직관**: 조건수 $\kappa(x) = |x f'(x) / f(x)|$는 "입력의 상대 오차가 출력에서 몇 배가 되는가"입니다. 출력이 0에 가깝거나(로그 근처 1, 뺄셈), 도함수가 폭발하는 곳(tan 근처 π/2)에서 커집니다. 후방 안정한 구현의 결과 오차는 대략 $\kappa \cdot u$이고, 그보다 좋게 만들 방법은 문제를 바꾸는 것뿐입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-cancellation"></a>
#
# ## 4. 파국적 소거 (Catastrophic Cancellation)
#
# 가까운 두 수의 뺄셈 $a - b$는 그 자체로는 정확합니다(Sterbenz). 문제는 $a$, $b$에 **이미 들어 있던** 반올림 오차입니다. §3의 표에서 뺄셈의 조건수는
#
# $$
# \kappa_{a-b} = \frac{|a| + |b|}{|a - b|}
# $$
#
# 이므로, $a \approx b$이면 앞 단계의 오차 $u$가 $\kappa_{a-b}$배로 드러납니다. 이것이 **파국적 소거**(catastrophic cancellation)입니다.
#
# 중요한 관찰이 하나 있습니다. 아래 네 함수는 모두 문제 자체의 조건이 좋습니다. 소거가 일어나는 극한에서 조건수 $\kappa$는 차례로 $2$, $1/2$, $1$, $1$입니다(아래 셀에서 계산). 나쁜 것은 계산 도중의 뺄셈 **한 단계**이고, 그래서 식을 바꾸면 해결됩니다.
#
# | 불안정한 식 | 안정한 식 | 소거가 일어나는 곳 |
# |---|---|---|
# | $1 - \cos x$ | $2\sin^2(x/2)$ | $x \to 0$ |
# | $\sqrt{x+1} - \sqrt{x}$ | $\dfrac{1}{\sqrt{x+1} + \sqrt{x}}$ | $x \to \infty$ |
# | $\log(1 + x)$ | `np.log1p(x)` | $x \to 0$ ($1+x$에서 $x$의 자릿수가 잘림) |
# | $e^x - 1$ | `np.expm1(x)` | $x \to 0$ |
#
# 먼저 네 문제 자체의 조건수를 50자리 mpmath로 계산합니다. 그다음 한 점씩 불안정한 식과 안정한 식을 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def kappa_of(f_mp, x):
    """Condition number |x f'(x) / f(x)| of the problem itself, in 50-digit mpmath."""
    x = mp.mpf(x)
    return float(abs(x * mp.diff(f_mp, x) / f_mp(x)))


problem_kappas = {  # the four problems, each at a point where the naive formula cancels
    "1 - cos x at 1e-8": (lambda t: 1 - mp.cos(t), 1e-8, 2.0),
    "sqrt(x+1) - sqrt(x) at 1e12": (lambda t: mp.sqrt(t + 1) - mp.sqrt(t), 1e12, 0.5),
    "log(1 + x) at 1e-10": (mp.log1p, 1e-10, 1.0),
    "exp(x) - 1 at 1e-10": (mp.expm1, 1e-10, 1.0),
}
for name, (f_mp, x, limit) in problem_kappas.items():
    k = kappa_of(f_mp, x)
    print(f"condition number of {name:28s}: {k:.6f}")
    np.testing.assert_allclose(k, limit, rtol=1e-6)  # every problem is well conditioned

# %% slideshow={"slide_type": "subslide"}
x = 1e-8
naive, stable = 1 - np.cos(x), 2 * np.sin(x / 2) ** 2
ref = 1 - mp.cos(mp.mpf(x))
print(f"\ncos(1e-8) == 1.0 ? {np.cos(x) == 1.0}")
print(f"1 - cos x   = {naive:.6e}, rel. error {rel_err(naive, ref):.2e}")
print(f"2 sin^2(x/2) = {stable:.6e}, rel. error {rel_err(stable, ref):.2e}")
assert 1.0 - np.nextafter(1.0, 0.0) == EPS64 / 2  # the float spacing just below 1 is 1.1e-16
assert np.cos(x) == 1.0  # cos(1e-8) = 1 - 5e-17 rounds to exactly 1
assert rel_err(naive, ref) > 0.5  # all digits lost
assert rel_err(stable, ref) < 1e-15  # the rewritten formula is accurate

# %% slideshow={"slide_type": "subslide"}
x = 1e12
naive, stable = np.sqrt(x + 1) - np.sqrt(x), 1 / (np.sqrt(x + 1) + np.sqrt(x))
ref = mp.sqrt(mp.mpf(x) + 1) - mp.sqrt(mp.mpf(x))
print(f"\nsqrt(x+1)-sqrt(x) at 1e12: naive rel. error {rel_err(naive, ref):.2e}, "
      f"stable {rel_err(stable, ref):.2e}")
assert rel_err(naive, ref) > 1e-6  # ~10 of 16 digits lost
assert rel_err(stable, ref) < 1e-15

# %% slideshow={"slide_type": "subslide"}
for x in (1e-10, 1e-17):
    ref_log, ref_exp = mp.log1p(mp.mpf(x)), mp.expm1(mp.mpf(x))
    print(f"x = {x:.0e}: log(1+x) error {rel_err(np.log(1 + x), ref_log):.2e}, "
          f"log1p error {rel_err(np.log1p(x), ref_log):.2e};  "
          f"exp(x)-1 error {rel_err(np.exp(x) - 1, ref_exp):.2e}, "
          f"expm1 error {rel_err(np.expm1(x), ref_exp):.2e}")
    assert rel_err(np.log1p(x), ref_log) < 1e-15 and rel_err(np.expm1(x), ref_exp) < 1e-15
assert 1e-8 < rel_err(np.log(1 + 1e-10), mp.log1p(mp.mpf(1e-10))) < 1e-6  # ~half the digits lost
assert 1e-8 < rel_err(np.exp(1e-10) - 1, mp.expm1(mp.mpf(1e-10))) < 1e-6
assert np.log(1 + 1e-17) == 0.0 and np.exp(1e-17) - 1 == 0.0  # 1 + 1e-17 == 1: everything lost

# %% [markdown] slideshow={"slide_type": "-"}
# `np.cos(1e-8)`은 정확히 1.0입니다. $\cos(10^{-8}) = 1 - 5\times 10^{-17}$인데 1 바로 아래의 float 간격은 $1.1 \times 10^{-16}$이라 1로 반올림되기 때문입니다. 정보가 **뺄셈 전에** 이미 사라졌고, 뺄셈은 그 사실을 드러낼 뿐입니다.
#
# 반면 $1 - \cos x$라는 문제의 조건수는 2입니다. 문제는 쉬운데 알고리즘이 망친 경우입니다.
#
# 이제 네 경우를 $x$의 넓은 범위에서 log-log로 그립니다. 점선은 소거 단계의 조건수 × ε로 예측한 불안정한 식의 오차 크기입니다: $1 - \cos x$는 $\varepsilon/x^2$, $\sqrt{x+1} - \sqrt{x}$는 $\varepsilon x$, 나머지 둘은 $\varepsilon / x$.

# %% slideshow={"slide_type": "subslide"}
cancellation_cases = [
    ("1 - cos x", np.logspace(-12, 0, 61),
     lambda x: 1 - np.cos(x), lambda x: 2 * np.sin(x / 2) ** 2, lambda x: 1 - mp.cos(x),
     lambda x: EPS64 / x**2, "1 - cos x", r"$2\sin^2(x/2)$"),
    ("sqrt(x+1) - sqrt(x)", np.logspace(0, 16, 61),
     lambda x: np.sqrt(x + 1) - np.sqrt(x), lambda x: 1 / (np.sqrt(x + 1) + np.sqrt(x)),
     lambda x: mp.sqrt(x + 1) - mp.sqrt(x),
     lambda x: EPS64 * x, "sqrt(x+1) - sqrt(x)", "1 / (sqrt(x+1) + sqrt(x))"),
    ("log(1 + x)", np.logspace(-18, 0, 61),
     lambda x: np.log(1 + x), np.log1p, mp.log1p,
     lambda x: EPS64 / x, "log(1 + x)", "np.log1p(x)"),
    ("exp(x) - 1", np.logspace(-18, 0, 61),
     lambda x: np.exp(x) - 1, np.expm1, mp.expm1,
     lambda x: EPS64 / x, "exp(x) - 1", "np.expm1(x)"),
]

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
for ax, (title, xs, naive_fn, stable_fn, ref_fn, guide, naive_label, stable_label) in zip(
    axes.flat, cancellation_cases, strict=True
):
    ref_mp = [ref_fn(mp.mpf(float(x))) for x in xs]  # 50-digit reference
    err_naive = np.array([rel_err(v, r) for v, r in zip(naive_fn(xs), ref_mp, strict=True)])
    err_stable = np.array([rel_err(v, r) for v, r in zip(stable_fn(xs), ref_mp, strict=True)])
    print(f"{title:20s}: stable max error {err_stable.max() / EPS64:.2f} eps, "
          f"naive max error {err_naive.max():.2e}")
    assert err_stable.max() < 4 * EPS64  # the rewritten formula is accurate everywhere
    assert err_naive.max() > 0.1  # the naive one loses (nearly) all digits somewhere
    ax.loglog(xs, np.maximum(err_naive, 1e-18), "o-", ms=3, label=naive_label)
    ax.loglog(xs, np.maximum(err_stable, 1e-18), "s-", ms=3, label=stable_label)
    ax.loglog(xs, np.minimum(guide(xs), 1), "k--", lw=1, label="소거 예측")
    ax.set(title=title, xlabel="x", ylabel="상대 오차", ylim=(1e-18, 10))
    ax.legend(fontsize=8)
fig.suptitle("파국적 소거: 식을 바꾸면 오차가 ε 수준으로 돌아온다 (0은 1e-18로 표시)")
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 네 그림 모두 같은 모양입니다. 불안정한 식(동그라미)의 오차는 점선 예측을 따라 기울기 $\pm 1$ 또는 $-2$로 올라가다가 1(모든 자릿수 상실)에 닿습니다. 안정한 식(네모)은 전 구간에서 $\varepsilon$ 근처 이하에 머뭅니다.
#
# ML에서 이 패턴은 어디에나 있습니다. $\log(1 - p)$는 `np.log1p(-p)`로, BCE의 $\log(1 + e^{-|z|})$는 `log1p`로, 작은 학습률이나 작은 시간 간격의 $e^{x} - 1$은 `expm1`로 씁니다. 연습 문제의 두 함수 `softplus`와 `expm1_over_x`가 바로 이 도구를 씁니다. 두 함수의 아이디어를 차례로 봅니다.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### softplus: overflow와 소거를 함께 피하기
#
# softplus $\log(1 + e^x)$는 ReLU를 매끄럽게 만든 활성화 함수이고, BCE 손실 안에도 들어 있습니다. 그대로 계산하면 두 곳에서 깨집니다. $x = 1000$에서는 $e^{1000}$이 overflow해서 inf가 되고([nm-01 §5](nm-01_floating_point.ipynb#sec-range)), $x = -40$에서는 $1 + e^{-40}$이 정확히 1로 반올림되어 답이 0이 됩니다(참값 $\approx 4.2 \times 10^{-18}$).
#
# 해결책은 $x$의 부호로 나누는 항등식입니다. $x > 0$이면 $e^x$를 밖으로 꺼내 $\log(1 + e^x) = x + \log(1 + e^{-x})$이므로
#
# $$
# \log(1 + e^x) = \max(x, 0) + \log\bigl(1 + e^{-|x|}\bigr) .
# $$
#
# `exp`의 인수 $-|x|$는 항상 0 이하라서 overflow가 없고, 작은 $e^{-|x|}$의 로그는 `log1p`가 정확하게 계산합니다. 아래는 스칼라 하나에 대한 시연입니다(연습 문제는 배열 전체를 경고 없이 처리해야 합니다).

# %% slideshow={"slide_type": "subslide"}
def softplus_naive(x):
    """log(1 + e^x) as written."""
    return math.log(1 + math.exp(x))


def softplus_identity(x):
    """max(x, 0) + log1p(e^-|x|): the exponent is never positive."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


for x in (-1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0):
    ref = mp.log1p(mp.exp(mp.mpf(x)))
    try:
        naive = f"{softplus_naive(x):.4e}"
    except OverflowError:  # math.exp(1000) raises instead of returning inf
        naive = "OverflowError"
    print(f"x = {x:7.0f}: naive {naive:>14}, identity {softplus_identity(x):.4e}, reference {mp.nstr(ref, 5)}")
    underflows = ref < mp.mpf(float(np.finfo(np.float64).smallest_subnormal)) / 2  # e^-1000: no float64 is closer than 0
    assert rel_err(softplus_identity(x), ref) < 1e-15 or (underflows and softplus_identity(x) == 0.0)
assert softplus_naive(-40.0) == 0.0  # 1 + e^-40 rounds to 1: every digit lost
assert 1 + math.exp(-40.0) == 1.0 and rel_err(softplus_naive(-1.0), mp.log1p(mp.exp(-1))) < 1e-15

# %% [markdown] slideshow={"slide_type": "-"}
# 교과서 식은 $x = 1000$에서 예외를 내고 $x = -40$에서 0을 냅니다. 중간의 평범한 값에서는 두 식이 모두 정확합니다. 항등식은 $x = 1000$까지 마지막 자리까지 맞고, $x = -1000$에서는 참값 $e^{-1000} \approx 10^{-434}$이 float64의 최소 subnormal보다 작으므로 가장 가까운 float인 0을 돌려줍니다.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### $(e^x - 1)/x$: 없앨 수 있는 특이점
#
# $g(x) = (e^x - 1)/x$는 $x = 0$에서 $0/0$이지만 극한은 $g(0) = 1$입니다(제거 가능한 특이점, removable singularity). 그대로 계산하면 두 가지 문제가 생깁니다. $x = 0$에서는 NaN이 나오고, 0 근처에서는 분자 $e^x - 1$이 파국적 소거로 자릿수를 잃습니다. 분모 $x$는 정확하므로, 분자만 `expm1`으로 바꾸면 됩니다.

# %% slideshow={"slide_type": "-"}
xs_g = np.array([1e-4, 1e-8, 1e-12, 1e-16, 0.0])
with np.errstate(invalid="ignore"):  # 0/0 at x = 0: NaN on purpose
    g_naive = (np.exp(xs_g) - 1) / xs_g
safe = np.where(xs_g == 0, 1.0, xs_g)  # never divide by zero
g_expm1 = np.where(xs_g == 0, 1.0, np.expm1(safe) / safe)
for x, a, b in zip(xs_g, g_naive, g_expm1, strict=True):
    ref = mp.expm1(mp.mpf(x)) / mp.mpf(x) if x else mp.mpf(1)
    print(f"x = {x:7.0e}: (exp(x)-1)/x = {a:.16f} (error {rel_err(a, ref) if np.isfinite(a) else np.nan:.1e}),"
          f"  expm1(x)/x = {b:.16f} (error {rel_err(b, ref):.1e})")
    assert rel_err(b, ref) < 1e-15  # expm1 keeps every digit, and g(0) = 1
assert 1e-5 < rel_err(g_naive[2], mp.expm1(mp.mpf(1e-12)) / mp.mpf(1e-12)) < 1e-3  # x = 1e-12: ~4 digits left
assert g_naive[3] == 0.0 and np.isnan(g_naive[4])  # exp(1e-16) == 1: zero; then 0/0

# %% [markdown] slideshow={"slide_type": "fragment"}
# $x = 10^{-12}$에서 교과서 식은 약 4자리만 맞고, $x = 10^{-16}$에서는 $e^x$가 정확히 1로 반올림되어 0이, $x = 0$에서는 NaN이 나옵니다. `expm1`을 쓴 식은 모든 점에서 마지막 자리까지 맞고, $x = 0$은 극한값 1로 따로 채웁니다.
#
# > **핵심 직관**: 파국적 소거는 뺄셈이 만든 오차가 아니라, 뺄셈이 **드러낸** 앞 단계의 오차입니다. 문제 자체의 조건이 좋다면, 소거를 피하도록 식을 대수적으로 바꾸면(켤레식, 반각 공식, 전용 함수 `log1p`/`expm1`) 정확도가 $\varepsilon$ 수준으로 돌아옵니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-quadratic"></a>
#
# ## 5. 이차 방정식의 근의 공식
#
# $ax^2 + bx + c = 0$의 교과서 공식은
#
# $$
# x_{\pm} = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
# $$
#
# 입니다. $b^2 \gg 4|ac|$이면 $\sqrt{b^2 - 4ac} \approx |b|$이므로, 부호가 $b$와 반대인 쪽의 $-b \pm \sqrt{\cdots}$에서 소거가 일어납니다. 해결책은 소거가 없는 쪽 근만 이 공식으로 구하고, 다른 근은 비에트 공식 $x_1 x_2 = c/a$로 구하는 것입니다.
#
# $$
# q = -\tfrac{1}{2}\left(b + \operatorname{sign}(b)\sqrt{b^2 - 4ac}\right), \qquad x_1 = \frac{q}{a}, \qquad x_2 = \frac{c}{q}
# $$
#
# $b$와 $\operatorname{sign}(b)\sqrt{\cdots}$는 부호가 같으므로 $q$를 만들 때 뺄셈이 없습니다. `math.copysign(s, b)`가 "$s$의 크기에 $b$의 부호"를 붙여 줍니다. $b = 10^8$, $a = c = 1$로 시험합니다. 작은 근은 약 $-10^{-8}$입니다.

# %% slideshow={"slide_type": "subslide"}
def roots_textbook(a, b, c):
    """Both real roots by the textbook formula (cancels when b*b >> 4ac)."""
    s = math.sqrt(b * b - 4 * a * c)
    return sorted([(-b - s) / (2 * a), (-b + s) / (2 * a)])


def roots_no_cancellation(a, b, c):
    """Both real roots: q without subtraction, the other root from x1 * x2 = c / a."""
    q = -0.5 * (b + math.copysign(math.sqrt(b * b - 4 * a * c), b))
    return sorted([q / a, c / q])


def roots_reference(a, b, c):
    """Both roots in 50-digit mpmath, ascending."""
    a, b, c = mp.mpf(a), mp.mpf(b), mp.mpf(c)
    s = mp.sqrt(b * b - 4 * a * c)
    return sorted([(-b - s) / (2 * a), (-b + s) / (2 * a)])


# %% slideshow={"slide_type": "subslide"}
a, b, c = 1.0, 1e8, 1.0
big_ref, small_ref = roots_reference(a, b, c)
big_tb, small_tb = roots_textbook(a, b, c)
big_st, small_st = roots_no_cancellation(a, b, c)
print(f"reference  small root = {mp.nstr(small_ref, 20)}")
print(f"textbook   small root = {small_tb:.15e}   rel. error {rel_err(small_tb, small_ref):.2e}")
print(f"stable     small root = {small_st:.15e}   rel. error {rel_err(small_st, small_ref):.2e}")
print(f"large root: textbook error {rel_err(big_tb, big_ref):.1e}, stable error {rel_err(big_st, big_ref):.1e}")
assert small_tb == -(2.0**-27)  # textbook: -7.450580596923828e-09, a power of two ...
assert 0.25 < rel_err(small_tb, small_ref) < 0.26  # ... 25 % off
assert rel_err(small_st, small_ref) < 1e-15  # stable form: correct to the last bit
assert rel_err(big_tb, big_ref) < 1e-15 and rel_err(big_st, big_ref) < 1e-15  # the large root is fine

# the problem is well conditioned: perturbing b changes the small root by the same relative amount
db = mp.mpf(10) ** -20
small_perturbed = roots_reference(a, mp.mpf(b) * (1 + db), c)[1]
kappa_b = float(abs((small_perturbed - small_ref) / small_ref) / db)
print(f"condition number of the small root w.r.t. b: {kappa_b:.6f}")
np.testing.assert_allclose(kappa_b, 1.0, rtol=1e-6)

# %% [markdown] slideshow={"slide_type": "-"}
# 교과서 공식의 작은 근은 $-7.45 \times 10^{-9}$(정확히 $-2^{-27}$)로, 참값 $-10^{-8}$과 25% 차이 납니다. 부호 말고는 맞는 자릿수가 없습니다.
#
# 그런데 작은 근의 $b$에 대한 조건수는 1입니다. $b$를 조금 바꾸면 근도 딱 그만큼만 바뀝니다. 전형적인 "좋은 문제 + 불안정한 알고리즘"이고, 안정한 공식은 마지막 비트까지 맞습니다.
#
# $b$를 키워 가며 작은 근의 오차를 그려 봅니다. $\sqrt{b^2 - 4}$의 절대 오차는 약 $u\,b$이고 작은 근은 약 $1/b$이므로 교과서 공식의 상대 오차는 $\approx u\, b^2$로 자랍니다(기울기 2).

# %% slideshow={"slide_type": "subslide"}
bs = np.logspace(0.5, 10, 39)
err_tb, err_st = [], []
for b in bs:
    small_ref = roots_reference(1.0, float(b), 1.0)[1]
    err_tb.append(rel_err(roots_textbook(1.0, float(b), 1.0)[1], small_ref))
    err_st.append(rel_err(roots_no_cancellation(1.0, float(b), 1.0)[1], small_ref))
err_tb, err_st = np.array(err_tb), np.array(err_st)
mid = (bs > 1e2) & (bs < 1e7)
slope_tb = np.polyfit(np.log10(bs[mid]), np.log10(err_tb[mid]), 1)[0]
print(f"textbook: slope {slope_tb:.2f}, first b on this grid with error 100 %: {bs[np.argmax(err_tb == 1.0)]:.3g}")
print(f"stable:   max error {err_st.max() / EPS64:.2f} eps")
assert 1.5 < slope_tb < 2.5  # textbook error grows like u * b^2
assert np.all(err_tb[bs < 2.0**27] < 1) and np.all(err_tb[bs >= 2.0**28] == 1.0)  # see the next cell
assert err_st.max() < 2 * EPS64  # stable form: accurate for every b

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots()
ax.loglog(bs, err_tb, "o-", ms=4, label="교과서 공식")
ax.loglog(bs, np.maximum(err_st, 1e-18), "s-", ms=4, label="안정한 공식 (copysign)")
ax.loglog(bs, np.minimum(U64 * bs**2, 1), "k--", lw=1, label=r"$u\,b^2$")
ax.set(xlabel="b   (a = c = 1)", ylabel="작은 근의 상대 오차",
       title="근의 공식: 작은 근의 오차는 $b^2$에 비례해 커진다", ylim=(1e-18, 10))
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 교과서 공식(동그라미)은 $u\,b^2$ 선을 따라 올라가다가 어느 순간부터 작은 근이 정확히 0(오차 100%)이 됩니다. 안정한 공식(네모)은 모든 $b$에서 $\varepsilon$ 수준입니다.
#
# 작은 근이 처음으로 0이 되는 $b$를 촘촘한 격자에서 찾아봅시다. 흔히 "$b^2 - 4$가 $b^2$로 반올림되어서"라고 설명하지만, 실제로는 그보다 먼저 0이 됩니다.
#
# $\sqrt{b^2 - 4} \approx b - 2/b$인데, $b > 2^{27} \approx 1.34 \times 10^{8}$이면 $b$ 근처의 float64 간격이 $2^{-25}$이고 $2/b < 2^{-26}$(간격의 절반)입니다. 그래서 $b^2 - 4$가 $b^2$와 달라도 **제곱근이 $b$로 반올림**되고 $-b + \sqrt{\cdots} = 0$이 됩니다.
#
# $b^2 - 4 = b^2$가 되는 것은 $b^2$ 근처 간격이 16이 되는 $b \ge 2^{28} \approx 2.68 \times 10^{8}$부터입니다. 그 사이 $(2^{27}, 2^{28})$에서는 `b * b`와 제곱근의 반올림에 따라 0과 $-2^{-26}$이 섞여 나오고(제곱근이 $b$보다 한 간격 $2^{-25}$ 작게 반올림되면 $-2^{-25}/2 = -2^{-26}$), 다른 값은 나오지 않습니다. (numpy의 `sqrt`도 IEEE 754의 정확히 반올림된 제곱근이므로 격자 전체를 한 번에 계산합니다.)

# %% slideshow={"slide_type": "subslide"}
b_grid = np.logspace(7, 10, 200_001)
small_grid = (-b_grid + np.sqrt(b_grid * b_grid - 4.0)) / 2.0  # textbook small root, a = c = 1
is_zero = small_grid == 0.0
b_first = float(b_grid[np.argmax(is_zero)])
print(f"first b with small root exactly 0: {b_first:.6e}   (2^27 = {2.0**27:.6e})")
print(f"at that b: b*b - 4 == b*b ? {b_first * b_first - 4 == b_first * b_first},  "
      f"sqrt(b*b - 4) == b ? {math.sqrt(b_first * b_first - 4) == b_first}")
print(f"fraction of zero roots: b < 2^27 {is_zero[b_grid < 2.0**27].mean():.0%}, "
      f"2^27 <= b < 2^28 {is_zero[(b_grid >= 2.0**27) & (b_grid < 2.0**28)].mean():.0%}, "
      f"b >= 2^28 {is_zero[b_grid >= 2.0**28].mean():.0%}")
assert roots_textbook(1.0, b_first, 1.0)[1] == 0.0  # the scalar textbook function agrees
assert 2.0**27 < b_first < 1.001 * 2.0**27 and abs(b_first - 1.34e8) < 0.005e8  # first zero just above 2^27
assert b_first * b_first - 4 != b_first * b_first  # b^2 - 4 is still not b^2 ...
assert math.sqrt(b_first * b_first - 4) == b_first  # ... but its square root rounds to b
assert not is_zero[b_grid < 2.0**27].any() and is_zero[b_grid >= 2.0**28].all()
between = (b_grid > 2.0**27) & (b_grid < 2.0**28)
print(f"nonzero small roots for 2^27 < b < 2^28: {sorted({float(v) for v in small_grid[between & ~is_zero]})}")
assert set(small_grid[between & ~is_zero]) == {-(2.0**-26)}  # the only nonzero value there
big_b = b_grid[b_grid >= 2.0**28]
assert np.all(big_b * big_b - 4 == big_b * big_b)  # from 2^28 on, b^2 - 4 itself rounds to b^2
i_178 = np.argmin(np.abs(bs - 1.78e8))
assert abs(bs[i_178] - 1.78e8) < 0.01e8 and err_tb[i_178] == 1.0  # the plotted point at b ~ 1.78e8 is already 0

# %% [markdown] slideshow={"slide_type": "fragment"}
# 정리하면 작은 근은 $b \approx 1.34 \times 10^{8}$($2^{27}$ 바로 위)에서 처음 0이 되고, $b \ge 2^{28} \approx 2.68 \times 10^{8}$부터는 예외 없이 0입니다. 위 그림의 $b \approx 1.78 \times 10^{8}$ 점이 이미 0인 것도 이 때문입니다.
#
# > **핵심 직관**: 근의 공식의 문제는 공식이 아니라 **어느 근에 뺄셈을 시키느냐**입니다. 부호가 같은 두 수의 덧셈으로 큰 근을 구하고, 작은 근은 곱셈 관계 $x_1 x_2 = c/a$로 얻으면 소거가 사라집니다. 같은 발상(뺄셈을 곱셈·나눗셈으로 바꾸기)이 §4의 켤레식에서도 쓰였습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-variance"></a>
#
# ## 6. 분산: 한 번 순회 공식, 두 번 순회, Welford, 그리고 Chan의 병합
#
# 분산을 구하는 세 가지 방법을 비교합니다. 모두 모분산(population variance, $n$으로 나눔)입니다.
#
# $$
# \underbrace{\frac{1}{n}\sum x_i^2 - \Big(\frac{1}{n}\sum x_i\Big)^2}_{\text{한 번 순회 공식}}
# \qquad
# \underbrace{\frac{1}{n}\sum (x_i - \bar{x})^2}_{\text{두 번 순회 (two-pass)}}
# \qquad
# \underbrace{\begin{aligned} \delta &= x_k - \mu_{k-1} \\ \mu_k &= \mu_{k-1} + \delta / k \\ M_{2,k} &= M_{2,k-1} + \delta\,(x_k - \mu_k) \end{aligned}}_{\text{Welford (한 번 순회, 안정)}}
# $$
#
# 한 번 순회 공식은 $E[X^2]$와 $E[X]^2$라는 **거의 같은 두 큰 수의 뺄셈**입니다. 평균이 $m$, 표준편차가 $\sigma$이면 두 항은 약 $m^2$이고 차이는 $\sigma^2$이므로, 소거의 조건수는 $\approx 2m^2/\sigma^2$입니다.
#
# $m = 10^9$, $\sigma = 1$이면 $10^{18}$배, float64의 $\varepsilon \approx 2 \times 10^{-16}$을 곱하면 오차가 분산의 수백 배입니다.
#
# 두 번 순회는 평균을 먼저 빼서 작은 수 $x_i - \bar{x}$의 제곱을 더합니다. 다만 데이터를 두 번 읽어야 합니다. Welford 알고리즘은 한 번만 읽으면서(스트리밍) 평균과 편차 제곱합 $M_2$를 갱신하며, 분산은 $M_2 / n$입니다.

# %% slideshow={"slide_type": "subslide"}
def var_naive(x):
    """Population variance as E[X^2] - E[X]^2, computed in x.dtype."""
    return np.mean(x * x) - np.mean(x) ** 2


def var_two_pass(x):
    """Population variance as mean((x - mean)^2), computed in x.dtype."""
    return np.mean((x - np.mean(x)) ** 2)


def running_stats(x):
    """Welford's one-pass update in x.dtype; returns (n, mean, m2) with variance = m2 / n."""
    zero, one = x.dtype.type(0), x.dtype.type(1)
    n, mean, m2 = zero, zero, zero
    for xk in x:
        n += one
        delta = xk - mean
        mean += delta / n
        m2 += delta * (xk - mean)
    return int(n), mean, m2


def var_reference(x):
    """Population variance of the stored values, two-pass in 50-digit mpmath."""
    xs = [mp.mpf(float(v)) for v in x]
    mean = mp.fsum(xs) / len(xs)
    return mp.fsum((v - mean) ** 2 for v in xs) / len(xs)


# %% slideshow={"slide_type": "subslide"}
rng = np.random.default_rng(0)
datasets = {
    "float64, 1e9 + N(0,1)": 1e9 + rng.standard_normal(20_000),
    "float32, 1e4 + N(0,1)": (1e4 + rng.standard_normal(10_000)).astype(np.float32),
}
errors, values = {}, {}
for name, data in datasets.items():
    ref = var_reference(data)
    n, mean, m2 = running_stats(data)
    results = {"naive": var_naive(data), "two-pass": var_two_pass(data), "Welford": m2 / n}
    print(f"{name}   (reference variance {mp.nstr(ref, 10)})")
    for method, v in results.items():
        assert v.dtype == data.dtype  # each method really ran in the data's precision
        errors[name, method], values[name, method] = rel_err(v, ref), float(v)
        print(f"   {method:9s}: {float(v):14.6f}   rel. error {errors[name, method]:.2e}")

assert values["float64, 1e9 + N(0,1)", "naive"] == -512.0  # a negative variance ...
assert values["float32, 1e4 + N(0,1)", "naive"] == 0.0  # ... and exactly zero in float32
assert errors["float64, 1e9 + N(0,1)", "naive"] > 100  # garbage: hundreds of times the variance
assert errors["float64, 1e9 + N(0,1)", "two-pass"] < 1e-13  # ~1e-14
assert errors["float64, 1e9 + N(0,1)", "Welford"] < 1e-7
assert errors["float32, 1e4 + N(0,1)", "naive"] > 0.5  # garbage in float32 already at 1e4
assert errors["float32, 1e4 + N(0,1)", "two-pass"] < 1e-5
assert errors["float32, 1e4 + N(0,1)", "Welford"] < 1e-3

# %% [markdown] slideshow={"slide_type": "-"}
# 한 번 순회 공식은 float64에서 $-512$라는 **음수 분산**을, float32에서는 $0$을 냈습니다(진짜 분산은 약 1). 두 번 순회는 float64에서 $10^{-14}$ 수준, Welford는 그보다 덜 정확하지만 한 번 순회로도 float64에서 $10^{-7}$ 이하, float32에서 $10^{-3}$ 이하입니다.
#
# 왜 하필 $-512$일까요? $10^{18}$ 근처의 float64 간격은 128입니다. $E[X^2] \approx 10^{18}$과 $E[X]^2$는 128의 배수 단위로만 표현되므로, 그 차이도 128의 배수일 수밖에 없습니다.
#
# 난수 시드(seed)를 바꿔 가며 20번 반복하면, 결과는 128의 배수 사이를 오가고 음수도 여러 번 나옵니다.

# %% slideshow={"slide_type": "subslide"}
spacing_1e18 = np.spacing(1e18)
trials = np.array([var_naive(1e9 + np.random.default_rng(seed).standard_normal(1000)) for seed in range(20)])
print(f"spacing of float64 at 1e18: {spacing_1e18}")
print(f"naive variance over 20 seeds: {trials}")
print(f"negative: {np.sum(trials < 0)} of 20;  all multiples of 128: {np.all(trials % 128 == 0)}")
assert spacing_1e18 == 128.0
assert np.all(trials % 128 == 0)  # the result can only move in steps of 128
assert np.sum(trials < 0) >= 1  # negative variances do occur

# %% [markdown] slideshow={"slide_type": "-"}
# **Welford는 왜 두 번 순회보다 덜 정확할까요?** 둘 다 평균에서의 편차를 다루지만, 평균의 반올림 오차가 들어가는 방식이 다릅니다.
#
# Welford의 $\delta = x_k - \mu_{k-1}$은 거의 같은 두 큰 수의 뺄셈입니다. 그래서 그때까지의 평균 $\mu_{k-1}$에 쌓인 반올림 오차가 $\delta$에 그대로 드러납니다(소거). 이 오차는 스텝마다 달라지므로 $M_2$에 **1차로** 들어갑니다.
#
# 두 번 순회에서는 평균을 한 번만 계산합니다. 그 오차 $e$는 모든 항에 같은 값으로 들어가고, $\frac{1}{n}\sum (x_i - \bar{x} - e)^2 = \frac{1}{n}\sum (x_i - \bar{x})^2 + e^2$이므로 분산에는 $e^2$, 곧 **2차로**만 나타납니다. float32 데이터로 확인합니다.

# %% slideshow={"slide_type": "subslide"}
data32 = datasets["float32, 1e4 + N(0,1)"]
exact_mean = mp.fsum(mp.mpf(float(v)) for v in data32) / len(data32)
_, welford_mean, _ = running_stats(data32)
e_two = float(abs(mp.mpf(float(np.mean(data32))) - exact_mean))  # error of the two-pass mean
e_welford = float(abs(mp.mpf(float(welford_mean)) - exact_mean))  # error of Welford's running mean
ratio_wt = errors["float32, 1e4 + N(0,1)", "Welford"] / errors["float32, 1e4 + N(0,1)", "two-pass"]
print(f"spacing of float32 near 1e4: {np.spacing(np.float32(1e4)):.2e}")
print(f"mean error: two-pass {e_two:.1e}, Welford's running mean {e_welford:.1e}")
print(f"variance error: Welford / two-pass = {ratio_wt:.0f}x;  two-pass error {errors['float32, 1e4 + N(0,1)', 'two-pass']:.1e}"
      f" vs e^2 = {e_two**2:.1e}")
assert e_welford > 10 * e_two  # the running mean drifts far more than the one-shot mean
assert errors["float32, 1e4 + N(0,1)", "two-pass"] < e_two**2 + 2 * U32  # two-pass: e enters squared
assert 1000 < ratio_wt < 10_000  # Welford: thousands of times less accurate here

# %% [markdown] slideshow={"slide_type": "-"}
# 데이터의 평균 $m$(데이터 전체를 옮긴 이동량)을 $10^0$부터 $10^{10}$까지 바꿔 가며 세 방법의 오차를 float64와 float32에서 그립니다(각 2000개, 표준편차 $\sigma = 1$). 점선은 소거 예측 $\varepsilon m^2 / \sigma^2$입니다.

# %% slideshow={"slide_type": "subslide"}
shift_grid = {np.float64: np.logspace(0, 10, 11), np.float32: np.logspace(0, 6, 7)}
sweep = {}
for dtype in (np.float64, np.float32):
    rows = []
    for shift in shift_grid[dtype]:
        data = (shift + np.random.default_rng(1).standard_normal(2000)).astype(dtype)
        ref = var_reference(data)
        n, _, m2 = running_stats(data)
        rows.append([rel_err(var_naive(data), ref), rel_err(var_two_pass(data), ref), rel_err(m2 / n, ref)])
    sweep[dtype] = np.array(rows)
    naive_err, two_err, wel_err = sweep[dtype].T
    print(f"{np.dtype(dtype).name}: naive error at mean 1 = {naive_err[0]:.1e}, at the largest mean = "
          f"{naive_err[-1]:.1e};  max two-pass error = {two_err.max():.1e}, max Welford error = {wel_err.max():.1e}")

# %% slideshow={"slide_type": "subslide"}
s64, s32 = shift_grid[np.float64], shift_grid[np.float32]
naive64, two64, wel64 = sweep[np.float64].T
naive32, two32, wel32 = sweep[np.float32].T
grow = (naive64 > 1e-14) & (naive64 < 0.5)
slope_naive = np.polyfit(np.log10(s64[grow]), np.log10(naive64[grow]), 1)[0]
print(f"float64 naive: slope {slope_naive:.2f} (prediction 2)")
assert naive64[0] < 10 * EPS64 and naive32[0] < 10 * EPS32  # no shift: the naive formula is fine
assert 1.5 < slope_naive < 2.5  # naive error grows like eps * shift^2
assert np.all(naive64[s64 >= 1e8] >= 1.0) and np.all(naive64[s64 < 1e8] < 0.01)  # float64: >= 100 % from 1e8 on
assert np.all(naive32[s32 >= 1e4] >= 1.0) and np.all(naive32[s32 < 1e4] < 0.1)  # float32: >= 100 % from 1e4 on
assert np.all(two64[s64 < 1e10] < 2 * EPS64) and 1e-14 < two64[-1] < 1e-11  # two-pass: at the floor, ...
assert np.all(two32[s32 < 1e5] < 2 * EPS32) and np.all((two32[s32 >= 1e5] > 1e-5) & (two32[s32 >= 1e5] < 1e-3))  # ... up a bit at the end
assert np.all(wel64 < 1e-7) and np.all(wel32 < 2e-2)  # Welford: below 1e-7 in float64 even at shift 1e10
assert np.all(wel64[s64 >= 1e2] < naive64[s64 >= 1e2])  # and far better than naive once shifted

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for ax, dtype, eps in ((axes[0], np.float64, EPS64), (axes[1], np.float32, EPS32)):
    shifts = shift_grid[dtype]
    for j, (label, marker) in enumerate(((r"$E[X^2] - E[X]^2$", "o"), ("두 번 순회", "s"), ("Welford", "^"))):
        ax.loglog(shifts, np.maximum(sweep[dtype][:, j], 1e-18), marker + "-", ms=4, label=label)
    ax.loglog(shifts, np.minimum(eps * shifts**2, 1e4), "k--", lw=1, label=r"$\varepsilon m^2$")
    ax.set(xlabel="평균 $m$ (표준편차 1)", title=f"{np.dtype(dtype).name}", ylim=(1e-18, 1e5))
axes[0].set_ylabel("분산의 상대 오차")
axes[1].legend()
fig.suptitle("평균이 표준편차보다 크면 한 번 순회 공식이 무너진다")
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 동그라미(한 번 순회 공식)는 점선을 따라 기울기 약 2로 올라가, float64에서는 평균 $10^8$, float32에서는 $10^4$부터 오차가 100% 이상입니다. 활성값, 픽셀값, 타임스탬프처럼 평균이 표준편차보다 훨씬 큰 데이터는 흔합니다.
#
# 네모(두 번 순회)는 거의 끝까지 바닥에 머물고, 평균 자체의 반올림 오차가 커지는 맨 끝(float64의 $10^{10}$, float32의 $10^5$ 이상)에서만 조금 올라갑니다. 세모(Welford)는 평균과 함께 천천히 커지지만(float64에서 평균 $10^{10}$일 때도 $10^{-7}$ 이하), 같은 한 번 순회인 $E[X^2] - E[X]^2$보다 훨씬 느리게 커집니다.
#
# 정확도가 최우선이면 두 번 순회, 데이터를 한 번밖에 볼 수 없으면 Welford입니다.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 여러 장치의 통계 합치기: Chan 등의 병합 공식
#
# 데이터 병렬 학습에서 배치가 여러 GPU에 나뉘어 있으면 BatchNorm(SyncBatchNorm)은 전체 배치의 평균과 분산이 필요합니다. 각 장치가 자기 몫의 $(n, \mu, M_2)$만 보내면, Chan, Golub, LeVeque(1979)의 공식으로 두 묶음 $A$, $B$를 정확히 합칠 수 있습니다.
#
# $$
# n = n_A + n_B, \qquad \delta = \mu_B - \mu_A, \qquad \mu = \mu_A + \delta\,\frac{n_B}{n}, \qquad M_2 = M_{2,A} + M_{2,B} + \delta^2\,\frac{n_A n_B}{n}
# $$
#
# 모든 항이 양수이거나 작은 수($\delta$)라서 소거가 없습니다. Welford 갱신은 이 공식에서 $n_B = 1$인 특수한 경우입니다.
#
# 반대로 각 장치가 $(n, \sum x, \sum x^2)$를 보내고 마지막에 $E[X^2] - E[X]^2$를 계산하는 "순진한 병합"은 한 번 순회 공식과 같은 소거를 겪습니다. 데이터를 크기가 다른 4개의 '장치'로 나눠 확인합니다.

# %% slideshow={"slide_type": "subslide"}
def merge_moments(stats_a, stats_b):
    """Merge (n, mean, m2) of two disjoint chunks (Chan, Golub & LeVeque)."""
    n_a, mean_a, m2_a = stats_a
    n_b, mean_b, m2_b = stats_b
    n = n_a + n_b
    delta = mean_b - mean_a
    mean = mean_a + delta * n_b / n
    m2 = m2_a + m2_b + delta**2 * n_a * n_b / n
    return n, mean, m2


def chunk_moments(x):
    """(n, mean, m2) of one chunk, two-pass on the device."""
    mean = np.mean(x)
    return len(x), mean, np.sum((x - mean) ** 2)


# %% slideshow={"slide_type": "subslide"}
data = datasets["float64, 1e9 + N(0,1)"]
ref = var_reference(data)
devices = np.split(data, [3000, 10_000, 14_500])  # 4 devices with unequal shards
per_device = [chunk_moments(shard) for shard in devices]

n_tree, _, m2_tree = merge_moments(merge_moments(per_device[0], per_device[1]),
                                   merge_moments(per_device[2], per_device[3]))  # all-reduce as a tree
n_seq, mean_seq, m2_seq = per_device[0]
for stats in per_device[1:]:
    n_seq, mean_seq, m2_seq = merge_moments((n_seq, mean_seq, m2_seq), stats)  # ring order

sums = [(len(s), np.sum(s), np.sum(s * s)) for s in devices]  # naive: (n, sum, sum of squares)
n_all = sum(t[0] for t in sums)
var_pooled_naive = sum(t[2] for t in sums) / n_all - (sum(t[1] for t in sums) / n_all) ** 2

print(f"shard sizes: {[len(s) for s in devices]}, per-device variances: "
      f"{[round(float(m2 / n), 4) for n, _, m2 in per_device]}")
print(f"reference variance     : {mp.nstr(ref, 12)}")
print(f"Chan merge (tree)      : {m2_tree / n_tree:.12f}   rel. error {rel_err(m2_tree / n_tree, ref):.1e}")
print(f"Chan merge (sequential): {m2_seq / n_seq:.12f}   rel. error {rel_err(m2_seq / n_seq, ref):.1e}")
print(f"naive pooled (sum, sum of squares): {var_pooled_naive}")
assert rel_err(m2_tree / n_tree, ref) < 1e-9  # merged statistics == full-data variance (~10 digits)
assert rel_err(m2_seq / n_seq, ref) < 1e-9  # in any merge order
np.testing.assert_allclose(m2_tree / n_tree, var_two_pass(data), rtol=1e-9)  # agrees with the full pass
assert var_pooled_naive == 0.0  # pooling sums of squares: exactly zero, garbage again

# %% [markdown] slideshow={"slide_type": "fragment"}
# 4개 장치의 통계를 트리 순서로 합치든 링 순서로 합치든, 결과는 전체 데이터의 분산과 약 10자리($10^{-9}$ 이내)까지 같습니다. 남은 오차는 각 장치 평균 $\mu \approx 10^9$ 자체의 반올림(약 $u \cdot 10^9 \approx 10^{-7}$)이 $\delta$에 들어가서 생기며, 장치 수나 합치는 순서와 무관하게 작습니다.
#
# 같은 정보를 $(n, \sum x, \sum x^2)$ 형태로 모으면 분산이 정확히 0이라는 쓰레기 값이 나옵니다. 어떤 통계를 주고받느냐가 정확도를 결정합니다.
#
# > **핵심 직관**: $E[X^2] - E[X]^2$는 "큰 수 − 큰 수"입니다. 평균을 먼저 빼는 두 번 순회, 한 번 순회가 필요하면 Welford, 데이터가 여러 곳에 나뉘어 있으면 $(n, \mu, M_2)$를 주고받는 Chan의 병합을 씁니다. 세 방법 모두 "평균에서의 편차"를 다루므로 큰 수끼리의 소거가 없습니다. 남는 것은 평균의 반올림 오차입니다. 두 번 순회에서는 그 오차가 제곱으로만 들어가고, Welford에서는 $\delta = x - \mu$가 달리는 평균의 오차를 그대로 드러내므로(float32에서 수천 배 차이) 조금 덜 정확합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-finite-difference"></a>
#
# ## 7. 유한 차분 미분: 절단 오차와 반올림 오차의 줄다리기
#
# 도함수를 차분으로 근사합니다. 전방 차분(forward difference) $D_+$와 중앙 차분(central difference) $D_0$의 테일러 전개는
#
# $$
# D_+ f(x) = \frac{f(x+h) - f(x)}{h} = f'(x) + \frac{h}{2} f''(\xi), \qquad
# D_0 f(x) = \frac{f(x+h) - f(x-h)}{2h} = f'(x) + \frac{h^2}{6} f'''(\xi)
# $$
#
# 이므로 $h$를 줄일수록 **절단 오차**(truncation error)는 작아집니다.
#
# 하지만 분자는 거의 같은 두 값의 뺄셈(소거!)입니다. $f$의 값 하나에는 반올림 오차가 최대 $u|f| = \varepsilon|f|/2$ 있으므로, 분자의 오차는 최대 $\varepsilon |f|$이고, 이것이 분모로 나뉘어 **반올림 오차**(rounding error)가 됩니다. 전방 차분의 분모는 $h$, 중앙 차분의 분모는 $2h$입니다. 전체 오차는
#
# $$
# E_+(h) \approx \frac{h}{2}|f''| + \frac{\varepsilon |f|}{h}, \qquad
# E_0(h) \approx \frac{h^2}{6}|f'''| + \frac{\varepsilon |f|}{2h}
# $$
#
# 이고, 미분해서 0으로 놓으면 최적값은
#
# $$
# h_+^{*} = \sqrt{\frac{2\varepsilon |f|}{|f''|}} \sim \sqrt{\varepsilon} \approx 1.5 \times 10^{-8}, \quad E_+^{*} \sim \sqrt{\varepsilon};
# \qquad
# h_0^{*} = \left(\frac{3\varepsilon |f|}{2|f'''|}\right)^{1/3} \sim \sqrt[3]{\varepsilon} \approx 6 \times 10^{-6}, \quad E_0^{*} \sim \varepsilon^{2/3}
# $$
#
# 입니다. $f = \exp$, $x = 1$에서는 $|f| = |f''| = |f'''| = e$이므로 $h_+^{*} = \sqrt{2\varepsilon} \approx 2.1 \times 10^{-8}$, $h_0^{*} = \sqrt[3]{1.5\,\varepsilon} \approx 6.9 \times 10^{-6}$입니다.
#
# $h$를 $10^{-16}$부터 $1$까지 바꿔 가며 측정합니다. 참값은 $f'(1) = e$입니다.

# %% slideshow={"slide_type": "subslide"}
x0, exact = 1.0, math.e  # f = exp, f'(1) = e
hs = np.logspace(-16, 0, 161)
err_fwd = np.abs((np.exp(x0 + hs) - np.exp(x0)) / hs - exact) / exact
err_cen = np.abs((np.exp(x0 + hs) - np.exp(x0 - hs)) / (2 * hs) - exact) / exact

sqrt_eps, cbrt_eps = math.sqrt(EPS64), EPS64 ** (1 / 3)
f_abs = math.e  # |f| = |f''| = |f'''| = e for exp at 1
h_star_fwd = math.sqrt(2 * EPS64 * f_abs / f_abs)  # argmin of h |f''| / 2 + eps |f| / h
h_star_cen = (1.5 * EPS64 * f_abs / f_abs) ** (1 / 3)  # argmin of h^2 |f'''| / 6 + eps |f| / (2h)
h_fwd, h_cen = hs[np.argmin(err_fwd)], hs[np.argmin(err_cen)]
print(f"forward: argmin h = {h_fwd:.2e}  (h* = sqrt(2 eps) = {h_star_fwd:.2e}, ratio {h_fwd / h_star_fwd:.2f}; "
      f"sqrt(eps) = {sqrt_eps:.2e}), min error {err_fwd.min():.2e}")
print(f"central: argmin h = {h_cen:.2e}  (h* = cbrt(1.5 eps) = {h_star_cen:.2e}, ratio {h_cen / h_star_cen:.2f}; "
      f"cbrt(eps) = {cbrt_eps:.2e}), min error {err_cen.min():.2e}")
np.testing.assert_allclose([h_star_fwd, h_star_cen], [2.1e-8, 6.9e-6], rtol=0.01)  # the values quoted above
assert h_star_fwd / 10 < h_fwd < 10 * h_star_fwd and sqrt_eps / 10 < h_fwd < 10 * sqrt_eps  # optimal forward step
assert h_star_cen / 10 < h_cen < 10 * h_star_cen and cbrt_eps / 10 < h_cen < 10 * cbrt_eps  # optimal central step
assert err_fwd[0] == 1.0 and 1.0 + hs[0] == 1.0  # h = 1e-16: x + h == x, the difference quotient is 0

# %% [markdown] slideshow={"slide_type": "-"}
# 반올림 오차 쪽 곡선은 들쭉날쭉합니다. 그래서 최솟값 하나보다, 한 자릿수 폭에서 구한 이동 중앙값(전형적 오차)이 더 믿을 만한 지표입니다.

# %% slideshow={"slide_type": "subslide"}
def log_median_smooth(err, width=11):
    """Running median of log10(err) over `width` neighbours (one decade): the typical error."""
    logs = np.log10(np.maximum(err, 1e-300))
    padded = np.pad(logs, width // 2, mode="edge")
    return 10 ** np.median(np.lib.stride_tricks.sliding_window_view(padded, width), axis=1)


typ_fwd, typ_cen = log_median_smooth(err_fwd).min(), log_median_smooth(err_cen).min()
print(f"typical minimum error: forward {typ_fwd:.2e} (sqrt(eps) = {sqrt_eps:.2e}), "
      f"central {typ_cen:.2e} (eps^(2/3) = {EPS64 ** (2 / 3):.2e})")
assert sqrt_eps / 10 < typ_fwd < 10 * sqrt_eps  # best forward error ~ sqrt(eps): 8 digits
assert EPS64 ** (2 / 3) / 10 < typ_cen < 10 * EPS64 ** (2 / 3)  # best central error ~ eps^(2/3): 10-11 digits
assert err_fwd.min() < 10 * sqrt_eps and err_cen.min() < 10 * EPS64 ** (2 / 3)

# %% slideshow={"slide_type": "subslide"}
big, tiny = (hs > 1e-3) & (hs < 1e-1), (hs > 1e-15) & (hs < 1e-11)
slope_fwd_trunc = np.polyfit(np.log10(hs[big]), np.log10(err_fwd[big]), 1)[0]
slope_cen_trunc = np.polyfit(np.log10(hs[big]), np.log10(err_cen[big]), 1)[0]
slope_round = np.polyfit(np.log10(hs[tiny]), np.log10(np.maximum(err_fwd[tiny], 1e-300)), 1)[0]
print(f"slopes: forward truncation {slope_fwd_trunc:.2f}, central truncation {slope_cen_trunc:.2f}, "
      f"rounding (small h) {slope_round:.2f}")
np.testing.assert_allclose(slope_fwd_trunc, 1.0, atol=0.1)  # truncation error ~ h
np.testing.assert_allclose(slope_cen_trunc, 2.0, atol=0.1)  # truncation error ~ h^2
np.testing.assert_allclose(slope_round, -1.0, atol=0.2)  # rounding error ~ eps / h

# %% [markdown] slideshow={"slide_type": "-"}
# 측정 곡선의 최솟점이 공식의 $h_+^{*} = \sqrt{2\varepsilon}$, $h_0^{*} = \sqrt[3]{1.5\,\varepsilon}$ 및 어림값 $\sqrt{\varepsilon}$, $\sqrt[3]{\varepsilon}$의 10배 안에 있습니다. 전형적 오차는 전방 차분이 $\sqrt{\varepsilon} \approx 10^{-8}$, 중앙 차분이 $\varepsilon^{2/3} \approx 4 \times 10^{-11}$ 수준입니다.
#
# float64의 16자리 중 전방 차분은 8자리, 중앙 차분은 10~11자리만 건집니다. 아래 그림의 실선은 위의 오차 모형 $E_+$, $E_0$입니다. 반올림 오차의 최악값을 더한 모형이므로 측정점의 위쪽 경계가 되고, 절단 오차 쪽 팔에서는 점들이 선 위에 겹칩니다(셀 끝의 검사).

# %% slideshow={"slide_type": "subslide"}
model_fwd = (hs / 2 * f_abs + EPS64 * f_abs / hs) / exact
model_cen = (hs**2 / 6 * f_abs + EPS64 * f_abs / (2 * hs)) / exact

fig, ax = plt.subplots(figsize=(8, 4.5))
ax.loglog(hs, np.maximum(err_fwd, 1e-17), ".", ms=4, color="C0", label="전방 차분 (측정)")
ax.loglog(hs, np.maximum(err_cen, 1e-17), ".", ms=4, color="C1", label="중앙 차분 (측정)")
ax.loglog(hs, model_fwd, "-", lw=1, color="C0", label=r"$h|f''|/2 + \varepsilon|f|/h$")
ax.loglog(hs, model_cen, "-", lw=1, color="C1", label=r"$h^2|f'''|/6 + \varepsilon|f|/(2h)$")
ax.axvline(sqrt_eps, color="C0", ls=":", lw=1)
ax.axvline(cbrt_eps, color="C1", ls=":", lw=1)
ax.text(sqrt_eps * 1.3, 1e-15, r"$\sqrt{\varepsilon}$", color="C0")
ax.text(cbrt_eps * 1.3, 1e-15, r"$\sqrt[3]{\varepsilon}$", color="C1")
ax.set(xlabel="스텝 크기 h", ylabel="f'(1)의 상대 오차", ylim=(1e-17, 10),
       title="유한 차분의 V자 곡선: f = exp, x = 1")
ax.legend(loc="lower left")
plt.show()

# the models bound the measured errors from above (within 1 %) wherever h is neither tiny nor large
inside = (hs > 1e-14) & (hs < 1e-2)
assert np.all(err_fwd[inside] <= 1.01 * model_fwd[inside]) and np.all(err_cen[inside] <= 1.01 * model_cen[inside])

# %% [markdown] slideshow={"slide_type": "-"}
# 오른쪽 팔은 절단 오차(기울기 1과 2), 왼쪽 팔은 반올림 오차(기울기 −1)입니다. 두 팔이 만나는 V의 바닥이 최적 $h$이고, 그보다 $h$를 줄이면 **오히려 나빠집니다**. $h = 10^{-16}$ 근처에서는 $x + h = x$가 되어 차분이 0이 되고 오차가 100%입니다.
#
# 이 두 공식에서는 어떤 $h$를 골라도 8~11자리가 최선입니다. 더 높은 차수의 공식(stencil), Richardson 외삽(extrapolation), 복소 스텝(complex step) 미분은 더 잘합니다(아래 심화). nm-03과 nm-04에서 배울 **자동 미분**은 $h$ 없이, 각 연산의 도함수 규칙을 연쇄 법칙으로 이어 붙여 $f'(x)$를 반올림 오차 수준($\approx \varepsilon$)으로 계산합니다. V자 곡선 자체가 사라집니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 8~11자리보다 잘하는 방법
#
# 세 가지를 같은 $f = \exp$, $x = 1$에서 잽니다. 4차 중앙 차분 $\frac{-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)}{12h}$는 절단 오차가 $O(h^4)$입니다. Richardson 외삽 $\frac{4 D_0(h/2) - D_0(h)}{3}$는 $D_0$의 $h^2$ 항을 지웁니다. 복소 스텝 $\operatorname{Im} f(x + ih)/h$에는 뺄셈이 없어서 $h = 10^{-20}$을 써도 소거가 없습니다(nm-03).

# %% slideshow={"slide_type": "skip"}
def d0(h):
    """Central difference of exp at x0."""
    return (np.exp(x0 + h) - np.exp(x0 - h)) / (2 * h)


err_d4 = np.abs((-np.exp(x0 + 2 * hs) + 8 * np.exp(x0 + hs) - 8 * np.exp(x0 - hs) + np.exp(x0 - 2 * hs))
                / (12 * hs) - exact) / exact
err_rich = np.abs((4 * d0(hs / 2) - d0(hs)) / 3 - exact) / exact
err_cs = abs(np.imag(np.exp(x0 + 1e-20j)) / 1e-20 - exact) / exact
print(f"best error: central {err_cen.min():.1e}, 4th-order stencil {err_d4.min():.1e}, "
      f"Richardson {err_rich.min():.1e}, complex step (h = 1e-20) {err_cs:.1e}")
assert err_d4.min() < err_cen.min() / 100 and err_rich.min() < err_cen.min() / 10  # more digits than D0
assert err_cs <= EPS64  # complex step: exact to rounding

# %% [markdown] slideshow={"slide_type": "skip"}
# > **핵심 직관**: 유한 차분에서 $h$를 줄이면 절단 오차는 줄지만 분자의 소거가 반올림 오차를 $\varepsilon/h$로 키웁니다. 전방 차분은 $h \approx \sqrt{\varepsilon}$에서 약 8자리, 중앙 차분은 $h \approx \sqrt[3]{\varepsilon}$에서 약 11자리가 한계입니다. 더 필요하면 고차 공식이나 복소 스텝을 쓰거나, $h$가 없는 자동 미분(nm-03, nm-04)을 씁니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# `exercises/nm-02_exercises.ipynb`를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과, 상대 오차가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `stable_quadratic_roots(a, b, c)` → `(r1, r2)`, `r1 <= r2`: 소거 없는 근의 공식(§5). $b = 10^8$, $a = c = 1$에서 작은 근이 정확해야 합니다.
# - `welford(x)` → `(mean, var)`: 한 번의 순회로 구하는 모평균과 모분산(§6). $10^9 + N(0,1)$ 데이터에서 $E[X^2] - E[X]^2$는 통과하지 못합니다.
# - `combine_stats(a, b)`: 각각 `(n, mean, m2)`인 두 묶음의 통계를 Chan 등의 공식으로 병합(§6).
# - `softplus(x)` = $\log(1 + e^x)$를 원소별로. $x = \pm 1000$에서도 유한하고 정확해야 합니다(§4의 softplus 시연, nm-01의 overflow).
# - `expm1_over_x(x)` = $(e^x - 1)/x$. $x = 0$에서 1이고, $x = 10^{-12}$에서도 정확해야 합니다(§4의 $(e^x - 1)/x$ 시연).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 부동소수점의 모든 기본 연산은 상대 오차 $u = \varepsilon/2$ 이하입니다(표준 모형). 오차는 상대 오차로 말하고, 유효 숫자는 $-\log_{10}(\text{상대 오차})$로 읽습니다.
# 2. 후방 오차는 알고리즘의 품질, 조건수는 문제의 민감도입니다. 후방 안정한 알고리즘의 전방 오차는 약 $\kappa \cdot u$이며, $\kappa(x) = |x f'(x)/f(x)|$는 출력이 0에 가깝거나 도함수가 폭발하는 곳에서 커집니다.
# 3. 파국적 소거는 뺄셈이 앞 단계의 오차를 드러내는 현상입니다. 문제의 조건이 좋다면 식을 바꿔(반각 공식, 켤레식, `log1p`/`expm1`, softplus의 $\max(x,0) + \log(1+e^{-|x|})$, copysign을 쓴 근의 공식) 정확도를 $\varepsilon$ 수준으로 되돌릴 수 있습니다.
# 4. 분산은 $E[X^2] - E[X]^2$로 구하지 않습니다. 평균이 크면 음수까지 나옵니다. 두 번 순회, 스트리밍이면 Welford(평균의 반올림이 $\delta$에 드러나 조금 덜 정확), 여러 장치에 나뉜 데이터면 $(n, \mu, M_2)$를 Chan의 공식으로 병합합니다.
# 5. 유한 차분은 절단 오차와 반올림 오차의 줄다리기입니다. 최적 $h$는 전방 $\sqrt{2\varepsilon} \approx 2.1\times10^{-8}$, 중앙 $\sqrt[3]{1.5\,\varepsilon} \approx 6.9\times10^{-6}$($f = \exp$, $x = 1$)이고, 이 두 공식의 정확도는 각각 약 8자리와 11자리가 한계입니다. 고차 공식, Richardson 외삽, 복소 스텝은 더 잘합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-03 전방 모드 자동 미분**: §7의 V자 곡선에서 출발해 복소 스텝 미분과 이중수(dual number)로 $h$의 트레이드오프 없이 도함수를 구합니다. nm-03의 연습 문제 `central_difference`의 기본 $h = \sqrt[3]{\varepsilon}\max(1, |x|)$가 바로 §7의 결과입니다.
# - **nm-04 역방향 모드 자동 미분**: 그래디언트 검사(`grad_check`)는 자동 미분 결과를 중앙 차분과 **상대 오차**로 비교합니다. float32로 하면 왜 실패하는지가 §7의 $\varepsilon^{2/3}$ 계산으로 설명됩니다.
# - **nm-05 수치 선형대수**: 함수의 조건수를 [행렬의 조건수](nm-05_linear_algebra.ipynb#sec-condition)로 확장합니다. "오차 ≈ κ·ε", 잔차(후방 오차)와 오차(전방 오차)의 구분, [정규 방정식이 조건수를 제곱한다는 사실](nm-05_linear_algebra.ipynb#sec-least-squares)이 §2–§3의 언어 그대로 나옵니다.
# - **nm-07 몬테카를로**: [표준 오차](nm-07_integration_monte_carlo.ipynb#sec-monte-carlo) $s/\sqrt{n}$의 $s$도 분산입니다. 표본이 많아 한 번에 메모리에 담을 수 없으면 Welford로 스트리밍하고, 여러 작업자의 결과는 Chan의 공식으로 합칩니다.
# - **[nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp) 혼합 정밀도**: float16/bfloat16의 $\varepsilon$은 $10^{-3}$, $10^{-2}$ 수준이라 $\kappa \cdot \varepsilon$이 금방 1에 닿습니다. 어떤 연산(분산, 합, 손실)을 float32로 남겨야 하는지가 이 강의의 조건수 논리로 정해집니다.
# - **[nm-10 §4](nm-10_numerics_for_ml.ipynb#sec-loss) 안정한 손실 함수, §5 패턴 총정리**: BCE의 $\log(1 + e^{-|z|})$는 `log1p`로 계산하고, 패턴 표의 "큰 수 − 큰 수(소거)"와 "$\mathrm{Var} = E[X^2] - (E[X])^2$ → Welford" 두 줄이 이 강의의 §4와 §6입니다.
