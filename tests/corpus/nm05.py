"""Wrong implementations of the nm-05 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice. Calling ``np.linalg.solve`` or
``scipy.linalg.solve_triangular`` for a triangular system, or ``np.linalg.lstsq`` for
``lstsq_qr``, gives right answers and passes: a check cannot tell how a right answer was
computed.
"""

from tests.corpus import edit

_FORWARD_OK = """
def forward_substitution(L, b):
    L = np.asarray(L, dtype=np.float64)
    y = np.array(b, dtype=np.float64)
    for i in range(len(y)):
        y[i] = (y[i] - L[i, :i] @ y[:i]) / L[i, i]
    return y
"""

_BACK_OK = """
def back_substitution(U, b):
    U = np.asarray(U, dtype=np.float64)
    x = np.array(b, dtype=np.float64)
    for i in range(len(x) - 1, -1, -1):
        x[i] = (x[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return x
"""

_LU_OK = """
def lu_partial_pivot(A):
    U = np.array(A, dtype=np.float64)
    n = U.shape[0]
    L = np.eye(n)
    perm = np.arange(n)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if p != k:
            U[[k, p], k:] = U[[p, k], k:]
            L[[k, p], :k] = L[[p, k], :k]
            perm[[k, p]] = perm[[p, k]]
        if U[k, k] != 0.0:
            L[k + 1:, k] = U[k + 1:, k] / U[k, k]
            U[k + 1:, k:] -= np.outer(L[k + 1:, k], U[k, k:])
    return np.eye(n)[perm], L, np.triu(U)
"""


WRONG: dict[str, dict[str, str]] = {
    "forward_substitution": {
        "wrong loop order (bottom-up)": edit(
            _FORWARD_OK, ("for i in range(len(y)):", "for i in range(len(y) - 1, -1, -1):")
        ),
        "ignores the diagonal (assumes unit L)": edit(
            _FORWARD_OK, ("(y[i] - L[i, :i] @ y[:i]) / L[i, i]", "y[i] - L[i, :i] @ y[:i]")
        ),
        "np.zeros_like(b): integer b truncates": edit(
            _FORWARD_OK,
            ("y = np.array(b, dtype=np.float64)", "y = np.zeros_like(b)"),
            ("(y[i] - L[i, :i]", "(b[i] - L[i, :i]"),
        ),
        "writes into b (no copy)": edit(
            _FORWARD_OK,
            ("y = np.array(b, dtype=np.float64)", "y = np.asarray(b, dtype=np.float64)"),
        ),
        "sums with b instead of the solved y": edit(
            _FORWARD_OK, ("L[i, :i] @ y[:i]", "L[i, :i] @ b[:i]")
        ),
        "uses the transpose (column i above the diagonal)": edit(
            _FORWARD_OK, ("L[i, :i] @ y[:i]", "L[:i, i] @ y[:i]")
        ),
        "skips the first row (range(1, n))": edit(
            _FORWARD_OK, ("for i in range(len(y)):", "for i in range(1, len(y)):")
        ),
        "float32 arithmetic": edit(
            _FORWARD_OK,
            ("L = np.asarray(L, dtype=np.float64)", "L = np.asarray(L, dtype=np.float32)"),
            ("y = np.array(b, dtype=np.float64)", "y = np.array(b, dtype=np.float32)"),
        ),
    },
    "back_substitution": {
        "wrong loop order (top-down)": edit(
            _BACK_OK, ("for i in range(len(x) - 1, -1, -1):", "for i in range(len(x)):")
        ),
        "ignores the diagonal (assumes unit U)": edit(
            _BACK_OK,
            ("(x[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]", "x[i] - U[i, i + 1:] @ x[i + 1:]"),
        ),
        "np.zeros_like(b): integer b truncates": edit(
            _BACK_OK,
            ("x = np.array(b, dtype=np.float64)", "x = np.zeros_like(b)"),
            ("(x[i] - U[i, i + 1:]", "(b[i] - U[i, i + 1:]"),
        ),
        "writes into b (no copy)": edit(
            _BACK_OK, ("x = np.array(b, dtype=np.float64)", "x = np.asarray(b, dtype=np.float64)")
        ),
        "stops before row 0 (range(n - 1, 0, -1))": edit(
            _BACK_OK, ("range(len(x) - 1, -1, -1)", "range(len(x) - 1, 0, -1)")
        ),
        "divides only the first term": edit(
            _BACK_OK,
            (
                "(x[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]",
                "x[i] / U[i, i] - U[i, i + 1:] @ x[i + 1:]",
            ),
        ),
        "uses the lower triangle (U[i + 1:, i])": edit(
            _BACK_OK, ("U[i, i + 1:] @ x[i + 1:]", "U[i + 1:, i] @ x[i + 1:]")
        ),
    },
    "lu_partial_pivot": {
        "no pivoting (fails on [[1e-20, 1], [1, 1]])": edit(
            _LU_OK, ("p = k + int(np.argmax(np.abs(U[k:, k])))", "p = k")
        ),
        "pivot = first nonzero entry instead of the largest": edit(
            _LU_OK,
            (
                "p = k + int(np.argmax(np.abs(U[k:, k])))",
                "p = k + int(np.flatnonzero(U[k:, k])[0])",
            ),
        ),
        "pivot = largest signed value, not largest |value|": edit(
            _LU_OK, ("np.argmax(np.abs(U[k:, k]))", "np.argmax(U[k:, k])")
        ),
        "argmax index without the + k offset": edit(
            _LU_OK,
            (
                "p = k + int(np.argmax(np.abs(U[k:, k])))",
                "p = max(k, int(np.argmax(np.abs(U[k:, k]))))",
            ),
        ),
        "earlier multipliers of L not swapped": edit(
            _LU_OK, ("            L[[k, p], :k] = L[[p, k], :k]\n", "")
        ),
        "P returned for A = P L U (SciPy's convention)": edit(
            _LU_OK, ("return np.eye(n)[perm], L", "return np.eye(n)[perm].T, L")
        ),
        "P returned as an index vector": edit(
            _LU_OK, ("return np.eye(n)[perm], L", "return perm, L")
        ),
        "L not unit-diagonal (Crout: the pivots in L, U unit)": edit(
            _LU_OK,
            (
                "return np.eye(n)[perm], L, np.triu(U)",
                "d = np.diag(U).copy()\n    return np.eye(n)[perm], L * d, np.triu(U) / d[:, None]",
            ),
        ),
        "works on A itself (mutates the input)": edit(
            _LU_OK, ("U = np.array(A, dtype=np.float64)", "U = A")
        ),
        "copy keeps the integer dtype (multipliers truncated)": edit(
            _LU_OK, ("U = np.array(A, dtype=np.float64)", "U = np.array(A)")
        ),
        "scipy.linalg.lu as it is (A = P L U)": """
import scipy.linalg


def lu_partial_pivot(A):
    return scipy.linalg.lu(A)
""",
    },
    "lstsq_qr": {
        "normal equations (fails at cond(A) = 1e8)": """
def lstsq_qr(A, b):
    return np.linalg.solve(A.T @ A, A.T @ b)
""",
        "inv(A^T A) A^T b": """
def lstsq_qr(A, b):
    A = np.asarray(A, dtype=float)
    return np.linalg.inv(A.T @ A) @ A.T @ b
""",
        "Cholesky of the normal equations": """
def lstsq_qr(A, b):
    A = np.asarray(A, dtype=float)
    C = np.linalg.cholesky(A.T @ A)
    return np.linalg.solve(C.T, np.linalg.solve(C, A.T @ b))
""",
        "QR, then the normal equations of R (R^T R x = R^T Q^T b)": """
def lstsq_qr(A, b):
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R.T @ R, R.T @ (Q.T @ b))
""",
        "classical Gram-Schmidt instead of Householder": """
def lstsq_qr(A, b):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    R = np.zeros((n, n))
    for j in range(n):
        R[:j, j] = Q[:, :j].T @ A[:, j]
        v = A[:, j] - Q[:, :j] @ R[:j, j]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return np.linalg.solve(R, Q.T @ b)
""",
        "complete QR without keeping the first n rows": """
def lstsq_qr(A, b):
    Q, R = np.linalg.qr(A, mode="complete")
    return np.linalg.solve(R, Q.T @ b)
""",
        "returns a column (n, 1)": """
def lstsq_qr(A, b):
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R, Q.T @ np.asarray(b, dtype=float)[:, None])
""",
        "float32 QR": """
def lstsq_qr(A, b):
    Q, R = np.linalg.qr(np.asarray(A, dtype=np.float32))
    return np.linalg.solve(R, Q.T @ np.asarray(b, dtype=np.float32)).astype(np.float64)
""",
        "solves with R^T (the wrong triangle)": """
def lstsq_qr(A, b):
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R.T, Q.T @ b)
""",
    },
    "cond2": {
        "Frobenius norms ||A||_F ||A^+||_F": """
def cond2(A):
    return float(np.linalg.norm(A, "fro") * np.linalg.norm(np.linalg.pinv(A), "fro"))
""",
        "np.linalg.cond(A, 'fro')": """
def cond2(A):
    return float(np.linalg.cond(A, "fro"))
""",
        "1-norm condition number": """
def cond2(A):
    return float(np.linalg.cond(A, 1))
""",
        "ratio of |eigenvalues|": """
def cond2(A):
    lam = np.abs(np.linalg.eigvals(A))
    return float(lam.max() / lam.min())
""",
        "sqrt of the eigenvalues of A^T A (squares kappa)": """
def cond2(A):
    lam = np.linalg.eigvalsh(A.T @ A)
    with np.errstate(all="ignore"):
        return float(np.sqrt(lam.max() / lam.min()))
""",
        "sigma_min / sigma_max (inverted)": """
def cond2(A):
    s = np.linalg.svd(A, compute_uv=False)
    return float(s[-1] / s[0])
""",
        "plain s[0] / s[-1]: NaN for the zero matrix": """
def cond2(A):
    s = np.linalg.svd(A, compute_uv=False)
    with np.errstate(all="ignore"):
        return float(s[0] / s[-1])
""",
        "||A||_2 ||A^-1||_2 (fails when singular or not square)": """
def cond2(A):
    return float(np.linalg.norm(A, 2) * np.linalg.norm(np.linalg.inv(A), 2))
""",
        "float32 SVD": """
def cond2(A):
    s = np.linalg.svd(np.asarray(A, dtype=np.float32), compute_uv=False)
    return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")
""",
        "returns a 1-element array": """
def cond2(A):
    s = np.linalg.svd(A, compute_uv=False)
    return np.array([s[0] / s[-1]]) if s[-1] > 0 else np.array([np.inf])
""",
    },
}
