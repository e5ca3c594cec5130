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
# # nm-09 연습 문제: 수치 최적화
#
# 강의 노트북 [`nm-09_optimization`](../notebooks/nm-09_optimization.ipynb)에서 본 아르미호 되추적
# 선 탐색(Armijo backtracking line search), Adam의 한 걸음, 뉴턴 법(Newton's method)을 직접 구현합니다.
# 각 문제는 **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 계산합니다: 아르미호 조건은 검사가 직접 세고, Adam은
#   `torch.optim.Adam`을 그대로 한 걸음 돌리며, 뉴턴 법은 해석적인 최솟점과 헤세 행렬(Hessian)의
#   고윳값으로 판정합니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `backtracking_line_search(f, grad, x, p, alpha0=1.0, rho=0.5, c=1e-4)` | 3 |
# | 2 | `adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)` | 4 |
# | 3 | `newton_minimize(grad, hess, x0, tol=1e-10, max_iter=50)` | 3 |
# | | 합계 | 10 |
#
# NumPy만 쓰세요. 2번에서 `torch.optim.Adam`을 부르면 연습이 되지 않습니다.

# %%
import math
import warnings

import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `backtracking_line_search(f, grad, x, p, alpha0=1.0, rho=0.5, c=1e-4)` (3점)
#
# 점 $x$에서 방향 $p$로 갈 때, $\alpha = \alpha_0, \rho\alpha_0, \rho^2\alpha_0, \ldots$ 중 **처음으로**
# 아르미호 조건(충분 감소 조건, sufficient decrease condition)
#
# $$f(x + \alpha p) \le f(x) + c\,\alpha\,\nabla f(x)^{\mathsf T} p$$
#
# 을 만족하는 $\alpha$를 돌려주세요(강의 §3).
#
# - `f`는 1차원 배열을 받아 float를, `grad`는 같은 모양의 그래디언트 배열을 돌려줍니다.
# - $\nabla f(x)^{\mathsf T} p < 0$이 아니면(하강 방향(descent direction)이 아니면) `ValueError`를 내세요.
#   $\nabla f(x)^{\mathsf T} p = 0$도 하강 방향이 아닙니다.
# - "조금이라도 줄면 받아들이기"($f(x+\alpha p) < f(x)$)는 아르미호 조건이 아닙니다. $f$가 NaN을
#   돌려주는 $\alpha$(정의역 밖)도 조건을 만족하지 않습니다.
# - 입력 `x`, `p`를 바꾸지 마세요.

# %%
def backtracking_line_search(f, grad, x, p, alpha0=1.0, rho=0.5, c=1e-4):
    """The first alpha in alpha0 * rho**k (k = 0, 1, ...) satisfying Armijo's condition."""
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    slope = float(np.dot(np.ravel(grad(x)), np.ravel(p)))  # directional derivative g^T p
    if not slope < 0.0:
        raise ValueError(f"p is not a descent direction: grad(x)^T p = {slope!r} >= 0")
    fx = float(f(x))
    alpha = float(alpha0)
    for _ in range(2000):  # rho**2000 underflows long before: a safety net only
        # a NaN value of f (a point outside its domain) fails `<=`, so it is rejected too
        if float(f(x + alpha * p)) <= fx + c * alpha * slope:
            return alpha
        alpha *= rho
    raise RuntimeError("no step length satisfies the Armijo condition")
    # END SOLUTION


# %%
check("backtracking_line_search")

# %% [markdown]
# ## 문제 2. `adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)` (4점)
#
# `torch.optim.Adam`의 한 걸음을 NumPy로 구현합니다(강의 §6). `t`는 **1부터** 세는 걸음 번호입니다.
#
# $$
# m_t = \beta_1 m_{t-1} + (1-\beta_1) g, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g^2, \qquad
# \hat m = \frac{m_t}{1-\beta_1^t}, \quad \hat v = \frac{v_t}{1-\beta_2^t}, \qquad
# \theta_t = \theta_{t-1} - \mathrm{lr}\,\frac{\hat m}{\sqrt{\hat v} + \varepsilon}
# $$
#
# - 새 `(param, m, v)`를 NumPy 배열로 돌려주세요. 입력 배열은 바꾸지 마세요.
# - $\varepsilon$은 **제곱근 밖**, 바이어스 보정(bias correction)을 한 $\sqrt{\hat v}$에 더합니다. PyTorch가
#   그렇게 하고, 검사는 `torch.optim.Adam`을 직접 한 걸음 돌려 비교합니다.
# - 계산은 입력의 dtype으로 합니다: float32 입력이면 float32 결과입니다(float64로 올리지 마세요).

# %%
def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """One step of torch.optim.Adam in NumPy; returns new (param, m, v), inputs untouched."""
    # BEGIN SOLUTION
    beta1, beta2 = betas
    param, grad, m, v = (np.asarray(a) for a in (param, grad, m, v))
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * (grad * grad)
    bias1 = 1 - beta1**t
    bias2_sqrt = math.sqrt(1 - beta2**t)  # a Python float keeps float32 arrays float32
    denom = np.sqrt(v_new) / bias2_sqrt + eps  # eps after sqrt and bias correction, as torch
    param_new = param - (lr / bias1) * m_new / denom
    return param_new.astype(param.dtype), m_new.astype(m.dtype), v_new.astype(v.dtype)
    # END SOLUTION


# %%
check("adam_step")

# %% [markdown]
# ## 문제 3. `newton_minimize(grad, hess, x0, tol=1e-10, max_iter=50)` (3점)
#
# 뉴턴 법 $x_{k+1} = x_k - H(x_k)^{-1}\nabla f(x_k)$로 $\nabla f = 0$인 점을 찾아 `(x, n_iter)`를
# 돌려주세요(강의 §4).
#
# - `grad(x)`는 그래디언트(1차원 배열), `hess(x)`는 헤세 행렬(2차원 배열)을 돌려줍니다. `x0`은 1차원 배열입니다.
# - 한 걸음은 역행렬이 아니라 **선형 시스템** $H d = \nabla f$를 풀어 구합니다(`np.linalg.solve`).
# - 매 걸음 **전에** $\|\nabla f(x)\|_2 \le$ `tol`인지 확인하고, 그러면 멈춥니다. `n_iter`는 실제로 밟은
#   걸음 수입니다: 이미 답인 `x0`이면 0, 2차 함수이면 1입니다. 걸음이 `max_iter`번이면 수렴하지 않았어도
#   그 점에서 멈춥니다(수렴하지 않았다는 경고는 내도 되고 안 내도 됩니다).
# - 뉴턴 법은 $\nabla f = 0$인 점이면 안장점(saddle point)이나 최댓점으로도 갑니다. **멈춘 점**의 헤세 행렬이
#   양의 정부호(positive definite)가 아니면 `warnings.warn(..., RuntimeWarning)`으로 알리세요.
#   가는 길에 헤세 행렬이 부정부호(indefinite)였더라도 최솟점에서 멈추면 경고하지 않습니다.
# - 입력 `x0`을 바꾸지 마세요.

# %%
def newton_minimize(grad, hess, x0, tol=1e-10, max_iter=50):
    """Newton's method by linear solves; warns if it stops where the Hessian is not PD."""
    # BEGIN SOLUTION
    x = np.array(x0, dtype=np.float64)  # a copy: x0 stays as it was
    n_iter = 0
    while np.linalg.norm(grad(x)) > tol and n_iter < max_iter:
        x = x - np.linalg.solve(hess(x), grad(x))
        n_iter += 1
    eigenvalues = np.linalg.eigvalsh(np.asarray(hess(x), dtype=np.float64))
    if not eigenvalues.min() > 0:
        warnings.warn(
            f"Newton stopped where the Hessian is not positive definite "
            f"(eigenvalues {eigenvalues}): a saddle point or a maximum, not a minimum",
            RuntimeWarning,
            stacklevel=2,
        )
    return x, n_iter
    # END SOLUTION


# %%
check("newton_minimize")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
