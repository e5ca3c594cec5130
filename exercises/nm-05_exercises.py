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
# # nm-05 연습 문제: 수치 선형대수
#
# 강의 노트북 [`nm-05_linear_algebra`](../notebooks/nm-05_linear_algebra.ipynb)에서 본 삼각 시스템의
# 대입, 부분 피벗팅(partial pivoting) LU 분해, QR 최소제곱, 2-노름 조건수(condition number)를 직접
# 구현합니다. 각 문제는 **함수 하나**와 그 아래의 **검사 셀**로 되어 있습니다.
#
# - `# YOUR CODE HERE` 자리에 코드를 쓰고 `raise NotImplementedError()` 줄을 지우세요.
# - 검사 셀 `check("이름")`을 실행하면 사례별로 ✅/❌와 (틀린 경우) 입력, 기대값, 결과, 상대 오차,
#   강의의 어느 절을 보면 되는지 힌트가 나옵니다. 검사는 오류가 나도 멈추지 않고, 끝나지 않는
#   사례는 10초에서 끊으므로 "Run All"은 언제나 끝까지 실행됩니다.
# - 채점은 같은 검사를 사용합니다. 한 문제의 점수는 **모든 사례를 통과해야** 받습니다.
#   함수 이름과 시그니처를 바꾸지 마세요. 입력 배열을 제자리에서 바꾸지 마세요.
# - 기준값은 여러분의 코드와 독립적으로 SciPy(`solve_triangular`, `lu`), NumPy(`lstsq`, `cond`),
#   정확한 역행렬(`scipy.linalg.invhilbert`), 미리 정해 둔 참값으로 계산합니다.
#
# | 문제 | 함수 | 점수 |
# |---|---|---|
# | 1 | `forward_substitution(L, b)` | 1.5 |
# | 2 | `back_substitution(U, b)` | 1.5 |
# | 3 | `lu_partial_pivot(A)` | 3 |
# | 4 | `lstsq_qr(A, b)` | 2 |
# | 5 | `cond2(A)` | 2 |
# | | 합계 | 10 |
#
# 1–3번은 NumPy의 배열 연산만 쓰세요. `np.linalg.solve`, `scipy.linalg.lu`를 부르면 연습이 되지
# 않습니다(검사는 이것을 구별하지 못하지만, 여러분은 구별할 수 있습니다).

# %%
import numpy as np
import scipy.linalg

from utils.checks import check

# %% [markdown]
# ## 문제 1. `forward_substitution(L, b)` (1.5점)
#
# 하삼각 행렬 $L$($n\times n$, float64, 대각 원소는 0이 아니고 **1이 아닐 수도 있음**)과 벡터 $b$($n$개)로
# $Ly = b$를 풉니다(강의 §3, 전진 대입).
#
# $$y_i = \frac{b_i - \sum_{j<i} \ell_{ij}\, y_j}{\ell_{ii}}, \qquad i = 1, 2, \ldots, n \text{ (이 순서로)}$$
#
# - 모양 $(n,)$의 float64 배열을 돌려주세요. $b$가 정수 배열이어도 결과는 float64입니다.
# - `L`과 `b`를 바꾸지 마세요.

# %%
def forward_substitution(L, b):
    """Solve L y = b for a lower-triangular L, row by row from the top."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("forward_substitution")

# %% [markdown]
# ## 문제 2. `back_substitution(U, b)` (1.5점)
#
# 상삼각 행렬 $U$($n\times n$, float64, 대각 원소는 0이 아님)와 벡터 $b$로 $Ux = b$를 풉니다(강의 §3의
# 손 계산 예, 후진 대입).
#
# $$x_i = \frac{b_i - \sum_{j>i} u_{ij}\, x_j}{u_{ii}}, \qquad i = n, n-1, \ldots, 1 \text{ (아래에서 위로)}$$
#
# 모양 $(n,)$의 float64 배열을 돌려주고, `U`와 `b`를 바꾸지 마세요.

# %%
def back_substitution(U, b):
    """Solve U x = b for an upper-triangular U, row by row from the bottom."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("back_substitution")

# %% [markdown]
# ## 문제 3. `lu_partial_pivot(A)` (3점)
#
# 정사각 행렬 $A$(정수 배열일 수도 있음)의 부분 피벗팅 LU 분해 $PA = LU$를 `(P, L, U)`로 돌려주세요.
#
# - `P`: $n\times n$ **치환 행렬**(permutation matrix, 각 행과 열에 1이 하나; 인덱스 벡터가 아님).
# - `L`: 단위 하삼각(대각이 1), 모든 $|\ell_{ij}| \le 1$. `U`: 상삼각. 셋 다 float64.
# - $k$번째 단계에서 $k$번째 열의 $k$행 아래(포함)에서 **절댓값이 가장 큰** 원소를 피벗으로 올립니다
#   ("0이 아닌 첫 원소"가 아님). 행을 바꿀 때는 이미 구한 $L$의 왼쪽 열들도 함께 바꿉니다.
# - 규약은 $PA = LU$입니다. SciPy의 `scipy.linalg.lu`는 $A = PLU$를 돌려주므로 그 $P$는 전치
#   관계입니다(강의 §3).
# - $A$를 바꾸지 마세요. 강의 §3의 `lu_no_pivot`에 행 교환을 더하면 됩니다.

# %%
def lu_partial_pivot(A):
    """P A = L U with partial pivoting: P a permutation matrix, L unit lower, U upper."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("lu_partial_pivot")

# %% [markdown]
# ## 문제 4. `lstsq_qr(A, b)` (2점)
#
# 세로로 긴($m \ge n$) 계수가 꽉 찬(full rank) $A$와 벡터 $b$($m$개)에 대해 최소제곱 해
# $\arg\min_x \lVert Ax - b\rVert_2$를 하우스홀더(Householder) QR(`np.linalg.qr`)로 구해 모양 $(n,)$의
# float64 배열로 돌려주세요(강의 §5).
#
# - 축소 QR(reduced QR) $A = QR$로 $Rx = Q^{\mathsf T}b$를 풉니다. 삼각 풀이는
#   `scipy.linalg.solve_triangular`로 하세요(문제 2의 함수에 기대면 그 문제의 실수가 이 문제로 번집니다).
# - 정규 방정식 $A^{\mathsf T}Ax = A^{\mathsf T}b$는 조건수를 제곱하므로 $\kappa(A) = 10^8$에서
#   검사를 통과하지 못합니다.
# - `A`와 `b`를 바꾸지 마세요.

# %%
def lstsq_qr(A, b):
    """Least-squares solution of A x ~ b via the reduced Householder QR: R x = Q^T b."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("lstsq_qr")

# %% [markdown]
# ## 문제 5. `cond2(A)` (2점)
#
# 행렬 $A$($m\times n$, 정사각이 아니어도 됨)의 2-노름 조건수 $\kappa_2(A) = \sigma_{\max}/\sigma_{\min}$을
# 특이값 분해(`np.linalg.svd(A, compute_uv=False)`)로 구해 float 하나로 돌려주세요(강의 §1, §6).
#
# - 프로베니우스 노름(`'fro'`), 1-노름, 고윳값의 비는 **다른 수**입니다.
# - $\sigma_{\min} = 0$이면(영행렬 포함) `np.inf`를 돌려주세요. $0/0$의 NaN이나 예외가 아닙니다.
# - $A^{\mathsf T}A$의 고윳값으로 구하면 조건수가 제곱되어 $\kappa \gtrsim 10^8$에서 틀립니다.

# %%
def cond2(A):
    """2-norm condition number sigma_max / sigma_min from the SVD (inf when singular)."""
    # YOUR CODE HERE
    raise NotImplementedError()


# %%
check("cond2")

# %% [markdown]
# ## 마무리
#
# 모든 검사가 ✅이면 이 노트북을 저장해 제출하세요. 채점기는 노트북을 처음부터 새 커널에서
# 실행한 뒤, 노트북 끝에 정의되어 있는 함수들에 같은 검사를 다시 적용합니다.
