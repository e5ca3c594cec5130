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
# # nm-01 연습 문제: 부동소수점
#
# 강의 노트북 [`nm-01_floating_point`](../notebooks/nm-01_floating_point.ipynb)에서 본
# 부동소수점의 구조를 직접 코드로 확인합니다. 각 문제는 **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다
#   (쉬운 사례만 맞히는 구현은 0점입니다). 함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 계산합니다: 비트는 Python의 `struct`, $\varepsilon$은
#   `np.finfo`, 정확한 합은 `math.fsum`, ulp 거리는 `np.nextafter`를 한 칸씩 세어서 얻습니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `float_parts(x, dtype)` | 2.5 |
# | 2 | `machine_epsilon(dtype)` | 2.5 |
# | 3 | `kahan_sum(x)` | 2.5 |
# | 4 | `ulp_distance(a, b, dtype='float32')` | 2.5 |
# | | 합계 | 10 |
#
# NumPy와 표준 라이브러리만 사용하세요. 검사가 기준값을 얻는 `np.finfo`(ε), `np.spacing`과
# `np.nextafter`(ulp), `math.fsum`(정확한 합)으로 답을 바로 얻으면 연습이 되지 않습니다.

# %%
import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `float_parts(x, dtype)` (2.5점)
#
# 수 `x`를 `dtype`(`'float16'`, `'float32'`, `'float64'` 중 하나)으로 저장했을 때의 세 비트 필드를
# 정수로 돌려주세요. 정규화된 수의 값은 다음과 같습니다(강의 §1).
#
# $$x = (-1)^{s} \cdot 2^{\,e - \text{bias}} \cdot \Bigl(1 + \frac{f}{2^{m}}\Bigr), \qquad \text{bias} = 2^{k-1} - 1$$
#
# | 형식 | 지수 $k$ | 가수 $m$ |
# |---|---|---|
# | float16 | 5 | 10 |
# | float32 | 8 | 23 |
# | float64 | 11 | 52 |
#
# - 돌려줄 값은 `(sign, exponent, mantissa)` = $(s, e, f)$: **bias가 더해진 채 저장된** 지수 필드 $e$와,
#   숨은 비트 1을 뺀 **원시 가수 비트** $f$입니다. 예: float16의 $-6.25$ → `(1, 17, 576)`.
# - `x`는 Python float입니다. 먼저 `dtype`으로 반올림됩니다(예: `0.1`).
# - 특수한 값도 그대로 비트를 읽으면 됩니다: $\pm 0$(지수 0, 가수 0, `-0.0`은 부호 1), subnormal(지수 0),
#   $\pm\infty$(지수 모두 1, 가수 0), NaN(지수 모두 1, 가수 ≠ 0).
# - 세 값 모두 **Python `int`**로 돌려주세요. `np.uint16` 같은 NumPy 정수는 `e - 15`처럼 빼는 순간
#   조용히 넘칠 수 있습니다(`int(...)` 또는 `.item()`).
#
# 힌트: `np.array(x, dtype=dtype).view(np.uint16)`은 같은 16비트를 부호 없는 정수로 봅니다.

# %%
def float_parts(x, dtype):
    """(sign, biased exponent, raw mantissa bits) of x stored in dtype, as Python ints."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("float_parts")

# %% [markdown]
# ## 문제 2. `machine_epsilon(dtype)` (2.5점)
#
# 머신 엡실론 $\varepsilon$은 1과 그다음 표현 가능한 수 사이의 거리입니다(강의 §3). 2의 거듭제곱을
# 반씩 줄여 가며 찾으세요.
#
# $$\varepsilon = \min\{\, 2^{-j} : \operatorname{fl}(1 + 2^{-j}) \ne 1 \,\}, \qquad \text{즉}\quad 1 + \varepsilon \ne 1,\quad 1 + \varepsilon/2 = 1$$
#
# - `dtype`은 `'float16'` 같은 문자열, `np.dtype('float32')` 객체, `np.float64` 같은 타입 중 무엇이든
#   됩니다. `np.dtype(dtype)`로 바꾸면 셋 모두 같은 방식으로 다룰 수 있습니다.
# - **모든 덧셈과 나눗셈을 그 dtype 안에서** 하세요. Python의 `1.0`과 `0.5`는 float64라서, 그대로 쓰면
#   어떤 dtype을 주든 float64의 $2^{-52}$가 나옵니다. `one = np.dtype(dtype).type(1)`처럼 시작하세요.
# - 답을 Python `float`로 돌려주세요(float16의 답은 $2^{-10} \approx 9.77 \times 10^{-4}$).
# - 자주 하는 실수 ("ε/2 패턴"): $1 + \varepsilon/2 = 1$이 된 **뒤의** 값을 돌려주면 답이 정확히 절반,
#   즉 단위 반올림(unit roundoff) $u = \varepsilon/2$가 됩니다. 멈추기 **직전** 값을 돌려주세요.

# %%
def machine_epsilon(dtype):
    """Machine epsilon of dtype, found by halving a power of two in that dtype."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("machine_epsilon")

# %% [markdown]
# ## 문제 3. `kahan_sum(x)` (2.5점)
#
# 1차원 배열 `x`의 합을 Kahan 보정 합으로 구하세요(강의 §8). 덧셈마다 버려진 아래쪽 비트를 $c$에
# 기억했다가 다음 덧셈에서 되돌려 줍니다.
#
# $$y = x_i - c, \qquad t = s + y, \qquad c = (t - s) - y, \qquad s = t$$
#
# - $s$와 $c$는 0에서 시작하고, `x`의 원소를 **앞에서부터 차례로** 더합니다.
# - **모든 연산을 `x.dtype`으로** 하세요(float16 배열이면 float16으로). `x.dtype.type(0)`으로 시작하면
#   됩니다. float64로 더한 뒤 바꾸거나 `np.sum`(pairwise)을 쓰면 안 됩니다. 검사에는 float16에서
#   누적했는지 확인하는 사례가 있습니다.
# - 결과는 `x.dtype`의 스칼라 $s$입니다. 빈 배열이면 0입니다.
# - 정확도: 오차가 Kahan의 한계 $(2u + n u^2)\sum_i |x_i|$ 이내여야 합니다($u = \varepsilon/2$).
#   float32 `[1.0] + [1e-8]*10_000`을 순서대로 그냥 더하면 정확히 1.0이 나오지만 참값은 1.0001입니다.
# - Neumaier의 변형(Python 3.12의 `sum()`이 쓰는, $|s| < |x_i|$일 때 두 항의 역할을 바꾸는 방식)이
#   **아닌** Kahan의 원래 식을 쓰세요. 두 방법의 오차 한계가 다르고, 검사는 Kahan의 한계로 봅니다.
# - 입력 배열을 바꾸지 마세요.

# %%
def kahan_sum(x):
    """Kahan-compensated sum of the 1-D array x, accumulated in x.dtype."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("kahan_sum")

# %% [markdown]
# ## 문제 4. `ulp_distance(a, b, dtype='float32')` (2.5점)
#
# `a`와 `b`를 `dtype`으로 반올림한 뒤, 한쪽에서 다른 쪽까지 `np.nextafter`로 **몇 칸** 가야 하는지,
# 즉 두 수 사이의 ulp 거리를 정수로 돌려주세요(강의 §1, §3). 예: `ulp_distance(1.0, 2.0)`은
# float32에서 $2^{23}$입니다.
#
# 양수 float의 비트 패턴을 정수로 읽으면 수의 크기 순서와 같습니다. 음수는 부호-크기 방식이므로
# 수직선 위의 위치(정수)를 다음과 같이 정하면 됩니다.
#
# $$\operatorname{pos}(x) = \begin{cases} \text{bits}(x) & x \text{의 부호 비트가 0} \\ -\,(\text{bits}(x) \text{에서 부호 비트를 뺀 값}) & x \text{의 부호 비트가 1} \end{cases}, \qquad \text{거리} = |\operatorname{pos}(a) - \operatorname{pos}(b)|$$
#
# - $-0.0$과 $+0.0$은 같은 수입니다: 거리 0. $-2^{-149}$와 $+2^{-149}$(float32의 가장 작은 subnormal)의
#   거리는 2입니다($-2^{-149} \to 0 \to 2^{-149}$).
# - $\pm\infty$도 한 칸으로 셉니다: float16에서 `ulp_distance(65504.0, inf, 'float16')`은 1입니다.
#   `a`, `b`는 NaN이 아닙니다.
# - `dtype`은 `'float16'`, `'float32'`, `'float64'`(또는 같은 뜻의 `np.dtype`)이고, 결과는 `a`와 `b`의 순서와
#   무관합니다.
# - 결과는 정수입니다. float64에서 $-x_{\max}$와 $x_{\max}$의 거리는 $2^{63}$보다 커서 `np.int64`로
#   빼면 넘칩니다: Python `int`로 계산하세요.

# %%
def ulp_distance(a, b, dtype="float32"):
    """Number of ulp steps between a and b once both are rounded to dtype (-0 == +0)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("ulp_distance")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
