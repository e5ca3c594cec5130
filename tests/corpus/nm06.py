"""Wrong implementations of the nm-06 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice.

Most wrong versions are one-line edits of a right answer (``_JACOBI``, ``_CG``,
``_POWER``), so that each differs from it by exactly the mistake its label names.
"""

from tests.corpus import edit

_JACOBI = """
def jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000):
    A = np.asarray(A, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    d = np.diag(A)
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)
    target = tol * np.linalg.norm(b)
    for k in range(max_iter):
        r = b - A @ x
        if np.linalg.norm(r) <= target:
            return x, k
        x = x + r / d
    return x, max_iter
"""

_CG = """
def conjugate_gradient(A, b, x0=None, tol=1e-10, max_iter=None):
    b = np.asarray(b, dtype=np.float64)
    if callable(A):
        matvec = lambda v: np.asarray(A(v), dtype=np.float64)
    else:
        A_arr = np.asarray(A, dtype=np.float64)
        matvec = lambda v: A_arr @ v
    n = b.shape[0]
    if max_iter is None:
        max_iter = 10 * n
    b_norm = np.linalg.norm(b)
    if b_norm == 0:
        return np.zeros_like(b), 0
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)
    r = b.copy() if x0 is None else b - matvec(x)
    p = r.copy()
    rr = r @ r
    for k in range(max_iter):
        if np.sqrt(rr) <= tol * b_norm:
            return x, k
        Ap = matvec(p)
        alpha = rr / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rr_new = r @ r
        p = r + (rr_new / rr) * p
        rr = rr_new
    return x, max_iter
"""

_POWER = """
def power_iteration(A, num_iter=1000, tol=1e-12, seed=0):
    A = np.asarray(A, dtype=np.float64)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(A.shape[0])
    x /= np.linalg.norm(x)
    lam = x @ (A @ x)
    for _ in range(num_iter):
        y = A @ x
        x = y / np.linalg.norm(y)
        lam_new = x @ (A @ x)
        converged = abs(lam_new - lam) <= tol * abs(lam_new)
        lam = lam_new
        if converged:
            break
    return float(lam), x
"""


def _edit(src: str, old: str, new: str) -> str:
    return edit(src, (old, new))


WRONG = {
    "jacobi": {
        "absolute residual stop": _edit(
            _JACOBI, "target = tol * np.linalg.norm(b)", "target = tol"
        ),
        "stop checked after the sweep": _edit(
            _JACOBI,
            """        r = b - A @ x
        if np.linalg.norm(r) <= target:
            return x, k
        x = x + r / d""",
            """        r = b - A @ x
        x = x + r / d
        if np.linalg.norm(b - A @ x) <= target:
            return x, k + 1""",
        ),
        "n_iter off by one (k + 1)": _edit(_JACOBI, "return x, k\n", "return x, k + 1\n"),
        "Gauss-Seidel instead of Jacobi": _edit(
            _JACOBI,
            "        x = x + r / d\n",
            """        for i in range(len(b)):
            x[i] = (b[i] - A[i] @ x + A[i, i] * x[i]) / A[i, i]
""",
        ),
        "ignores x0": _edit(
            _JACOBI,
            "x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)",
            "x = np.zeros_like(b)",
        ),
        "mutates x0 in place": _edit(
            _JACOBI,
            """x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)""",
            """x = np.zeros_like(b) if x0 is None else x0""",
        ).replace("x = x + r / d", "x += r / d"),
        "mutates b (scales the system by D in place)": """
def jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000):
    d = np.diag(np.asarray(A, dtype=np.float64)).copy()
    A = np.asarray(A, dtype=np.float64) / d[:, None]
    b = np.asarray(b, dtype=np.float64)
    b /= d  # the caller's b is changed
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)
    target = tol * np.linalg.norm(b)
    for k in range(max_iter):
        r = b - A @ x
        if np.linalg.norm(r) <= target:
            return x, k
        x = x + r
    return x, max_iter
""",
        "stops on the step size ||x_new - x||": """
def jacobi(A, b, x0=None, tol=1e-10, max_iter=10_000):
    A = np.asarray(A, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    d = np.diag(A)
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)
    for k in range(max_iter):
        x_new = x + (b - A @ x) / d
        if np.linalg.norm(x_new - x) <= tol * np.linalg.norm(x_new):
            return x_new, k + 1
        x = x_new
    return x, max_iter
""",
        "max-norm of the residual instead of the 2-norm": _edit(
            _JACOBI,
            """target = tol * np.linalg.norm(b)
    for k in range(max_iter):
        r = b - A @ x
        if np.linalg.norm(r) <= target:""",
            """target = tol * np.abs(b).max(initial=0.0)
    for k in range(max_iter):
        r = b - A @ x
        if np.abs(r).max() <= target:""",
        ),
        "strict < in the stop (b = 0 never stops)": _edit(
            _JACOBI, "if np.linalg.norm(r) <= target:", "if np.linalg.norm(r) < target:"
        ),
        "x keeps the integer dtype of b": _edit(
            _JACOBI,
            """    b = np.asarray(b, dtype=np.float64)
    d = np.diag(A)
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)""",
            """    d = np.diag(A)
    x = np.zeros_like(b) if x0 is None else np.array(x0)""",
        ).replace("x = x + r / d", "x = (x + r / d).astype(x.dtype)"),
        "max_iter ignored (fixed 10_000)": _edit(
            _JACOBI, "for k in range(max_iter):", "for k in range(10_000):"
        ),
    },
    "conjugate_gradient": {
        "steepest descent (p = r)": _edit(_CG, "p = r + (rr_new / rr) * p", "p = r.copy()"),
        "absolute residual stop": _edit(
            _CG, "if np.sqrt(rr) <= tol * b_norm:", "if np.sqrt(rr) <= tol:"
        ),
        "only accepts arrays (callable matvec fails)": _edit(
            _CG,
            """    if callable(A):
        matvec = lambda v: np.asarray(A(v), dtype=np.float64)
    else:
        A_arr = np.asarray(A, dtype=np.float64)
        matvec = lambda v: A_arr @ v""",
            """    A_arr = np.asarray(A, dtype=np.float64)
    matvec = lambda v: A_arr @ v""",
        ),
        "max_iter default n instead of 10n": _edit(_CG, "max_iter = 10 * n", "max_iter = n"),
        "n_iter off by one (k + 1)": _edit(_CG, "return x, k\n", "return x, k + 1\n"),
        "ignores x0": _edit(
            _CG,
            """    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)
    r = b.copy() if x0 is None else b - matvec(x)""",
            """    x = np.zeros_like(b)
    r = b.copy()""",
        ),
        "x0 used but r0 = b (inconsistent residual)": _edit(
            _CG, "r = b.copy() if x0 is None else b - matvec(x)", "r = b.copy()"
        ),
        "b = 0 not handled (0/0)": _edit(
            _CG,
            """    if b_norm == 0:
        return np.zeros_like(b), 0
""",
            "",
        ).replace("if np.sqrt(rr) <= tol * b_norm:", "if np.sqrt(rr) < tol * b_norm:"),
        "mutates b (r aliases b)": _edit(
            _CG,
            "r = b.copy() if x0 is None else b - matvec(x)",
            "r = b if x0 is None else b - matvec(x)",
        ).replace("r = r - alpha * Ap", "r -= alpha * Ap"),
        "mutates x0 (x aliases x0)": _edit(
            _CG,
            "x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=np.float64)",
            "x = np.zeros_like(b) if x0 is None else x0",
        ).replace("x = x + alpha * p", "x += alpha * p"),
        "beta upside down (rr / rr_new)": _edit(
            _CG, "p = r + (rr_new / rr) * p", "p = r + (rr / rr_new) * p"
        ),
        "stop checked after the step": _edit(
            _CG,
            """    for k in range(max_iter):
        if np.sqrt(rr) <= tol * b_norm:
            return x, k
        Ap = matvec(p)""",
            """    for k in range(max_iter):
        Ap = matvec(p)""",
        ).replace(
            "        rr = rr_new\n",
            "        rr = rr_new\n"
            "        if np.sqrt(rr) <= tol * b_norm:\n"
            "            return x, k + 1\n",
        ),
        "integer b kept (r in int dtype)": _edit(
            _CG, "    b = np.asarray(b, dtype=np.float64)\n", "    b = np.asarray(b)\n"
        ).replace("r = r - alpha * Ap", "r -= alpha * Ap"),
    },
    "power_iteration": {
        "no normalisation (overflow)": """
def power_iteration(A, num_iter=1000, tol=1e-12, seed=0):
    A = np.asarray(A, dtype=np.float64)
    x = np.random.default_rng(seed).standard_normal(A.shape[0])
    lam = (x @ A @ x) / (x @ x)
    for _ in range(num_iter):
        x = A @ x
        lam_new = (x @ A @ x) / (x @ x)
        if abs(lam_new - lam) <= tol * abs(lam_new):
            lam = lam_new
            break
        lam = lam_new
    return float(lam), x / np.linalg.norm(x)
""",
        "eigenvalue by the norm ratio (sign lost)": _edit(
            _POWER, "lam_new = x @ (A @ x)", "lam_new = np.linalg.norm(A @ x)"
        ),
        "absolute tolerance on the change": _edit(
            _POWER,
            "converged = abs(lam_new - lam) <= tol * abs(lam_new)",
            "converged = abs(lam_new - lam) <= tol",
        ),
        "eigvec not normalised (returns A x)": _edit(
            _POWER, "return float(lam), x\n", "return float(lam), A @ x\n"
        ),
        "stops after the first step (tol ignored, compares with itself)": _edit(
            _POWER,
            "converged = abs(lam_new - lam) <= tol * abs(lam_new)",
            "converged = abs(lam_new - lam_new) <= tol * abs(lam_new)",
        ),
        "max-norm scaling, quotient without x^T x": _edit(
            _POWER, "x = y / np.linalg.norm(y)", "x = y / np.abs(y).max()"
        ),
        "mutates A (rescales it in place)": """
def power_iteration(A, num_iter=1000, tol=1e-12, seed=0):
    A = np.asarray(A, dtype=np.float64)
    scale = np.abs(A).max()
    A /= scale  # the caller's matrix is changed
    x = np.random.default_rng(seed).standard_normal(A.shape[0])
    x /= np.linalg.norm(x)
    lam = x @ (A @ x)
    for _ in range(num_iter):
        y = A @ x
        x = y / np.linalg.norm(y)
        lam_new = x @ (A @ x)
        converged = abs(lam_new - lam) <= tol * abs(lam_new)
        lam = lam_new
        if converged:
            break
    return float(lam * scale), x
""",
        "eigenvalue from the un-normalised quotient y^T y": _edit(
            _POWER, "lam_new = x @ (A @ x)", "lam_new = y @ y"
        ),
        "eigvec as an (n, 1) column": _edit(
            _POWER, "return float(lam), x\n", "return float(lam), x.reshape(-1, 1)\n"
        ),
        "float32 arithmetic (eigenvalue to 7 digits only)": _edit(
            _POWER, "A = np.asarray(A, dtype=np.float64)", "A = np.asarray(A, dtype=np.float32)"
        ),
        "returns the eigenvalue as a 1-element array": _edit(
            _POWER, "return float(lam), x\n", "return np.array([lam]), x\n"
        ),
    },
}
