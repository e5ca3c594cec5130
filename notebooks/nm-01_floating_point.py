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
# # nm-01 부동소수점
#
# > **실행 환경**: CPU에서 실행됩니다(GPU 불필요). 2코어 CPU에서 처음부터 끝까지 약 10~15초 걸립니다.


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# 혼합 정밀도(float16)로 모델을 학습시키면 어느 순간 손실이 더 이상 줄지 않거나, 갑자기 `nan`이 됩니다.
# 코드는 수학적으로 옳습니다. 문제는 컴퓨터가 실수(real number)를 다루지 않는다는 데 있습니다.
# 컴퓨터는 **유한 개의 부동소수점 수**만 다루고, 모든 연산 결과를 그중 하나로 반올림합니다.
#
# 이 강의에서 만날 실패들은 모두 실제 학습 코드에서 일어나는 일입니다.
#
# - 크기가 $10^{-8}$인 그래디언트는 float16으로 바꾸는 순간 정확히 0이 됩니다. 학습이 조용히 멈춥니다.
# - float16으로 1을 계속 더하면 합이 2048에서 멈춥니다. float32도 $2^{24}$에서 멈춥니다.
# - `softmax([1000, 1001, 1002])`를 교과서 공식대로 계산하면 `nan`이 나옵니다.
#
# 이 모든 현상은 IEEE 754 부동소수점의 몇 가지 규칙으로 정확히 설명됩니다. 규칙을 알면 언제 깨질지
# **미리** 알 수 있고, nm-10의 혼합 정밀도(mixed precision)·손실 스케일링(loss scaling)·안정한 softmax가 왜 그렇게 생겼는지 이해할 수 있습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - 부동소수점 수 $(-1)^s \cdot 2^{e-\text{bias}} \cdot (1.m)_2$의 구조와 float16/bfloat16/float32/float64의 비트 배분을 설명할 수 있습니다.
# - 머신 엡실론(machine epsilon) $\varepsilon$, ulp, 단위 반올림(unit roundoff) $u=\varepsilon/2$의 관계와 "가장 가까운 수로, 동률이면 짝수로" 반올림 규칙을 설명할 수 있습니다.
# - overflow, underflow, subnormal(비정규수)이 생기는 경계를 형식별로 계산하고, 범위와 정밀도의 교환(float16 vs bfloat16)을 설명할 수 있습니다.
# - 합산 오차의 크기(순차 합 $\sim n\varepsilon$, 쌍별 합산(pairwise summation) $\sim \log n\,\varepsilon$, Kahan $\sim \varepsilon$)를 설명할 수 있습니다.
#
# **코딩 기술**
# - `np.finfo`/`torch.finfo`로 형식 표를 직접 만들고, 비트 패턴을 `view`로 읽을 수 있습니다.
# - `np.spacing`, `np.nextafter`, `decimal.Decimal`, `fractions.Fraction`으로 반올림을 눈으로 확인할 수 있습니다.
# - `np.errstate`로 overflow/0 나누기 경고를 제어하고, 필요하면 `FloatingPointError`로 바꿀 수 있습니다.
# - `math.fsum`을 기준값으로 합산 알고리즘의 오차를 측정하고, Python 3.12에서 바뀐 내장 `sum()`의 동작을 설명할 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): 동기와 §1–3 (비트, 형식 표, ε·ulp) 25분 → §4–6 (0.1 + 0.2, 범위, bfloat16) 20분 → §7–8 (inf/NaN, 합산) 20분 → §9 예고, 연습 안내, 핵심 정리 10분. 시간이 모자라면 세로 방향(↓) 데모는 건너뛰고 가로 방향(→)만 따라가세요. 슬라이드에서 `s`를 누르면 이 노트와 다음 슬라이드가 함께 보입니다.

# %% slideshow={"slide_type": "skip"}
import math
import sys
import warnings
from decimal import Decimal
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import Markdown, display
from scipy.stats import norm

from utils.plotting import setup_plots

setup_plots()
rng = np.random.default_rng(0)
torch.manual_seed(0)
print(f"numpy {np.__version__}, torch {torch.__version__}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-ieee754"></a>
#
# ## 1. IEEE 754: 부호 | 지수 | 가수
#
# 부동소수점 수는 세 부분으로 이루어진 비트열입니다. 부호 비트 $s$, $k$비트의 지수 $e$, $m$비트의 가수(mantissa) $f$입니다.
# 정규화된(normal) 수의 값은 다음과 같습니다.
#
# $$
# x = (-1)^s \cdot 2^{\,e - \text{bias}} \cdot \Bigl(1 + \frac{f}{2^m}\Bigr), \qquad \text{bias} = 2^{k-1} - 1 .
# $$
#
# 맨 앞의 1은 저장하지 않습니다(숨은 비트). 그래서 정밀도는 $p = m + 1$비트입니다.
# 지수 필드가 모두 0이면 subnormal(또는 0), 모두 1이면 inf(가수 0) 또는 NaN(가수 ≠ 0)입니다.
#
# | 형식 | 부호 | 지수 $k$ | 가수 $m$ |
# |---|---|---|---|
# | float16 | 1 | 5 | 10 |
# | bfloat16 | 1 | 8 | 7 |
# | float32 | 1 | 8 | 23 |
# | float64 | 1 | 11 | 52 |
#
# 아래 함수는 수를 해당 형식으로 저장했을 때의 비트를 정수로 읽습니다(`view`는 같은 메모리를 다른 타입으로 봅니다).
# NumPy에는 bfloat16이 없으므로 PyTorch의 `view(torch.int16)`를 씁니다.

# %% slideshow={"slide_type": "subslide"}
LAYOUT = {"float16": (5, 10), "bfloat16": (8, 7), "float32": (8, 23), "float64": (11, 52)}
UINT = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}


def raw_bits(x, dtype):
    """Bit pattern of x rounded to dtype, as an unsigned Python int."""
    if dtype == "bfloat16":
        return torch.tensor(x, dtype=torch.bfloat16).view(torch.int16).item() & 0xFFFF
    return np.array(x, dtype=dtype).view(UINT[dtype]).item()


def bit_string(x, dtype):
    """'sign | exponent | mantissa' bit string of x stored in dtype."""
    k, m = LAYOUT[dtype]
    b = format(raw_bits(x, dtype), f"0{1 + k + m}b")
    return f"{b[0]} | {b[1:1 + k]} | {b[1 + k:]}"


for dtype in LAYOUT:
    print(dtype)
    for x in [1.0, -2.0, 0.1]:
        print(f"  {x:>5}: {bit_string(x, dtype)}")

# %% [markdown] slideshow={"slide_type": "-"}
# 출력에서 두 가지를 확인합니다. $1.0 = 2^0$이므로 지수 필드는 bias 자체($01\cdots1$)이고 가수는 모두 0입니다.
# 그리고 bfloat16은 float32 비트열의 위쪽 16비트인데, 아래 16비트를 버릴 때 **반올림**합니다.

# %% slideshow={"slide_type": "subslide"}
# 1.0 = 2^0 * 1.0: biased exponent equals the bias 2^(k-1) - 1 = 0111...1, mantissa all zeros
for dtype, (k, m) in LAYOUT.items():
    assert bit_string(1.0, dtype) == f"0 | 0{'1' * (k - 1)} | {'0' * m}"

# bfloat16 is the upper half of float32 (rounded, not truncated)
for x in [1.0, -2.0, 0.15625, 3.140625]:          # exactly representable in bfloat16
    assert raw_bits(x, "bfloat16") == raw_bits(x, "float32") >> 16
f32_01 = raw_bits(0.1, "float32")
print(f"float32(0.1) = 0x{f32_01:08X}, bfloat16(0.1) = 0x{raw_bits(0.1, 'bfloat16'):04X}")
assert f32_01 & 0xFFFF > 0x8000                    # discarded half > 0.5 ulp: round up
assert raw_bits(0.1, "bfloat16") == (f32_01 >> 16) + 1

# %% [markdown] slideshow={"slide_type": "-"}
# 비트열을 손으로 해독해 봅시다. float16에서 $-6.25 = -1.5625 \times 2^2$입니다.
# 지수 필드는 $2 + 15 = 17 = 10001_2$, 가수 필드는 $0.5625 \times 2^{10} = 576 = 1001000000_2$이어야 합니다.

# %% slideshow={"slide_type": "subslide"}
s, e, f = bit_string(-6.25, "float16").split(" | ")
sign, exp_field, frac = int(s, 2), int(e, 2), int(f, 2)
value = (-1) ** sign * 2.0 ** (exp_field - 15) * (1 + frac / 2**10)
print(f"-6.25 -> s={s}, e={e} ({exp_field}), f={f} ({frac})  =>  {value}")
assert (sign, exp_field, frac) == (1, 17, 576) and value == -6.25

# Special values: exponent all ones -> inf/NaN, exponent all zeros -> zero/subnormal
specials = {"+0": 0.0, "-0": -0.0, "inf": np.inf, "nan": np.nan,
            "2^-24 (최소 subnormal)": 2.0**-24, "65504 (최댓값)": 65504.0}
for name, x in specials.items():
    print(f"{name:>22}: {bit_string(x, 'float16')}")
assert bit_string(np.inf, "float16") == "0 | 11111 | 0000000000"
_, e_nan, f_nan = bit_string(np.nan, "float16").split(" | ")
assert e_nan == "11111" and int(f_nan, 2) != 0
assert bit_string(2.0**-24, "float16") == "0 | 00000 | 0000000001"
assert bit_string(-0.0, "float16") == "1 | 00000 | 0000000000"
assert bit_string(65504.0, "float16") == "0 | 11110 | 1111111111"

# %% [markdown] slideshow={"slide_type": "-"}
# 네 형식의 비트 배분을 그림으로 비교합니다. 보라색(지수)의 길이가 **범위**를, 초록색(가수)의 길이가 **정밀도**를 정합니다.
# bfloat16은 float32와 지수 길이가 같고, float32 비트열의 위쪽 16비트만 남긴 형식이라는 점을 보십시오. 다만 float32에서 bfloat16으로
# 바꿀 때 아래 16비트를 그냥 버리지 않고 **가장 가까운 수로(동률이면 짝수로) 반올림**합니다. 위 셀에서 `0.1`이 `0x3DCC`가 아니라 `0x3DCD`가 된 이유입니다.

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 2.8))
colors = {"부호": "#d62728", "지수": "#9467bd", "가수": "#2ca02c"}
for row, (k, m) in enumerate(reversed(LAYOUT.values())):
    left = 0
    for part, width in [("부호", 1), ("지수", k), ("가수", m)]:
        ax.barh(row, width, left=left, color=colors[part], edgecolor="white",
                label=part if row == 0 else None)
        if width > 3:
            ax.text(left + width / 2, row, f"{part} {width}", ha="center", va="center",
                    color="white", fontsize=9)
        left += width
ax.set_yticks(range(4), list(reversed(LAYOUT)))
ax.set_xlabel("비트")
ax.set_title("IEEE 754 비트 배분: 지수는 범위, 가수는 정밀도")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
ax.grid(False)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 부동소수점 수는 "2진 과학적 표기법"입니다. 지수 비트는 **얼마나 크고 작은 수까지** 담을지를,
# > 가수 비트는 **몇 자리까지 정확한지**를 정합니다. 16비트를 어떻게 나누느냐가 float16과 bfloat16의 차이 전부입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-formats"></a>
#
# ## 2. 형식 표: `np.finfo`와 `torch.finfo`로 계산하기
#
# 형식의 모든 상수는 비트 배분에서 나옵니다. $m$비트 가수, 최소 지수 $e_{\min} = 1 - \text{bias}$일 때
#
# $$
# \varepsilon = 2^{-m}, \quad x_{\min}^{\text{normal}} = 2^{e_{\min}}, \quad x_{\min}^{\text{sub}} = 2^{e_{\min}} \cdot \varepsilon, \quad
# x_{\max} = (2 - \varepsilon)\, 2^{\text{bias}}, \quad \text{십진 자릿수} \approx -\log_{10} u = (m+1)\log_{10} 2 .
# $$
#
# 십진 자릿수는 이 강좌 전체에서 한 가지 정의를 씁니다. 단위 반올림 $u = \varepsilon/2 = 2^{-(m+1)}$(§3)의 $-\log_{10}$, 즉 반올림 한 번의
# 상대 오차 상한이 십진 몇 자리에 해당하는지입니다.
#
# 표를 손으로 적지 않고 `np.finfo`(bfloat16은 `torch.finfo`)에서 읽은 뒤, 다음 셀에서 위 공식을 비트 수 $k$, $m$으로 직접 계산해
# 같은 값이 나오는지 확인합니다. [nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)의 혼합 정밀도 표와 같은 표입니다.

# %% slideshow={"slide_type": "subslide"}
FORMATS = ["float16", "bfloat16", "float32", "float64"]


def format_row(name):
    """Parameters of one floating-point format, derived from np.finfo / torch.finfo."""
    fi = torch.finfo(torch.bfloat16) if name == "bfloat16" else np.finfo(name)
    eps, tiny, fmax = float(fi.eps), float(fi.smallest_normal), float(fi.max)
    m = round(-math.log2(eps))
    return {"name": name, "bits": fi.bits, "exp_bits": fi.bits - 1 - m, "man_bits": m,
            "eps": eps, "subnormal": tiny * eps, "normal": tiny, "max": fmax,
            "digits": -math.log10(eps / 2)}


table = {name: format_row(name) for name in FORMATS}
lines = ["| 형식 | 비트 | 지수 | 가수 | eps | 최소 subnormal | 최소 normal | 최댓값 | 십진 자릿수 |",
         "|---|---|---|---|---|---|---|---|---|"]
for r in table.values():
    lines.append(f"| {r['name']} | {r['bits']} | {r['exp_bits']} | {r['man_bits']} | {r['eps']:.3g} "
                 f"| {r['subnormal']:.3g} | {r['normal']:.3g} | {r['max']:.4g} | {r['digits']:.2f} |")
display(Markdown("\n".join(lines)))

# %% slideshow={"slide_type": "subslide"}
# the formulas above, evaluated from the bit counts k and m alone, give the library's numbers
for name, (k, m) in LAYOUT.items():
    r, bias = table[name], 2 ** (k - 1) - 1
    e_min = 1 - bias
    assert (r["exp_bits"], r["man_bits"]) == (k, m)
    assert r["eps"] == 2.0**-m and r["normal"] == 2.0**e_min
    assert r["subnormal"] == 2.0**e_min * 2.0**-m and r["max"] == (2 - 2.0**-m) * 2.0**bias
    np.testing.assert_allclose(r["digits"], (m + 1) * math.log10(2), rtol=1e-15)
for name in ["float16", "float32", "float64"]:            # NumPy's own fields agree
    fi = np.finfo(name)
    assert (fi.nexp, fi.nmant) == LAYOUT[name] and float(fi.smallest_subnormal) == table[name]["subnormal"]
# the smallest bfloat16 subnormal really exists (torch on the CPU keeps subnormals)
bf16_sub = table["bfloat16"]["subnormal"]
assert torch.tensor(bf16_sub, dtype=torch.bfloat16).item() == bf16_sub > 0

# the numbers quoted in the text below
f16, bf16 = table["float16"], table["bfloat16"]
np.testing.assert_allclose([f16["normal"], f16["subnormal"], bf16["max"]], [6.10e-5, 5.96e-8, 3.39e38], rtol=1e-3)
np.testing.assert_allclose([table[n]["digits"] for n in FORMATS], [3.31, 2.41, 7.22, 15.95], atol=0.005)
assert f16["max"] == 65504 and bf16["normal"] == table["float32"]["normal"]   # same exponent range

# %% [markdown] slideshow={"slide_type": "fragment"}
# 표에서 두 가지를 읽어 두십시오. float16의 최댓값은 겨우 **65504**이고, bfloat16은 float32와 거의 같은
# **$3.39 \times 10^{38}$**까지 담는 대신 십진 **약 2.4자리**만 정확합니다(float16은 약 3.3자리).
#
# > **핵심 직관**: 형식 표는 외울 대상이 아니라 비트 배분에서 **계산되는** 값입니다. 의심스러우면 언제든
# > `np.finfo(dtype)`/`torch.finfo(dtype)`를 출력해 보십시오.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-epsilon"></a>
#
# ## 3. 머신 엡실론, ulp, spacing
#
# **머신 엡실론**(machine epsilon) $\varepsilon$은 1과 그다음 표현 가능한 수 사이의 거리입니다. 일반적으로 $x$ 근처의 간격을
# **ulp**(unit in the last place)라고 하며, $2^{E} \le |x| < 2^{E+1}$인 정규화된 수에서
#
# $$
# \operatorname{ulp}(x) = 2^{E}\,\varepsilon, \qquad \frac{\varepsilon}{2} < \frac{\operatorname{ulp}(x)}{|x|} \le \varepsilon .
# $$
#
# 즉 간격은 수의 크기에 비례해 커지고, **상대** 간격은 거의 일정합니다. 반올림 오차의 상대 크기는 최대
# **단위 반올림**(unit roundoff) $u = \varepsilon/2$입니다: $\operatorname{fl}(x) = x(1+\delta)$, $|\delta| \le u$.
#
# NumPy에서 간격은 `np.spacing(x)`, 이웃한 수는 `np.nextafter(x, 방향)`으로 얻습니다.

# %% slideshow={"slide_type": "subslide"}
for name in ["float16", "float32", "float64"]:
    t = np.dtype(name).type
    eps, one = np.finfo(t).eps, t(1)
    up, down = np.nextafter(one, t(2)), np.nextafter(one, t(0))
    print(f"{name}: eps = {eps:.4g}, spacing(1) = {np.spacing(one):.4g}, "
          f"1 위쪽 간격 = {up - one:.4g}, 1 아래쪽 간격 = {one - down:.4g}")
    assert np.spacing(one) == eps and up - one == eps
    assert one - down == eps / 2            # below 1 we are in the binade [1/2, 1): half the gap

# ulp grows with |x|: float64 spacing at a few magnitudes
for x in [1.0, 1000.0, 1e8, 2.0**53, 1e300]:
    ulp_formula = 2.0 ** (math.floor(math.log2(x)) - 52)
    print(f"spacing({x:.3g}) = {np.spacing(x):.4g}   (2^E * eps = {ulp_formula:.4g})")
    assert np.spacing(x) == ulp_formula
assert 2.0**53 + 1 == 2.0**53 and 2.0**53 + 2 != 2.0**53   # above 2^53 the gap is 2

# relative spacing lies in (eps/2, eps] for every normal float32
xs = (10.0 ** rng.uniform(-30, 30, 100_000)).astype(np.float32)
rel_gap = np.spacing(xs).astype(np.float64) / xs
eps32 = float(np.finfo(np.float32).eps)
print(f"float32 상대 간격: 최소 {rel_gap.min():.4g}, 최대 {rel_gap.max():.4g} (eps = {eps32:.4g})")
assert eps32 / 2 < rel_gap.min() and rel_gap.max() <= eps32

# %% [markdown] slideshow={"slide_type": "-"}
# IEEE 754의 기본 반올림은 **가장 가까운 수로, 동률이면 가수의 마지막 비트가 0(짝수)인 쪽으로**(round half to even)입니다.
# $1 + \varepsilon/2$는 $1$과 $1+\varepsilon$의 정확히 한가운데이고, 짝수인 쪽은 $1$입니다. 그래서
#
# $$
# \operatorname{fl}(1 + \varepsilon/2) = 1, \qquad \operatorname{fl}(1 + \varepsilon) = 1 + \varepsilon .
# $$
#
# 같은 이유로 덧셈은 결합법칙을 만족하지 않습니다.

# %% slideshow={"slide_type": "subslide"}
eps = np.finfo(np.float64).eps
print(f"1 + eps     == 1 ? {1.0 + eps == 1.0}")
print(f"1 + eps/2   == 1 ? {1.0 + eps / 2 == 1.0}")
print(f"(1 + eps/2) + eps/2 = {(1.0 + eps / 2) + eps / 2!r}")
print(f"1 + (eps/2 + eps/2) = {1.0 + (eps / 2 + eps / 2)!r}")
assert 1.0 + eps != 1.0
assert 1.0 + eps / 2 == 1.0                         # tie -> even (1.000...0)
assert 1.0 + 0.75 * eps == 1.0 + eps                # not a tie: nearest wins
assert (1.0 + eps) + eps / 2 == 1.0 + 2 * eps       # tie -> even (1.000...10), rounds UP this time
assert (1.0 + eps / 2) + eps / 2 == 1.0             # addition is not associative ...
assert 1.0 + (eps / 2 + eps / 2) == 1.0 + eps       # ... the order changes the result

# the same rule in float16 and float32
for name in ["float16", "float32"]:
    t = np.dtype(name).type
    e = np.finfo(t).eps
    assert t(1) + t(e / 2) == t(1) and t(1) + t(e) != t(1)

# %% [markdown] slideshow={"slide_type": "-"}
# 수의 **밀도**를 그림으로 봅니다. 먼저 두 도우미 함수입니다. 하나는 $x$를 어떤 형식으로 반올림한 값을, 다른 하나는 그 값에서
# 다음 수까지의 간격(spacing)을 float64로 돌려줍니다.

# %% slideshow={"slide_type": "subslide"}
def rounded_to(x, name):
    """x (a float64 array) rounded to format name, returned as float64."""
    if name == "bfloat16":
        return torch.from_numpy(x).to(torch.bfloat16).double().numpy()
    return x.astype(name).astype(np.float64)


def spacing_of(x, name):
    """Gap to the next representable number above x in format name (x float64, in range)."""
    if name == "bfloat16":
        t = torch.from_numpy(x).to(torch.bfloat16)
        return (torch.nextafter(t, torch.full_like(t, math.inf)) - t).double().numpy()
    return np.spacing(x.astype(name)).astype(np.float64)


# %% [markdown] slideshow={"slide_type": "-"}
# 왼쪽 그림은 $2^{-5} \le |x| \le 2^{5}$에서 간격을 그 형식의 $\varepsilon$으로 나눈 값입니다(두 축 모두 밑 2의 로그).
# 네 형식이 **같은 계단**을 그립니다. 2의 거듭제곱을 지날 때마다 간격이 두 배가 되고, 계단은 점선 $|x|$(곧 $\varepsilon|x|/\varepsilon$)와
# 파선 $|x|/2$ 사이에 있습니다. 오른쪽 그림은 float16의 상대 간격 spacing$(x)/|x|$입니다. 정규수 구간에서는 $\varepsilon/2$와 $\varepsilon$ 사이를
# 톱니처럼 오가지만, 주황색 subnormal 구간에서는 간격이 $2^{-24}$로 일정해서 상대 간격이 1까지 커집니다.

# %% slideshow={"slide_type": "subslide"}
x_mid = np.logspace(-5, 5, 4001, base=2)
stairs = {name: spacing_of(x_mid, name) / table[name]["eps"] for name in FORMATS}
for name in FORMATS:   # spacing = eps * 2^E exactly, E = floor(log2 |x|) of the rounded value
    np.testing.assert_array_equal(stairs[name], 2.0 ** np.floor(np.log2(rounded_to(x_mid, name))))

x16 = np.logspace(math.log10(2**-24), math.log10(60000), 4000)
rel16 = spacing_of(x16, "float16") / rounded_to(x16, "float16")
normal16 = x16 >= 2**-14
assert rel16[normal16].max() <= 2**-10 and rel16[normal16].min() > 2**-11
assert rel16[~normal16].max() == 1.0         # subnormals: the gap 2^-24 equals the value 2^-24

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
for name, ls, lw in zip(FORMATS, ["-", "--", "-.", ":"], [4, 3, 2, 1.2], strict=True):
    ax1.loglog(x_mid, stairs[name], ls=ls, lw=lw, base=2, label=name)
ax1.loglog(x_mid, x_mid, "k:", lw=1.2, base=2, zorder=5, label="$|x|$")
ax1.loglog(x_mid, x_mid / 2, "k--", lw=1.2, base=2, zorder=5, label="$|x|/2$")
ax1.set(xlabel="$|x|$", ylabel="spacing($x$) / $\\varepsilon$", title="모든 형식에서 같은 계단: 간격은 크기에 비례")
ax1.legend(fontsize=8)
ax2.loglog(x16, rel16, color="C0")
ax2.axhline(2**-10, color="k", ls="--", lw=1, label="$\\varepsilon = 2^{-10}$")
ax2.axhline(2**-11, color="k", ls=":", lw=1, label="$\\varepsilon/2$")
ax2.axvspan(2**-24, 2**-14, color="C1", alpha=0.15, label="subnormal 구간")
ax2.set(xlabel="$|x|$", ylabel="spacing($x$) / $|x|$", title="float16의 상대 간격")
ax2.legend()
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 이번에는 float16의 **모든** 양의 유한수를 비트 패턴 0x0001…0x7BFF에서 만들어 수직선 위에 찍어 봅니다.
# 0 근처(subnormal)는 간격이 일정하고, 1을 지나면 간격이 두 배가 되며, 2048을 지나면 간격이 2가 됩니다.
# 마지막 그림은 §8에서 "1을 더해도 2048에서 멈추는" 이유를 미리 보여 줍니다.

# %% slideshow={"slide_type": "subslide"}
all16 = np.arange(1, 0x7C00, dtype=np.uint16).view(np.float16).astype(np.float64)
n_sub = np.sum(all16 < 2**-14)
n_12 = np.sum((all16 >= 1) & (all16 < 2))
n_2048 = np.sum((all16 >= 2048) & (all16 < 4096))
print(f"양의 유한 float16: {all16.size}개, subnormal {n_sub}개, [1,2)에 {n_12}개, [2048,4096)에 {n_2048}개")
assert all16.size == 31743 and n_sub == 1023 and n_12 == n_2048 == 2**10
assert all16[-1] == 65504 and all16[0] == 2**-24

# %% slideshow={"slide_type": "subslide"}
windows = [("0 근처 (subnormal, 간격 $2^{-24}$)", 0, 20 * 2**-24),
           ("1 근처 (아래 $2^{-11}$, 위 $2^{-10}$)", 1 - 12 * 2**-11, 1 + 12 * 2**-10),
           ("2048 근처 (아래 1, 위 2)", 2036, 2060)]
fig, axes = plt.subplots(3, 1, figsize=(9, 3.6))
for ax, (title, lo, hi) in zip(axes, windows, strict=True):
    pts = all16[(all16 >= lo) & (all16 <= hi)]
    if lo == 0:
        pts = np.concatenate([[0.0], pts])
    ax.eventplot(pts, lineoffsets=0, linelengths=1, color="C0")
    ax.set_xlim(lo, hi)
    ax.set_yticks([])
    ax.set_title(title, fontsize=10)
    ax.grid(False)
axes[-1].set_xlabel("float16 값 $x$ (막대 하나가 표현 가능한 수 하나)")
plt.tight_layout()
plt.show()

gaps_2048 = np.diff(all16[(all16 >= 2040) & (all16 <= 2056)])
assert set(gaps_2048[:8]) == {1.0} and set(gaps_2048[8:]) == {2.0}

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: 부동소수점 수는 0 근처에 빽빽하고, 크기가 두 배가 될 때마다 간격도 두 배가 됩니다.
# > 그래서 정규수(normal number) 범위에서는 **상대** 오차가 $u = \varepsilon/2$ 이하이지만, **절대** 오차는 큰 수일수록 커집니다.
# > 정규수보다 작은 subnormal 구간에서는 간격이 일정하므로 상대 오차가 $u$를 넘어 1까지 커집니다(위 오른쪽 그림).
# > $1 + \varepsilon/2 = 1$처럼 작은 수는 큰 수에 더해지는 순간 사라질 수 있습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-decimal"></a>
#
# ## 4. 왜 0.1 + 0.2 ≠ 0.3인가
#
# $0.1 = 1/10$의 분모에는 5가 있으므로 2진수로는 무한히 반복됩니다($0.0\overline{0011}_2$). 따라서 `0.1`이라고 적는
# 순간 가장 가까운 float64로 반올림됩니다. `decimal.Decimal`과 `fractions.Fraction`은 그 float이 **정확히** 무슨 값인지 보여 줍니다.
#
# $$
# \operatorname{fl}(0.1) = \frac{3602879701896397}{2^{55}}, \qquad \operatorname{fl}(\operatorname{fl}(0.1) + \operatorname{fl}(0.2)) \ne \operatorname{fl}(0.3) .
# $$

# %% slideshow={"slide_type": "subslide"}
print(f"Decimal(0.1)       = {Decimal(0.1)}")
print(f"Decimal(0.2)       = {Decimal(0.2)}")
print(f"Decimal(0.1 + 0.2) = {Decimal(0.1 + 0.2)}")
print(f"Decimal(0.3)       = {Decimal(0.3)}")
print(f"Fraction(0.1)      = {Fraction(0.1)}")
q = Fraction(0.1)
assert q != Fraction(1, 10)
assert q.denominator == 2**55 and q.numerator == 3602879701896397
assert 0.1 + 0.2 != 0.3
diff = (0.1 + 0.2) - 0.3
print(f"(0.1 + 0.2) - 0.3 = {diff:.4g} = 2^{math.log2(diff):.0f} = spacing(0.3)")
assert diff == 2.0**-54 == np.spacing(0.3)          # exactly one ulp apart
assert 0.1 + 0.2 == np.nextafter(0.3, 1.0)

# each of the three roundings has relative error at most u = 2^-53
u64 = Fraction(1, 2**53)
for exact, stored in [(Fraction(1, 10), 0.1), (Fraction(2, 10), 0.2), (Fraction(3, 10), 0.3),
                      (Fraction(0.1) + Fraction(0.2), 0.1 + 0.2)]:
    rel = abs(Fraction(stored) - exact) / exact
    print(f"  {float(exact):.17g} -> 상대 오차 {float(rel):.3g} (u = {float(u64):.3g})")
    assert rel <= u64

# %% [markdown] slideshow={"slide_type": "-"}
# 오차는 세 번 생깁니다: 0.1을 저장할 때, 0.2를 저장할 때, 그리고 합을 반올림할 때. 각각은 $u$ 이하이지만,
# 결과가 `0.3`을 저장한 값과 한 ulp 어긋났습니다. float32에서는 우연히 같아지기도 합니다. 정밀도가 높아서가 아니라 운입니다.
# 그러므로 부동소수점 비교는 `==` 대신 허용 오차를 둔 `math.isclose`/`np.isclose`로 합니다.

# %% slideshow={"slide_type": "subslide"}
a32 = np.float32(0.1) + np.float32(0.2)
print(f"float32: 0.1 + 0.2 == 0.3 ? {a32 == np.float32(0.3)}")
assert a32 == np.float32(0.3)                        # luck, not accuracy
assert math.isclose(0.1 + 0.2, 0.3) and np.isclose(0.1 + 0.2, 0.3)

# %% [markdown] slideshow={"slide_type": "-"}
# 0.1을 열 번 더하면 어떻게 될까요? 답은 **더하는 방법**에 따라, 그리고 내장 `sum()`의 경우 **Python 버전**에 따라 다릅니다.
#
# - `for` 루프의 `s += v`는 덧셈마다 반올림합니다. 오차가 쌓여 1보다 1 ulp 작은 0.9999999999999999가 됩니다(모든 버전).
# - `math.fsum`은 중간 합을 정확히 유지하고 마지막에 한 번만 반올림합니다. 답은 1.0입니다(모든 버전).
# - `np.sum`은 NumPy의 쌍별 합산(§8)입니다. 10개를 8개의 부분합으로 나눠 더하므로 반올림 순서가 루프와 다릅니다.
# - 내장 `sum()`은 Python 3.11까지 루프와 같았습니다. **Python 3.12부터** float의 합에 Neumaier의 보정 합(compensated
#   summation, §8의 Kahan 합을 조금 고친 것)을 씁니다. 더 정확하고 더하는 순서에 덜 민감하게 하려는 변경이며(Python 3.12의
#   "What's New"), 그래서 3.12 이상에서는 `sum([0.1]*10) == 1.0`입니다.
#
# 아래 셀은 지금 실행 중인 버전을 확인하고, 그 버전의 `sum()`이 루프와 같은지(3.11) Neumaier 합과 같은지(3.12 이상)를
# 무작위 목록 200개로 검사합니다. Colab처럼 3.12 이상에서 실행하면 출력이 달라집니다.

# %% slideshow={"slide_type": "subslide"}
def loop_sum(xs):
    """Left-to-right sum, rounding after every addition."""
    s = 0.0
    for v in xs:
        s += v
    return s


def neumaier_sum(xs):
    """Neumaier's compensated sum: the running error c is added back once, at the end."""
    s = c = 0.0
    for v in xs:
        t = s + v
        c += (s - t) + v if abs(s) >= abs(v) else (v - t) + s
        s = t
    return s + c


# %% slideshow={"slide_type": "subslide"}
tenths = [0.1] * 10
print(f"Python {sys.version.split()[0]}: for 루프 {loop_sum(tenths)!r}, sum() {sum(tenths)!r}, "
      f"np.sum {float(np.sum(tenths))!r}, math.fsum {math.fsum(tenths)!r}")
assert loop_sum(tenths) == np.nextafter(1.0, 0.0)       # one ulp below 1, on every version
assert math.fsum(tenths) == 1.0 and neumaier_sum(tenths) == 1.0

rng_lists = np.random.default_rng(12)                  # own generator: later cells keep their numbers
lists = [(rng_lists.uniform(-1, 1, n) * 10.0 ** rng_lists.integers(-8, 9)).tolist()
         for n in rng_lists.integers(1, 300, 200)]
if sys.version_info >= (3, 12):
    assert sum(tenths) == 1.0 and all(sum(lst) == neumaier_sum(lst) for lst in lists)
else:
    assert sum(tenths) == loop_sum(tenths) and all(sum(lst) == loop_sum(lst) for lst in lists)

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: `0.1`은 0.1이 아닙니다. 모든 입력과 모든 연산 결과는 가장 가까운 float으로 반올림되고,
# > 반올림 하나하나는 $u$ 이하의 **상대** 오차를 남깁니다. 오차가 쌓이는 방식을 다루는 것이 nm-02의 주제입니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-range"></a>
#
# ## 5. 범위: overflow, underflow, subnormal (float16)
#
# 최댓값보다 큰 결과는 **overflow**로 $\pm\infty$가 되고, 0에 너무 가까운 결과는 **underflow**로 0이 됩니다.
# 최소 normal보다 작은 수는 숨은 비트 없이 $0.f \times 2^{e_{\min}}$로 저장되는 **subnormal**입니다.
#
# 0이 되는 기준은 "최소 subnormal보다 작다"가 아니라 반올림 규칙이 정합니다. 크기가 최소 subnormal의 **절반** 이하인 값만
# 0이 되고, 그보다 조금이라도 크면 최소 subnormal 쪽으로 **올림**됩니다.
# float16의 경계는 다음과 같습니다.
#
# $$
# x_{\max} = 65504, \qquad x_{\min}^{\text{normal}} = 2^{-14} \approx 6.10\times 10^{-5}, \qquad x_{\min}^{\text{sub}} = 2^{-24} \approx 5.96 \times 10^{-8} .
# $$
#
# 반올림 규칙은 경계에서도 같습니다. $65520$은 $65504$와 그다음 후보 $65536 = 2^{16}$의 한가운데입니다. 동률이므로 가수가
# 짝수인 쪽으로 가는데, $65504$의 가수는 $1111111111_2$(홀수)이고 짝수 쪽은 $2^{16}$입니다. $2^{16}$은 float16의 최댓값을 넘으므로
# 결과는 overflow, 곧 $\infty$입니다.
#
# $2^{-25}$는 $0$과 $2^{-24}$의 한가운데라서 짝수 쪽인 $0$으로 갑니다. 반면 $(2^{-25}, 2^{-24})$ 구간의 값(예: $1.5 \times 2^{-25}$)은
# $2^{-24}$에 더 가까우므로 $2^{-24}$로 올림됩니다. 즉 float16에서 정확히 0이 되는 것은 $|x| \le 2^{-25} \approx 2.98 \times 10^{-8}$입니다.
# (아래 overflow는 일부러 일으키는 것이므로 `np.errstate(over="ignore")`로 경고를 끕니다.)

# %% slideshow={"slide_type": "subslide"}
big = np.array([65504.0, 65519.0, 65520.0, 1e5])
with np.errstate(over="ignore"):               # intentional overflow in the cast
    big16 = big.astype(np.float16)
    sum16 = np.float16(65504) + np.float16(16)
for x, y in zip(big, big16, strict=True):
    print(f"float16({x:g}) = {y}")
np.testing.assert_array_equal(big16, [65504, 65504, np.inf, np.inf])
assert sum16 == np.inf                         # 65504 + 16 = 65520 -> inf
assert bit_string(65504.0, "float16").endswith("1")   # odd mantissa: the tie goes up to 2^16, which overflows

small = np.array([2.0**-14, 2.0**-24, 1.5 * 2.0**-25, 2.0**-25, 1e-8])
small16 = small.astype(np.float16)
for x, y in zip(small, small16, strict=True):
    print(f"float16({x:.4g}) = {float(y):.4g}")
np.testing.assert_array_equal(small16.astype(np.float64), [2.0**-14, 2.0**-24, 2.0**-24, 0.0, 0.0])
# the zero threshold is half the smallest subnormal: anything just above it rounds UP to 2^-24
zero_threshold = float(np.finfo(np.float16).smallest_subnormal) / 2
print(f"0이 되는 경계: 최소 subnormal의 절반 = {zero_threshold:.3g}")
assert np.float16(zero_threshold) == 0.0 and np.float16(-zero_threshold) == 0.0
assert np.float16(np.nextafter(zero_threshold, 1.0)) == 2.0**-24
np.testing.assert_allclose(zero_threshold, 2.98e-8, rtol=1e-3)       # the value quoted above

# %% slideshow={"slide_type": "subslide"}

# subnormals keep values nonzero, but with fewer significant bits
rel_normal = abs(float(np.float16(1e-4)) - 1e-4) / 1e-4
rel_sub = abs(float(np.float16(1e-7)) - 1e-7) / 1e-7
print(f"상대 오차: float16(1e-4) {rel_normal:.2g} (normal),  float16(1e-7) {rel_sub:.2g} (subnormal)")
assert rel_normal <= 2**-11 and rel_sub > 0.1
# gradual underflow: x != y  =>  x - y != 0, because the difference can be subnormal
x_a, x_b = np.float16(1.5 * 2**-14), np.float16(1.25 * 2**-14)
assert x_a - x_b == 2.0**-16 and x_a - x_b < 2**-14

# %% [markdown] slideshow={"slide_type": "-"}
# 이 경계가 혼합 정밀도 학습의 핵심 문제입니다. 크기 $10^{-8}$의 그래디언트는 float16으로 바꾸는 순간 0이 됩니다.
# **손실 스케일링**(loss scaling)은 손실에 $S = 2^{16}$을 곱해 그래디언트를 통째로 float16 범위 안으로 올린 뒤, float32에서 다시 $S$로 나눕니다.
#
# $$
# g \;\to\; \operatorname{fl}_{16}(S g) \;\to\; \operatorname{fl}_{16}(S g) / S \approx g \quad (\text{float32}) .
# $$

# %% slideshow={"slide_type": "subslide"}
g = 1e-8
S = 2.0**16
g16 = np.float16(g)
g16_scaled = np.float16(g * S)
g_back = np.float32(g16_scaled) / np.float32(S)
rel = abs(float(g_back) - g) / g
print(f"float16(1e-8) = {g16},  float16(1e-8 * 2^16) = {g16_scaled},  되돌린 값 = {g_back:.6g} (상대 오차 {rel:.2g})")
assert g16 == 0.0 and g16_scaled != 0.0 and rel <= 2**-11

# %% [markdown] slideshow={"slide_type": "-"}
# 그래디언트 하나가 아니라 분포로 봅시다. 그래디언트 크기 $|g|$가 $\log_{10}|g| \sim \mathcal{N}(-6, 1.2^2)$를 따른다고 가정합니다
# (실제 분포는 모델마다 다르며, 이것은 설명용 가정입니다). float16으로 바꾸면 $2^{-25}$보다 작은 값이 모두 0이 됩니다.
# 그림의 가로축은 $\log_2 |g|$입니다. $2^{16}$을 곱하면 히스토그램이 가로축으로 정확히 16만큼 오른쪽으로 옮겨져 빨간 구간을 벗어납니다.
# 0이 되지 않은 값도 대부분은 주황색 subnormal 구간에 떨어져 유효 비트를 잃는다는 점도 보십시오.

# %% slideshow={"slide_type": "subslide"}
grads = 10.0 ** rng.normal(-6.0, 1.2, 200_000)
lost = np.mean(grads.astype(np.float16) == 0)
sub = np.mean((grads >= 2.0**-25) & (grads < 2.0**-14))
theory = norm.cdf((math.log10(2.0**-25) + 6.0) / 1.2)
with np.errstate(over="ignore"):               # checking that no scaled gradient overflows
    scaled16 = (grads * S).astype(np.float16)
lost_scaled, inf_scaled = np.sum(scaled16 == 0), np.sum(np.isinf(scaled16))
print(f"float16에서 0이 된 비율: {lost:.2%} (정규분포 이론값 {theory:.2%}), subnormal 비율: {sub:.2%}")
print(f"S = 2^16 적용 후: 0이 된 개수 {lost_scaled}, inf가 된 개수 {inf_scaled}")
assert abs(lost - theory) < 0.005 and lost > 0.08 and sub > 0.5
assert lost_scaled == 0 and inf_scaled == 0

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(9, 3.8))
bins = np.arange(-50, 18, 0.5)
ax.hist(np.log2(grads), bins=bins, alpha=0.6, label="그래디언트 $g$")
ax.hist(np.log2(grads * S), bins=bins, alpha=0.6, label="스케일된 $2^{16} g$")
ax.axvspan(-50, -25, color="red", alpha=0.12, label="float16에서 0 ($< 2^{-25}$)")
ax.axvspan(-25, -14, color="orange", alpha=0.12, label="subnormal ($2^{-24}$ ~ $2^{-14}$)")
ax.axvspan(math.log2(65520), 18, color="purple", alpha=0.12, label="inf ($\\geq 65520$)")
ax.set_xlim(-50, 18)
ax.set_xlabel("$\\log_2 |g|$")
ax.set_ylabel("개수")
ax.set_title("float16의 창: 손실 스케일링은 분포를 창 안으로 옮깁니다")
ax.legend(fontsize=8, loc="upper left")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: float16은 약 $6\times 10^{-8}$에서 $65504$까지의 **좁은 창**입니다. 창 밖의 값은 0이나 inf가 되고,
# > 창의 왼쪽 끝(subnormal)에서는 정밀도도 떨어집니다. 손실 스케일링은 값을 바꾸지 않고 **창 안으로 옮기는** 기법이며,
# > [nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)에서 `GradScaler`로 직접 측정합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-bfloat16"></a>
#
# ## 6. bfloat16: 범위와 정밀도의 교환
#
# bfloat16은 float16과 같은 16비트를 다르게 나눕니다. 지수 8비트(float32와 같음), 가수 7비트입니다.
#
# $$
# \text{float16: } \varepsilon = 2^{-10},\ x_{\max} = 65504 \qquad
# \text{bfloat16: } \varepsilon = 2^{-7},\ x_{\max} \approx 3.39\times 10^{38} .
# $$
#
# 그래서 bfloat16은 $10^{-8}$도 $10^{30}$도 담지만, $1 + 2^{-8}$은 구별하지 못합니다($2^{-8} = \varepsilon/2$, 동률 → 짝수 1).
# 셀 끝에서는 §5의 그래디언트 20만 개를 bfloat16으로 바꿔 봅니다. float16에서는 8% 넘게 0이 되었습니다.

# %% slideshow={"slide_type": "subslide"}
def bf16(x):
    """Round a Python float to bfloat16 and return it as a Python float."""
    return torch.tensor(x, dtype=torch.bfloat16).item()


def bf16_add(a, b):
    """a + b computed in bfloat16."""
    return (torch.tensor(a, dtype=torch.bfloat16) + torch.tensor(b, dtype=torch.bfloat16)).item()


for x in [1e-8, 1e30]:
    with np.errstate(over="ignore"):           # float16(1e30) overflows on purpose
        x16 = float(np.float16(x))
    print(f"{x:g}: bfloat16 -> {bf16(x):.5g} (상대 오차 {abs(bf16(x) - x) / x:.2g}),  float16 -> {x16}")
    assert abs(bf16(x) - x) / x <= 2**-8
assert np.float16(1e-8) == 0
with np.errstate(over="ignore"):
    assert np.isinf(np.float16(1e30))

print(f"bfloat16: 1 + 2^-8 = {bf16_add(1.0, 2**-8)},  1 + 2^-7 = {bf16_add(1.0, 2**-7)}")
print(f"float16 : 1 + 2^-8 = {np.float16(1) + np.float16(2**-8)}")
assert bf16_add(1.0, 2**-8) == 1.0 and bf16_add(1.0, 2**-7) == 1.0 + 2**-7
assert np.float16(1) + np.float16(2**-8) == 1 + 2**-8

grads_bf16 = rounded_to(grads, "bfloat16")              # the gradients of §5
lost_bf16 = np.mean(grads_bf16 == 0)
worst_bf16 = np.max(np.abs(grads_bf16 - grads) / grads)
print(f"§5의 그래디언트: bfloat16에서 0이 된 비율 {lost_bf16:.2%} (float16 {lost:.2%}), 최대 상대 오차 {worst_bf16:.2g}")
assert lost_bf16 == 0 and worst_bf16 <= 2**-8 + 2**-24   # torch rounds via float32: allow that second rounding

# %% slideshow={"slide_type": "subslide"}
# one third in every format, against the exact 1/3 (Fraction): the error is exactly u/2 = 2^-(m+2)
third = Fraction(1, 3)
for name in FORMATS:
    v = bf16(1 / 3) if name == "bfloat16" else float(np.array(1 / 3, dtype=name))
    rel = abs(Fraction(v) - third) / third                 # exact rational arithmetic
    m = table[name]["man_bits"]
    print(f"{name:>9}: 1/3 -> {v:.17f}  (상대 오차 {float(rel):.3e} = 2^{math.log2(rel):.0f})")
    assert rel == Fraction(1, 2 ** (m + 2)) and rel <= Fraction(table[name]["eps"]) / 2

# %% slideshow={"slide_type": "subslide"}
# adding ones in bfloat16 stalls at 256: there the gap is 2 and 256 + 1 is a tie
s_bf = torch.tensor(0.0, dtype=torch.bfloat16)
one_bf = torch.tensor(1.0, dtype=torch.bfloat16)
for _ in range(300):
    s_bf = s_bf + one_bf
print(f"bfloat16로 1을 300번 더한 값: {s_bf.item()}")
assert s_bf.item() == 256.0

# %% [markdown] slideshow={"slide_type": "-"}
# 크기 $10^{-46}$부터 $10^{39}$까지 수천 개의 값을 세 형식으로 반올림하고 상대 오차를 그립니다.
# float16은 가운데의 좁은 창에서만 오차가 작고(창 밖은 0 또는 inf), bfloat16은 float32와 같은 넓은 창 전체에서
# 오차가 $u = 2^{-8}$ 근처에 머뭅니다. 위아래 높이(정밀도)와 가로 폭(범위)을 비교하십시오.

# %% slideshow={"slide_type": "subslide"}
xr = np.logspace(-46, 39, 6000)
with np.errstate(over="ignore"):               # values beyond each max become inf on purpose
    rounded = {name: rounded_to(xr, name) for name in ["float16", "bfloat16", "float32"]}
usable, rel_errs = {}, {}
for name, fl in rounded.items():
    ok = np.isfinite(fl) & (fl != 0)
    usable[name] = math.log10(xr[ok].max() / xr[ok].min())
    rel_errs[name] = np.where(np.isfinite(fl), np.abs(fl - xr) / xr, np.nan)
    normal = (xr >= table[name]["normal"]) & (xr <= table[name]["max"])
    # bfloat16 from float64 goes through float32 in torch: allow that second rounding
    bound = table[name]["eps"] / 2 + (2**-24 if name == "bfloat16" else 0)
    assert np.nanmax(rel_errs[name][normal]) <= bound
print("0도 inf도 아닌 값의 범위 (최대/최소): " + ", ".join(f"{k} 10^{v:.1f}배" for k, v in usable.items()))
assert 11.5 < usable["float16"] < 12.5 and usable["bfloat16"] > 75 and usable["float32"] > 80

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(10, 4.2))
for (name, rel_err), c in zip(rel_errs.items(), ["C0", "C1", "C2"], strict=True):
    ax.loglog(xr, np.maximum(rel_err, 1e-12), ".", ms=1.5, color=c, label=f"{name} (범위 $10^{{{usable[name]:.0f}}}$배)")
    ax.axhline(table[name]["eps"] / 2, color=c, ls="--", lw=1)
ax.set_ylim(1e-9, 3)
ax.set_xlabel("$|x|$")
ax.set_ylabel("상대 반올림 오차")
ax.set_title("범위 vs 정밀도: 점선은 $u = \\varepsilon/2$, 1은 0으로 사라짐")
ax.legend(markerscale=8, loc="center right")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: float16은 **정밀도**를, bfloat16은 **범위**를 택했습니다. 딥러닝의 그래디언트와 활성값(activation)은
# > 크기가 수십 자릿수에 걸쳐 퍼집니다. bfloat16에서는 §5의 그래디언트가 하나도 0이 되지 않았으므로 손실 스케일링이 필요
# > 없습니다(실제 학습 루프는 [nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp)에서 돌려 봅니다). 반면 반복 누적(1을 256번 이상 더하기)처럼 정밀도가 필요한 곳에는
# > float32가 필요합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-inf-nan"></a>
#
# ## 7. inf와 NaN의 의미, 그리고 `np.errstate`
#
# IEEE 754는 예외 상황에도 **결과값**을 정해 둡니다. 0이 아닌 수 ÷ 0은 $\pm\infty$, 정의할 수 없는 연산
# ($\infty - \infty$, $0 \cdot \infty$, $\infty/\infty$, $0/0$, $\sqrt{-1}$)은 NaN(Not a Number)입니다.
# NaN은 자기 자신과도 같지 않습니다.
#
# $$
# \text{NaN} \ne \text{NaN}, \qquad \infty - \infty = \text{NaN}, \qquad 0 \cdot \infty = \text{NaN}, \qquad 1/\infty = 0 .
# $$

# %% slideshow={"slide_type": "subslide"}
nan, inf = np.nan, np.inf
print(f"nan == nan: {nan == nan},  nan != nan: {nan != nan},  nan < 1: {nan < 1},  nan > 1: {nan > 1}")
assert nan != nan and not (nan == nan) and not (nan < 1) and not (nan > 1)
assert np.isnan(inf - inf) and np.isnan(0 * inf) and np.isnan(inf / inf)
assert inf + 1e308 == inf and 1 / inf == 0 and -inf < -np.finfo(np.float64).max

with np.errstate(divide="ignore", invalid="ignore"):   # division by zero on purpose
    q = np.array([1.0, -1.0, 0.0]) / np.array([0.0, 0.0, 0.0])
    root = np.sqrt(np.array(-1.0))
print(f"[1, -1, 0] / 0 = {q},  sqrt(-1) = {root}")
assert q[0] == inf and q[1] == -inf and np.isnan(q[2]) and np.isnan(root)

# signed zero: equal to +0, but remembers its sign
assert 0.0 == -0.0 and np.signbit(-0.0) and not np.signbit(0.0)
with np.errstate(divide="ignore"):
    assert np.float64(1) / np.float64(-0.0) == -inf
# plain Python floats do not follow IEEE here: they raise instead
try:
    _ = 1.0 / 0.0
    raised = False
except ZeroDivisionError:
    raised = True
assert raised

# %% [markdown] slideshow={"slide_type": "-"}
# NaN은 **전파**됩니다. NaN이 들어간 연산의 결과는 대개 NaN이므로, 배치에 NaN이 하나만 있어도 평균 손실 전체가 NaN이 됩니다.
# 비교가 모두 False라는 성질 때문에 `max` 같은 함수는 더 교묘하게 틀립니다. 파이썬 내장 `max`는 **순서에 따라** 답이 다릅니다.

# %% slideshow={"slide_type": "subslide"}
losses = np.array([0.31, 0.27, np.nan, 0.25])
print(f"mean = {losses.mean()},  nanmean = {np.nanmean(losses):.4f},  isnan = {np.isnan(losses)}")
assert np.isnan(losses.mean()) and np.isnan(losses.sum())
np.testing.assert_allclose(np.nanmean(losses), (0.31 + 0.27 + 0.25) / 3)

print(f"max([nan, 1.0]) = {max([nan, 1.0])},  max([1.0, nan]) = {max([1.0, nan])}")
assert np.isnan(max([nan, 1.0])) and max([1.0, nan]) == 1.0      # order-dependent!
assert np.isnan(np.max(losses)) and np.nanmax(losses) == 0.31     # np.max propagates NaN
assert np.fmax(nan, 1.0) == 1.0 and np.isnan(np.maximum(nan, 1.0))
assert np.isnan(torch.max(torch.from_numpy(losses)).item())      # torch propagates too
assert np.isnan(np.sort(losses)[-1])                              # sort puts NaN last

# %% [markdown] slideshow={"slide_type": "-"}
# NumPy는 overflow·0 나누기·invalid 연산에서 기본적으로 `RuntimeWarning`만 내고 계속 진행합니다. `np.errstate`로 이 동작을
# 구역별로 바꿀 수 있습니다: `"ignore"`(조용히), `"warn"`(기본), `"raise"`(`FloatingPointError` 예외).
# 학습 코드를 디버깅할 때 `"raise"`로 두면 inf가 **처음 생긴 줄**에서 멈춥니다. PyTorch는 경고 없이 inf를 돌려준다는 점도 확인합니다.
# (아래 경고는 보여 주기 위해 일부러 만들고 `warnings.catch_warnings(record=True)`로 붙잡습니다.)

# %% slideshow={"slide_type": "subslide"}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with np.errstate(over="warn"):
        y = np.exp(np.array(1000.0))
print(f"np.exp(1000) = {y},  경고: {caught[0].category.__name__}: {caught[0].message}")
assert y == inf and len(caught) == 1 and issubclass(caught[0].category, RuntimeWarning)

try:
    with np.errstate(over="raise"):
        np.exp(np.array(1000.0))
    error = None
except FloatingPointError as exc:
    error = exc
print(f"errstate(over='raise'): {type(error).__name__}: {error}")
assert isinstance(error, FloatingPointError)

# %% slideshow={"slide_type": "subslide"}
try:
    with np.errstate(invalid="raise"):
        np.array(np.inf) - np.array(np.inf)
    error = None
except FloatingPointError as exc:
    error = exc
assert isinstance(error, FloatingPointError)

with np.errstate(all="ignore"):
    assert np.isinf(np.exp(np.array(1000.0)))

with warnings.catch_warnings(record=True) as caught_torch:
    warnings.simplefilter("always")
    t_inf = torch.exp(torch.tensor(1000.0))
print(f"torch.exp(1000) = {t_inf.item()}, 경고 {len(caught_torch)}개")
assert torch.isinf(t_inf) and len(caught_torch) == 0

# %% [markdown] slideshow={"slide_type": "fragment"}
# > **핵심 직관**: inf와 NaN은 에러가 아니라 **값**입니다. 계산은 멈추지 않고 NaN을 조용히 퍼뜨리므로, 손실이 `nan`이 되었을
# > 때는 이미 원인이 한참 앞에 있습니다. `np.errstate(all="raise")`나 [nm-10 §6](nm-10_numerics_for_ml.ipynb#sec-debug)의 `detect_anomaly()`로 **처음** 생긴 곳을 찾습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-summation"></a>
#
# ## 8. 합산 오차: 정체, Kahan, 쌍별 합산
#
# 큰 누적값 $s$에 작은 값 $x$를 더하면 $x$의 아래쪽 비트는 $\operatorname{ulp}(s)$보다 작아서 버려집니다.
# $x < \operatorname{ulp}(s)/2$이면 $x$ 전체가 사라집니다. 1을 계속 더할 때, 누적값이 $2^{p}$에 이르면 간격이 2가 되어
# $2^p + 1$이 동률 → 짝수 $2^p$로 반올림되고 합이 **멈춥니다**. float16은 $p = 11$, float32는 $p = 24$입니다.
#
# $$
# \operatorname{fl}_{16}(2048 + 1) = 2048, \qquad \operatorname{fl}_{32}(2^{24} + 1) = 2^{24} = 16777216 .
# $$
#
# 두 번째 셀은 PyTorch를 확인합니다. CPU의 `sum`은 float16 텐서를 내부적으로 **float32로 누적**하고 결과만 float16으로
# 반올림합니다. 그래서 float16 난수 3만 개의 합이 float32로 더한 뒤 반올림한 값과 같고, float16 순차 합(2048에서 정체)과는 전혀 다릅니다.
# (원소가 32768개를 넘어 여러 스레드로 나뉘면 결과의 마지막 비트가 스레드 수에 따라 달라질 수 있어서, 여기서는 3만 개를 씁니다.)

# %% slideshow={"slide_type": "subslide"}
run16 = np.cumsum(np.ones(4096, dtype=np.float16), dtype=np.float16)
first_stall = int(np.argmax(run16 == 2048))
print(f"float16: 1을 4096번 더한 값 = {run16[-1]}, 2048에 처음 도달한 것은 {first_stall + 1}번째 덧셈")
assert run16[-1] == 2048 and first_stall + 1 == 2048

n_ones = 2**24 + 2**20
ones32 = np.ones(n_ones, dtype=np.float32)
run32_last = np.cumsum(ones32)[-1]              # sequential running sum in float32
pair32 = np.sum(ones32)                         # NumPy's pairwise sum
print(f"float32: 1을 {n_ones:,}번 더한 값 = 순차 {run32_last:,.0f},  np.sum(쌍별 합산) {pair32:,.0f}")
assert run32_last == 2**24 == 16777216 and pair32 == n_ones
del ones32

# %% slideshow={"slide_type": "subslide"}
# PyTorch's CPU sum of a float16 tensor accumulates in float32 and rounds to float16 only at the end
x16 = np.random.default_rng(8).uniform(0, 1, 30_000).astype(np.float16)   # one chunk (< 32768 elements)
t16 = torch.from_numpy(x16)
t16_sum, t32_sum = t16.sum().item(), t16.float().sum().half().item()
run16_x = float(np.cumsum(x16, dtype=np.float16)[-1])    # pure float16 running sum
exact16 = math.fsum(x16.astype(np.float64))
print(f"float16 난수 30000개: torch sum {t16_sum},  float32 합 -> float16 {t32_sum},  "
      f"float16 순차 합 {run16_x},  fsum {exact16:.2f}")
assert t16_sum == t32_sum                                  # same as float32 accumulation
assert abs(t16_sum - exact16) <= float(np.spacing(np.float16(exact16))) / 2   # correctly rounded here
assert run16_x == 2048.0 and abs(run16_x - t16_sum) > 10_000                  # pure float16 stalls

# %% [markdown] slideshow={"slide_type": "-"}
# 같은 $n$개의 수를 더해도 **순서**에 따라 오차의 크기가 다릅니다. $\sum |x_i|$에 대한 최악의 오차 한계는 다음과 같습니다.
#
# $$
# \text{순차 합: } |E| \lesssim (n-1)\,u \sum_i |x_i|, \qquad
# \text{쌍별 합산: } |E| \lesssim \lceil \log_2 n \rceil\, u \sum_i |x_i|, \qquad
# \text{Kahan: } |E| \le \bigl(2u + O(n u^2)\bigr) \sum_i |x_i| .
# $$
#
# **쌍별 합산**(pairwise summation)은 배열을 반으로 나눠 각각 더한 뒤 합칩니다. 각 값이 거치는 덧셈이 $n$번이 아니라 $\log_2 n$번뿐입니다.
#
# `np.sum`은 이것을 조금 바꾼 형태입니다. 배열을 반씩 나누다가 128개 이하의 블록이 되면, 블록 안에서는 8개의 부분합에 16개씩
# 순차로 누적(반올림 15번)하고 8개를 쌍별로 합칩니다(3번). 그래서 한 값이 거치는 반올림은 최대 $18 + \lceil \log_2 (n/128) \rceil$번이고,
# `np.sum`의 한계는 $\lceil \log_2 n \rceil u$보다 조금 큰 $\bigl(18 + \lceil \log_2 (n/128) \rceil\bigr)\,u \sum_i |x_i|$입니다($n \ge 128$).
#
# **Kahan 보정 합**(Kahan compensated summation)은 덧셈마다 버려진 아래쪽 비트 $c$를 따로 기억했다가 다음 덧셈에서 되돌려 줍니다.
#
# $$
# y = x_i - c, \qquad t = s + y, \qquad c = (t - s) - y, \qquad s = t .
# $$
#
# $(t - s)$는 $y$ 중 실제로 $s$에 들어간 부분이고, 여기서 $y$를 빼면 잃어버린 부분(의 음수)이 정확히 남습니다.
# 아래 루프는 모든 연산을 입력과 같은 dtype으로 수행하고, 지정한 길이 $n$마다 그때까지의 합을 기록합니다.

# %% slideshow={"slide_type": "subslide"}
def kahan_prefix_sums(x, ns):
    """Kahan-compensated running sum of x in x.dtype, recorded after the first n terms for n in ns."""
    s = x.dtype.type(0)
    c = x.dtype.type(0)
    out, j = [], 0
    for i, xi in enumerate(x, start=1):
        y = xi - c
        t = s + y
        c = (t - s) - y
        s = t
        if i == ns[j]:
            out.append(s)
            j += 1
            if j == len(ns):
                break
    return np.array(out)


x_small = np.array([1.0] + [1e-8] * 100_000, dtype=np.float32)
ref_small = math.fsum(x_small.astype(np.float64))
u32 = 2.0**-24
results = {"순차": np.cumsum(x_small)[-1], "쌍별 합산": np.sum(x_small),
           "Kahan": kahan_prefix_sums(x_small, [x_small.size])[0]}
for name, v in results.items():
    print(f"{name:>6}: {v:.9f}   상대 오차 {abs(float(v) - ref_small) / ref_small:.2e}")
print(f"  fsum: {ref_small:.9f}")
err_small = {k: abs(float(v) - ref_small) / ref_small for k, v in results.items()}
assert results["순차"] == 1.0                     # every 1e-8 vanished
assert err_small["Kahan"] <= 2 * u32
assert err_small["쌍별 합산"] < 1e-5 < err_small["순차"]

# %% [markdown] slideshow={"slide_type": "-"}
# 이제 $n$을 $2^4$부터 $2^{20}$까지 늘리며 float32 합의 상대 오차를 `math.fsum`(float64 입력의 정확히 반올림된 합) 기준으로 잽니다.
# 두 가지 데이터를 씁니다. (1) $U(0,1)$ 난수 4세트(평균): 반올림 오차의 부호가 제각각이라 서로 일부 상쇄됩니다.
# (2) `float32(0.1)`을 $n$번: 매번 같은 방향으로 반올림되어 오차가 **편향**되고, 최악의 경우처럼 $n$에 비례해 자랍니다.
#
# 그림에서 볼 것: 편향된 순차 합은 기울기 1($\sim n u$), 난수의 순차 합은 기울기 약 $1/2$($\sim\sqrt{n}\,u$)로 자라고,
# 쌍별 합산과 Kahan은 $n$이 백만이 되어도 $u$ 근처에 머뭅니다.

# %% slideshow={"slide_type": "subslide"}
ns = 2 ** np.arange(4, 21)
N = int(ns[-1])


def rel_errors(x):
    """Relative errors of naive, pairwise and Kahan float32 prefix sums of x against math.fsum."""
    x64 = x.astype(np.float64)
    ref = np.array([math.fsum(x64[:n]) for n in ns])
    sums = {"순차": np.cumsum(x)[ns - 1],
            "쌍별 합산": np.array([np.sum(x[:n]) for n in ns]),
            "Kahan": kahan_prefix_sums(x, ns)}
    return {k: np.abs(v.astype(np.float64) - ref) / ref for k, v in sums.items()}


trials = [rel_errors(rng.uniform(0, 1, N).astype(np.float32)) for _ in range(4)]
err_rand = {k: np.mean([t[k] for t in trials], axis=0) for k in trials[0]}
err_const = rel_errors(np.full(N, 0.1, dtype=np.float32))
np_sum_bound = (18 + np.ceil(np.log2(np.maximum(ns, 128) / 128))) * u32   # np.sum's blocked pairwise

# %% slideshow={"slide_type": "subslide"}
slope_rand = np.polyfit(np.log(ns[4:]), np.log(err_rand["순차"][4:]), 1)[0]
slope_const = np.polyfit(np.log(ns[4:]), np.log(err_const["순차"][4:]), 1)[0]
print("n = 2^20에서 상대 오차 / u:")
print(f"  0.1 반복 순차 {err_const['순차'][-1] / u32:9.1f}   (기울기 {slope_const:.2f})")
print(f"  난수   순차   {err_rand['순차'][-1] / u32:9.1f}   (기울기 {slope_rand:.2f})")
print(f"  난수 쌍별 합산 {err_rand['쌍별 합산'][-1] / u32:8.2f}   (np.sum의 한계 {np_sum_bound[-1] / u32:.0f})")
print(f"  난수  Kahan   {err_rand['Kahan'][-1] / u32:9.2f}")

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.loglog(ns, err_const["순차"], "o-", color="C3", label="순차 합 (0.1 반복, 편향)")
ax.loglog(ns, err_rand["순차"], "o-", color="C0", label="순차 합 ($U(0,1)$)")
ax.loglog(ns, np.where(err_rand["쌍별 합산"] > 0, err_rand["쌍별 합산"], np.nan), "s-", color="C1",
          label="쌍별 합산, np.sum ($U(0,1)$)")
ax.loglog(ns, np.where(err_rand["Kahan"] > 0, err_rand["Kahan"], np.nan), "^-", color="C2",
          label="Kahan ($U(0,1)$)")
ax.loglog(ns, ns * u32, "k--", lw=1, label="$n u$")
ax.loglog(ns, np_sum_bound, "k-.", lw=1, label="np.sum의 한계 $(18 + \\log_2(n/128))\\,u$")
ax.axhline(u32, color="k", ls=":", lw=1, label="$u = 2^{-24}$")
ax.set_xlabel("항의 개수 $n$")
ax.set_ylabel("상대 오차 (기준: math.fsum)")
ax.set_title("float32 합산 오차: 순차 vs 쌍별 합산 vs Kahan")
ax.legend(fontsize=8)
plt.show()

# %% slideshow={"slide_type": "subslide"}
# the claims of the text, checked at the largest n
e_naive_c, e_naive_r = err_const["순차"][-1], err_rand["순차"][-1]
e_pair, e_kahan = err_rand["쌍별 합산"][-1], err_rand["Kahan"][-1]
assert 0.8 < slope_const < 1.2 and 0.3 < slope_rand < 0.8       # ~n vs ~sqrt(n)
assert 1e4 * u32 < e_naive_c <= N * u32                         # large, but within the n*u bound
assert 0.005 < e_naive_c < 0.02                                 # "about 1%"
assert e_naive_r > 30 * max(e_pair, e_kahan)                    # order: naive >> pairwise, Kahan
assert np.all(err_rand["쌍별 합산"] <= np_sum_bound) and np.all(err_const["쌍별 합산"] <= np_sum_bound)
assert e_kahan <= 2 * u32 and err_const["Kahan"][-1] <= 2 * u32     # Kahan's bound

# %% [markdown] slideshow={"slide_type": "fragment"}
# 0.1을 백만 번 더한 float32 순차 합은 약 1% 틀립니다. 학습 루프에서 `total_loss += loss`를 float32 스칼라로 오래 누적할 때
# 생기는 일과 같습니다. 측정한 순차 합 오차는 최악 한계 $nu$보다 작지만, 데이터가 편향되면 그 기울기를 그대로 따라갑니다.
#
# > **핵심 직관**: 합산 오차는 "큰 누적값 + 작은 값"에서 생깁니다. 쌍별 합산은 비슷한 크기끼리 더해서, Kahan은 버려진 비트를
# > 되돌려서 이를 피합니다. 그래서 `np.sum`은 루프보다 정확합니다. PyTorch의 CPU `sum`은 한 걸음 더 나아가 float16 텐서를
# > 내부적으로 float32로 누적합니다(이 절 첫 셀).

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# <a id="sec-softmax-teaser"></a>
#
# ## 9. 예고: 교과서 softmax는 NaN을 만듭니다
#
# softmax는 로짓 $z$를 확률로 바꿉니다.
#
# $$
# \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}} .
# $$
#
# 수학적으로는 문제가 없습니다. 하지만 float64에서 $e^{z}$는 $z > \ln x_{\max} \approx 709.78$이면 overflow로 inf가 되고,
# 분자와 분모가 모두 inf이면 $\infty/\infty = \text{NaN}$입니다. float16에서는 이 문턱이 겨우 $\ln 65504 \approx 11.09$입니다.
# (아래 overflow와 invalid 연산은 일부러 일으키는 것이므로 `np.errstate`로 경고를 끕니다.)

# %% slideshow={"slide_type": "subslide"}
def softmax_naive(z):
    """Textbook softmax exp(z) / sum(exp(z)) -- unstable on purpose."""
    e = np.exp(z)
    return e / e.sum()


z = np.array([1000.0, 1001.0, 1002.0])
with np.errstate(over="ignore", invalid="ignore"):
    p_big = softmax_naive(z)
    e_big = np.exp(z)
    p_small = softmax_naive(-z)                # exp underflows to 0 -> 0/0
print(f"exp(z) = {e_big},  softmax_naive(z) = {p_big}")
print(f"softmax_naive(-z) = {p_small}")
assert np.all(np.isinf(e_big)) and np.all(np.isnan(p_big))
assert np.all(np.exp(-z) == 0) and np.all(np.isnan(p_small))

exp_limit = {}
for name in ["float16", "float32", "float64"]:
    limit = exp_limit[name] = math.log(float(np.finfo(name).max))
    t = np.dtype(name).type
    with np.errstate(over="ignore"):
        below, above = np.exp(t(math.floor(limit))), np.exp(t(math.ceil(limit)))
    print(f"{name}: exp overflow 문턱 ln(max) = {limit:.2f}  ->  exp({math.floor(limit)}) = {below:.4g}, "
          f"exp({math.ceil(limit)}) = {above}")
    assert np.isfinite(below) and np.isinf(above)
np.testing.assert_allclose([exp_limit["float16"], exp_limit["float64"]], [11.09, 709.78], atol=0.005)

# %% [markdown] slideshow={"slide_type": "-"}
# 로짓 1000은 생각보다 쉽게 나옵니다. 온도(temperature) $T$로 나눈 softmax $\operatorname{softmax}(z/T)$는 분포를 날카롭게 하려고
# $T < 1$을 쓰는데, 평범한 로짓 $z = (10, 10.01, 10.02)$도 $T = 0.01$이면 $z/T \approx (1000, 1001, 1002)$가 됩니다.

# %% slideshow={"slide_type": "subslide"}
z_plain, T = np.array([10.0, 10.01, 10.02]), 0.01
with np.errstate(over="ignore", invalid="ignore"):
    p_temp = softmax_naive(z_plain / T)
print(f"z / T = {z_plain / T},  softmax_naive(z / T) = {p_temp}")
assert np.all(z_plain / T > exp_limit["float64"]) and np.all(np.isnan(p_temp))

# %% [markdown] slideshow={"slide_type": "-"}
# float16 텐서에서는 문턱이 $\ln 65504 \approx 11.09$이므로 로짓 12만으로도 같은 일이 일어납니다. `torch.softmax`는 내부에서
# 최댓값을 빼므로 안전합니다.
#
# `torch.autocast`가 어떤 연산을 float32로 올려 계산하는지는 장치마다 다릅니다. 아래에서 보듯 CPU의
# float16 autocast 안에서도 float16 텐서의 `exp`는 float16 그대로입니다. 위험한 것은 float16 텐서에 교과서 공식을 손으로 쓴 코드입니다.

# %% slideshow={"slide_type": "subslide"}
z16 = torch.tensor([10.0, 11.0, 12.0]).half()
e16 = torch.exp(z16)
p16_naive = e16 / e16.sum()
p16_torch = torch.softmax(z16, dim=0)
with torch.autocast("cpu", dtype=torch.float16):
    e16_autocast = torch.exp(z16)
print(f"float16 exp([10, 11, 12]) = {e16.tolist()}")
print(f"교과서 softmax = {p16_naive.tolist()},  torch.softmax = {p16_torch.tolist()}")
print(f"CPU autocast 안의 exp: dtype {e16_autocast.dtype}, 값 {e16_autocast.tolist()}")
assert torch.isfinite(e16[:2]).all() and e16[1].item() == 59872.0    # e^11 ~ 59874 still fits
assert 11 < exp_limit["float16"] < 12 and torch.isinf(e16[2])         # e^12 ~ 162755 > 65504
assert torch.isnan(p16_naive[2]) and torch.isfinite(p16_torch).all()
np.testing.assert_allclose(p16_torch.float().sum().item(), 1.0, atol=2e-3)
assert e16_autocast.dtype == torch.float16 and torch.isinf(e16_autocast[2])

# %% [markdown] slideshow={"slide_type": "fragment"}
# 해법은 수학적으로 동치인 변형($z$에서 $\max z$를 빼기)이며, **[nm-10 §3](nm-10_numerics_for_ml.ipynb#sec-lse)에서 해결합니다**.
#
# > **핵심 직관**: 수학적으로 옳은 공식도 중간값이 범위를 벗어나면 inf/NaN을 만듭니다. 수치적으로 안정한 코드는
# > 결과뿐 아니라 **모든 중간값**이 형식의 창 안에 머물도록 설계됩니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ---
#
# ## 연습 문제
#
# `exercises/nm-01_exercises.ipynb`에서 다음 함수를 직접 구현합니다. 각 함수 아래의 검사 셀이 채점되며,
# 실패한 경우 입력·기댓값·실제값과 이 강의의 관련 절을 알려 줍니다.
#
# - `float_parts(x, dtype)`: `'float16'`, `'float32'`, `'float64'`로 저장한 `x`의 `(sign, exponent, mantissa)`를 정수로 반환합니다
#   (지수는 bias가 더해진 필드 값, 가수는 숨은 비트 없는 원시 비트). §1 참고.
# - `machine_epsilon(dtype)`: 1에 더해도 1과 구별되는 가장 작은 2의 거듭제곱을 **그 dtype 안에서** 반으로 나누어 가며 찾습니다. §3 참고.
# - `kahan_sum(x)`: `x.dtype`으로 누적하는 Kahan 보정 합을 구현합니다. §8 참고.
# - `ulp_distance(a, b, dtype='float32')`: `a`와 `b` 사이에 있는 표현 가능한 수의 개수(ulp 거리)를 정수로 셉니다. 0을 가로지르는 경우에 주의하십시오. §1, §3 참고.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. 부동소수점 수는 $(-1)^s\, 2^{e-\text{bias}}\,(1.f)_2$입니다. 지수 비트가 **범위**를, 가수 비트가 **정밀도**를 정하며,
#    형식 표의 모든 값($\varepsilon$, 최소 normal/subnormal, 최댓값)은 `np.finfo`/`torch.finfo`에서 계산됩니다.
# 2. 간격(ulp)은 크기에 비례하고 상대 반올림 오차는 $u = \varepsilon/2$ 이하입니다. 반올림은 "가장 가까운 수, 동률이면 짝수"이므로
#    $1 + \varepsilon/2 = 1$이고, `0.1 + 0.2`는 `0.3`과 정확히 1 ulp($2^{-54}$) 다릅니다. 정규수 범위를 벗어난 subnormal에서는
#    상대 오차가 $u$를 넘습니다.
# 3. float16은 $5.96\times10^{-8}$부터 $65504$까지의 좁은 창입니다. $10^{-8}$ 그래디언트는 0이 되고 65520은 inf가 되며,
#    손실 스케일링이 값을 창 안으로 옮깁니다. bfloat16은 float32의 범위를 갖는 대신 $1 + 2^{-8} = 1$인 정밀도를 받아들입니다.
# 4. inf와 NaN은 값이며 조용히 전파됩니다(NaN ≠ NaN, $\infty - \infty$ = NaN). `np.errstate(..., "raise")`로
#    `FloatingPointError`를 내게 하면 처음 생긴 곳에서 멈출 수 있습니다.
# 5. 순차 합의 오차는 최악 $\sim n u$로 자라고(1을 더하면 float16은 2048, float32는 $2^{24}$에서 정체), 쌍별 합산은 $\sim \log n \cdot u$
#    (`np.sum`은 블록 구조 때문에 $(18 + \log_2(n/128))\,u$), Kahan은 $\sim u$입니다. 기준값은 `math.fsum`으로 얻습니다.
#    Python 3.12부터 내장 `sum()`은 보정 합이라 `sum([0.1]*10) == 1.0`이고, `for` 루프의 합은 어느 버전에서나 그렇지 않습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# - **nm-02 오차 분석**: 이 강의의 $u$와 "연산마다 $(1+\delta)$" 모델로 상대 오차, 조건수, 파국적 소거(catastrophic cancellation),
#   분산 계산의 불안정성을 분석합니다. 유한 차분의 최적 $h \approx \sqrt{\varepsilon}$도 여기서 나옵니다.
# - **nm-03 전방 모드 자동 미분**: 유한 차분이 $\varepsilon$ 때문에 실패하는 이유와, 반올림 한계까지 정확한 이중수·복소 스텝 미분.
# - **nm-09 수치 최적화**: Adam의 $\epsilon = 10^{-8}$은 float16에서 0이 됩니다(§5의 $2^{-25}$ 경계). [nm-09 §7](nm-09_optimization.ipynb#sec-adam-fp16)이 그때 갱신이 어떻게 NaN이 되는지, 혼합 정밀도가 상태를 float32로 두어 어떻게 막는지 보여 줍니다.
# - **[nm-10 §1](nm-10_numerics_for_ml.ipynb#sec-amp) 혼합 정밀도**: 같은 형식 표를 `torch.finfo`로 다시 만들고, $2^{-25}$ 이하라서 float16에서 0이 되는 그래디언트를 `GradScaler`의
#   손실 스케일링으로 구합니다. **[nm-10 §3](nm-10_numerics_for_ml.ipynb#sec-lse) Log-Sum-Exp**: §9의 softmax NaN을 최댓값 빼기로 해결합니다.
#   **[nm-10 §6](nm-10_numerics_for_ml.ipynb#sec-debug) 수치 디버깅**: §7의 NaN 전파를 `detect_anomaly()`로 추적합니다.
