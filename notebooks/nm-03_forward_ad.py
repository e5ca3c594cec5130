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
# # nm-03 전방 모드 자동 미분
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 10초 안팎이 걸립니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# 신경망의 학습은 도함수로 움직입니다. 경사 하강법의 한 걸음마다 손실의 그래디언트(gradient)가 필요하고, 그 값이 틀리면 학습도 틀린 방향으로 갑니다. 그래서 "도함수를 얼마나 정확하게, 얼마나 싸게 구할 수 있는가"는 ML의 가장 기본적인 수치 문제입니다.
#
# [nm-02 §7](nm-02_error_analysis.ipynb#sec-finite-difference)에서 가장 쉬운 방법인 유한 차분(finite difference)이 V자 오차 곡선에 갇혀 있음을 보았습니다. 중앙 차분으로도 float64의 16자리 중 10~11자리가 한계이고, 파라미터 $n$개의 그래디언트에는 함수 계산이 $2n$번 필요합니다.
#
# 이 강의는 $h$의 줄다리기 없이 도함수를 **반올림 오차 수준까지** 구하는 두 방법, 복소 스텝(complex step)과 이중수(dual number)를 배웁니다. 이중수를 연산자 오버로딩(operator overloading)으로 구현한 것이 **전방 모드 자동 미분**(forward-mode automatic differentiation)이고, PyTorch의 `torch.func.jvp`, `jacfwd`가 하는 일이 바로 이것입니다.
#
# 마지막으로 전방 모드의 비용을 셉니다. 한 번의 전방 패스는 야코비안-벡터 곱(Jacobian-vector product, JVP) 하나를 주므로, 입력이 $n$개인 손실의 그래디언트에는 패스가 $n$번 필요합니다. 이 숫자가 nm-04의 역방향 모드로 가는 이유입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 복소 스텝 공식 $f'(x) \approx \operatorname{Im} f(x + ih)/h$를 테일러 전개로 유도하고, 뺄셈이 없어서 $h = 10^{-20}$에서도 소거가 없는 이유를 설명할 수 있습니다.
# - 이중수 $a + b\varepsilon$ ($\varepsilon^2 = 0$)의 산술이 $f(a + b\varepsilon) = f(a) + f'(a)\,b\,\varepsilon$을 주는 이유를 설명할 수 있습니다.
# - 전방 모드가 계산하는 것이 JVP $J v$이고, $f: \mathbb{R}^n \to \mathbb{R}^m$의 야코비안 전체에 $n$번의 패스가 든다는 것을 설명할 수 있습니다.
#
# **코딩 기술**
# - 특수 메서드(`__add__`, `__rmul__` …)로 연산자를 오버로딩해 이중수 클래스를 만들 수 있습니다.
# - mpmath의 `diff`를 기준값으로 도함수의 상대 오차를 잴 수 있습니다.
# - `torch.func.jvp`, `torch.func.jacfwd`를 쓰고, 그 결과를 직접 만든 이중수 코드와 비교할 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 (유한 차분 다시 보기) 10분 → §2 (복소 스텝) 15분 → §3 (이중수와 연산자 오버로딩) 25분 → §4 (JVP와 패스 세기, PyTorch) 15분 → §5 (전방 모드가 이기는 곳) 5분 → 연습 안내와 핵심 정리 5분. 심화 (선택) 절은 슬라이드에 없으니, 질문이 나오면 노트북에서 직접 보여 주세요.

# %% slideshow={"slide_type": "skip"}
import math
import time

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import scipy.linalg
import torch

from utils.plotting import setup_plots

setup_plots()
mp.mp.dps = 50  # reference arithmetic: 50 significant digits
torch.manual_seed(0)
EPS64 = float(np.finfo(np.float64).eps)  # 2**-52


def rel_err(approx, exact):
    """Relative error |approx - exact| / |exact|, evaluated in mpmath, returned as float."""
    exact = mp.mpf(exact)
    return float(abs(mp.mpf(float(approx)) - exact) / abs(exact))


print(f"float64 eps = {EPS64:.3e}, torch {torch.__version__}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-finite-difference-revisited"></a>
#
# ## 1. 유한 차분 다시 보기
#
# [nm-02 §7](nm-02_error_analysis.ipynb#sec-finite-difference)의 결론을 한 줄로 적으면 이렇습니다. 중앙 차분(central difference)의 오차는 절단 오차(truncation error)와 반올림 오차(rounding error)의 합이고,
#
# $$
# D_0 f(x) = \frac{f(x+h) - f(x-h)}{2h}, \qquad E_0(h) \approx \frac{h^2}{6}|f'''| + \frac{\varepsilon |f|}{2h}, \qquad h^* \sim \sqrt[3]{\varepsilon}, \quad E_0^* \sim \varepsilon^{2/3}
# $$
#
# 입니다. 분자의 뺄셈이 소거(cancellation)를 일으키기 때문에 $h$를 줄이면 어느 순간부터 오히려 나빠집니다.
#
# 이번에는 exp보다 까다로운 함수, 복소 스텝 논문(Squire & Trapp, 1998)의 예 $f(x) = e^x / \sqrt{\sin^3 x + \cos^3 x}$를 $x = 1.5$에서 미분합니다. 기준값은 50자리 mpmath의 `mp.diff`입니다. $h$는 $10^{-20}$부터 $0.1$까지 바꿉니다.

# %% slideshow={"slide_type": "subslide"}
def f_np(x):
    """Squire-Trapp test function; works on float and complex NumPy inputs."""
    return np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3)


def f_mp(x):
    """The same function in mpmath (reference)."""
    return mp.exp(x) / mp.sqrt(mp.sin(x) ** 3 + mp.cos(x) ** 3)


x0 = 1.5
exact = mp.diff(f_mp, mp.mpf(x0))  # 50-digit reference derivative
hs = np.logspace(-20, -1, 191)  # h <= 0.1 keeps sin^3 + cos^3 > 0 on [x - h, x + h]
central = (f_np(x0 + hs) - f_np(x0 - hs)) / (2 * hs)
err_cen = np.abs(central - float(exact)) / abs(float(exact))
best = int(np.argmin(err_cen))
print(f"f'(1.5) = {mp.nstr(exact, 17)}")
print(f"central difference: best error {err_cen[best]:.2e} at h = {hs[best]:.1e}; "
      f"at h = 1e-20 error {err_cen[0]:.0%}")
assert 1e-12 < err_cen.min() < 1e-10  # about 11 digits at best
assert 1e-7 < hs[best] < 1e-3  # near cbrt(eps) ~ 6e-6
assert x0 + hs[0] == x0 and err_cen[0] == 1.0  # h = 1e-20: x ± h == x, the quotient is 0

# %% [markdown] slideshow={"slide_type": "-"}
# 중앙 차분은 $h \approx 3 \times 10^{-6}$(곧 $\sqrt[3]{\varepsilon}$ 근처)에서 상대 오차 약 $6 \times 10^{-12}$, 곧 11자리가 최선이고, $h = 10^{-20}$에서는 $x \pm h$가 $x$와 같아져 결과가 0(오차 100%)입니다.
#
# 연습 문제 `central_difference`의 기본 스텝은 $h = \sqrt[3]{\varepsilon}\max(1, |x|)$입니다. $|x|$를 곱하는 이유는 부동소수점의 간격이 $|x|$에 비례하기 때문입니다. $x = 10^6$에서 $h = \sqrt[3]{\varepsilon} \approx 6 \times 10^{-6}$이면 $x \pm h$의 반올림 오차(약 $10^{-10}$)가 $h$에 비해 커집니다. $\log x$로 확인합니다.

# %% slideshow={"slide_type": "subslide"}
x_big = 1e6
exact_log = 1 / mp.mpf(x_big)  # d/dx log x = 1/x
cbrt_eps = EPS64 ** (1 / 3)
for h in (cbrt_eps, cbrt_eps * x_big):
    d0 = (math.log(x_big + h) - math.log(x_big - h)) / (2 * h)
    print(f"h = {h:.2e}: relative error {rel_err(d0, exact_log):.1e}")
err_fixed = rel_err((math.log(x_big + cbrt_eps) - math.log(x_big - cbrt_eps)) / (2 * cbrt_eps), exact_log)
h_scaled = cbrt_eps * x_big
err_scaled = rel_err((math.log(x_big + h_scaled) - math.log(x_big - h_scaled)) / (2 * h_scaled), exact_log)
assert err_fixed > 1e-6  # an unscaled step loses most digits at x = 1e6
assert err_scaled < 1e-9  # h = cbrt(eps) * |x| is back to ~10 digits

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 유한 차분의 한계는 **뺄셈**입니다. $f(x+h)$와 $f(x-h)$가 거의 같아서 앞자리가 지워지고, 남은 반올림 오차를 작은 $2h$로 나누기 때문에 $h$를 줄일수록 나빠집니다. 좋은 $h$를 골라도(상대 스텝 $\sqrt[3]{\varepsilon}\max(1,|x|)$) 10~11자리가 최선입니다. 뺄셈을 없애야 이 벽을 넘습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-complex-step"></a>
#
# ## 2. 복소 스텝 미분
#
# $f$가 해석 함수(analytic function, 복소수에서도 테일러 전개가 되는 함수)이면, 실수 $x$에서 **허수 방향**으로 $h$만큼 움직여 전개할 수 있습니다.
#
# $$
# f(x + ih) = f(x) + ih\,f'(x) - \frac{h^2}{2} f''(x) - i\,\frac{h^3}{6} f'''(x) + \cdots
# $$
#
# 실수 $x$에서 $f(x), f'(x), \ldots$는 모두 실수이므로 허수부(imaginary part)만 모으면
#
# $$
# \frac{\operatorname{Im} f(x + ih)}{h} = f'(x) - \frac{h^2}{6} f'''(x) + O(h^4)
# $$
#
# 입니다. 절단 오차는 중앙 차분과 같은 $O(h^2)$인데, 식에 **뺄셈이 없습니다**. 그래서 반올림 오차가 $1/h$로 커지지 않고, $h = 10^{-20}$처럼 작게 잡아 절단 오차($\approx 10^{-40}$)를 없앨 수 있습니다. 같은 $h$ 범위에서 두 방법을 비교합니다.

# %% slideshow={"slide_type": "subslide"}
cstep = np.imag(f_np(x0 + 1j * hs)) / hs  # NumPy's exp, sin, cos, sqrt accept complex input
err_cs = np.abs(cstep - float(exact)) / abs(float(exact))
err_cs_tiny = err_cs[0]  # h = 1e-20
print(f"complex step at h = 1e-20: error {err_cs_tiny:.2e} ({err_cs_tiny / EPS64:.2f} eps)")
print(f"complex step, worst error over h <= 1e-8: {err_cs[hs <= 1e-8].max() / EPS64:.2f} eps")
print(f"best central difference: {err_cen.min():.2e}  -> complex step is "
      f"{err_cen.min() / max(err_cs_tiny, EPS64 / 2):.0e} times more accurate")
assert err_cs_tiny <= 2 * EPS64  # machine precision at h = 1e-20
assert err_cs[hs <= 1e-8].max() <= 4 * EPS64  # ... and for every small h: no V
assert err_cen.min() > 1e4 * max(err_cs_tiny, EPS64 / 2)  # 4+ digits better than the best central

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.loglog(hs, np.maximum(err_cen, 1e-17), ".", ms=4, label="중앙 차분")
ax.loglog(hs, np.maximum(err_cs, 1e-17), ".", ms=4, label=r"복소 스텝 $\mathrm{Im}\,f(x+ih)/h$")
ax.axhline(EPS64, color="k", lw=1, ls=":", label=r"$\varepsilon$")
ax.set(xlabel="스텝 크기 h", ylabel="f'(1.5)의 상대 오차", ylim=(1e-17, 10),
       title=r"$f(x) = e^x/\sqrt{\sin^3 x + \cos^3 x}$: V자 곡선과 평평한 복소 스텝")
ax.legend(loc="upper left")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 중앙 차분(파랑)은 nm-02의 V자를 그리고 바닥이 $10^{-11}$ 근처입니다. 복소 스텝(주황)은 $h \lesssim 10^{-4}$부터 $\varepsilon$ 선 위에 평평하게 누워 있습니다. 오차가 0으로 찍힌 점은 그래프 바닥($10^{-17}$)에 그렸습니다.
#
# 대가도 있습니다. $f$의 코드가 복소수를 받아야 하고, 해석적이어야 합니다. `abs(x)`, `max`, 비교문처럼 복소수에서 해석적이지 않은 연산이 있으면 틀린 답이 나옵니다(아래 심화). 또 한 번의 계산으로 얻는 것은 도함수 하나뿐입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 복소 스텝이 깨지는 코드
#
# $|x|$를 `np.abs`로 계산하면 복소수의 절댓값 $\sqrt{x^2 + h^2}$가 되어 허수부가 사라집니다. 실수에서는 $|x| = \sqrt{x^2}$이지만, `np.sqrt(z * z)`처럼 해석적인 식으로 쓰면 복소 스텝이 다시 맞습니다($x > 0$).

# %% slideshow={"slide_type": "skip"}
x_abs = 2.0
broken = np.imag(np.abs(x_abs + 1e-20j) ** 3) / 1e-20  # |z| is not analytic: Im = 0
fixed = np.imag(np.sqrt((x_abs + 1e-20j) ** 2) ** 3) / 1e-20  # sqrt(z^2) is analytic near x > 0
print(f"d/dx |x|^3 at 2 (exact 12): via np.abs {broken}, via sqrt(z*z) {fixed}")
assert broken == 0.0
assert abs(fixed - 12.0) <= 12 * EPS64

# %% [markdown] slideshow={"slide_type": "skip"}
# > **핵심 직관**: 복소 스텝은 허수 방향의 작은 움직임 $ih$에 도함수를 "싣고" 다닙니다. 실수부와 허수부는 섞이지 않으므로 뺄셈도 소거도 없고, $h = 10^{-20}$에서 상대 오차가 $\varepsilon$ 수준입니다. 다만 $h^2$ 항을 없애려고 $h$를 아주 작게 잡을 뿐, 여전히 근사입니다. $h^2$ 항을 **정확히 0**으로 만드는 수 체계가 다음 절의 이중수입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-dual-numbers"></a>
#
# ## 3. 이중수와 연산자 오버로딩
#
# 복소수는 $i^2 = -1$인 $i$를 붙인 수입니다. **이중수**(dual number)는 $\varepsilon \neq 0$이지만 $\varepsilon^2 = 0$인 $\varepsilon$을 붙인 수 $a + b\varepsilon$입니다. 곱셈에서 $\varepsilon^2$ 항이 사라지므로
#
# $$
# (a + a'\varepsilon)(b + b'\varepsilon) = ab + (a'b + ab')\varepsilon, \qquad
# f(a + b\varepsilon) = f(a) + f'(a)\,b\,\varepsilon \quad (\text{테일러 전개가 1차에서 정확히 끝남})
# $$
#
# 입니다. $\varepsilon$ 계수가 곱의 규칙과 연쇄 법칙(chain rule)을 그대로 따릅니다. 복소 스텝의 $-h^2 f''/2$ 같은 항이 처음부터 없으니 **근사가 아니라 정확한** 도함수입니다(남는 것은 각 연산의 반올림 오차뿐).
#
# $\varepsilon$을 코드에서 눈으로 봅시다. 행렬 $E = \begin{pmatrix} 0 & 1 \\ 0 & 0 \end{pmatrix}$은 $E \neq 0$, $E^2 = 0$입니다. 그러니 $a + b\varepsilon$을 $aI + bE$로 나타낼 수 있고, 행렬 지수 함수 `scipy.linalg.expm`을 이중수에 적용하면 $e^{a} + b\,e^{a}\varepsilon$이 나와야 합니다.

# %% slideshow={"slide_type": "subslide"}
E = np.array([[0.0, 1.0], [0.0, 0.0]])
I2 = np.eye(2)


def as_matrix(a, b):
    """The dual number a + b·eps as the 2x2 matrix a·I + b·E."""
    return a * I2 + b * E


u, v = as_matrix(2.0, 1.0), as_matrix(3.0, 4.0)
print("E @ E =\n", E @ E)
print("(2 + eps)(3 + 4 eps) =\n", u @ v)
assert np.all(E @ E == 0) and np.any(E != 0)  # eps != 0 but eps^2 = 0
np.testing.assert_array_equal(u @ v, as_matrix(2 * 3, 1 * 3 + 2 * 4))  # (a'b + ab') eps: the product rule
a, b = 0.7, 2.0
exp_dual = scipy.linalg.expm(as_matrix(a, b))
print("expm(0.7 I + 2 E) =\n", exp_dual)
np.testing.assert_allclose(exp_dual, as_matrix(math.exp(a), b * math.exp(a)), rtol=1e-14)  # f(a) + f'(a) b eps

# %% [markdown] slideshow={"slide_type": "-"}
# 행렬로 쓰면 $\varepsilon^2 = 0$이 그냥 행렬 곱의 결과입니다. 하지만 2×2 행렬 곱은 낭비이므로, 실제로는 숫자 두 개 `(val, der)`를 가진 클래스를 만들고 **연산자 오버로딩**으로 `+`, `*`, `sin`의 의미를 바꿉니다. Python은 `x + y`를 `x.__add__(y)`로, `x * y`를 `x.__mul__(y)`로 바꿔 부릅니다.
#
# 아래는 덧셈, 곱셈, `sin`만 가진 작은 클래스입니다. 나머지 연산은 연습 문제 `Dual`에서 완성합니다.

# %% slideshow={"slide_type": "subslide"}
class DualDemo:
    """val + der·eps with only +, * and sin (the exercise's Dual has everything)."""

    def __init__(self, val, der=0.0):
        self.val, self.der = float(val), float(der)

    def __add__(self, other):
        other = other if isinstance(other, DualDemo) else DualDemo(other)
        return DualDemo(self.val + other.val, self.der + other.der)

    def __mul__(self, other):
        other = other if isinstance(other, DualDemo) else DualDemo(other)
        return DualDemo(self.val * other.val, self.der * other.val + self.val * other.der)

    def sin(self):
        return DualDemo(math.sin(self.val), math.cos(self.val) * self.der)

    def __repr__(self):
        return f"DualDemo({self.val!r}, {self.der!r})"


eps = DualDemo(0.0, 1.0)
print("eps * eps =", eps * eps)
assert (eps * eps).val == 0.0 and (eps * eps).der == 0.0  # eps^2 = 0 in code

# %% [markdown] slideshow={"slide_type": "-"}
# 합성 함수 $g(x) = \sin(x \cdot x + x)\cdot x$를 $x = 0.5 + 1\cdot\varepsilon$에 대해 계산하면, 결과의 `der`가 $g'(0.5)$입니다. 각 연산은 값과 도함수를 **함께** 앞으로 밀어 보냅니다. 이것이 "전방 모드"라는 이름의 뜻입니다. 50자리 `mp.diff`와 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def g(x):
    """A composition of +, * and sin; works on DualDemo and on mpmath numbers alike."""
    s = x * x + x
    return (s.sin() if isinstance(s, DualDemo) else mp.sin(s)) * x


y = g(DualDemo(0.5, 1.0))
print(f"g(0.5) = {y.val!r}, g'(0.5) = {y.der!r}")
print(f"mp.diff:           {mp.nstr(mp.diff(g, mp.mpf(0.5)), 17)}")
rng = np.random.default_rng(0)
xs = rng.uniform(-3, 3, 50)
errs = [rel_err(g(DualDemo(x, 1.0)).der, mp.diff(g, mp.mpf(x))) for x in xs]
print(f"50 random points in [-3, 3]: max relative error {max(errs):.1e} ({max(errs) / EPS64:.1f} eps)")
assert rel_err(y.der, mp.diff(g, mp.mpf(0.5))) <= 2 * EPS64  # exact to rounding
assert max(errs) < 1e-13  # no step, no V: rounding error only, at every point

# %% [markdown] slideshow={"slide_type": "-"}
# 그런데 `3 * x`를 쓰면 실패합니다. Python은 먼저 `int.__mul__(3, x)`를 부르는데, `int`는 `DualDemo`를 모르므로 `NotImplemented`를 돌려줍니다. 그러면 Python은 오른쪽 피연산자의 **반사 메서드**(reflected method) `x.__rmul__(3)`을 찾고, 없으면 `TypeError`를 냅니다.

# %% slideshow={"slide_type": "subslide"}
x = DualDemo(0.5, 1.0)
print("x * 3 =", x * 3)  # DualDemo.__mul__(x, 3): fine
try:
    _ = 3 * x  # int.__mul__ gives up, and DualDemo has no __rmul__
    rmul_failed = False
except TypeError as exc:
    print("3 * x -> TypeError:", exc)
    rmul_failed = True
assert rmul_failed

DualDemo.__rmul__ = DualDemo.__mul__  # multiplication commutes: other * self == self * other
DualDemo.__radd__ = DualDemo.__add__
print("3 * x =", 3 * x, "  1 + x =", 1 + x)
assert (3 * x).der == 3.0 and (1 + x).val == 1.5

# %% [markdown] slideshow={"slide_type": "fragment"}
# 덧셈과 곱셈은 교환 법칙이 있어서 반사 메서드를 그대로 재사용했습니다. 뺄셈과 나눗셈은 그렇지 않습니다: `3 - x`의 `__rsub__`는 $3 - x$이지 $x - 3$이 아니고, `2 / x`의 `__rtruediv__`는 $2/x$입니다. 나눗셈의 도함수는 몫의 규칙
#
# $$
# \frac{a + a'\varepsilon}{b + b'\varepsilon} = \frac{a}{b} + \frac{a'b - ab'}{b^2}\,\varepsilon
# $$
#
# 을 따릅니다(분자 분모에 $b - b'\varepsilon$을 곱하면 $\varepsilon^2 = 0$ 덕분에 분모가 $b^2$이 됩니다). 연습 문제의 `Dual`은 이 모든 경우를 다룹니다.
#
# > **핵심 직관**: 이중수 $a + a'\varepsilon$은 "값과 그 도함수"의 묶음이고, $\varepsilon^2 = 0$ 하나로 곱의 규칙과 연쇄 법칙이 저절로 나옵니다. 연산자 오버로딩은 이 산술을 기존 코드에 그대로 흘려 보내는 방법입니다. 근사가 아니라 규칙의 정확한 적용이므로 $h$도, V자 곡선도 없고, 오차는 반올림뿐입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-jvp"></a>
#
# ## 4. 전방 모드는 야코비안-벡터 곱을 계산합니다
#
# 입력이 여럿인 $f: \mathbb{R}^n \to \mathbb{R}^m$을 생각합니다. 모든 입력에 같은 $\varepsilon$을 방향 $v$만큼 실어 $x + v\varepsilon$을 넣으면, 다변수 테일러 전개가 1차에서 끝나서
#
# $$
# f(x + v\,\varepsilon) = f(x) + J(x)\,v\,\varepsilon, \qquad J_{ij} = \frac{\partial f_i}{\partial x_j}
# $$
#
# 입니다. 한 번의 전방 패스가 주는 것은 $f(x)$와 **JVP** $Jv$(방향 도함수) 하나입니다. $v = e_j$($j$번째 단위 벡터)이면 $Je_j$는 $J$의 $j$번째 **열**이므로, $J$ 전체에는 패스가 $n$번 필요합니다. 손실처럼 $m = 1$이면 $J$는 그래디언트 $\nabla f^{\mathsf T}$ 한 줄이고, 역시 $n$번입니다.
#
# PyTorch는 이것을 `torch.func.jvp(f, (x,), (v,))`로 제공합니다. 먼저 `DualDemo`로 한 JVP와 PyTorch의 JVP가 같은지 봅니다. 함수는 $f(x) = \sum_i \sin(x_i x_{i+1}) \cdot x_i$입니다.

# %% slideshow={"slide_type": "subslide"}
def f_chain(x):
    """sum_i sin(x_i x_{i+1}) x_i: works on a list of DualDemo and on a torch tensor."""
    if isinstance(x, torch.Tensor):
        return (torch.sin(x[:-1] * x[1:]) * x[:-1]).sum()
    total = DualDemo(0.0)
    for xi, xj in zip(x[:-1], x[1:], strict=True):
        total = total + (xi * xj).sin() * xi
    return total


n = 6
x_t = torch.randn(n, dtype=torch.float64)
v_t = torch.randn(n, dtype=torch.float64)
dual_out = f_chain([DualDemo(xi, vi) for xi, vi in zip(x_t.tolist(), v_t.tolist(), strict=True)])
value, jvp_torch = torch.func.jvp(f_chain, (x_t,), (v_t,))
print(f"dual numbers: f = {dual_out.val:.15f}, Jv = {dual_out.der:.15f}")
print(f"torch.func.jvp: f = {value.item():.15f}, Jv = {jvp_torch.item():.15f}")
np.testing.assert_allclose([dual_out.val, dual_out.der], [value.item(), jvp_torch.item()], rtol=1e-14)

# %% [markdown] slideshow={"slide_type": "-"}
# 같은 함수의 그래디언트를 전방 모드로 구하려면 $v = e_1, \ldots, e_n$으로 $n$번의 패스가 필요합니다. 패스 수를 직접 세기 위해, 함수가 불릴 때마다 카운터를 올리는 포장 함수(wrapper)를 씁니다. 결과는 역방향 모드 `torch.autograd.grad`(nm-04의 주제, 역방향 패스 1번)와 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def forward_mode_gradient(f, x):
    """Gradient of a scalar f at x with one torch.func.jvp per input direction; counts calls."""
    calls = [0]

    def counted(z):
        calls[0] += 1
        return f(z)

    basis = torch.eye(x.numel(), dtype=x.dtype)
    grad = torch.stack([torch.func.jvp(counted, (x,), (e,))[1] for e in basis])
    return grad, calls[0]


sizes = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
passes, seconds = [], []
for n in sizes:
    x = torch.randn(n, dtype=torch.float64)
    start = time.perf_counter()
    grad_fwd, n_calls = forward_mode_gradient(f_chain, x)
    seconds.append(time.perf_counter() - start)
    x_req = x.clone().requires_grad_(True)
    (grad_rev,) = torch.autograd.grad(f_chain(x_req), x_req)  # reverse mode: one backward pass
    torch.testing.assert_close(grad_fwd, grad_rev, rtol=1e-13, atol=1e-15)
    passes.append(n_calls)
print("n      :", sizes)
print("passes :", passes)
print("seconds:", [f"{s:.3f}" for s in seconds])
assert passes == sizes  # the gradient of f: R^n -> R costs exactly n forward passes

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(7, 4))
ax.loglog(sizes, passes, "o-", label="전방 모드: JVP 패스 수 (측정)")
ax.loglog(sizes, np.ones(len(sizes)), "s--", label="역방향 모드: 역방향 패스 1번 (nm-04)")
ax.set(xlabel="입력 수 n", ylabel="그래디언트 한 번에 드는 패스 수",
       title=r"$f:\mathbb{R}^n \to \mathbb{R}$의 그래디언트: 전방 모드는 n번")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 세어 보면 패스 수는 정확히 $n$입니다($n = 1000$이면 1000번). 한 패스의 비용도 $n$에 비례하므로 전체 비용은 $O(n^2)$이고, 걸린 시간(위 출력, 기계마다 다름)도 그렇게 늘어납니다. 파라미터가 수십억 개인 신경망에서는 쓸 수 없는 방법입니다.
#
# `torch.func.jacfwd`는 이 $n$번의 JVP를 `vmap`으로 묶어 한꺼번에 계산합니다. 작은 $f: \mathbb{R}^3 \to \mathbb{R}^2$에서 `jacfwd`의 야코비안이 이중수 패스 3번(열 3개)과 같은지 봅니다. 행이 출력, 열이 입력입니다.

# %% slideshow={"slide_type": "subslide"}
def f_small(x):
    """R^3 -> R^2 with +, * and sin; x is a list of DualDemo or a torch tensor."""
    if isinstance(x, torch.Tensor):
        return torch.stack([torch.sin(x[0] * x[1]) + x[2], x[0] * x[1] * x[2]])
    return [(x[0] * x[1]).sin() + x[2], x[0] * x[1] * x[2]]


x3 = [0.3, -1.2, 2.0]
columns = []
for j in range(3):  # one dual pass per input direction e_j
    out = f_small([DualDemo(xi, 1.0 if i == j else 0.0) for i, xi in enumerate(x3)])
    columns.append([o.der for o in out])
J_dual = np.array(columns).T  # column j = J e_j
J_jacfwd = torch.func.jacfwd(f_small)(torch.tensor(x3, dtype=torch.float64))
print("J from 3 dual passes:\n", J_dual)
print("torch.func.jacfwd:\n", J_jacfwd.numpy())
assert J_jacfwd.shape == (2, 3)  # (outputs, inputs)
np.testing.assert_allclose(J_dual, J_jacfwd.numpy(), rtol=1e-14, atol=1e-15)

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 전방 모드 한 번은 "입력을 방향 $v$로 살짝 밀면 출력이 얼마나 움직이는가", 곧 $Jv$ 하나를 정확히 줍니다. 야코비안은 입력 방향마다 한 번, 모두 $n$번의 패스로 열을 하나씩 채웁니다. 그래서 전방 모드의 비용은 **입력의 수**에 비례합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-when-forward-wins"></a>
#
# ## 5. 전방 모드가 이기는 곳
#
# 역방향 모드(nm-04)는 반대로 벡터-야코비안 곱(vector-Jacobian product, VJP) $u^{\mathsf T} J$ 하나를 한 패스로 주므로, 야코비안 전체에 **출력의 수** $m$번이 듭니다. 손실($m = 1$)에는 역방향이 압도적입니다. 반대로 입력은 적고 출력이 많은 함수($n \ll m$)에서는 전방 모드가 이깁니다.
#
# 예로 파라미터 2개(진동수 $a$, 감쇠 $b$)로 1000개의 시각 $t_k$에서 신호 $y_k = \sin(a t_k)\,e^{-b t_k}$를 만드는 모형을 봅니다. 민감도(sensitivity) 분석이나 가우스-뉴턴(Gauss–Newton) 법에 필요한 $1000 \times 2$ 야코비안을 두 방법으로 구하고, 패스 수를 셉니다.

# %% slideshow={"slide_type": "subslide"}
t_grid = torch.linspace(0.0, 10.0, 1000, dtype=torch.float64)


def signal(p):
    """R^2 -> R^1000: a damped oscillation with frequency p[0] and decay p[1]."""
    return torch.sin(p[0] * t_grid) * torch.exp(-p[1] * t_grid)


p0 = torch.tensor([2.0, 0.3], dtype=torch.float64)
torch.func.jvp(signal, (p0,), (p0,))  # warm-up: the first call pays one-off set-up costs
start = time.perf_counter()
J_fwd = torch.stack([torch.func.jvp(signal, (p0,), (e,))[1] for e in torch.eye(2, dtype=p0.dtype)], dim=1)
t_fwd = time.perf_counter() - start
_, vjp_fn = torch.func.vjp(signal, p0)
start = time.perf_counter()
J_rev = torch.stack([vjp_fn(e)[0] for e in torch.eye(1000, dtype=p0.dtype)])  # one VJP per output
t_rev = time.perf_counter() - start
exact_J = torch.stack([t_grid * torch.cos(2.0 * t_grid) * torch.exp(-0.3 * t_grid),
                       -t_grid * signal(p0)], dim=1)  # closed form
print(f"forward mode: {J_fwd.shape[1]} JVP passes, {t_fwd * 1e3:.1f} ms")
print(f"reverse mode: {J_rev.shape[0]} VJP passes, {t_rev * 1e3:.1f} ms")
torch.testing.assert_close(J_fwd, exact_J, rtol=1e-12, atol=1e-14)
torch.testing.assert_close(J_rev, exact_J, rtol=1e-12, atol=1e-14)
assert (J_fwd.shape[1], J_rev.shape[0]) == (2, 1000)  # passes: n = 2 forward vs m = 1000 reverse

# %% [markdown] slideshow={"slide_type": "-"}
# 두 방법의 야코비안은 닫힌 형태의 답과 같고, 패스 수는 2번 대 1000번입니다(시간은 출력만 합니다). 정리하면 다음과 같습니다.
#
# | 상황 | 입력 $n$, 출력 $m$ | 유리한 방법 |
# |---|---|---|
# | 신경망의 손실 그래디언트 | $n$ = 수십억, $m = 1$ | 역방향 (nm-04) |
# | 적은 파라미터에 대한 많은 출력의 민감도, 가우스-뉴턴의 야코비안 | $n \ll m$ | 전방 |
# | 헤세 행렬-벡터 곱(Hessian-vector product) $Hv$ | 그래디언트의 JVP | 역방향 위에 전방 (아래 심화) |
# | 한 방향의 방향 도함수 $\nabla f \cdot v$ | 아무 $n$ | 전방 1번 |
#
# 전방 모드에는 메모리 장점도 있습니다. 값과 도함수를 함께 앞으로 보내므로 중간값을 저장할 필요가 없습니다. 역방향 모드는 모든 중간값을 저장해야 하며, nm-04와 nm-10의 그래디언트 체크포인팅(gradient checkpointing)이 그 비용을 다룹니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 역방향 위의 전방 모드로 헤세 행렬-벡터 곱
#
# $Hv$는 그래디언트 함수 $\nabla f$의 JVP입니다. `torch.func.jvp(torch.func.grad(f), (x,), (v,))`는 헤세 행렬 $H$($n \times n$)를 만들지 않고 $Hv$를 패스 몇 번으로 줍니다. $f(x) = \sum x_i^4 / 4 + (\sum x_i)^2/2$이면 $H = \operatorname{diag}(3x_i^2) + \mathbf{1}\mathbf{1}^{\mathsf T}$입니다.

# %% slideshow={"slide_type": "skip"}
def quartic(x):
    """sum x^4 / 4 + (sum x)^2 / 2; Hessian diag(3 x^2) + ones."""
    return (x**4).sum() / 4 + x.sum() ** 2 / 2


x = torch.randn(500, dtype=torch.float64)
v = torch.randn(500, dtype=torch.float64)
_, hvp = torch.func.jvp(torch.func.grad(quartic), (x,), (v,))  # forward over reverse
hvp_exact = 3 * x**2 * v + v.sum()  # diag(3 x^2) v + 1 (1^T v)
print(f"Hv (n = 500): max relative difference to the closed form "
      f"{((hvp - hvp_exact).abs() / hvp_exact.abs()).max().item():.1e}")
torch.testing.assert_close(hvp, hvp_exact, rtol=1e-12, atol=1e-12)

# %% [markdown] slideshow={"slide_type": "skip"}
# > **핵심 직관**: 전방 모드의 비용은 입력 수 $n$, 역방향 모드의 비용은 출력 수 $m$에 비례합니다. 스칼라 손실의 그래디언트는 역방향으로, 입력이 적고 출력이 많은 야코비안이나 방향 도함수는 전방으로 구합니다. 둘을 겹치면(역방향 위의 전방) 헤세 행렬-벡터 곱도 정확하게 얻습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# [`exercises/nm-03_exercises.ipynb`](../exercises/nm-03_exercises.ipynb)를 여십시오. 각 함수를 구현하고 바로 아래의 검사 셀을 실행하면, 통과한 경우와 실패한 입력, 기대값과 결과, 상대 오차가 표시됩니다. 검사는 채점에 쓰입니다.
#
# - `central_difference(f, x, h=None)`: 중앙 차분, 기본 $h = \sqrt[3]{\varepsilon}\max(1, |x|)$ (§1, [nm-02 §7](nm-02_error_analysis.ipynb#sec-finite-difference)).
# - `complex_step(f, x, h=1e-20)`: $\operatorname{Im} f(x + ih)/h$, 기계 정밀도 근처 (§2).
# - 클래스 `Dual(val, der)`: `+ − * /`(수가 어느 쪽에 와도), 단항 `−`, `Dual ** 실수`, `양의 실수 ** Dual`, `.exp() .log() .sin() .cos()` (§3의 `DualDemo`를 완성합니다).
# - `derivative(f, x)`: `Dual`로 한 번 계산해 $f'(x)$를 반올림 오차 수준으로 (§3).
# - `jacobian_forward(f, x)`: 입력 방향마다 `torch.func.jvp`를 한 번씩 불러 $(m, n)$ 야코비안을 만듭니다 (§4).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 유한 차분은 분자의 뺄셈 때문에 V자 오차 곡선에 갇힙니다. $f(x) = e^x/\sqrt{\sin^3 x + \cos^3 x}$의 $x = 1.5$에서 중앙 차분의 최선은 상대 오차 $6 \times 10^{-12}$(11자리)이고, $h = 10^{-20}$에서는 결과가 0입니다. 기본 스텝은 $|x|$에 맞춰 $\sqrt[3]{\varepsilon}\max(1,|x|)$로 잡습니다.
# 2. 복소 스텝 $\operatorname{Im} f(x+ih)/h$에는 뺄셈이 없어서, $h = 10^{-20}$에서 상대 오차가 $2\varepsilon$ 이하입니다. $f$의 코드가 복소수에서 해석적이어야 합니다(`abs`는 깨짐).
# 3. 이중수 $a + b\varepsilon$ ($\varepsilon^2 = 0$)는 $f(a + b\varepsilon) = f(a) + f'(a)b\varepsilon$을 정확히 줍니다. 연산자 오버로딩으로 구현하면 합성 함수의 도함수가 반올림 오차 수준(mp.diff와 $10^{-13}$ 이내)으로 나옵니다. 수가 왼쪽에 오는 연산에는 반사 메서드(`__rmul__` …)가 필요합니다.
# 4. 전방 모드의 한 패스는 JVP $Jv$ 하나입니다. $f: \mathbb{R}^n \to \mathbb{R}$의 그래디언트에는 정확히 $n$번(측정: $n = 1000$에 1000번)의 패스가 들고, `torch.func.jvp`, `jacfwd`는 직접 만든 이중수 코드와 같은 값을 줍니다.
# 5. 전방 모드는 입력이 적고 출력이 많을 때($\mathbb{R}^2 \to \mathbb{R}^{1000}$에서 2번 대 1000번) 이기고, 스칼라 손실의 그래디언트에는 역방향 모드가 이깁니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-04 역방향 모드 자동 미분**: 한 번의 역방향 패스로 그래디언트 전체를 얻습니다. §4의 "패스 $n$번" 그림과 nm-04의 비용 비율 그림을 나란히 보면 딥러닝이 역방향 모드를 쓰는 이유가 보입니다. nm-04의 `grad_check`는 자동 미분을 §1의 중앙 차분과 상대 오차로 비교합니다.
# - **nm-10 ML을 위한 수치 계산**: 역방향 모드가 모든 중간값을 저장하는 비용을 [그래디언트 체크포인팅](nm-10_numerics_for_ml.ipynb)으로 줄입니다. 전방 모드는 중간값을 저장하지 않는다는 §5의 관찰이 그 대비입니다. nm-10의 패턴 표 "유한 차분 미분 → 자동 미분"이 이 강의와 nm-04입니다.
# - **nm-09 수치 최적화**: [뉴턴 법](nm-09_optimization.ipynb#sec-newton)과 가우스-뉴턴 법에 필요한 헤세 행렬-벡터 곱과 야코비안을 §5의 방법으로 구합니다.
