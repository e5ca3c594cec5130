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
# # nm-10 ML을 위한 수치 계산
#
# > **실행 환경**: CPU에서 실행됩니다; GPU(CUDA)가 있으면 같은 셀이 GPU를 사용합니다.
# > 장치는 `utils.device.pick_device()`가 고릅니다. 메모리 측정(§2)은 어느 컴퓨터에서나 같은 숫자가
# > 나오도록 CPU에서 합니다.


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 왜 이 강의가 필요한가
#
# 지금까지 nm-01부터 nm-09까지 [부동소수점](nm-01_floating_point.ipynb), [오차 분석](nm-02_error_analysis.ipynb),
# 자동 미분([전방](nm-03_forward_ad.ipynb), [역방향](nm-04_reverse_ad.ipynb)), [수치 선형대수](nm-05_linear_algebra.ipynb),
# [반복법](nm-06_iterative_methods.ipynb), [수치 적분과 몬테카를로](nm-07_integration_monte_carlo.ipynb),
# [근사 이론](nm-08_approximation.ipynb), [수치 최적화](nm-09_optimization.ipynb)를 배웠습니다. 이 마지막 강의에서는 이 모든 내용이 **현대 딥러닝 실전**에서
# 어떻게 결합되는지 종합합니다.
#
# 혼합 정밀도(mixed precision) 학습, gradient checkpointing, 수치 안정한 softmax와 손실 함수 — 이 기법들은 수십억
# 파라미터 모델을 학습시키는 엔지니어가 매일 마주하는 수치 해석 문제입니다.
#
# 실패는 조용히 옵니다. FP16으로 바꾸었더니 어떤 층의 그래디언트가 **정확히 0**이 되어 학습이 멈추고,
# logit이 조금 커졌더니 손실이 `nan`이 되고, 층을 두 배로 쌓았더니 메모리가 부족합니다. 이 강의는 이
# 세 가지 실패를 각각 재현하고, 고치고, 고친 결과를 숫자로 확인합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 학습 목표
#
# **수학적 이해**
# - FP32·FP16·BF16의 지수/가수 비트가 범위(max, 최소 정규수(normal), 최소 비정규수(subnormal))와 정밀도(ε)를 어떻게 정하는지 설명할 수 있습니다.
# - 손실 스케일링(loss scaling)이 그래디언트를 FP16의 표현 범위 안으로 옮기는 이유와 동적 스케일 규칙(overflow면 건너뛰고 절반으로, 오래 문제없으면 두 배로)을 설명할 수 있습니다.
# - 역방향 모드 AD의 활성값(activation) 메모리가 깊이 $N$에 비례하는 이유와, $\sqrt{N}$ 구간 checkpointing이 메모리를 $O(\sqrt{N})$, 계산을 약 $4/3$배로 만드는 이유를 유도할 수 있습니다.
# - log-sum-exp의 최대값 이동이 overflow를 원리적으로 없애는 이유와, 손실을 logit에서 직접 계산해야 하는 이유를 설명할 수 있습니다.
#
# **코딩 기술**
# - `torch.amp.autocast`와 `torch.amp.GradScaler`로 장치에 맞는 혼합 정밀도 학습 루프를 작성할 수 있습니다.
# - `torch.utils.checkpoint`로 메모리를 줄이고, 그 효과를 `LiveTensorMeter`/`SavedTensorMeter`로 측정할 수 있습니다.
# - 안정한 LSE·softmax·CE·BCE를 구현하고 `scipy.special`, `torch`와 극단 입력에서 비교할 수 있습니다.
# - `numerical_health_check`와 `torch.autograd.detect_anomaly()`로 NaN의 출처를 찾을 수 있습니다.

# %% [markdown] slideshow={"slide_type": "notes"}
# 발표자 노트 (75분 안배): §1 혼합 정밀도 20분 → §2 체크포인트 20분 → §3–4 LSE와 손실 함수 20분 → §5–7 패턴, 디버깅, 종합 10분 → 연습 안내 5분. 심화 (선택) 절(FLOP과 시간, `detect_anomaly`의 한계 등)은 슬라이드에서 빠져 있습니다. GPU가 있는 교실이면 §1의 AMP 셀이 같은 코드로 CUDA float16 + `GradScaler`를 씁니다.

# %% slideshow={"slide_type": "skip"}
import math
import time
import warnings

import matplotlib.pyplot as plt
import mpmath
import numpy as np
import scipy.linalg
import scipy.special
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential
from torch.utils.flop_counter import FlopCounterMode

from utils.device import autocast_dtype, describe_machine, needs_grad_scaler, pick_device
from utils.health import Finding, numerical_health_check
from utils.memory import LiveTensorMeter, SavedTensorMeter
from utils.plotting import setup_plots

setup_plots()
torch.manual_seed(0)


# %% slideshow={"slide_type": "subslide"}
def sync(dev):
    """Wait for queued GPU work (CUDA or MPS) so that wall-clock timings include it; no-op on the CPU."""
    if dev.type == "cuda":
        torch.cuda.synchronize()
    elif dev.type == "mps":
        torch.mps.synchronize()


rng = np.random.default_rng(0)
device = pick_device()
print(describe_machine())
print(f"이 노트북의 장치: {device}, autocast dtype: {autocast_dtype(device)}, "
      f"GradScaler 필요: {needs_grad_scaler(device)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-amp"></a>
#
# ## 1. 혼합 정밀도 학습 (Mixed Precision Training)
#
# [nm-01 §2](nm-01_floating_point.ipynb#sec-formats)에서 FP16, FP32, FP64의 정밀도 차이를 배웠습니다. **혼합 정밀도 학습**은 연산은 FP16으로 빠르게,
# 그래디언트 누적은 FP32로 정확하게 수행합니다.
#
# | 형식 | 비트 | 범위 | 정밀도 | 용도 |
# |------|------|------|--------|------|
# | FP32 | 32 | $\pm 3.4 \times 10^{38}$ | ~7자리 | 마스터 가중치 |
# | FP16 | 16 | $\pm 6.5 \times 10^4$ | ~3자리 | 전방/역방향 패스 |
# | BF16 | 16 | $\pm 3.4 \times 10^{38}$ | ~2자리 | Google TPU 기본 |
#
# ```
# 혼합 정밀도 학습 흐름:
#
#   FP32 마스터 가중치 ──→ FP16으로 복사 ──→ 전방 패스 (FP16)
#          ↑                                     │
#          │                                     ↓
#   FP32로 업데이트 ←── Loss Scaling ←── 역방향 패스 (FP16)
# ```
#
# 이 흐름은 Micikevicius et al. 2018 ("Mixed Precision Training")이 제안한 것입니다. 옵티마이저가 갱신하는 원본 가중치를
# FP32로 두고(FP32 마스터 가중치, master weights), 손실에 큰 수를 곱해 그래디언트를 키웁니다(loss scaling).
#
# 표의 숫자는 외울 필요가 없습니다. 지수 비트 $e$와 가수 비트 $m$에서 모두 나옵니다.
#
# $$
# \varepsilon = 2^{-m}, \qquad x_{\min}^{\text{normal}} = 2^{\,2-2^{e-1}}, \qquad
# x_{\min}^{\text{subnormal}} = x_{\min}^{\text{normal}}\cdot\varepsilon, \qquad
# x_{\max} = (2-\varepsilon)\,2^{\,2^{e-1}-1}, \qquad \text{유효 자릿수} \approx -\log_{10}\tfrac{\varepsilon}{2} = (m+1)\log_{10}2 .
# $$
#
# 아래 셀은 표를 `torch.finfo`에서 다시 만들고, 다음 셀은 이 공식을 $e$와 $m$만으로 계산해 `torch.finfo`와 같은지, 그리고 위 표의
# 숫자(범위, 자릿수)가 맞는지 확인합니다.

# %% slideshow={"slide_type": "subslide"}
FORMATS = {"FP32": torch.float32, "FP16": torch.float16, "BF16": torch.bfloat16}


def format_row(dtype):
    """Bits, exponent/mantissa split, range and precision of a torch float dtype."""
    fi = torch.finfo(dtype)
    mant = round(-math.log2(fi.eps))  # stored mantissa bits: eps = 2**-mant
    return {
        "bits": fi.bits, "exp": fi.bits - 1 - mant, "mant": mant, "max": fi.max,
        "eps": fi.eps, "normal": fi.smallest_normal,
        "subnormal": fi.smallest_normal * fi.eps,  # true smallest positive value
        "digits": -math.log10(fi.eps / 2),  # unit roundoff u = eps/2, as in nm-01
    }


rows = {name: format_row(dt) for name, dt in FORMATS.items()}
print(f"{'형식':<5}{'비트':>4}{'지수':>5}{'가수':>5}{'max':>12}{'eps':>11}"
      f"{'최소 정규수':>13}{'최소 비정규수':>14}{'자릿수':>7}")
for name, r in rows.items():
    print(f"{name:<6}{r['bits']:>4}{r['exp']:>6}{r['mant']:>6}{r['max']:>12.4g}{r['eps']:>11.3g}"
          f"{r['normal']:>14.4g}{r['subnormal']:>15.4g}{r['digits']:>8.2f}")

# %% slideshow={"slide_type": "subslide"}
for r in rows.values():   # the formulas above, evaluated from the bit counts e and m alone
    e, m = r["exp"], r["mant"]
    eps = 2.0**-m
    assert (r["eps"], r["normal"]) == (eps, 2.0 ** (2 - 2 ** (e - 1)))
    assert (r["subnormal"], r["max"]) == (2.0 ** (2 - 2 ** (e - 1)) * eps, (2 - eps) * 2.0 ** (2 ** (e - 1) - 1))
    np.testing.assert_allclose(r["digits"], (m + 1) * math.log10(2), rtol=1e-15)

f32, f16, b16 = rows["FP32"], rows["FP16"], rows["BF16"]
assert f16["max"] == 65504.0                               # ±6.5×10⁴
assert 6.5e4 <= f16["max"] < 6.6e4
assert f16["subnormal"] == 2.0**-24                        # 약 6×10⁻⁸
np.testing.assert_allclose(f16["subnormal"], 5.96e-8, rtol=1e-3)
np.testing.assert_allclose(b16["max"], 3.39e38, rtol=1e-3)  # BF16도 ±3.4×10³⁸
assert 3.4e38 <= f32["max"] < 3.41e38
assert b16["exp"] == f32["exp"] == 8 and f16["exp"] == 5   # BF16 = FP32의 지수 8비트
assert b16["normal"] == f32["normal"]                      # 같은 지수 범위
np.testing.assert_allclose([r["digits"] for r in rows.values()], [7.22, 3.31, 2.41], atol=0.01)
assert [round(r["digits"]) for r in rows.values()] == [7, 3, 2]  # ~7, ~3, ~2자리

# %% slideshow={"slide_type": "subslide"}
# the smallest subnormal is representable; half of it rounds (ties-to-even) to zero
for name, dt in FORMATS.items():
    s = rows[name]["subnormal"]
    assert torch.tensor(s, dtype=dt).item() == s
    assert torch.tensor(s / 2, dtype=dt).item() == 0.0
    assert torch.tensor(0.75 * s, dtype=dt).item() == s     # between s/2 and s: rounds up

# %% [markdown] slideshow={"slide_type": "-"}
# 위 표의 범위와 자릿수가 모두 `torch.finfo`에서 나왔고, 공식과도 일치합니다. BF16은 FP32와 지수 비트(8)가 같으므로
# 최대값과 최소 정규수가 FP32와 거의 같고, 그 대가로 가수가 7비트뿐이라 자릿수가 2자리입니다.
#
# BF16은 FP32와 같은 8비트 지수를 사용해 overflow/underflow 위험이 적으며, 그래디언트 scale이 극단적인
# 딥러닝에서 FP16보다 안전합니다 (Kalamkar et al. 2019, "A Study of BFLOAT16 for Deep Learning Training":
# FP32와 같은 범위 덕분에 손실 스케일링 없이 학습됩니다).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 그래디언트 underflow와 손실 스케일링
#
# FP16의 최소 양수는 최소 비정규수(subnormal) $2^{-24} \approx 5.96\times10^{-8}$입니다. 그 절반 $2^{-25}$ 이하의 값은 0으로
# 반올림되고(가장 가까운 짝수로), $2^{-25}$와 $2^{-24}$ 사이의 값은 $2^{-24}$로 올라갑니다 ([nm-01 §5](nm-01_floating_point.ipynb#sec-range)). Micikevicius et al. 2018은 실제 네트워크에서 가중치 그래디언트의 일부가 이 경계
# 아래에 있다고 보고했습니다. 손실에 $S$를 곱하면 연쇄 법칙에 의해 모든 그래디언트가 $S$배가 됩니다.
#
# $$
# \frac{\partial (S\,\mathcal{L})}{\partial w} = S\,\frac{\partial \mathcal{L}}{\partial w}
# \quad\Longrightarrow\quad
# g = \frac{1}{S}\,\underbrace{\mathrm{fl}_{16}\!\left(S\,\frac{\partial \mathcal{L}}{\partial w}\right)}_{\text{FP16 역전파}}
# \ \ (\text{FP32에서 나눔})
# $$
#
# 아래 셀은 AMP처럼 FP32 마스터 가중치 $w$를 FP16으로 복사해 전방 패스를 하고, 손실에서 복사본으로
# 흘러오는 그래디언트가 $10^{-8}$인 상황을 만듭니다.

# %% slideshow={"slide_type": "subslide"}
G_TRUE = 1e-8  # d loss / d (low-precision copy of w)


def low_precision_grad(dtype, scale):
    """Gradient of G_TRUE * sum(w) when w is used through a `dtype` copy; unscaled in FP32."""
    w = torch.ones(4, requires_grad=True)          # FP32 master weights
    w_low = w.to(dtype)                            # low-precision copy for the forward pass
    loss = G_TRUE * w_low.float().sum()
    (loss * scale).backward()                      # the gradient crosses w_low in `dtype`
    return w.grad / scale                          # unscale in FP32


# %% slideshow={"slide_type": "subslide"}
g_fp16 = low_precision_grad(torch.float16, scale=1.0)
g_fp16_scaled = low_precision_grad(torch.float16, scale=2.0**16)
g_bf16 = low_precision_grad(torch.bfloat16, scale=1.0)


def rel(g):
    """Relative error of the first gradient entry against G_TRUE."""
    return abs(g[0].item() - G_TRUE) / G_TRUE


print(f"FP16, 스케일 없음     : grad = {g_fp16[0].item():.3e}")
print(f"FP16, S = 2^16       : grad = {g_fp16_scaled[0].item():.6e} (상대 오차 {rel(g_fp16_scaled):.1e})")
print(f"BF16, 스케일 없음     : grad = {g_bf16[0].item():.6e} (상대 오차 {rel(g_bf16):.1e})")
print(f"S * 1e-8 = {2**16 * G_TRUE:.3e} >= FP16 최소 정규수 {f16['normal']:.3e}")

assert torch.all(g_fp16 == 0)                          # flushed to exactly zero
assert rel(g_fp16_scaled) <= f16["eps"] / 2            # rescued: FP16 rounding only
assert 2**16 * G_TRUE >= f16["normal"]                 # scaled gradient is a normal FP16
assert rel(g_bf16) <= b16["eps"] / 2                   # BF16 needs no scaling

# %% slideshow={"slide_type": "subslide"}
# subnormals keep fewer significant bits than normals
tiny = torch.tensor([1e-4, 1e-6, 1e-8], dtype=torch.float64)
rel_cast = ((tiny.half().double() - tiny).abs() / tiny).tolist()
for v, e in zip(tiny.tolist(), rel_cast, strict=True):
    print(f"  {v:.0e} -> FP16 상대 오차 {e:.2e}")
assert rel_cast[0] <= f16["eps"] / 2 < rel_cast[1] < 1.0 and rel_cast[2] == 1.0

# %% [markdown] slideshow={"slide_type": "-"}
# 스케일이 없으면 그래디언트가 **정확히 0**이 됩니다. $S=2^{16}$을 곱하면 $6.55\times10^{-4}$가 되어 FP16의
# 정규수 범위에 들어가고, FP32에서 다시 나누면 FP16 반올림 오차($\varepsilon_{16}/2 = 2^{-11}$) 안에서
# $10^{-8}$이 돌아옵니다. BF16은 스케일 없이도 $10^{-8}$을 표현합니다. 또 $10^{-6}$처럼 비정규수 범위에
# 떨어진 값은 0은 아니지만 유효 비트를 잃어 상대 오차가 $\varepsilon_{16}/2$를 넘습니다.
#
# **왜 FP32 마스터 가중치인가.** 업데이트 $w \leftarrow w - \eta g$에서 $|\eta g| < \varepsilon|w|/2$이면 더해도
# $w$가 변하지 않습니다 ([nm-01 §3](nm-01_floating_point.ipynb#sec-epsilon)의 $1+\varepsilon/2 = 1$). FP16의 $\varepsilon_{16}/2 \approx 4.9\times10^{-4}$는
# 흔한 업데이트 크기보다 큽니다.

# %% slideshow={"slide_type": "subslide"}
def apply_updates(dtype, update=1e-4, n=100):
    """Add `update` to a weight of 1.0 n times, accumulating in `dtype`."""
    w = torch.tensor(1.0, dtype=dtype)
    for _ in range(n):
        w = w + torch.tensor(update, dtype=dtype)
    return w.item()


w16, w32 = apply_updates(torch.float16), apply_updates(torch.float32)
print(f"1.0 + 100 x 1e-4: FP16 = {w16}, FP32 = {w32:.6f} (정답 1.01)")
assert w16 == 1.0                                  # every update lost in FP16
np.testing.assert_allclose(w32, 1.01, rtol=1e-5)   # kept in FP32
assert 1e-4 < f16["eps"] / 2

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 혼합 정밀도 학습 루프를 장치에 맞게 실행하기
#
# PyTorch의 전형적인 AMP 학습 루프(`Linear(1024, 512)`, Adam, MSE 손실, `autocast`와 `GradScaler`)를 장치에 무관하게
# 썼습니다. CUDA에서는 FP16 autocast와 `GradScaler('cuda')`를,
# CPU에서는 BF16 autocast를 쓰고 스케일러는 끕니다 (`needs_grad_scaler(device)`가 `False`: BF16은
# 범위가 넓어 손실 스케일링이 필요 없습니다). 꺼진 `GradScaler`는 `scale`이 손실을 그대로 돌려주고
# `step`이 `optimizer.step()`만 부르므로, 루프 코드는 같습니다. 같은 초기값으로 FP32 학습과 비교합니다.

# %% slideshow={"slide_type": "subslide"}
def train_linear(device, use_amp, steps=20, seed=0):
    """AMP training loop (Linear(1024, 512), Adam, MSE) for `steps` steps; returns losses, s/step."""
    torch.manual_seed(seed)
    model = torch.nn.Linear(1024, 512).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scaler = torch.amp.GradScaler(device.type, enabled=use_amp and needs_grad_scaler(device))
    x = torch.randn(32, 1024).to(device)
    target = torch.randn(32, 512).to(device)
    losses = []
    sync(device)
    t0 = time.perf_counter()
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        with torch.amp.autocast(device.type, dtype=autocast_dtype(device), enabled=use_amp):
            output = model(x)               # 저정밀도 전방 패스 (matmul)
            loss = torch.nn.functional.mse_loss(output, target)
        scaler.scale(loss).backward()        # 스케일링된 역방향 패스
        scaler.step(optimizer)               # FP32로 가중치 업데이트
        scaler.update()                      # 스케일 팩터 조정
        losses.append(loss.item())
    sync(device)
    return np.array(losses), (time.perf_counter() - t0) / steps


# %% slideshow={"slide_type": "subslide"}
loss_amp, t_amp = train_linear(device, use_amp=True)
loss_f32, t_f32 = train_linear(device, use_amp=False)
print(f"장치 {device}, AMP dtype {autocast_dtype(device)}, GradScaler 사용: {needs_grad_scaler(device)}")
print(f"AMP : 손실 {loss_amp[0]:.4f} -> {loss_amp[-1]:.4f}, {t_amp * 1e3:.2f} ms/step")
print(f"FP32: 손실 {loss_f32[0]:.4f} -> {loss_f32[-1]:.4f}, {t_f32 * 1e3:.2f} ms/step")
print(f"속도비 FP32/AMP = {t_f32 / t_amp:.2f}x (하드웨어에 따라 다름, 검증하지 않음)")
print(f"AMP와 FP32 손실의 최대 차이: {np.max(np.abs(loss_amp - loss_f32)):.2e}")

assert np.all(np.isfinite(loss_amp))
assert loss_amp[-1] < 0.1 * loss_amp[0]                        # it trains
np.testing.assert_allclose(loss_amp, loss_f32, rtol=0.1, atol=0.01)  # like FP32

# %% slideshow={"slide_type": "subslide"}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.4))
ax1.semilogy(loss_f32, "o-", ms=3, label="FP32")
ax1.semilogy(loss_amp, "s--", ms=3, label=f"AMP ({str(autocast_dtype(device)).removeprefix('torch.')})")
ax1.set(xlabel="스텝", ylabel="손실 (MSE)", title="손실 곡선")
ax1.legend()
ax2.plot(np.abs(loss_amp - loss_f32) / loss_f32, "o-", ms=3, color="C2")
ax2.set(xlabel="스텝", ylabel="|AMP − FP32| / FP32", title="두 곡선의 상대 차이")
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 왼쪽 그림에서 AMP 학습의 손실 곡선이 FP32와 거의 겹칩니다. 오른쪽 그림은 그 차이가 몇 퍼센트인지 보여 줍니다(셀 위의 검사: 상대
# 10% 또는 절대 0.01 이내). 속도는 하드웨어가 정합니다. GPU의 Tensor Core는 FP16/BF16
# 행렬곱이 훨씬 빠르지만, BF16 명령이 없는 CPU에서는 AMP가 오히려 느릴 수도 있습니다 (위에 출력한 비율).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### GradScaler의 동적 스케일: 건너뛰고, 줄이고, 다시 키운다
#
# 스케일 $S$가 너무 크면 이번에는 FP16 그래디언트가 **overflow**($>65504$)합니다. `GradScaler`는
# 스케일을 상황에 맞게 바꿉니다.
#
# $$
# \text{inf/NaN 발견} \Rightarrow \text{업데이트 건너뜀},\ S \leftarrow S\cdot\tfrac12,\ t\leftarrow 0;
# \qquad \text{아니면 } t \leftarrow t+1,\ \ t = T_{\text{growth}} \Rightarrow S \leftarrow 2S,\ t\leftarrow 0 .
# $$
#
# 여기서 $t$는 연속으로 문제없이 지나간 스텝 수이고, $T_{\text{growth}}$는 `growth_interval`입니다.
# 아래는 CPU의 FP16 autocast와 `GradScaler('cpu')`로 이 규칙을 보여 줍니다 (`init_scale` $=2^{16}$,
# `growth_interval` $=4$). 2번 스텝에만 입력이 $10^3$배 큰 이상치 배치를 넣어 FP16 그래디언트를
# overflow시킵니다.

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
lin = nn.Linear(8, 4)                                  # FP32 parameters (master weights)
sgd = torch.optim.SGD(lin.parameters(), lr=0.01)
scaler = torch.amp.GradScaler("cpu", init_scale=2.0**16, growth_interval=4)
xb, yb = torch.randn(32, 8), torch.randn(32, 4)
OUTLIER_STEP, N_STEPS = 2, 12

scales, skipped = [scaler.get_scale()], []
for step in range(N_STEPS):
    inputs = xb * 1e3 if step == OUTLIER_STEP else xb   # one outlier batch
    sgd.zero_grad(set_to_none=True)
    with torch.amp.autocast("cpu", dtype=torch.float16):
        loss = F.mse_loss(lin(inputs), yb)
    w_before = lin.weight.detach().clone()
    scaler.scale(loss).backward()
    finite = bool(torch.isfinite(lin.weight.grad).all())
    scaler.step(sgd)
    scaler.update()
    if torch.equal(w_before, lin.weight):
        skipped.append(step)
    scales.append(scaler.get_scale())
    print(f"step {step:2d}: 그래디언트 유한 {finite!s:5}, 업데이트 {'건너뜀' if not finite else '적용':3}, "
          f"다음 스케일 2^{math.log2(scales[-1]):.0f}")

# %% slideshow={"slide_type": "subslide"}
assert skipped == [OUTLIER_STEP]                       # only the overflow step is skipped
assert scales[OUTLIER_STEP + 1] == 2.0**15             # backed off: 2^16 -> 2^15
growth_at = OUTLIER_STEP + 4                           # growth_interval clean steps later
assert scales[growth_at] == 2.0**15 and scales[growth_at + 1] == 2.0**16
assert scales[-1] == 2.0**17                           # and again after 4 more

fig, ax = plt.subplots(figsize=(7, 3.2))
ax.step(range(len(scales)), np.log2(scales), where="post", label="그 스텝에서 쓰는 log$_2 S$")
ax.axvline(OUTLIER_STEP, color="C3", ls="--", label="overflow: 업데이트 건너뜀")
ax.set_xlabel("스텝")
ax.set_ylabel("log$_2 S$")
ax.set_yticks([15, 16, 17])
ax.set_title("GradScaler의 동적 loss scale")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# 그림에서 볼 것: overflow가 난 스텝에서 스케일이 $2^{16}\to2^{15}$로 반감되고(가중치는 그대로),
# 깨끗한 스텝이 `growth_interval`(4)번 이어질 때마다 두 배가 됩니다. 스케일은 overflow가 나지 않는 한
# 가장 큰 값 근처를 맴돌며, 작은 그래디언트를 최대한 FP16 범위 안으로 끌어올립니다. 이 규칙은 연습 문제
# `update_loss_scale`에서 직접 구현합니다.
#
# > **핵심 직관**: FP16의 최소 양수는 약 $6 \times 10^{-8}$입니다. 그래디언트가 그 절반($2^{-25} \approx 3\times10^{-8}$)
# > 이하이면 0으로 변해 학습이 멈춥니다. **손실 스케일링**은 손실을 큰 수로 곱해서 그래디언트를 FP16 범위 안으로 끌어올린 뒤,
# > 업데이트 시 다시 나누는 기법입니다. 위에서 $10^{-8}$은 FP16에서 정확히 0이 되었고, $2^{16}$을 곱한
# > 뒤에는 $2^{-11}$ 이내의 오차로 살아났습니다. 너무 큰 스케일은 overflow를 부르므로 `GradScaler`가 그
# > 스텝을 건너뛰고 스케일을 줄입니다. BF16은 FP32의 지수 범위를 가져 스케일이 필요 없습니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-ckpt"></a>
#
# ## 2. Gradient Checkpointing
#
# [nm-04 §4](nm-04_reverse_ad.ipynb#sec-memory)에서 역방향 모드 AD는 전방 패스의 모든 중간값을 저장해야 한다고 배웠습니다. **Gradient
# checkpointing**은 일부만 저장하고, 역방향 시 나머지를 재계산합니다.
#
# ```
# 일반 역전파:              Gradient Checkpointing:
#   L1 → L2 → L3 → L4       L1 → L2 → L3 → L4
#   ■    ■    ■    ■         ■              ■
#   메모리: O(N)             메모리: O(√N), 계산: ~1.33×
# ```
#
# 잔차 블록(residual block) 하나로 시작합니다. 체크포인트를 쓴 그래디언트가 쓰지 않은 그래디언트와 같은지 확인합니다.
# 재계산은 같은 연산을 같은 입력으로 다시 하므로 결과가 같아야 합니다.

# %% slideshow={"slide_type": "subslide"}
class Block(torch.nn.Module):
    """A residual block: two Linear+ReLU layers and a skip connection."""

    def __init__(self, dim):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(dim, dim), torch.nn.ReLU(),
            torch.nn.Linear(dim, dim), torch.nn.ReLU())

    def forward(self, x):
        return self.net(x) + x


# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
block = Block(512).to(device)
x = torch.randn(32, 512, device=device, requires_grad=True)
y = checkpoint(block, x, use_reentrant=False)  # 중간값 저장 안 함
y.sum().backward()  # 역방향 시 전방 패스를 다시 계산
grads_ckpt = [x.grad.clone()] + [p.grad.clone() for p in block.parameters()]

x.grad = None
block.zero_grad(set_to_none=True)
block(x).sum().backward()                      # the same without checkpointing
grads_plain = [x.grad] + [p.grad for p in block.parameters()]
max_diff = max((a - b).abs().max().item() for a, b in zip(grads_ckpt, grads_plain, strict=True))
print(f"체크포인트 유무에 따른 그래디언트 최대 차이: {max_diff:.1e} ({len(grads_plain)}개 텐서)")
for a, b in zip(grads_ckpt, grads_plain, strict=True):
    np.testing.assert_allclose(a.cpu().numpy(), b.cpu().numpy(), rtol=1e-5, atol=1e-6)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 메모리를 재는 법: 깊이 $N$에 따른 최대 활성값 메모리
#
# 폭 $D=128$, 배치 $B=512$인 `Linear+Tanh` 층을 $N$개 쌓고, 전방+역방향 동안 새로 만들어진 텐서의 최대
# 바이트를 `LiveTensorMeter`로 잽니다. 이 측정기는 체크포인트의 **역방향 중 재계산**까지 셉니다
# (`torch.cuda.max_memory_allocated`의 CPU판입니다). 단위는 **층 단위** $= B\cdot D\cdot 4$ 바이트, 즉 한
# 층의 출력 하나(FP32)의 크기입니다.
#
# 측정 전에 파라미터 그래디언트를 미리 할당해 둡니다 (`p.grad = torch.zeros_like(p)`). 그렇지 않으면
# 역방향에서 새로 생기는 그래디언트(모델 크기에 비례하고 checkpointing과 무관한 메모리)가 측정에 섞여
# 활성값 메모리의 차이를 가립니다. 미리 있던 텐서는 측정기가 세지 않습니다.
#
# $k$개 구간으로 나누면 (`checkpoint_sequential`) 각 구간의 입력 $k$개만 저장하고, 역방향에서 한 번에 한
# 구간($N/k$층)만 다시 만듭니다.
#
# $$
# M_{\text{plain}}(N) \approx N, \qquad M_{\text{ckpt}}(N, k) \approx k + \frac{N}{k}
# \;\ge\; 2\sqrt{N} \quad (k=\sqrt{N}\text{에서 등호}).
# $$
#
# 이것이 Chen et al. 2016 ("Training Deep Nets with Sublinear Memory Cost")의 $O(\sqrt{N})$ 메모리입니다.

# %% slideshow={"slide_type": "subslide"}
D, B = 128, 512
UNIT = B * D * 4                       # bytes of one layer's FP32 output
DEPTHS = [4, 8, 16, 32, 64]


def make_mlp(n_layers, dim=D):
    """N blocks of Linear + Tanh, each block one child of the Sequential."""
    return nn.Sequential(*[nn.Sequential(nn.Linear(dim, dim), nn.Tanh()) for _ in range(n_layers)])


def run_model(model, x, segments=None):
    """Forward + backward, plainly or with checkpoint_sequential in `segments` segments."""
    if segments is None:
        out = model(x)
    else:
        out = checkpoint_sequential(model, segments, x, use_reentrant=False)
    out.sum().backward()


def peak_units(model, x, run=run_model, **kwargs):
    """Peak live bytes of new tensors during run(model, x, **kwargs), in layer units (CPU)."""
    for p in model.parameters():
        p.grad = torch.zeros_like(p)   # preallocate: gradient memory is not activation memory
    with LiveTensorMeter() as meter:
        run(model, x, **kwargs)
    return meter.peak_bytes / UNIT


# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
x_cpu = torch.randn(B, D)                     # input data: no gradient needed
mlps = {n: make_mlp(n) for n in DEPTHS}       # CPU models for the memory sweep
seg_of = {n: round(math.sqrt(n)) for n in DEPTHS}
mem_plain = np.array([peak_units(mlps[n], x_cpu) for n in DEPTHS])
mem_ckpt = np.array([peak_units(mlps[n], x_cpu, segments=seg_of[n]) for n in DEPTHS])

print(f"{'N':>4}{'구간 k':>8}{'일반':>10}{'checkpoint':>12}{'비율':>8}   (층 단위 = {UNIT // 1024} KiB)")
for n, a, b in zip(DEPTHS, mem_plain, mem_ckpt, strict=True):
    print(f"{n:>4}{seg_of[n]:>8}{a:>10.2f}{b:>12.2f}{a / b:>8.2f}")
ratio_64 = mem_plain[-1] / mem_ckpt[-1]
print(f"N=64에서 메모리 비율 {ratio_64:.2f}x")
assert ratio_64 > 2 and np.all(mem_ckpt <= mem_plain)

# %% [markdown] slideshow={"slide_type": "-"}
# 측정값은 모형에 거의 일정한 **상수**를 더한 것입니다(그 정체는 아래 심화. $\sqrt{N}$이 정수가 아니면 구간 길이가 $N/k$와
# 달라서 checkpoint 쪽 모형은 근사입니다). 그래서 로그-로그 기울기를 그대로 맞추면 작은 $N$에서 상수의
# 몫이 커져 기울기가 1과 0.5보다 작게 나옵니다. 대신 $M = a\,f(N) + c$($f(N) = N$ 또는 $k + N/k$)를 최소제곱으로 맞추고,
# 상수 $c$를 뺀 $M - c$의 로그-로그 기울기를 봅니다.

# %% slideshow={"slide_type": "subslide"}
n_arr, k_arr = np.array(DEPTHS, dtype=float), np.array([seg_of[n] for n in DEPTHS], dtype=float)
a_plain, c_plain = np.polyfit(n_arr, mem_plain, 1)
a_ckpt, c_ckpt = np.polyfit(k_arr + n_arr / k_arr, mem_ckpt, 1)
raw_plain = np.polyfit(np.log(n_arr), np.log(mem_plain), 1)[0]
raw_ckpt = np.polyfit(np.log(n_arr), np.log(mem_ckpt), 1)[0]
slope_plain = np.polyfit(np.log(n_arr), np.log(mem_plain - c_plain), 1)[0]
slope_ckpt = np.polyfit(np.log(n_arr), np.log(mem_ckpt - c_ckpt), 1)[0]
print(f"일반: M = {a_plain:.3f} N + {c_plain:.2f};  checkpoint: M = {a_ckpt:.3f} (k + N/k) + {c_ckpt:.2f}")
print(f"log-log 기울기: 그대로 맞추면 일반 {raw_plain:.2f}, checkpoint {raw_ckpt:.2f}; "
      f"상수를 빼면 일반 {slope_plain:.2f} (O(N)이면 1), checkpoint {slope_ckpt:.2f} (O(√N)이면 0.5)")
np.testing.assert_allclose([a_plain, a_ckpt], [1.0, 1.0], atol=0.01)   # one unit per layer / per segment
assert 0.98 <= slope_plain <= 1.02 and 0.45 <= slope_ckpt <= 0.55
assert raw_plain < slope_plain and raw_ckpt < slope_ckpt              # the constant flattens the raw fit

# %% [markdown] slideshow={"slide_type": "-"}
# 일반 역전파의 층당 증가분은 정확히 **1단위**, 곧 각 층이 역방향을 위해 붙잡고 있는 출력 하나입니다. 측정기는 블록 밖에서 이미
# 있던 텐서의 view(예: 가중치의 전치 $W^\top$)를 새 메모리로 세지 않습니다. 새로 할당되는 바이트가 아니기 때문입니다 (GPU의
# `max_memory_allocated`와 같은 규칙). 측정기의 이 규칙과 층당 증가분을 함께 확인합니다.

# %% slideshow={"slide_type": "subslide"}
w_probe = nn.Linear(D, D)
with LiveTensorMeter() as probe:
    _ = w_probe.weight.t()                      # a view of an existing parameter
view_units = probe.peak_bytes / UNIT
per_layer = (mem_plain[-1] - mem_plain[-2]) / (DEPTHS[-1] - DEPTHS[-2])
print(f"W^T view가 측정기에 잡히는 크기: {view_units:.2f} 단위 (새 메모리가 아님)")
print(f"일반 역전파의 층당 증가분: {per_layer:.2f} 단위 (층마다 출력 1개)")
assert view_units == 0
assert per_layer == 1

# %% [markdown] slideshow={"slide_type": "-"}
# [nm-04 §4](nm-04_reverse_ad.ipynb#sec-memory)에서 쓴 `SavedTensorMeter`로 역방향용으로 **저장되는** 것만 세어도 같은 $O(N)$이 보입니다
# (`exclude=model.parameters()`로 가중치는 빼고). 각 층은 자기 입력(이전 층의 출력)을 저장하고 `Tanh`는
# 출력을 저장하는데, 둘은 같은 저장소이므로 한 번만 셉니다: 저장량은 정확히 $(N+1)$단위입니다.

# %% slideshow={"slide_type": "subslide"}
saved_units = {}
for n in DEPTHS:
    model = mlps[n]
    with SavedTensorMeter(exclude=model.parameters()) as saved:
        model(x_cpu).sum().backward()
    saved_units[n] = saved.saved_bytes / UNIT
    print(f"N={n:3d}: 저장된 활성값 {saved_units[n]:5.1f} 단위 = 층당 {saved.saved_bytes / n / 1024:.0f} KiB")
assert all(saved_units[n] == n + 1 for n in DEPTHS)   # input + one output per layer

# %% [markdown] slideshow={"slide_type": "-"}
# 구간 수 $k$를 바꾸면 $k + N/k$ 모양의 U자 곡선이 나와야 합니다. $N=64$에서 $k$를 1부터 64까지 바꾸어
# 봅니다. $k=1$은 전체가 마지막 구간이라 재계산이 없고 (`checkpoint_sequential`은 마지막 구간을 체크포인트
# 하지 않습니다), $k=64$는 층마다 입력을 저장하므로($N$개의 체크포인트) 다시 $O(N)$이 됩니다.

# %% slideshow={"slide_type": "subslide"}
N_BIG = 64
SEGMENTS = [1, 2, 4, 8, 16, 32, 64]
mem_by_seg = np.array([peak_units(mlps[N_BIG], x_cpu, segments=k) for k in SEGMENTS])
model_by_seg = np.array([k + N_BIG / k for k in SEGMENTS])
best_k = SEGMENTS[int(np.argmin(mem_by_seg))]
for k, m, mod in zip(SEGMENTS, mem_by_seg, model_by_seg, strict=True):
    print(f"k={k:2d}: 최대 메모리 {m:6.2f} 단위   (모형 k + N/k = {mod:5.1f})")
excess = mem_by_seg - model_by_seg
print(f"측정 최소: k = {best_k}, sqrt(N) = {math.sqrt(N_BIG):.0f}; "
      f"측정 - 모형 = {excess.min():.2f} ~ {excess.max():.2f} 단위")
assert best_k == math.sqrt(N_BIG)
np.testing.assert_allclose(excess, excess[0], atol=0.01)   # the model plus one constant, whatever k
assert 0 < excess[0] < 2
assert mem_by_seg[0] == mem_plain[-1]          # k=1: nothing is checkpointed
assert mem_by_seg[-1] > 2 * mem_by_seg.min()   # k=N: N checkpoints, O(N) again

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
ax = axes[0]
ax.loglog(DEPTHS, mem_plain - c_plain, "o-", label="일반 역전파 (측정 − 상수)")
ax.loglog(DEPTHS, mem_ckpt - c_ckpt, "s-", label="checkpoint, $k=\\sqrt{N}$ (측정 − 상수)")
ax.loglog(n_arr, n_arr, "k--", lw=1, label="$N$ (기울기 1)")
ax.loglog(n_arr, 2 * np.sqrt(n_arr), "k:", lw=1, label="$2\\sqrt{N}$ (기울기 1/2)")
ax.set_xlabel("깊이 $N$")
ax.set_ylabel("최대 메모리 − 상수 (층 단위)")
ax.set_title("최대 활성값 메모리 vs 깊이")
ax.minorticks_off()
ax.set_xticks(DEPTHS, [str(n) for n in DEPTHS])
ax.set_yticks([4, 8, 16, 32, 64], ["4", "8", "16", "32", "64"])
ax.legend()
ax = axes[1]
ax.semilogx(SEGMENTS, mem_by_seg, "o-", base=2, label="측정 ($N=64$)")
ax.semilogx(SEGMENTS, model_by_seg, "k--", base=2, lw=1, label="모형 $k + N/k$")
ax.axvline(math.sqrt(N_BIG), color="C3", ls=":", label="$k=\\sqrt{N}$")
ax.set_xlabel("구간 수 $k$")
ax.set_ylabel("최대 메모리 (층 단위)")
ax.set_title("구간 수에 따른 최대 메모리")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 왼쪽 그림에서 볼 것: 상수를 뺀 일반 역전파의 메모리는 $N$과 겹치고(기울기 1), checkpoint는 $2\sqrt{N}$과 평행합니다(기울기
# 0.5). 오른쪽: 측정한 곡선이 모형 $k + N/k$를 그대로 따라가고, 최소점은 정확히 $k=\sqrt{N}=8$입니다. 측정값은 모든 $k$에서
# 모형보다 같은 상수만큼 큽니다. 이 상수는 차수를 바꾸지 않습니다. (구간 안의 층이 체크포인트 하나보다 $c$배 비싸다면
# $k + cN/k$를 최소화하는 $k = \sqrt{cN}$이 최적입니다. 어느 쪽이든 차수는 $O(\sqrt{N})$입니다.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 연습 문제의 모형: 구간을 고르게 나누기
#
# 연습 문제 `peak_memory_units(n, k)`는 같은 층 $n$개를 $k$개 구간으로 **가능한 한 고르게**(길이 차가 최대 1) 나눈다고 봅니다.
# 그러면 가장 긴 구간의 길이는 $\lceil n/k \rceil$이고, 저장한 구간 입력 $k$개와 재계산하는 가장 긴 구간의 활성값을 더한
#
# $$
# \text{peak}(n, k) = k + \lceil n/k \rceil
# $$
#
# 가 최대 메모리의 모형입니다. `checkpoint_segments(n)`은 이것을 최소로 하는 $k$($\approx\sqrt{n}$)입니다.
#
# `checkpoint_sequential`은 다르게 나눕니다. 모든 구간에 $\lfloor n/k \rfloor$층을 주고 **나머지는 마지막 구간에** 몰아
# 줍니다. $n=10$, $k=4$이면 고른 분할은 $(2, 2, 3, 3)$이지만 `checkpoint_sequential`은 $(2, 2, 2, 4)$이고, 가장 긴 구간이
# 4라서 모형으로 $4 + 4 = 8$단위입니다($\lceil 10/4 \rceil = 3$이면 7). $N = 64$, $k = 8$처럼 나누어떨어지면 둘은 같습니다.
# 아래 셀은 `checkpoint_sequential`이 재계산하는 층을 세어 그 분할을 확인하고, 고른 분할을 `checkpoint`로 직접 만들어 두 분할의
# 최대 메모리를 잽니다.

# %% slideshow={"slide_type": "subslide"}
def even_split(n, k):
    """k segment lengths as equal as possible (they differ by at most one), the longer ones last."""
    q, r = divmod(n, k)
    return [q] * (k - r) + [q + 1] * r


def run_even(model, x, k):
    """Forward + backward with the even split; like checkpoint_sequential, the last segment is kept."""
    out, start = x, 0
    lengths = even_split(len(model), k)
    for i, length in enumerate(lengths):
        segment = model[start:start + length]
        out = segment(out) if i == k - 1 else checkpoint(segment, out, use_reentrant=False)
        start += length
    out.sum().backward()


# %% slideshow={"slide_type": "subslide"}
mlp10, k10 = make_mlp(10), 4
calls = dict.fromkeys(mlp10, 0)                   # forward calls of each block, recomputation included


def count_call(module, inputs):
    calls[module] += 1


handles = [blk.register_forward_pre_hook(count_call) for blk in mlp10]
run_model(mlp10, x_cpu, segments=k10)
for h in handles:
    h.remove()
recomputed = list(calls.values())
seq_last = recomputed.count(1)                     # blocks run once: the last, never recomputed segment
print(f"checkpoint_sequential(10, 4)의 블록별 전방 호출: {recomputed} -> 마지막 구간 {seq_last}층")
assert recomputed == [2] * 6 + [1] * 4 and even_split(10, 4) == [2, 2, 3, 3]

mem_seq, mem_even = peak_units(mlp10, x_cpu, segments=k10), peak_units(mlp10, x_cpu, run=run_even, k=k10)
model_seq, model_even = k10 + seq_last, k10 + math.ceil(10 / k10)
print(f"최대 메모리: checkpoint_sequential {mem_seq:.2f} (모형 {model_seq}), 고른 분할 {mem_even:.2f} (모형 {model_even})")
np.testing.assert_allclose([mem_seq - model_seq, mem_even - model_even], excess[0], atol=0.01)
assert (model_seq, model_even) == (8, 7) and mem_seq - mem_even == 1

# %% [markdown] slideshow={"slide_type": "-"}
# 두 분할 모두 "모형 + 같은 상수"로 측정되고, 고른 분할이 정확히 1단위 작습니다. 연습 문제의 답은 고른 분할의 모형입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 모형보다 큰 상수의 정체
#
# 위 측정은 모든 $k$에서 모형보다 약 1.25단위 컸습니다.
#
# 역방향에서 층 하나를 지날 때 잠깐 함께 살아 있는 임시 텐서를 세어 보면
# 활성값 크기의 그래디언트 하나($B \times D$, 1단위), 가중치 그래디언트 하나($D \times D$, $D/B$단위), 편향 그래디언트 하나
# ($D$, $1/B$단위)입니다. 합은 $1 + D/B + 1/B$이고 $B = 512$, $D = 128$이면 $1.252$입니다. 이 설명이 맞다면 배치를 줄일 때
# 상수가 커져야 합니다. $B = 256$으로 잽니다.

# %% slideshow={"slide_type": "skip"}
for batch in (B, B // 2):
    x_b = torch.randn(batch, D)
    peak_bytes = peak_units(mlps[8], x_b) * UNIT               # plain backward, N = 8: model N + 1
    const = peak_bytes / (batch * D * 4) - (8 + 1)             # in units of this batch's layer output
    print(f"B = {batch}: 모형 밖의 상수 {const:.4f} 단위, 1 + D/B + 1/B = {1 + D / batch + 1 / batch:.4f}")
    np.testing.assert_allclose(const, 1 + D / batch + 1 / batch, atol=1e-3)
np.testing.assert_allclose(excess[0], 1 + D / B + 1 / B, atol=1e-3)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 대가: 전방 패스를 몇 번 더 하는가
#
# 재계산 횟수는 정확히 셀 수 있습니다. `checkpoint_sequential`은 $N$층을 크기 $\lfloor N/k\rfloor$의 구간으로
# 나누고 마지막 구간은 재계산하지 않으므로, 층의 전방 호출 수는
#
# $$
# C(N, k) = N + (k-1)\left\lfloor \frac{N}{k} \right\rfloor .
# $$
#
# 전방 pre-hook(층의 `forward`가 **시작될 때** 불림)으로 호출을 세어 확인합니다. 층의 `forward`가 **끝난 뒤** 불리는 보통 hook의
# 수도 함께 세어 두고, 그 차이는 아래 심화에서 설명합니다.

# %% slideshow={"slide_type": "subslide"}
def count_forward_calls(model, x, segments=None):
    """Block forward calls (started, finished) during one forward+backward, recomputation included."""
    started, finished = [0], [0]

    def pre_hook(module, inputs):
        started[0] += 1

    def post_hook(module, inputs, output):
        finished[0] += 1

    handles = [blk.register_forward_pre_hook(pre_hook) for blk in model]
    handles += [blk.register_forward_hook(post_hook) for blk in model]
    try:
        run_model(model, x, segments)
    finally:
        for h in handles:
            h.remove()
    return started[0], finished[0]


# %% slideshow={"slide_type": "subslide"}
calls_ckpt, finished_ckpt = {}, {}
for n in DEPTHS:
    k = seg_of[n]
    plain_started, plain_finished = count_forward_calls(mlps[n], x_cpu)
    calls_ckpt[n], finished_ckpt[n] = count_forward_calls(mlps[n], x_cpu, k)
    expected = n + (k - 1) * (n // k)
    print(f"N={n:3d}, k={k}: 전방 호출 {plain_started} -> {calls_ckpt[n]} (공식 {expected}), "
          f"재계산 비율 {(calls_ckpt[n] - n) / n:.3f}")
    assert plain_started == plain_finished == n
    assert calls_ckpt[n] == expected

# %% [markdown] slideshow={"slide_type": "-"}
# 1.33× 어림은 어디서 올까요? 역방향 패스는 전방 패스의 약 2배 연산입니다 (층마다 입력에 대한
# 그래디언트와 가중치에 대한 그래디언트, 행렬곱 두 번). 전방 1 + 역방향 2 = 3에 전방 1을 더하면
# $4/3 \approx 1.33$입니다. Chen et al. 2016은 "미니배치당 전방 패스 한 번 더"라고 했고, 33%라는 숫자는 이
# 어림에서 나옵니다. 마지막 구간은 재계산하지 않으므로 예상 비율은 $1 + r/3$,
# $r = (k-1)\lfloor N/k\rfloor / N$ (위에서 센 재계산 비율)입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 끝까지 실행되지 않는 `forward`
#
# 보통 hook으로 센 "끝까지 실행된 호출"은 pre-hook보다 구간마다 하나씩 적습니다. `use_reentrant=False`로 고른 재진입하지 않는
# (non-reentrant) 방식은 autograd가 역방향에서 저장된 텐서를 꺼낼 때 그 구간을 다시 실행하는 방식입니다. 이 방식은 역방향에 필요한
# 텐서를 다 되찾는 순간(구간 마지막 층의 출력을 만든 직후) 재계산을 멈추므로, 구간마다 마지막 층의 `forward`는 끝나지 않습니다.
# 그래서 보통 hook의 수는 $N + (k-1)(\lfloor N/k\rfloor - 1)$입니다.

# %% slideshow={"slide_type": "skip"}
for n in DEPTHS:
    k = seg_of[n]
    print(f"N={n:3d}, k={k}: 시작된 호출 {calls_ckpt[n]}, 끝까지 실행된 호출 {finished_ckpt[n]}")
    assert finished_ckpt[n] == n + (k - 1) * (n // k - 1)   # early stop inside each segment's last block

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): FLOP과 시간
#
# 연산량은 `torch.utils.flop_counter.FlopCounterMode`로 정확히 셀 수 있습니다 (행렬곱의 FLOP). 첫 층의 입력은
# 그래디언트가 필요 없으므로 역방향 행렬곱은 $2N-1$개, 역방향/전방 $= (2N-1)/N$입니다.
#
# 시간은 기계마다, 실행마다 다르므로 출력만 하고 검증하지 않습니다. 다른 작업과 CPU를 나누어 쓰는 기계에서는 잡음이 크므로 세 측정을
# 번갈아 여러 라운드 실행해 중앙값을 씁니다. 이 예제처럼 층이 작으면 체크포인트의 부가 비용(hook, 재계산 준비)이 상대적으로 커서
# 시간 비율이 FLOP 비율보다 클 수 있습니다.

# %% slideshow={"slide_type": "skip"}
def wall_time(fn):
    """Wall time of one call of fn(), synchronising the GPU (CUDA/MPS) around it."""
    sync(device)
    t0 = time.perf_counter()
    fn()
    sync(device)
    return time.perf_counter() - t0


def paired_times(fns, rounds=5):
    """Median time of each fn, run in interleaved rounds (after one warm-up) to share machine noise."""
    for fn in fns:
        fn()
    times = np.array([[wall_time(fn) for fn in fns] for _ in range(rounds)])
    return np.median(times, axis=0), np.median(times[:, 2] / times[:, 1])


def count_flops(fn):
    """Matmul FLOPs performed by fn() (forward, backward and recomputation alike)."""
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


# %% slideshow={"slide_type": "skip"}
mlp64 = mlps[N_BIG]
s_big = seg_of[N_BIG]
flops_fwd = count_flops(lambda: mlp64(x_cpu))
flops_plain = count_flops(lambda: run_model(mlp64, x_cpu))
flops_ckpt = count_flops(lambda: run_model(mlp64, x_cpu, s_big))
r_recompute = (s_big - 1) * (N_BIG // s_big) / N_BIG
bwd_over_fwd = (flops_plain - flops_fwd) / flops_fwd
print(f"FLOP: 전방 {flops_fwd:.3e}, 역방향/전방 = {bwd_over_fwd:.4f} (= (2N-1)/N = {(2 * N_BIG - 1) / N_BIG:.4f})")
print(f"FLOP 비율 checkpoint/일반 = {flops_ckpt / flops_plain:.4f} "
      f"(예측 1 + r/(1 + 역방향/전방) = {1 + r_recompute / (1 + bwd_over_fwd):.4f}, 어림 1 + r/3 = {1 + r_recompute / 3:.4f})")
assert r_recompute == (calls_ckpt[N_BIG] - N_BIG) / N_BIG    # the counted recomputation
assert bwd_over_fwd == (2 * N_BIG - 1) / N_BIG                # backward = 2 matmuls per layer
np.testing.assert_allclose(flops_ckpt / flops_plain, 1 + r_recompute / (1 + bwd_over_fwd), rtol=1e-12)
assert flops_ckpt / flops_plain < 4 / 3                       # the last segment is not recomputed

# %% slideshow={"slide_type": "skip"}
torch.manual_seed(0)
mlp_dev = make_mlp(N_BIG).to(device)
x_dev = torch.randn(B, D, device=device)
(t_fwd, t_plain, t_ckpt), ratio_time = paired_times([
    lambda: mlp_dev(x_dev),
    lambda: run_model(mlp_dev, x_dev),
    lambda: run_model(mlp_dev, x_dev, s_big),
])
print(f"시간 (장치 {device}, 5라운드 중앙값): 전방 {t_fwd * 1e3:.1f} ms, 전방+역방향 {t_plain * 1e3:.1f} ms "
      f"(역방향/전방 = {(t_plain - t_fwd) / t_fwd:.2f}), checkpoint {t_ckpt * 1e3:.1f} ms")
print(f"시간 비율 checkpoint/일반 = {ratio_time:.2f}x (FLOP 비율 {flops_ckpt / flops_plain:.2f}, 어림 4/3 = {4 / 3:.2f})")

# %% [markdown] slideshow={"slide_type": "skip"}
# CUDA가 있으면 같은 모델의 GPU 최대 할당 메모리도 비교합니다 (`torch.cuda.max_memory_allocated`에서
# 시작 전 할당량을 뺀 값). CPU에서는 이 셀이 아무것도 하지 않습니다.

# %% slideshow={"slide_type": "skip"}
def cuda_peak_units(model, x, segments=None):
    """Peak CUDA memory allocated above the starting level during forward+backward, in layer units."""
    for p in model.parameters():
        p.grad = torch.zeros_like(p)
    torch.cuda.synchronize()
    base = torch.cuda.memory_allocated(device)
    torch.cuda.reset_peak_memory_stats(device)
    run_model(model, x, segments)
    torch.cuda.synchronize()
    return (torch.cuda.max_memory_allocated(device) - base) / UNIT


if device.type == "cuda":
    gpu_plain = cuda_peak_units(mlp_dev, x_dev)
    gpu_ckpt = cuda_peak_units(mlp_dev, x_dev, s_big)
    print(f"CUDA max_memory_allocated (N={N_BIG}): 일반 {gpu_plain:.2f} 단위, "
          f"checkpoint {gpu_ckpt:.2f} 단위, 비율 {gpu_plain / gpu_ckpt:.2f}x")
    assert gpu_ckpt < gpu_plain
else:
    print("CUDA 없음: GPU 메모리 비교는 건너뜁니다.")

# %% [markdown] slideshow={"slide_type": "skip"}
# > **핵심 직관**: Gradient checkpointing은 **메모리와 계산의 트레이드오프**입니다. 메모리를 $O(N)$에서
# > $O(\sqrt{N})$로 줄이는 대신 계산이 약 33% 증가합니다. GPU 메모리가 한정된 상황에서 더 큰 모델이나
# > 배치를 사용할 수 있게 합니다. 측정해 보면 (상수를 뺀) 기울기가 1에서 0.5로 바뀌고, 전방 호출 수는 $N$에서
# > $N + (k-1)\lfloor N/k\rfloor$로 늘어납니다. 그래디언트는 바뀌지 않습니다. 구간을 고르게 나눌수록 가장 긴 구간이 짧아져
# > 최대 메모리 $k + \lceil N/k \rceil$이 작아집니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-lse"></a>
#
# ## 3. Log-Sum-Exp Trick과 안정한 Softmax
#
# [nm-01 §9](nm-01_floating_point.ipynb#sec-softmax-teaser)에서 softmax의 overflow 문제를 살펴보았습니다. 핵심 아이디어는 **최대값을 빼는 것**입니다.
#
# $$
# \text{softmax}(z_i) = \frac{e^{z_i - z_{\max}}}{\sum_j e^{z_j - z_{\max}}}, \quad \log\sum_i e^{z_i} = z_{\max} + \log\sum_i e^{z_i - z_{\max}}
# $$

# %% slideshow={"slide_type": "subslide"}
def logsumexp_stable(z):
    """LSE with the max shift, so that every exponent is <= 0."""
    z_max = np.max(z)
    return z_max + np.log(np.sum(np.exp(z - z_max)))


def softmax_stable(z):
    """Softmax with the same shift, which cancels in the ratio."""
    z_shifted = z - np.max(z)
    exp_z = np.exp(z_shifted)
    return exp_z / np.sum(exp_z)


# 극단적 값에서도 안정
z = np.array([1000.0, 1001.0, 1002.0])
print(f"LSE:     {logsumexp_stable(z):.4f}")
print(f"Softmax: {softmax_stable(z)}")  # overflow 없음!
np.testing.assert_allclose(logsumexp_stable(z), 1002 + np.log1p(np.exp(-1) + np.exp(-2)), rtol=1e-15)
with mpmath.workdps(50):                                        # exact softmax of (1000, 1001, 1002)
    e_mp = [mpmath.exp(mpmath.mpf(v)) for v in z]
    softmax_exact = [float(v / mpmath.fsum(e_mp)) for v in e_mp]
np.testing.assert_allclose(softmax_stable(z), softmax_exact, rtol=1e-15)

# %% [markdown] slideshow={"slide_type": "-"}
# 비교를 위해 교과서 그대로의 공식을 씁니다. $e^{1000}$은 float64의 최대값($\approx e^{709.78}$)을 넘으므로
# `inf`가 되고, softmax는 $\infty/\infty = \text{NaN}$이 됩니다. 일부러 overflow시키는 셀이므로
# `np.errstate`로 경고를 끄고 결과를 직접 확인합니다.

# %% slideshow={"slide_type": "subslide"}
def logsumexp_naive(z):
    """Textbook LSE: overflows for z > log(max float)."""
    return np.log(np.sum(np.exp(z)))


def softmax_naive(z):
    """Textbook softmax: inf / inf = NaN for large z."""
    return np.exp(z) / np.sum(np.exp(z))


with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    lse_bad, sm_bad = logsumexp_naive(z), softmax_naive(z)
print(f"naive LSE     = {lse_bad}")
print(f"naive softmax = {sm_bad}")
assert np.isinf(lse_bad) and np.all(np.isnan(sm_bad))

# %% [markdown] slideshow={"slide_type": "-"}
# 안정한 버전을 `scipy.special`과 `torch`와 비교합니다. 극단적인 입력: $\pm1000$, 큰 값과 작은 값의 혼합,
# $-\infty$가 섞인 입력 (마스킹된 attention 점수가 이렇습니다).

# %% slideshow={"slide_type": "subslide"}
EXTREME = [
    [1000.0, 1001.0, 1002.0],
    [-1000.0, -1001.0, -1002.0],
    [1000.0, -1000.0, 0.0],
    [1000.0, 1001.0, -np.inf],
    [-np.inf, 0.0, -np.inf],
    [-745.0, -746.0, -800.0],
]
for row in EXTREME:
    zz = np.array(row)
    zt = torch.tensor(zz, dtype=torch.float64)
    lse = logsumexp_stable(zz)
    sm = softmax_stable(zz)
    np.testing.assert_allclose(lse, scipy.special.logsumexp(zz), rtol=1e-14)
    np.testing.assert_allclose(lse, torch.logsumexp(zt, 0).item(), rtol=1e-14)
    np.testing.assert_allclose(sm, scipy.special.softmax(zz), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(sm, torch.softmax(zt, 0).numpy(), rtol=1e-13, atol=1e-300)
    assert np.isclose(sm.sum(), 1.0)
    print(f"z = {str(row):28}  LSE = {lse:10.4f}  softmax = {np.array2string(sm, precision=4)}")

# one edge case the code above still misses: every entry -inf (a fully masked row)
all_masked = np.array([-np.inf, -np.inf])
with np.errstate(invalid="ignore"):
    lse_masked = logsumexp_stable(all_masked)
print(f"모두 -inf: 위의 LSE = {lse_masked}, scipy = {scipy.special.logsumexp(all_masked)}, "
      f"torch = {torch.logsumexp(torch.tensor(all_masked), 0).item()}")
assert np.isnan(lse_masked)
assert scipy.special.logsumexp(all_masked) == -np.inf
assert torch.logsumexp(torch.tensor(all_masked), 0).item() == -np.inf

# %% [markdown] slideshow={"slide_type": "-"}
# 모든 항이 $-\infty$이면 $z_{\max} = -\infty$이고 $z - z_{\max} = -\infty - (-\infty) = \text{NaN}$입니다.
# 올바른 답은 $\log 0 = -\infty$입니다. 연습 문제의 `logsumexp`는 이 경우까지 처리해야 합니다.
#
# **어디서 무너지는가.** $z = (t, t+1, t+2)$를 $t$만큼 밀면서 $\mathrm{LSE}(z) - t$를 계산합니다. 정답은 $t$와
# 무관한 상수 $\log(1+e+e^2)$이므로, 그 차이가 곧 오차입니다. 교과서 공식은 합 $e^{t+2}(1+e^{-1}+e^{-2})$가 $x_{\max}$를 넘는
# $t+2 > \log x_{\max} - 0.41$에서 overflow하고 ($\log x_{\max}$는 float32 $88.72$, float64 $709.78$),
# $e^{t+2}$가 최소 비정규수의 절반보다 작아지는 $t+2 < \log x_{\min}^{\text{subnormal}} - \log 2$에서 모든 항이
# 0으로 underflow해 $\log 0 = -\infty$가 됩니다. 첫 셀은 계산하고, 둘째 셀은 이 예측을 검사하고, 셋째 셀은 오차를 그립니다.

# %% slideshow={"slide_type": "subslide"}
shifts = np.linspace(-800.0, 800.0, 16001)               # step 0.1
exact = np.log1p(np.e + np.e**2)
curves, overflow_at, underflow_at = {}, {}, {}
with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
    for dt in (np.float32, np.float64):
        zs = (shifts[:, None] + np.arange(3.0)[None, :]).astype(dt)
        naive = np.log(np.sum(np.exp(zs), axis=1))
        curves[dt] = naive.astype(np.float64) - shifts
        overflow_at[dt] = shifts[np.argmax(np.isposinf(naive))]
        underflow_at[dt] = shifts[np.argmax(np.isfinite(naive))]     # first finite value
stable_curve = np.array([logsumexp_stable(t + np.arange(3.0)) for t in shifts]) - shifts
err_naive = {dt: np.abs(curves[dt] - exact) for dt in curves}        # inf where the naive LSE failed
err_stable = np.abs(stable_curve - exact)

for dt in (np.float32, np.float64):
    print(f"{dt.__name__}: naive LSE가 유한한 구간 t in [{underflow_at[dt]:.1f}, {overflow_at[dt] - 0.1:.1f}]; "
          f"t+2의 경계 {underflow_at[dt] + 2:.2f}, {overflow_at[dt] + 2:.2f}")

# %% slideshow={"slide_type": "subslide"}
for dt in (np.float32, np.float64):
    log_max = float(np.log(np.finfo(dt).max))
    log_sub = float(np.log(np.finfo(dt).smallest_subnormal))
    # the sum overflows first: exp(t+2)(1 + 1/e + 1/e^2) > max, i.e. t+2 > log max - 0.41
    pred_over = log_max - np.log1p(np.exp(-1.0) + np.exp(-2.0))
    # all three terms underflow to 0 once exp(t+2) <= half the smallest subnormal
    pred_under = log_sub - np.log(2.0)
    print(f"{dt.__name__}: 예측 t+2 경계 {pred_under:.2f} (log 최소 비정규수 {log_sub:.2f} - log 2), "
          f"{pred_over:.2f} (log max {log_max:.2f} - 0.41)")
    assert pred_over - 0.01 <= overflow_at[dt] + 2 <= pred_over + 0.11     # grid step 0.1
    assert pred_under - 0.01 <= underflow_at[dt] + 2 <= pred_under + 0.11
assert err_stable.max() < 1e-12                                   # stable everywhere
middle = np.abs(shifts) <= 700
spike = np.isfinite(err_naive[np.float64]) & (err_naive[np.float64] > 0.01)
print(f"float64 교과서 LSE 오차: |t| <= 700에서 최대 {err_naive[np.float64][middle].max():.1e}, "
      f"오차가 0.01을 넘는 t: [{shifts[spike].min():.1f}, {shifts[spike].max():.1f}]")
assert err_naive[np.float64][middle].max() < 1e-12 and spike.any()
assert np.all(np.exp(shifts[spike] + 2) < np.finfo(np.float64).smallest_normal)  # the spike: subnormals

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(10, 4))
ax.semilogy(shifts, np.maximum(err_stable, 1e-17), color="0.6", lw=3, label="안정한 LSE, float64")
for dt, c in ((np.float32, "C1"), (np.float64, "C0")):
    ax.semilogy(shifts, np.maximum(err_naive[dt], 1e-17), color=c, lw=1, label=f"교과서 LSE, {dt.__name__}")
    ax.axvspan(-800, underflow_at[dt], color=c, alpha=0.12, label=f"{dt.__name__}: 교과서 LSE가 $\\pm\\infty$")
    ax.axvspan(overflow_at[dt], 800, color=c, alpha=0.12)
ax.set_xlim(-800, 800)
ax.set_ylim(1e-17, 10)
ax.set_xlabel("이동량 $t$  ($z = (t, t+1, t+2)$)")
ax.set_ylabel("$|\\mathrm{LSE}(z) - t - \\log(1+e+e^2)|$")
ax.set_title("LSE의 오차: 교과서 공식은 색칠한 구간에서 inf 또는 $-\\infty$")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# 그림에서 볼 것: 안정한 LSE(굵은 회색 선)의 오차는 전 구간에서 $10^{-12}$ 아래입니다($|t|$가 클수록 조금 커지는 것은 결과 자체가
# $\approx t$라서 $\varepsilon\,|t|$만큼 반올림되기 때문입니다). 교과서 공식은 같은 색으로 칠한 구간에서 inf(오른쪽) 또는
# $-\infty$(왼쪽)가 되어 선이 끊깁니다. float32에서는 약 $[-106, 86]$, float64에서는 약 $[-747, 707]$ 밖입니다(위에 출력한 경계).
#
# 왼쪽 경계 바로 안쪽에서 오차가 솟구치는 것은 $e^{t}, e^{t+1}, e^{t+2}$가 비정규수가 되어 유효 자릿수를 잃기 때문입니다([nm-01
# §5](nm-01_floating_point.ipynb#sec-range), 위 셀의 마지막 검사). 그 안쪽에서 float32 선이 float64 선보다 높은 것은 float32의 $\varepsilon$이 더 크기 때문입니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 작은 항을 살리는 `log1p`
#
# 안정한 LSE도 자릿수를 잃는 곳이 있습니다. $z = (0, -40)$이면 정답은 $\log(1 + e^{-40}) \approx 4.2\times10^{-18}$인데,
# $1 + e^{-40}$이 1로 반올림되어 위의 `logsumexp_stable`은 정확히 0을 냅니다([nm-02 §4](nm-02_error_analysis.ipynb#sec-cancellation)의 `log1p`와 같은 소거). 최댓값 항의
# $e^0 = 1$을 따로 빼고 나머지 합에 `log1p`를 쓰면 이 자릿수도 지킵니다.

# %% slideshow={"slide_type": "skip"}
def logsumexp_log1p(z):
    """z_max + log1p(sum of the other exp(z_i - z_max)): keeps the digits a tiny remainder carries."""
    i = int(np.argmax(z))
    rest = np.delete(z, i) - z[i]
    return z[i] + np.log1p(np.sum(np.exp(rest)))


z_small = np.array([0.0, -40.0])
lse_exact = float(mpmath.log1p(mpmath.exp(-40)))
print(f"LSE(0, -40): 정답 {lse_exact:.4e}, 위의 LSE {logsumexp_stable(z_small):.4e}, "
      f"log1p 판 {logsumexp_log1p(z_small):.4e}, scipy {scipy.special.logsumexp(z_small):.4e}")
assert logsumexp_stable(z_small) == 0.0                         # 1 + e^-40 rounded to 1
np.testing.assert_allclose(logsumexp_log1p(z_small), lse_exact, rtol=1e-15)
for row in EXTREME[:3]:                                         # and it agrees elsewhere
    np.testing.assert_allclose(logsumexp_log1p(np.array(row)), logsumexp_stable(np.array(row)), rtol=1e-15)

# %% [markdown] slideshow={"slide_type": "skip"}
# > **핵심 직관**: $z_i - z_{\max} \leq 0$이므로 $e^{z_i - z_{\max}} \leq 1$, overflow가 원리적으로
# > 불가능합니다. 수학적으로 동치인 변환이 수치적 안정성을 완전히 바꿉니다. 또 합에는 $e^0 = 1$인 항이
# > 적어도 하나 있으므로 $\log$의 인자가 0이 될 수도 없습니다 (단, 모든 항이 $-\infty$인 경우는 따로).

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-loss"></a>
#
# ## 4. 수치적으로 안정한 손실 함수

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Cross-Entropy: logit에서 직접 계산
#
# $$
# \mathcal{L} = -\sum_i y_i \log\left(\frac{e^{z_i}}{\sum_j e^{z_j}}\right) = -\sum_i y_i (z_i - \text{LSE}(z))
# $$
#
# "softmax → log"처럼 exp와 log를 연속으로 적용하면 불안정합니다. **log-softmax를 한 번에 계산**하면
# overflow를 방지합니다.

# %% slideshow={"slide_type": "subslide"}
def cross_entropy_stable(logits, targets):
    """안정: logits에서 직접 계산 (targets is a one-hot / probability vector)."""
    log_probs = logits - logsumexp_stable(logits)
    return -np.sum(targets * log_probs)


# PyTorch의 F.cross_entropy가 정확히 이 방식
logits = np.array([100.0, 200.0, 300.0])
targets = np.array([0.0, 0.0, 1.0])
print(f"Stable CE: {cross_entropy_stable(logits, targets) + 0.0:.6f}")  # + 0.0 turns -0.0 into 0.0
ce_torch = F.cross_entropy(torch.tensor(logits)[None], torch.tensor([2])).item()
np.testing.assert_allclose(cross_entropy_stable(logits, targets), ce_torch, atol=1e-300)
assert cross_entropy_stable(logits, np.array([1.0, 0.0, 0.0])) == 200.0   # -(100 - LSE)

# %% [markdown] slideshow={"slide_type": "-"}
# 두 가지 불안정한 방법과 비교합니다. (a) 교과서 softmax 후 log: $e^{z}$가 overflow하면 NaN.
# (b) 안정한 softmax 후 log: overflow는 없지만, 정답 클래스의 확률 $e^{z_t - \mathrm{LSE}}$가
# underflow하면 $\log 0 = -\infty$, 손실이 `inf`입니다. 다른 클래스의 확률이 0이 되어도 one-hot의 0과
# 곱해져 $0\cdot(-\infty) = \text{NaN}$이 됩니다. float32에서는 $e^{-200}$도 0이므로 `[100, 200, 300]`만으로
# 둘 다 무너집니다.

# %% slideshow={"slide_type": "subslide"}
def cross_entropy_naive(logits, targets):
    """Unstable: textbook softmax, then log."""
    return -np.sum(targets * np.log(softmax_naive(logits)))


def cross_entropy_softmax_then_log(logits, targets):
    """Still unstable: stable softmax, then log (the probability can underflow to 0)."""
    return -np.sum(targets * np.log(softmax_stable(logits)))


CE_CASES = [([100.0, 200.0, 300.0], 0), ([1000.0, 1001.0, 1002.0], 2), ([0.0, 1000.0, -1000.0], 0)]
ce_results = {}
print(f"{'logits':>26} {'t':>2} {'dtype':>8} {'naive':>10} {'softmax->log':>13} {'stable':>10} {'torch':>10}")
with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
    for i, (row, t) in enumerate(CE_CASES):
        for dt in (np.float32, np.float64):
            lg = np.array(row, dtype=dt)
            oh = np.eye(3, dtype=dt)[t]
            a = cross_entropy_naive(lg, oh)
            b = cross_entropy_softmax_then_log(lg, oh)
            c = cross_entropy_stable(lg, oh)
            ref = F.cross_entropy(torch.tensor(row, dtype=torch.float64)[None], torch.tensor([t])).item()
            ce_results[i, dt] = (a, b, c)
            print(f"{str(row):>26} {t:>2} {dt.__name__:>8} {a:>10.4g} {b:>13.4g} {c:>10.4g} {ref:>10.4g}")
            # LSE(z) - z_t cancels: the error is a few ulps of max|z| in the working precision
            np.testing.assert_allclose(c, ref, rtol=0, atol=4 * np.finfo(dt).eps * np.max(np.abs(row)))

# %% slideshow={"slide_type": "subslide"}
f32_, f64_ = np.float32, np.float64
assert np.isnan(ce_results[0, f32_][0]) and np.isinf(ce_results[0, f32_][1])  # exp(300) > max32; e^-200 -> 0
assert ce_results[0, f64_][0] == ce_results[0, f64_][1] == 200.0             # float64 still copes here
assert np.isnan(ce_results[1, f32_][0]) and np.isnan(ce_results[1, f64_][0])  # exp(1000) overflows
assert np.isfinite(ce_results[1, f32_][1]) and np.isfinite(ce_results[1, f64_][1])
for dt in (f32_, f64_):
    assert np.isnan(ce_results[2, dt][0]) and np.isnan(ce_results[2, dt][1])  # 0 * log(0) = NaN

# batch version against F.cross_entropy (mean over rows, integer targets)
batch = np.array([r for r, _ in CE_CASES])
labels = np.array([t for _, t in CE_CASES])
ce_mean = np.mean([cross_entropy_stable(r, np.eye(3)[t]) for r, t in zip(batch, labels, strict=True)])
np.testing.assert_allclose(ce_mean, F.cross_entropy(torch.tensor(batch), torch.tensor(labels)).item(), rtol=1e-14)
print(f"배치 평균 CE: {ce_mean:.6f} (F.cross_entropy와 일치)")

# %% [markdown] slideshow={"slide_type": "-"}
# **그래디언트도 무너집니다.** CE의 logit에 대한 그래디언트는 깔끔한 식입니다.
#
# $$
# \frac{\partial \mathcal{L}}{\partial z} = \mathrm{softmax}(z) - \mathbf{e}_t .
# $$
#
# 같은 두 공식을 torch로 쓰고 autograd로 미분합니다. 안정한 쪽은 $z_{\max}$를 `detach()`해 상수로
# 취급합니다 (LSE는 이동에 불변이므로 그래디언트가 바뀌지 않습니다).

# %% slideshow={"slide_type": "subslide"}
def ce_naive_torch(z, t):
    """-log(softmax(z)[t]) with the textbook softmax, in torch."""
    p = torch.exp(z) / torch.exp(z).sum()
    return -torch.log(p[t])


def ce_stable_torch(z, t):
    """LSE(z) - z[t] with the max shift, in torch."""
    z_max = z.max().detach()
    return z_max + torch.log(torch.exp(z - z_max).sum()) - z[t]


for row, t in CE_CASES:
    for dt in (torch.float32, torch.float64):
        grads, losses = {}, {}
        for name, fn in (("naive", ce_naive_torch), ("stable", ce_stable_torch)):
            zt = torch.tensor(row, dtype=dt, requires_grad=True)
            losses[name] = fn(zt, t)
            losses[name].backward()
            grads[name] = zt.grad
        expected = torch.softmax(torch.tensor(row, dtype=dt), 0) - F.one_hot(torch.tensor(t), 3).to(dt)
        print(f"{str(row):>24} {str(dt)[6:]:>8}: naive 손실 {losses['naive'].item():<7.4g} "
              f"grad {np.array2string(grads['naive'].numpy(), precision=3)}, "
              f"stable grad {np.array2string(grads['stable'].numpy(), precision=3)}")
        if torch.isfinite(losses["naive"]):
            torch.testing.assert_close(grads["naive"], expected)   # fine while nothing overflows
        else:
            assert torch.isnan(grads["naive"]).all()               # broken loss -> NaN gradient
        torch.testing.assert_close(grads["stable"], expected)

# %% [markdown] slideshow={"slide_type": "-"}
# 교과서 공식의 손실이 무너진 경우(표의 `nan`)에는 그래디언트도 모두 NaN입니다. 반대로 손실이 유한하면 그래디언트도
# 옳습니다. float64의 `[100, 200, 300]`처럼 아무것도 overflow하지 않는 경우입니다.
#
# 손실과 그래디언트는 함께 무너지고 함께 멀쩡합니다. 안정한 공식은 모든 경우에 $\mathrm{softmax}(z)-\mathbf{e}_t$와 일치합니다.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Binary Cross-Entropy: 안정한 공식
#
# $$
# \text{BCE}(z, y) = \max(z, 0) - zy + \log(1 + e^{-|z|})
# $$
#
# $-[y\log\sigma(z) + (1-y)\log(1-\sigma(z))]$에서 $\log\sigma(z) = -\log(1+e^{-z})$를 쓰고 $z$의 부호로
# 나누면 이 식이 나옵니다. $e^{-|z|} \le 1$이므로 overflow가 없고, `log1p`가 작은 인자의 정밀도를 지킵니다
# ([nm-02 §4](nm-02_error_analysis.ipynb#sec-cancellation)).

# %% slideshow={"slide_type": "-"}
def bce_stable(logit, target):
    """BCE from logits: max(z,0) - z*y + log1p(exp(-|z|))."""
    return np.maximum(logit, 0) - logit * target + np.log1p(np.exp(-np.abs(logit)))


for z in [-1000, 0, 1000]:
    print(f"z={z:5d}: BCE = {bce_stable(z, 1.0):.6f}")  # 모두 안정
np.testing.assert_allclose([bce_stable(z, 1.0) for z in (-1000, 0, 1000)], [1000.0, np.log(2), 0.0], atol=1e-300)

# %% [markdown] slideshow={"slide_type": "-"}
# 교과서 방식(sigmoid 후 log)과 비교합니다. 기준은 50자리 mpmath와 `F.binary_cross_entropy_with_logits`입니다.

# %% slideshow={"slide_type": "subslide"}
def bce_naive(logit, target):
    """Unstable: sigmoid, then log."""
    p = 1.0 / (1.0 + np.exp(-logit))
    return -(target * np.log(p) + (1 - target) * np.log(1 - p))


zs = np.array([-1000.0, -40.0, -3.0, 0.0, 3.0, 40.0, 1000.0])
ys = np.array([1.0, 0.0, 0.3])
with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
    for y_ in ys:
        naive = bce_naive(zs, y_)
        stable = bce_stable(zs, y_)
        ref = F.binary_cross_entropy_with_logits(torch.tensor(zs), torch.full((len(zs),), y_, dtype=torch.float64),
                                                 reduction="none").numpy()
        with mpmath.workdps(50):                 # reference at 50 significant digits
            exact_mp = [float(mpmath.log1p(mpmath.exp(-abs(mpmath.mpf(z_)))) + mpmath.mpf(max(z_, 0.0))
                              - mpmath.mpf(z_) * mpmath.mpf(y_)) for z_ in zs]
        print(f"y={y_}: naive  {np.array2string(naive, precision=3)}")
        print(f"       stable {np.array2string(stable, precision=3)}")
        print(f"       torch  {np.array2string(ref, precision=3)}")
        np.testing.assert_allclose(stable, exact_mp, rtol=1e-14, atol=1e-300)   # relative, vs mpmath
        np.testing.assert_allclose(stable, ref, rtol=1e-14, atol=1e-15)          # torch: absolute
    assert np.isinf(bce_naive(-1000.0, 1.0)) and np.isinf(bce_naive(1000.0, 0.0))
    assert np.isinf(bce_naive(np.float32(40.0), np.float32(0.0)))    # float32 fails already at 40

# %% [markdown] slideshow={"slide_type": "-"}
# 안정한 공식은 mpmath(50자리)와 상대 오차 $10^{-14}$ 이내로 일치합니다. torch와는 절대 오차로 비교했습니다. 그 이유는 다음 심화에서
# 봅니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): torch와 `log1p`
#
# $y=0, z=-40$의 정답은 $\log(1+e^{-40}) \approx 4.2\times10^{-18}$입니다. 아래 셀은 torch가 이 자릿수를 지키는지 출력합니다.
# 이 강의를 쓸 때의 torch 2.13은 0을 돌려주었습니다(큰 항끼리의 뺄셈에서 작은 항이 사라지는 형태). 손실 값으로는 무해하지만,
# `log1p` 공식이 더 정확한 자리입니다. torch가 이것을 고치면 출력이 `True`로 바뀝니다.

# %% slideshow={"slide_type": "skip"}
tiny_exact = float(mpmath.log1p(mpmath.exp(-40)))
torch_tiny = F.binary_cross_entropy_with_logits(
    torch.tensor([-40.0], dtype=torch.float64), torch.tensor([0.0], dtype=torch.float64)).item()
print(f"y=0, z=-40: 정답 {tiny_exact:.4e}, log1p 공식 {bce_stable(-40.0, 0.0):.4e}, torch {torch_tiny:.4e}")
print(f"torch {torch.__version__}가 이 자릿수를 지키는가: {math.isclose(torch_tiny, tiny_exact, rel_tol=1e-12)}")
np.testing.assert_allclose(bce_stable(-40.0, 0.0), tiny_exact, rtol=1e-15)
assert abs(torch_tiny - tiny_exact) <= 1e-17     # whatever torch returns, it is within 1e-17 absolutely

# %% [markdown] slideshow={"slide_type": "skip"}
# 교과서 공식은 $z=\pm1000$에서 `inf`(또는 `nan`)이고, float32에서는 $z=40$만 되어도 $\sigma(z)$가
# 정확히 1로 반올림되어 $\log(1-\sigma) = \log 0$이 됩니다. 그 경계를 재고, 경계 전에도 정확도가 무너지는
# 모습([nm-02 §4](nm-02_error_analysis.ipynb#sec-cancellation)의 소거)을 그립니다. $y=0$일 때 정답은 $\mathrm{BCE} = \log(1+e^{z}) \approx z$이고, $1+e^{-z}$가 1로
# 반올림되는 $z \approx \log(2/\varepsilon)$부터 교과서 공식은 `inf`입니다.
#
# 그 전에도 오차가 커집니다. $1-\sigma(z) \approx e^{-z}$를 1에서 빼서 얻으므로 절대 오차 약 $\varepsilon$이 상대 오차 $\varepsilon e^{z}$가
# 되고(nm-02의 소거), 그 로그는 절대 오차 $\varepsilon e^{z}$를 남깁니다. 손실이 $\approx z$이므로 손실의 상대 오차는
# $\varepsilon e^{z}/z$입니다. 그래서 $\log(\text{오차} \cdot z)$를 $z$에 대해 맞추면 기울기가 1이어야 합니다.

# %% slideshow={"slide_type": "skip"}
z_grid = np.arange(0.0, 45.0, 0.01)
first_inf, rel_err = {}, {}
with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
    for dt in (np.float32, np.float64):
        zz = z_grid.astype(dt)
        naive = bce_naive(zz, dt(0.0)).astype(np.float64)
        exact_bce = bce_stable(z_grid, 0.0)
        rel_err[dt] = np.abs(naive - exact_bce) / exact_bce
        first_inf[dt] = z_grid[np.argmax(np.isinf(naive))]
        eps = np.finfo(dt).eps
        print(f"{dt.__name__}: 교과서 BCE가 처음 inf가 되는 z = {first_inf[dt]:.2f} "
              f"(log(2/eps) = {np.log(2 / eps):.2f})")
        assert np.log(2 / eps) - 0.5 <= first_inf[dt] <= np.log(4 / eps) + 0.5
assert 15 < first_inf[np.float32] < 19 and 35 < first_inf[np.float64] < 39
sel = (z_grid > 5) & (z_grid < first_inf[np.float64] - 2) & (rel_err[np.float64] > 0)
growth_raw = np.polyfit(z_grid[sel], np.log(rel_err[np.float64][sel]), 1)[0]
growth = np.polyfit(z_grid[sel], np.log(rel_err[np.float64][sel] * z_grid[sel]), 1)[0]
print(f"float64: log(오차)의 기울기 {growth_raw:.2f}, log(오차 * z)의 기울기 {growth:.2f} (eps e^z / z이면 1)")
assert 0.95 < growth < 1.05 and growth_raw < growth   # relative error ~ eps e^z / z

# %% slideshow={"slide_type": "skip"}
fig, ax = plt.subplots(figsize=(8, 4))
for dt, c in ((np.float32, "C1"), (np.float64, "C0")):
    ok = np.isfinite(rel_err[dt])
    ax.semilogy(z_grid[ok], np.maximum(rel_err[dt][ok], 1e-18), color=c, label=f"교과서 BCE, {dt.__name__}")
    ax.axvline(first_inf[dt], color=c, ls=":", lw=1)
    ax.axhline(np.finfo(dt).eps, color=c, ls="--", lw=0.8, label=f"$\\varepsilon$ ({dt.__name__})")
ax.set_xlabel("logit $z$  ($y = 0$)")
ax.set_ylabel("상대 오차")
ax.set_title("sigmoid 후 log: 상대 오차가 $\\varepsilon e^{z}/z$로 커지다가 inf (점선)")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# 그림에서 볼 것: 교과서 BCE의 상대 오차는 $z$와 함께 지수적으로 커지고($1-\sigma(z)$의 소거),
# 점선 위치(float32 $\approx 16.6$, float64 $\approx 36.7$)에서 `inf`가 됩니다. 위 셀에서 $\log(\text{오차}\cdot z)$의 기울기가
# 1이었으므로 상대 오차는 $\varepsilon e^{z}/z$처럼 커집니다($\log(\text{오차})$만 맞추면 $1/z$ 때문에 기울기가 1보다 조금 작습니다).
# 안정한 공식은 앞 셀에서 mpmath와 상대 오차 $10^{-14}$ 이내로 일치했습니다.
#
# BCE의 그래디언트는 $\partial\,\mathrm{BCE}/\partial z = \sigma(z) - y$입니다. 교과서 공식은
# $\sigma'(z) = \sigma(1-\sigma) = 0$과 $1/(1-\sigma) = \infty$가 만나 $0\cdot\infty = \text{NaN}$이 됩니다.

# %% slideshow={"slide_type": "skip"}
def bce_naive_torch(z, y):
    """Sigmoid then log, in torch."""
    p = torch.sigmoid(z)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p))


def bce_stable_torch(z, y):
    """Stable BCE from logits, in torch."""
    return torch.clamp(z, min=0) - z * y + torch.log1p(torch.exp(-z.abs()))


# %% slideshow={"slide_type": "skip"}
z_test = torch.tensor([-1000.0, -3.0, 3.0, 1000.0], dtype=torch.float64)
for y_ in (0.0, 1.0):
    yt = torch.full_like(z_test, y_)
    grads = {}
    for name, fn in (("naive", bce_naive_torch), ("stable", bce_stable_torch)):
        zt = z_test.clone().requires_grad_(True)
        fn(zt, yt).sum().backward()
        grads[name] = zt.grad
    with torch.no_grad():
        loss_naive = bce_naive_torch(z_test, yt)
    print(f"y={y_}: naive loss {loss_naive.tolist()}")
    print(f"       naive grad {grads['naive'].tolist()}")
    print(f"       stable grad {[round(g, 4) for g in grads['stable'].tolist()]}")
    assert torch.equal(torch.isnan(grads["naive"]), ~torch.isfinite(loss_naive))  # NaN grad exactly where the loss broke
    torch.testing.assert_close(grads["stable"], torch.sigmoid(z_test) - yt)

# %% [markdown] slideshow={"slide_type": "skip"}
# 교과서 공식의 그래디언트는 손실이 `inf`/`nan`인 곳에서, 그리고 바로 그곳에서만 NaN입니다(셀의 검사). CE와 마찬가지로 손실과
# 그래디언트가 함께 무너집니다.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): 꺾인 점 $z = 0$의 그래디언트
#
# 손으로 쓴 안정한 공식은 $z=0$에서 꺾인 점을 지납니다($\max(z,0)$과 $|z|$). 꺾인 점에는 도함수가 없으므로 autograd는
# 왼쪽 기울기와 오른쪽 기울기 사이의 값 하나를 골라 씁니다. 이런 값을 서브그래디언트(subgradient)라고 합니다.
# torch는 `clamp(z, min=0)`에는 1을, `abs`에는 0을 고릅니다. 그러면 두 항이 서로 상쇄되지 않아, 셀이 보여 주듯 $z=0$에서만
# 틀린 그래디언트가 나옵니다.

# %% slideshow={"slide_type": "skip"}
z0 = torch.zeros(1, dtype=torch.float64, requires_grad=True)
bce_stable_torch(z0, torch.zeros(1, dtype=torch.float64)).backward()
z0_ref = torch.zeros(1, dtype=torch.float64, requires_grad=True)
F.binary_cross_entropy_with_logits(z0_ref, torch.zeros(1, dtype=torch.float64)).backward()
print(f"z=0, y=0: 손으로 쓴 공식의 autograd = {z0.grad.item()}, "
      f"F.binary_cross_entropy_with_logits = {z0_ref.grad.item()} (정답 sigmoid(0) = 0.5)")
assert z0.grad.item() == 1.0 and z0_ref.grad.item() == 0.5
z_kink = torch.zeros(2, dtype=torch.float64, requires_grad=True)   # the two subgradients torch picks
(torch.clamp(z_kink[0], min=0) + z_kink[1].abs()).backward()
assert z_kink.grad.tolist() == [1.0, 0.0]

# %% [markdown] slideshow={"slide_type": "skip"}
# PyTorch의 `binary_cross_entropy_with_logits`는 역방향을 $\sigma(z)-y$로 직접 계산하므로 이런 일이 없습니다.
# 라이브러리 함수를 써야 하는 또 하나의 이유입니다.
#
# > **핵심 직관**: PyTorch의 `F.cross_entropy`는 logit을 직접 받고, `F.binary_cross_entropy_with_logits`는
# > sigmoid를 거치지 않고 logit에서 직접 계산합니다. 항상 **logit 버전**을 사용하십시오. 확률을 거치면
# > 손실이 `inf`/`nan`이 되고, 그 스텝의 그래디언트도 함께 NaN이 됩니다(위의 CE·BCE 셀).

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-patterns"></a>
#
# ## 5. 실전 수치 안정화 패턴 총정리
#
# | 불안정한 패턴 | 안정한 대안 | 관련 강의 |
# |-------------|-----------|----------|
# | `np.exp(x)` overflow | log 도메인에서 계산 | [nm-01 §5 범위](nm-01_floating_point.ipynb#sec-range) (overflow), [nm-01 §9](nm-01_floating_point.ipynb#sec-softmax-teaser) (softmax NaN), 이 강의 [§3](#sec-lse) |
# | 큰 수 - 큰 수 (소거) | 수학적 변환으로 뺄셈 회피 | [nm-02 §4 파국적 소거](nm-02_error_analysis.ipynb#sec-cancellation), 이 강의 [§4 BCE](#sec-loss) |
# | $A^{-1}b$ | `np.linalg.solve(A, b)` | [nm-05 §2 solve 대 inv](nm-05_linear_algebra.ipynb#sec-solve-vs-inv), [아래 데모](#sec-solve) |
# | $\log(\text{softmax}(z))$ | log-sum-exp trick | nm-10 [§3](#sec-lse), [§4](#sec-loss) |
# | BCE via sigmoid → log | $\max(z,0) - zy + \log(1+e^{-\lvert z\rvert})$ | nm-10 [§4](#sec-loss) |
# | $\text{Var} = E[X^2] - (E[X])^2$ | Welford 알고리즘 | [nm-02 §6 분산](nm-02_error_analysis.ipynb#sec-variance) |
# | FP16 gradient underflow | 손실 스케일링 (loss scaling) | nm-10 [§1](#sec-amp) |
# | 메모리 부족 | Gradient Checkpointing | nm-10 [§2](#sec-ckpt), [nm-04 §4 저장 메모리](nm-04_reverse_ad.ipynb#sec-memory) |
# | 유한 차분 미분 | 자동 미분 | [nm-02 §7 유한 차분](nm-02_error_analysis.ipynb#sec-finite-difference), [nm-03 §3 이중수](nm-03_forward_ad.ipynb#sec-dual-numbers), [nm-04 §2 역방향 패스](nm-04_reverse_ad.ipynb#sec-backward) |
#
# <a id="sec-solve"></a>
#
# 표에서 이 강의가 아직 재지 않은 행 하나를 확인합니다: $A^{-1}b$ 대 `solve`. [nm-05 §2](nm-05_linear_algebra.ipynb#sec-solve-vs-inv)에서 배웠듯 LU 분해
# 기반의 `solve`는 후방 안정(backward stable)합니다. 계산한 $\hat x$가 $A$와 $b$를 아주 조금 바꾼 문제의 정확한 답이라는 뜻이고
# ([nm-02 §2](nm-02_error_analysis.ipynb#sec-forward-backward)), 그래서 상대 잔차
# $\lVert b - A\hat x\rVert / (\lVert A\rVert\,\lVert\hat x\rVert)$가 $\varepsilon$ 수준이고, 역행렬을 곱하면
# 잔차가 $\kappa(A)\varepsilon$까지 커질 수 있습니다. Hilbert 행렬($n=8$, $\kappa\approx1.5\times10^{10}$)로 잽니다.

# %% slideshow={"slide_type": "subslide"}
n_h = 8
A_h = scipy.linalg.hilbert(n_h)
x_true = rng.standard_normal(n_h)
b_h = A_h @ x_true


def rel_residual(A, x, b):
    """Normwise relative residual ||b - A x|| / (||A|| ||x||) (backward error)."""
    return np.linalg.norm(b - A @ x) / (np.linalg.norm(A, 2) * np.linalg.norm(x))


x_inv = np.linalg.inv(A_h) @ b_h
x_solve = np.linalg.solve(A_h, b_h)
kappa = np.linalg.cond(A_h)
r_inv, r_solve = rel_residual(A_h, x_inv, b_h), rel_residual(A_h, x_solve, b_h)
print(f"cond(A) = {kappa:.2e}, kappa*eps = {kappa * np.finfo(float).eps:.1e}")
print(f"inv(A) @ b : 상대 잔차 {r_inv:.1e}")
print(f"solve(A, b): 상대 잔차 {r_solve:.1e}")
assert 1e10 < kappa < 1e11
assert r_solve < 10 * n_h * np.finfo(float).eps       # backward stable
print(f"잔차 비율 inv/solve = {r_inv / r_solve:.1e}")
assert r_solve < r_inv / 1e6                          # inv is a million times worse, or more

# %% [markdown] slideshow={"slide_type": "fragment"}
# `solve`의 잔차는 $\varepsilon$ 수준이고, 역행렬을 거친 답의 잔차는 백만 배 이상 큽니다(정확한 비율은 위 출력이며 BLAS 구현에
# 따라 조금 다릅니다). 같은 행렬, 같은 우변, 수학적으로 같은 답입니다.
#
# > **핵심 직관**: 표의 모든 행은 같은 원리의 변주입니다. 수학적으로 같은 식 중에서 중간값이 표현 범위를
# > 벗어나지 않고(overflow/underflow), 큰 수끼리 빼지 않고(소거), 오차를 증폭하지 않는(조건수) 형태를
# > 고릅니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-debug"></a>
#
# ## 6. 수치 디버깅 체크리스트
#
# 학습이 실패할 때 확인해야 할 수치 해석 체크포인트입니다. 가장 단순한 점검 함수는 발견한 것을 출력만 합니다.
#
# ```python
# def numerical_health_check(model, loss_val):
#     """모델의 수치적 건강 상태 점검"""
#     # 1. 손실값 검사
#     if torch.isnan(loss_val): print("NaN 손실 — lr/데이터 확인")
#     if torch.isinf(loss_val): print("Inf 손실 — overflow, 클리핑 필요")
#
#     # 2. 그래디언트 & 가중치 검사
#     for name, p in model.named_parameters():
#         if p.grad is not None:
#             gn = p.grad.norm().item()
#             if torch.any(torch.isnan(p.grad)): print(f"NaN grad: {name}")
#             if gn > 1e6: print(f"큰 grad: {name} (norm={gn:.1e})")
#             if 0 < gn < 1e-12: print(f"작은 grad: {name} (norm={gn:.1e})")
#         if torch.any(torch.isnan(p.data)): print(f"NaN 가중치: {name}")
#
# # 더 강력한 디버깅: torch.autograd.detect_anomaly()
# # NaN이 처음 발생한 연산을 자동으로 추적
# ```
#
# 이 과목의 `utils.health.numerical_health_check(model, loss)`는 같은 점검을 하되, 출력만 하지 않고
# `Finding(kind, name, value)`의 목록을 **돌려줍니다**. 그래서 코드가 결과로 분기하거나 (`if findings: ...`)
# 테스트에서 확인할 수 있습니다. Inf 그래디언트와 Inf 가중치도 따로 구분하고, FP16 그래디언트의 노름이
# 그 자체로 overflow하지 않도록 float64로 계산합니다.
#
# 먼저 건강한 모델, 다음으로 학습률을 $10^{30}$으로 잘못 준 모델을 점검합니다.

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
xs, ys_ = torch.randn(16, 4), torch.randn(16, 1)

loss = F.mse_loss(net(xs), ys_)
loss.backward()
healthy = numerical_health_check(net, loss)
assert healthy == []

bad_opt = torch.optim.SGD(net.parameters(), lr=1e30)   # a typo in the learning rate
kinds_by_step = []
for step in range(2):
    bad_opt.step()
    bad_opt.zero_grad(set_to_none=True)
    loss = F.mse_loss(net(xs), ys_)
    loss.backward()
    print(f"--- 잘못된 업데이트 {step + 1}번 후")
    findings = numerical_health_check(net, loss)
    assert all(isinstance(f, Finding) for f in findings)
    kinds_by_step.append({f.kind for f in findings})
print([sorted(k) for k in kinds_by_step])
assert {"inf_loss", "nan_grad", "large_grad"} <= kinds_by_step[0]      # exploding
assert {"nan_loss", "nan_grad", "nan_weight"} <= kinds_by_step[1]      # already broken

# %% [markdown] slideshow={"slide_type": "-"}
# 첫 번째 잘못된 스텝 뒤에는 손실이 `inf`이고 그래디언트가 폭주하거나 NaN입니다. 여기서 멈추지 않고 한
# 번 더 업데이트하면 가중치 자체가 NaN이 되어 되돌릴 수 없습니다. 점검은 매 스텝 (또는 몇 스텝마다) 하고,
# 처음 발견한 스텝에서 멈추는 것이 좋습니다.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `detect_anomaly()`: NaN을 만든 연산 찾기
#
# 점검 함수는 NaN이 **있다**는 것만 알려 줍니다. **어디서** 생겼는지는
# `torch.autograd.detect_anomaly()`가 찾습니다. 역방향의 각 함수가 NaN을 돌려주는 순간 멈추고, 그 함수의
# 이름과 그 연산을 만든 전방 코드의 위치(traceback)를 알려 줍니다.
#
# 고전적인 예는 쌍별 거리 $d_{ij} = \sqrt{\sum_k (x_{ik}-x_{jk})^2}$입니다 (contrastive/triplet 손실).
# 대각선 $d_{ii}=0$을 마스크로 지워도, $\sqrt{\cdot}$의 역방향 $\bar g/(2\sqrt{s})$가 대각선에서
# $0/0 = \text{NaN}$을 만들어 모든 점의 그래디언트가 NaN이 됩니다.
#
# `detect_anomaly`는 켜질 때와 오류를 찾았을 때 `UserWarning`을 냅니다. 아래 셀은 그 경고를
# `warnings.catch_warnings(record=True)`로 잡아 요약해 출력합니다.

# %% slideshow={"slide_type": "subslide"}
def pairwise_distance(p):
    """Euclidean distance matrix written by hand: sqrt of summed squared differences."""
    diff = p[:, None, :] - p[None, :, :]
    return torch.sqrt((diff**2).sum(-1))


torch.manual_seed(0)
points = torch.randn(5, 3, requires_grad=True)
off_diag = ~torch.eye(5, dtype=torch.bool)

dist_loss = (pairwise_distance(points) * off_diag).sum()
dist_loss.backward()
print(f"손실 {dist_loss.item():.4f} (유한), 그래디언트에 NaN: {torch.isnan(points.grad).any().item()}")
assert torch.isfinite(dist_loss) and torch.isnan(points.grad).all()

# %% slideshow={"slide_type": "subslide"}
points.grad = None
error_message = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        with torch.autograd.detect_anomaly():
            dist_loss = (pairwise_distance(points) * off_diag).sum()
            dist_loss.backward()
    except RuntimeError as err:
        error_message = str(err)
print(f"RuntimeError: {error_message}")
for w in caught:
    first = str(w.message).splitlines()
    print(f"  [{w.category.__name__}] {first[0]}")
    code = [ln.strip() for ln in first if "torch.sqrt" in ln]
    if code:
        print(f"      전방 traceback이 가리키는 줄: {code[0]}")
assert error_message is not None and "SqrtBackward0" in error_message
assert any("Anomaly Detection has been enabled" in str(w.message) for w in caught)
assert any("SqrtBackward0" in str(w.message) and "torch.sqrt" in str(w.message) for w in caught)

# %% [markdown] slideshow={"slide_type": "-"}
# 오류 메시지가 `SqrtBackward0`을 지목하고, 경고의 traceback이 `torch.sqrt`를 부른 전방 코드의 줄을
# 가리킵니다. 고치는 법은 두 가지입니다. 마스크될 항에서 $\sqrt{\cdot}$의 인자를 0에서 떼어 놓거나, 거리가 0인 점의
# 역방향을 따로 처리하는 라이브러리 함수 `torch.cdist`를 씁니다. 아래 셀은 두 방법 모두 유한한 그래디언트를 주는지 확인합니다.

# %% slideshow={"slide_type": "subslide"}
points.grad = None
safe = torch.sqrt(((points[:, None] - points[None]) ** 2).sum(-1) + torch.eye(5)) * off_diag
safe.sum().backward()
grad_safe = points.grad.clone()
points.grad = None
(torch.cdist(points, points) * off_diag).sum().backward()
print(f"대각선에 1을 더한 뒤: 그래디언트 유한 {torch.isfinite(grad_safe).all().item()}, "
      f"torch.cdist: 그래디언트 유한 {torch.isfinite(points.grad).all().item()}")
assert torch.isfinite(grad_safe).all() and torch.isfinite(points.grad).all()
torch.testing.assert_close(points.grad, grad_safe)      # the same gradient: the masked terms contribute nothing

# %% [markdown] slideshow={"slide_type": "skip"}
# ### 심화 (선택): `detect_anomaly`가 놓치는 NaN
#
# `detect_anomaly`는 역방향 함수가 돌려준 값만 검사합니다. 전방에서 NaN이 생겼는데 그 연산의
# 역방향은 유한하면 (예: $\log(-1)$, 역방향은 $\bar g/x = -1$) 아무 오류 없이 지나갑니다.

# %% slideshow={"slide_type": "skip"}
x_neg = torch.tensor([-1.0, 2.0], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        log_loss = torch.log(x_neg).sum()
        log_loss.backward()                 # no RuntimeError
print(f"손실 = {log_loss.item()}, 그래디언트 = {x_neg.grad.tolist()} (유한), 경고 {len(caught)}개")
assert torch.isnan(log_loss) and torch.isfinite(x_neg.grad).all()
assert not any("Error detected" in str(w.message) for w in caught)

# the forward check catches it
print("전방 점검: torch.isnan(log_loss) =", torch.isnan(log_loss).item())
found = numerical_health_check(nn.Linear(1, 1), log_loss)
assert [f.kind for f in found] == ["nan_loss"]

# %% [markdown] slideshow={"slide_type": "skip"}
# 그러니 전방 값은 `torch.isnan`(또는 `numerical_health_check`의 `nan_loss`)으로 직접 확인하고,
# `detect_anomaly`는 역방향에서 생긴 NaN을 추적하는 데 씁니다.
#
# `detect_anomaly`는 모든 역방향 함수의 출력을 검사하고 전방 연산마다 traceback을 기록하므로 느립니다. 작은 MLP의 학습 스텝 하나로
# 재 봅니다(시간은 기계마다 다르므로 출력만 합니다). 평소에는 끄고, 문제를 재현할 때만 켭니다.

# %% slideshow={"slide_type": "skip"}
torch.manual_seed(0)
mlp_small, x_small = make_mlp(16, dim=64), torch.randn(64, 64)


def train_step(anomaly):
    """One forward + backward of mlp_small, with or without anomaly detection."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                       # the "enabled" warning of detect_anomaly
        with torch.autograd.set_detect_anomaly(anomaly):
            mlp_small(x_small).sum().backward()


t_off = np.median([wall_time(lambda: train_step(False)) for _ in range(7)])
t_on = np.median([wall_time(lambda: train_step(True)) for _ in range(7)])
print(f"학습 스텝 하나: detect_anomaly 끔 {t_off * 1e3:.2f} ms, 켬 {t_on * 1e3:.2f} ms ({t_on / t_off:.1f}배, 검증하지 않음)")

# %% [markdown] slideshow={"slide_type": "skip"}
# > **핵심 직관**: 수치 디버깅의 핵심은 "NaN/Inf를 조기에 감지하고 원인을 추적하는 것"입니다.
# > `torch.autograd.detect_anomaly()`를 사용하면 NaN이 처음 발생한 연산을 자동으로 찾아줍니다. 단, 그
# > 연산은 역방향 함수이고, 전방에서 생긴 NaN은 `torch.isnan`으로 따로 잡아야 합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# <a id="sec-roadmap"></a>
#
# ## 7. 과목 전체 종합
#
# ```
# 수치 해석 로드맵:
#
# nm-01 부동소수점 ──→ nm-02 오차 분석 ──→ nm-10 실전 안정화
#   │                     │
#   └─ nm-03 전방 AD ──→ nm-04 역방향 AD ──→ nm-10 체크포인팅
#                          │
# nm-05 수치 선형대수 ──→ nm-06 반복법 ──→ nm-09 수치 최적화
#   │                                       │
#   └─ nm-08 근사 이론 ─────────────────→ nm-10 혼합 정밀도
#                                           │
# nm-07 수치 적분/MC ──────────────────→ nm-10 종합
# ```
#
# | 강의 | 그 강의에서 배운 것 → 이 강의에서 쓴 곳 |
# |---|---|
# | [nm-01 부동소수점](nm-01_floating_point.ipynb) | [형식 표](nm-01_floating_point.ipynb#sec-formats), [비정규수](nm-01_floating_point.ipynb#sec-range), [$1+\varepsilon/2=1$](nm-01_floating_point.ipynb#sec-epsilon) → [§1 혼합 정밀도](#sec-amp); [overflow 경계](nm-01_floating_point.ipynb#sec-range), [softmax NaN](nm-01_floating_point.ipynb#sec-softmax-teaser) → [§3 LSE](#sec-lse) |
# | [nm-02 오차 분석](nm-02_error_analysis.ipynb) | [소거와 `log1p`](nm-02_error_analysis.ipynb#sec-cancellation) → [§4 BCE](#sec-loss); [Welford](nm-02_error_analysis.ipynb#sec-variance) → [§5 패턴 표](#sec-patterns); [후방 안정](nm-02_error_analysis.ipynb#sec-forward-backward) → [§5 solve 데모](#sec-solve) |
# | [nm-03 전방 모드 자동 미분](nm-03_forward_ad.ipynb) | [이중수](nm-03_forward_ad.ipynb#sec-dual-numbers) → [§5](#sec-patterns)의 "유한 차분 → 자동 미분" |
# | [nm-04 역방향 모드 자동 미분](nm-04_reverse_ad.ipynb) | [$O(N)$ 저장 메모리](nm-04_reverse_ad.ipynb#sec-memory) → [§2 checkpointing](#sec-ckpt) |
# | [nm-05 수치 선형대수](nm-05_linear_algebra.ipynb) | [`solve` 대 `inv`](nm-05_linear_algebra.ipynb#sec-solve-vs-inv) → [§5 데모](#sec-solve) |
# | [nm-06 반복법](nm-06_iterative_methods.ipynb) | [스펙트럼 노름(거듭제곱법)](nm-06_iterative_methods.ipynb#sec-spectral-norm): [§6](#sec-debug)의 "큰 그래디언트"를 만든 층의 증폭률을 재는 도구 (이 강의에서는 다시 재지 않음) |
# | [nm-07 수치 적분과 몬테카를로](nm-07_integration_monte_carlo.ipynb) | [미니배치 그래디언트는 몬테카를로 추정량](nm-07_integration_monte_carlo.ipynb#sec-gradient-estimators): 그 잡음이 $1/\sqrt{B}$로 주는 이유 (배경 지식) |
# | [nm-08 근사 이론](nm-08_approximation.ipynb) | [저정밀도에서 어떤 근사가 "충분히 좋은가"](nm-08_approximation.ipynb#sec-gelu): [§1](#sec-amp)의 FP16/BF16 정밀도와 함께 판단 |
# | [nm-09 수치 최적화](nm-09_optimization.ipynb) | [Adam](nm-09_optimization.ipynb#sec-adam)과 [float16에서 사라지는 $\epsilon$](nm-09_optimization.ipynb#sec-adam-fp16) → [§1의 AMP 학습 루프](#sec-amp); [그래디언트 클리핑](nm-09_optimization.ipynb#sec-clipping) → [§6의 학습률 폭주](#sec-debug) |
#
# 이 과목의 핵심 메시지는 하나입니다. **컴퓨터에서의 수학은 수학 그 자체가 아닙니다.** 유한 정밀도, 유한
# 메모리, 유한 시간 안에서 "충분히 좋은 답"을 구하는 것이 수치 해석이고, 이것이 ML 시스템의 신뢰성과
# 성능을 결정합니다.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 연습 문제
#
# [`exercises/nm-10_exercises.ipynb`](../exercises/nm-10_exercises.ipynb)에서 이 강의의 기법을 직접 구현합니다.
# 각 함수 뒤의 점검 셀이 극단 입력에서 `scipy`/`torch`와 비교해 채점합니다.
#
# - `logsumexp(z, axis=None)` — 최대값 이동 LSE. 모든 항이 $-\infty$이면 경고 없이 $-\infty$ (§3).
# - `softmax(z, axis=-1)` — 최대값 이동 softmax, 축 지정 (§3).
# - `cross_entropy(logits, targets)` — 정수 클래스 타깃의 평균 CE, `F.cross_entropy`와 일치 (§4).
# - `bce_with_logits(z, y)` — logit에서 직접 계산한 평균 BCE, `binary_cross_entropy_with_logits`와 일치 (§4).
# - `update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000)`
#   — `GradScaler`의 동적 스케일 규칙 (§1).
# - `peak_memory_units(n_layers, segments)` — 같은 층 $n$개를 $k$개 구간으로 가능한 한 고르게(길이 차 최대 1) 나눌 때의
#   최대 메모리 모형 $k + \lceil n/k \rceil$ (§2의 "연습 문제의 모형"). `checkpoint_sequential`의 분할이 아닙니다.
# - `checkpoint_segments(n_layers)` — 그 모형을 최소화하는 구간 수 (≈$\sqrt{n}$) (§2).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 핵심 정리
#
# 1. **혼합 정밀도 학습**은 FP16으로 속도를, FP32로 정확도를 확보하며, 손실 스케일링이 FP16 underflow를
#    막습니다. 측정한 것: FP16 최소 양수 $2^{-24}\approx5.96\times10^{-8}$, 그래디언트 $10^{-8}$은 FP16에서 0이고
#    $S=2^{16}$이면 $2^{-11}$ 이내로 복원됩니다. overflow 스텝은 건너뛰고 $S: 2^{16}\to2^{15}$, 4스텝 뒤 다시 $2^{16}$입니다.
# 2. **Gradient checkpointing**은 메모리를 $O(N)$에서 $O(\sqrt{N})$로 줄이는 대신 계산을 약 33% 더합니다.
#    측정한 것: 상수를 뺀 log-log 기울기 1 → 0.5, $N=64$에서 최대 메모리 2배 이상 감소, 전방 호출 64 → 120회입니다.
#    구간을 고르게 나누면 최대 메모리는 $k + \lceil N/k \rceil$(+ 상수)이고, `checkpoint_sequential`의 분할은 그보다 클 수 있습니다.
# 3. **Log-sum-exp trick**과 **안정한 softmax**는 exp/log의 overflow/underflow를 막는 핵심 수치 기법입니다.
#    측정한 것: 교과서 LSE는 float32에서 $t+2\approx88.4$, float64에서 $\approx709.4$부터 inf($\log x_{\max}$ 바로 아래)이고,
#    안정한 LSE는 $[-800, 800]$ 전체에서 $10^{-12}$ 이내로 정확하며 `scipy`·`torch`와 일치합니다.
# 4. 손실 함수는 중간 단계(softmax, sigmoid)를 거치지 않고 **logit에서 직접 계산**해야 수치적으로 안정합니다.
#    측정한 것: sigmoid 후 log는 float32 $z\approx16.6$, float64 $z\approx36.7$부터 inf이고 그때 그래디언트도 NaN입니다.
#    안정한 CE/BCE의 그래디언트는 $\mathrm{softmax}(z)-\mathbf{e}_t$, $\sigma(z)-y$와 일치합니다.
# 5. 수치 해석의 모든 주제(부동소수점, 오차, 자동 미분, 선형대수, 최적화)는 **현대 딥러닝 시스템의
#    신뢰성**을 좌우하는 실전 도구입니다. 측정한 것: `solve`의 잔차는 `inv`보다 백만 배 이상 작고,
#    `numerical_health_check`와 `detect_anomaly`가 NaN의 존재와 출처(`SqrtBackward0`)를 찾았습니다.

# %% slideshow={"slide_type": "subslide"}
print("이 노트북에서 잰 값")
print(f"1. FP16 최소 양수 {f16['subnormal']:.3e}; 1e-8 그래디언트: 스케일 없이 {g_fp16[0].item():.0e}, "
      f"S=2^16이면 {g_fp16_scaled[0].item():.4e}; 스케일 "
      f"{' -> '.join(f'2^{math.log2(v):.0f}' for i, v in enumerate(scales) if i == 0 or v != scales[i - 1])}")
print(f"2. 최대 메모리 (N=64): 일반 {mem_plain[-1]:.2f} vs checkpoint {mem_ckpt[-1]:.2f} 층 단위 "
      f"({ratio_64:.2f}x), 기울기 {slope_plain:.2f} vs {slope_ckpt:.2f}, "
      f"FLOP 비율 {flops_ckpt / flops_plain:.3f} (어림 4/3), 시간 비율 {ratio_time:.2f}x, "
      f"전방 호출 {N_BIG} -> {calls_ckpt[N_BIG]}")
print(f"3. 교과서 LSE overflow: float32 t+2 = {overflow_at[np.float32] + 2:.1f}, "
      f"float64 t+2 = {overflow_at[np.float64] + 2:.1f}")
print(f"4. 교과서 BCE inf: float32 z = {first_inf[np.float32]:.2f}, float64 z = {first_inf[np.float64]:.2f}")
print(f"5. 상대 잔차: inv {r_inv:.1e} vs solve {r_solve:.1e}")
# the numbers quoted in the summary above
assert calls_ckpt[N_BIG] == 120 and ratio_64 > 2 and r_inv / r_solve > 1e6
np.testing.assert_allclose([overflow_at[np.float32] + 2, overflow_at[np.float64] + 2], [88.4, 709.4], atol=0.05)
np.testing.assert_allclose([first_inf[np.float32], first_inf[np.float64]], [16.6, 36.7], atol=0.05)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 다음 강의와의 연결
#
# 이 강의가 과목의 마지막입니다. 여기서 쓴 도구는 앞 강의들에서 왔습니다 (§7의 표). 이 과목 다음에 읽을 것:
#
# - 혼합 정밀도: Micikevicius et al. 2018, "Mixed Precision Training" (FP32 마스터 가중치와 손실 스케일링),
#   Kalamkar et al. 2019, "A Study of BFLOAT16 for Deep Learning Training" (BF16의 범위와 스케일 없는 학습).
#   더 낮은 정밀도(FP8)의 학습도 같은 원리 — 형식의 범위와 정밀도, 그리고 스케일 — 로 이해할 수 있습니다.
# - 메모리: Chen et al. 2016, "Training Deep Nets with Sublinear Memory Cost" (arXiv:1604.06174). 선택적
#   재계산과 활성값 오프로딩은 §2의 메모리-계산 트레이드오프를 더 정교하게 푼 것입니다.
# - 안정한 커널: attention의 softmax를 블록 단위로 계산하는 방법은 §3의 LSE를 "지금까지의 최대값"으로
#   갱신하는 온라인 버전입니다. [nm-02 §6](nm-02_error_analysis.ipynb#sec-variance)의 Chan 병합과 같은 구조입니다.
