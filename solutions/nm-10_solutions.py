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
# # nm-10 연습 문제: ML을 위한 수치 계산
#
# 강의 노트북 [`nm-10_numerics_for_ml`](../notebooks/nm-10_numerics_for_ml.ipynb)에서 본
# 안정화 기법을 직접 구현합니다. 각 문제는 **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다
#   (쉬운 사례만 맞히는 불안정한 구현은 0점입니다). 함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 SciPy와 PyTorch(float64)로 계산합니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `logsumexp(z, axis=None)` | 1.5 |
# | 2 | `softmax(z, axis=-1)` | 1 |
# | 3 | `cross_entropy(logits, targets)` | 1.5 |
# | 4 | `bce_with_logits(z, y)` | 1.5 |
# | 5 | `update_loss_scale(scale, found_inf, growth_tracker, …)` | 1.5 |
# | 6 | `peak_memory_units(n_layers, segments)` | 1.5 |
# | 6 | `checkpoint_segments(n_layers)` | 1.5 |
# | | 합계 | 10 |
#
# NumPy만 사용하세요 (`scipy.special`, `torch`의 같은 기능을 부르면 연습이 되지 않습니다).

# %%
import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `logsumexp(z, axis=None)` (1.5점)
#
# $$\operatorname{LSE}(z) = z_{\max} + \log\sum_i e^{z_i - z_{\max}}$$
#
# - `axis=None`이면 전체 원소에 대해, 정수이면 그 축을 따라 계산합니다 (`np.sum`과 같은 규칙).
# - 입력이 모두 $-\infty$이면 결과는 $-\infty$입니다. 이때 $z - z_{\max} = -\infty - (-\infty)$ =
#   NaN이 되지 않게 하고, **경고(RuntimeWarning)도 내지 마세요**.
# - $+\infty$가 있으면 결과는 $+\infty$입니다.
# - 빈 입력(또는 길이 0인 축을 따라 줄일 때)의 결과는 $-\infty$입니다 (`scipy.special.logsumexp`와
#   같음: 빈 합은 0이고 $\log 0 = -\infty$). `np.max`는 빈 배열에서 오류를 내니 `initial=`을 보세요.
# - 입력 배열을 바꾸지 마세요.

# %%
def logsumexp(z, axis=None):
    """Numerically stable log(sum(exp(z))) along ``axis`` (all elements if None)."""
    # BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    # initial=-inf: an empty input (or an empty reduced axis) has max -inf, and LSE = -inf
    z_max = np.max(z, axis=axis, keepdims=True, initial=-np.inf)
    # An infinite max (all -inf, or a +inf) cannot be subtracted: shift by 0 instead.
    shift = np.where(np.isfinite(z_max), z_max, 0.0)
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer for all -inf
        lse = np.log(np.sum(np.exp(z - shift), axis=axis, keepdims=True)) + shift
    return lse.item() if axis is None else np.squeeze(lse, axis=axis)
    # END SOLUTION


# %%
check("logsumexp")

# %% [markdown]
# ## 문제 2. `softmax(z, axis=-1)` (1점)
#
# $$\operatorname{softmax}(z)_i = \frac{e^{z_i - z_{\max}}}{\sum_j e^{z_j - z_{\max}}}$$
#
# `axis`를 따라 계산하고, 입력과 같은 모양과 dtype(float32 입력이면 float32)으로 돌려주세요.

# %%
def softmax(z, axis=-1):
    """Numerically stable softmax along ``axis``; keeps shape and floating dtype."""
    # BEGIN SOLUTION
    z = np.asarray(z)
    exp_z = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return exp_z / np.sum(exp_z, axis=axis, keepdims=True)
    # END SOLUTION


# %%
check("softmax")

# %% [markdown]
# ## 문제 3. `cross_entropy(logits, targets)` (1.5점)
#
# `logits`는 $(N, C)$ 배열, `targets`는 길이 $N$의 정수 클래스 번호입니다. 배치 평균
#
# $$\mathcal{L} = \frac{1}{N}\sum_{n} \bigl(\operatorname{LSE}(z_n) - z_{n, y_n}\bigr)$$
#
# 를 float 하나로 돌려주세요 (`torch.nn.functional.cross_entropy`와 같은 값).
# `np.log(softmax(...))`는 확률이 0으로 underflow하면 $\log 0 = -\infty$가 됩니다.

# %%
def cross_entropy(logits, targets):
    """Mean cross-entropy of integer ``targets`` computed directly from ``logits``."""
    # BEGIN SOLUTION
    logits = np.asarray(logits, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.intp)
    z_max = np.max(logits, axis=1, keepdims=True)
    shift = np.where(np.isfinite(z_max), z_max, 0.0)
    lse = np.log(np.sum(np.exp(logits - shift), axis=1)) + shift[:, 0]
    picked = logits[np.arange(len(targets)), targets]
    return float(np.mean(lse - picked))
    # END SOLUTION


# %%
check("cross_entropy")

# %% [markdown]
# ## 문제 4. `bce_with_logits(z, y)` (1.5점)
#
# $$\operatorname{BCE}(z, y) = \max(z, 0) - zy + \log\bigl(1 + e^{-|z|}\bigr)$$
#
# 원소별로 계산해 **평균**을 float 하나로 돌려주세요 (`binary_cross_entropy_with_logits`와 같은 값).
# $e^{-|z|}$가 아주 작을 때 `np.log(1 + …)`는 그 값을 잃습니다: nm-02에서 본 `np.log1p`를 쓰세요.
# 점수는 torch의 `binary_cross_entropy_with_logits`와 같은 정확도면 받습니다 (torch도 $z = \pm 40$의
# 손실 $4.2 \times 10^{-18}$ 중 절반을 잃습니다). `log1p`로 그 자릿수까지 지키면 보고서에 🌟 칭찬이
# 붙습니다 (점수와는 무관).

# %%
def bce_with_logits(z, y):
    """Mean binary cross-entropy computed from logits ``z`` and labels ``y`` in [0, 1]."""
    # BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    # END SOLUTION


# %%
check("bce_with_logits")

# %% [markdown]
# ## 문제 5. `update_loss_scale(...)` (1.5점)
#
# `torch.amp.GradScaler.update()`의 규칙을 구현합니다. `found_inf`는 이번 스텝의 그래디언트에
# inf/NaN이 있었는지, `growth_tracker`는 연속으로 성공한 스텝 수입니다.
#
# - overflow(`found_inf`가 참): `scale *= backoff_factor`, `growth_tracker = 0`
#   (이 스텝의 `optimizer.step()`은 건너뜁니다).
# - 정상: `growth_tracker + 1`이 `growth_interval`에 닿으면 `scale *= growth_factor`,
#   `growth_tracker = 0`; 아니면 `growth_tracker += 1`.
#
# `(scale, growth_tracker)`를 (float, int)로 돌려주세요.

# %%
def update_loss_scale(
    scale, found_inf, growth_tracker, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000
):
    """One step of GradScaler's dynamic loss-scale rule; returns (scale, growth_tracker)."""
    # BEGIN SOLUTION
    if found_inf:
        return float(scale * backoff_factor), 0
    successful = growth_tracker + 1
    if successful == growth_interval:
        return float(scale * growth_factor), 0
    return float(scale), int(successful)
    # END SOLUTION


# %%
check("update_loss_scale")

# %% [markdown]
# ## 문제 6. 체크포인트 구간 수 (1.5점 + 1.5점)
#
# 같은 층 $n$개, 층 하나의 활성값이 메모리 **1 단위**인 모델을 $k$개 구간으로 **되도록 고르게**
# 나눕니다: 구간 길이는 $\lfloor n/k \rfloor$ 또는 $\lceil n/k \rceil$로, 서로 많아야 1 차이입니다
# (예: $n = 10$, $k = 4$ → 3, 3, 2, 2). 전방 패스는 각 구간의 **입력 $k$개**만 저장하고, 역방향
# 패스는 한 번에 한 구간을 다시 계산하면서 그 구간의 활성값을 저장하므로, 가장 긴 구간
# $\lceil n/k \rceil$개가 한꺼번에 메모리에 있습니다. (`torch.utils.checkpoint.checkpoint_sequential`은
# 이렇게 나누지 않습니다: 강의 nm-10 §2에서 그 차이를 셉니다.)
# 따라서 최대 메모리는
#
# $$\text{peak}(n, k) = k + \lceil n/k \rceil .$$
#
# - `peak_memory_units(n_layers, segments)`: 위 식의 값 (정수). `n_layers < 1`이거나
#   `segments`가 $[1, n]$ 밖이면 `ValueError`.
# - `checkpoint_segments(n_layers)`: $\text{peak}(n, k)$를 최소로 하는 정수 $k \in [1, n]$
#   (여럿이면 아무것이나). `n_layers < 1`이면 `ValueError`.
#
# 강의 §2에서 $k \approx \sqrt{n}$일 때 최소 $\approx 2\sqrt{n}$임을 보았습니다.

# %%
def peak_memory_units(n_layers, segments):
    """Peak activation memory, in layer units, of n equal layers checkpointed in k segments."""
    # BEGIN SOLUTION
    if n_layers < 1 or not 1 <= segments <= n_layers:
        raise ValueError(f"need n_layers >= 1 and 1 <= segments <= n_layers, got {n_layers}, {segments}")
    return int(segments + -(-n_layers // segments))
    # END SOLUTION


def checkpoint_segments(n_layers):
    """The segment count k in [1, n] that minimises peak_memory_units(n, k)."""
    # BEGIN SOLUTION
    if n_layers < 1:
        raise ValueError(f"need n_layers >= 1, got {n_layers}")
    return min(range(1, n_layers + 1), key=lambda k: peak_memory_units(n_layers, k))
    # END SOLUTION


# %%
check("peak_memory_units")
check("checkpoint_segments")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
