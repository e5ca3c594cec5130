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
# # nm-06 연습 문제: 반복법
#
# 강의 노트북 [`nm-06_iterative_methods`](../notebooks/nm-06_iterative_methods.ipynb)에서 본 야코비 법,
# 켤레 기울기법(conjugate gradient), 거듭제곱법(power iteration)을 직접 구현합니다. 각 문제는
# **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   함수 이름과 시그니처를 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 `np.linalg.solve`, `np.linalg.eigh`, `scipy.sparse.linalg.cg`
#   (반복 수의 기준)와 검사가 직접 세는 야코비 스윕으로 계산합니다. **반복 수도 채점합니다**: 멈춤 규칙과
#   `n_iter`의 뜻을 문제에 적힌 그대로 지키세요.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000)` | 3 |
# | 2 | `conjugate_gradient(A, b, x0=None, tol=1e-10, max_iter=None)` | 4 |
# | 3 | `power_iteration(A, num_iter=1000, tol=1e-12, seed=0)` | 3 |
# | | 합계 | 10 |
#
# NumPy만 사용하세요 (`np.linalg.solve`, `np.linalg.eig*`, `scipy.sparse.linalg`를 부르면 연습이 되지 않습니다).

# %%
import numpy as np

from utils.checks import check

# %% [markdown]
# ## 문제 1. `jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000)` (3점)
#
# 야코비 법으로 $Ax = b$를 풀어 `(x, n_iter)`를 돌려주세요(강의 §1).
#
# $$x_{k+1} = x_k + D^{-1}(b - Ax_k), \qquad D = \operatorname{diag}(A)$$
#
# - `x0`가 `None`이면 영벡터에서 시작합니다. 입력 배열(`A`, `b`, `x0`)을 바꾸지 마세요.
# - **멈춤 규칙**: 상대 잔차 $\|b - Ax\|_2 \le \text{tol}\cdot\|b\|_2$. 이 검사는 **각 스윕 전에** 합니다.
#   그래서 이미 답인 `x0`를 주면 `n_iter = 0`이고, $b = 0$이면 `(0, 0)`입니다. 절대 잔차
#   $\|b - Ax\| \le \text{tol}$로 멈추면 $b$의 단위에 따라 반복 수가 달라집니다(강의 §1의 시연).
# - `n_iter`는 **실제로 한 스윕 수**입니다. `max_iter`번 스윕한 뒤에도 멈추지 못하면 `(x, max_iter)`.
# - 한 스윕 안에서 새로 구한 성분을 바로 쓰면 가우스-자이델 법이 되어 반복 수가 달라집니다. 야코비는 모든
#   성분을 **지난 스윕의 값**으로 새로 구합니다.
# - `x`는 float64, 모양 `(n,)`입니다(정수 입력이어도).

# %%
def jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000):
    """Jacobi iteration for Ax = b; stops when ||b - Ax|| <= tol ||b|| (checked before each sweep)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("jacobi")

# %% [markdown]
# ## 문제 2. `conjugate_gradient(A, b, x0=None, tol=1e-10, max_iter=None)` (4점)
#
# 켤레 기울기법으로 SPD 시스템 $Ax = b$를 풀어 `(x, n_iter)`를 돌려주세요(강의 §2).
#
# $$\alpha_k = \frac{r_k^{\mathsf T}r_k}{p_k^{\mathsf T}Ap_k},\quad x_{k+1} = x_k + \alpha_k p_k,\quad r_{k+1} = r_k - \alpha_k Ap_k,\quad p_{k+1} = r_{k+1} + \frac{r_{k+1}^{\mathsf T}r_{k+1}}{r_k^{\mathsf T}r_k}\,p_k$$
#
# - `A`는 SPD **배열**이거나, 벡터 `v`를 받아 $Av$를 돌려주는 **함수**(행렬-벡터 곱, `callable(A)`)입니다.
#   큰 희소 문제에서는 행렬을 만들지 않고 곱만 주기 때문입니다. $n$은 `b`의 길이입니다.
# - `x0`가 `None`이면 영벡터에서 시작하고, 주어지면 $r_0 = b - Ax_0$에서 시작합니다. 입력을 바꾸지 마세요.
# - **멈춤 규칙**: $\|r_k\|_2 \le \text{tol}\cdot\|b\|_2$를 각 반복 전에 검사합니다(점화식의 $r_k$를 써도
#   됩니다). 이미 답인 `x0`이면 `n_iter = 0`, $b = 0$이면 `(영벡터, 0)`입니다(0/0을 만들지 마세요).
# - `n_iter`는 한 반복 수(행렬-벡터 곱 $Ap_k$의 수)이고, `max_iter=None`은 $10n$입니다. 유한 정밀도에서는
#   $n$번보다 더 걸리는 행렬이 있습니다(강의 §2의 심화).
# - 반복 수는 `scipy.sparse.linalg.cg`가 같은 규칙으로 센 수와 비교합니다(반올림 차이를 감안해 ±3%, 최소 ±1의
#   여유). 최급 강하법(매번 $p_k = r_k$)은 $\kappa \approx 100$에서 몇 배 더 걸리므로 통과하지 못합니다.

# %%
def conjugate_gradient(A, b, x0=None, tol=1e-10, max_iter=None):
    """Conjugate gradient for SPD A (an array or a matvec callable); returns (x, n_iter)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("conjugate_gradient")

# %% [markdown]
# ## 문제 3. `power_iteration(A, num_iter=1000, tol=1e-12, seed=0)` (3점)
#
# 대칭 행렬 `A`(가장 큰 $|\lambda|$가 하나뿐)의 지배 고윳값과 단위 고유벡터 `(eigval, eigvec)`를
# 거듭제곱법으로 구하세요(강의 §4).
#
# - 시작 벡터는 `np.random.default_rng(seed)`의 정규 난수 벡터입니다.
# - **매 반복 정규화**하세요: $x \leftarrow Ax/\|Ax\|$. 정규화하지 않으면 $|\lambda| = 10^6$인 행렬에서
#   수십 번 만에 overflow하고, $10^{-6}$이면 underflow합니다.
# - 고윳값은 **레일리 몫** $x^{\mathsf T}Ax$ ($\|x\| = 1$)입니다. 부호가 남아서 지배 고윳값이 음수여도
#   맞습니다. $\|Ax\|/\|x\|$는 $|\lambda|$만 줍니다.
# - **멈춤 규칙**: 레일리 몫의 변화가 $\text{tol}\cdot|\lambda|$ 이하이면(상대 변화), 아니면 `num_iter`번 뒤에
#   멈춥니다. 절대 변화 $\le \text{tol}$로 멈추면 $|\lambda| = 10^{-6}$인 행렬에서 너무 일찍 멈춥니다.
# - `eigval`은 float, `eigvec`은 길이 1인 float64 벡터(부호는 어느 쪽이든)입니다. `A`를 바꾸지 마세요.
# - 허용 오차: 고윳값 상대 오차 $10^{-9}$, 고유벡터와 참 고유벡터 사이 각의 사인 $10^{-4}$.

# %%
def power_iteration(A, num_iter=1000, tol=1e-12, seed=0):
    """Dominant eigenpair of a symmetric A by power iteration with the Rayleigh quotient."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("power_iteration")
