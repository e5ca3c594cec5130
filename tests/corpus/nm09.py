"""Wrong implementations of the nm-09 exercises; each must lose its exercise's points.

Keys: exercise name -> {short description: source defining that name}. Sources run with
``np`` (NumPy) and ``math`` available. The first entries are COURSE.md's "must reject"
column; the rest are subtler mistakes seen in practice. Most are one-line edits of a
right answer, so that each differs from it by exactly the mistake its label names.
"""

from tests.corpus import edit

_LS = """
import numpy as np

def backtracking_line_search(f, grad, x, p, alpha0=1.0, rho=0.5, c=1e-4):
    x = np.asarray(x, dtype=float)
    p = np.asarray(p, dtype=float)
    slope = float(np.dot(grad(x), p))
    if not slope < 0:
        raise ValueError("not a descent direction")
    fx = f(x)
    alpha = alpha0
    for _ in range(200):
        if f(x + alpha * p) <= fx + c * alpha * slope:
            return alpha
        alpha *= rho
    return alpha
"""

_ADAM = """
import math
import numpy as np

def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    param = param - lr * m_hat / (np.sqrt(v_hat) + eps)
    return param, m, v
"""

_NEWTON = """
import warnings
import numpy as np

def newton_minimize(grad, hess, x0, tol=1e-10, max_iter=50):
    x = np.array(x0, dtype=float)
    n = 0
    while np.linalg.norm(grad(x)) > tol and n < max_iter:
        x = x - np.linalg.solve(hess(x), grad(x))
        n += 1
    if np.linalg.eigvalsh(hess(x)).min() <= 0:
        warnings.warn("not a minimum", RuntimeWarning)
    return x, n
"""


def _edit(src: str, old: str, new: str) -> str:
    return edit(src, (old, new))


WRONG = {
    "backtracking_line_search": {
        "accepting any decrease": _edit(_LS, "<= fx + c * alpha * slope", "< fx"),
        "Armijo with the wrong sign": _edit(
            _LS, "fx + c * alpha * slope", "fx - c * alpha * slope"
        ),
        "c·α·‖p‖² instead of c·α·∇fᵀp": _edit(
            _LS, "fx + c * alpha * slope", "fx - c * alpha * float(np.dot(p, p))"
        ),
        "no ValueError for ascent directions": _edit(
            _LS, '        raise ValueError("not a descent direction")\n', "        pass\n"
        ),
        "ValueError only for ascent, not for grad ⟂ p": _edit(_LS, "not slope < 0", "slope > 0"),
        "always returns alpha0": """
import numpy as np

def backtracking_line_search(f, grad, x, p, alpha0=1.0, rho=0.5, c=1e-4):
    if float(np.dot(grad(np.asarray(x)), p)) >= 0:
        raise ValueError("not a descent direction")
    return alpha0
""",
        "accepts NaN values of f (a > b is False for NaN)": _edit(
            _LS,
            "if f(x + alpha * p) <= fx + c * alpha * slope:",
            "if not f(x + alpha * p) > fx + c * alpha * slope:",
        ),
        "ignores alpha0 (always starts at 1)": _edit(_LS, "alpha = alpha0", "alpha = 1.0"),
        "ignores rho (always halves)": _edit(_LS, "alpha *= rho", "alpha *= 0.5"),
        "returns the last rejected alpha": _edit(
            _LS, "            return alpha\n", "            return alpha / rho\n"
        ),
        "c forgotten (f(x+αp) ≤ f(x) + α∇fᵀp)": _edit(
            _LS, "fx + c * alpha * slope", "fx + alpha * slope"
        ),
        "gradient taken at the trial point x + αp": _edit(
            _LS, "fx + c * alpha * slope", "fx + c * alpha * float(np.dot(grad(x + alpha * p), p))"
        ),
        "first trial is rho·alpha0 (alpha0 never tested)": _edit(
            _LS, "alpha = alpha0", "alpha = alpha0 * rho"
        ),
        "mutates x (in-place step)": _edit(
            _LS,
            "        if f(x + alpha * p) <= fx + c * alpha * slope:",
            "        x += alpha * p\n        if f(x) <= fx + c * alpha * slope:",
        ).replace("x = np.asarray(x, dtype=float)", "x = x"),
    },
    "adam_step": {
        "no bias correction": _edit(
            _edit(_ADAM, "m / (1 - beta1**t)", "m"), "v / (1 - beta2**t)", "v"
        ),
        "eps inside the sqrt": _edit(_ADAM, "(np.sqrt(v_hat) + eps)", "np.sqrt(v_hat + eps)"),
        "only m bias-corrected": _edit(_ADAM, "v / (1 - beta2**t)", "v"),
        "t 0-based (bias correction with t + 1)": _edit(
            _edit(_ADAM, "beta1**t)", "beta1 ** (t + 1))"), "beta2**t)", "beta2 ** (t + 1))"
        ),
        "m and v updated with g and g² swapped": _edit(
            _edit(_ADAM, "(1 - beta1) * grad\n", "(1 - beta1) * grad * grad\n"),
            "(1 - beta2) * grad * grad\n",
            "(1 - beta2) * grad\n",
        ).replace("np.sqrt(v_hat)", "np.sqrt(np.abs(v_hat))"),
        "eps added before the bias correction of v": _edit(
            _ADAM, "(np.sqrt(v_hat) + eps)", "((np.sqrt(v) + eps) / math.sqrt(1 - beta2**t))"
        ),
        "sqrt(v̂ + ε²) instead of √v̂ + ε": _edit(
            _ADAM, "(np.sqrt(v_hat) + eps)", "np.sqrt(v_hat + eps**2)"
        ),
        "mutates m and v in place": _edit(
            _edit(
                _ADAM,
                "    m = beta1 * m + (1 - beta1) * grad\n",
                "    m *= beta1\n    m += (1 - beta1) * grad\n",
            ),
            "    v = beta2 * v + (1 - beta2) * grad * grad\n",
            "    v *= beta2\n    v += (1 - beta2) * grad * grad\n",
        ),
        "mutates param in place": _edit(_ADAM, "param = param - lr", "param -= lr"),
        "upcasts float32 to float64": _edit(
            _ADAM,
            "    beta1, beta2 = betas\n",
            "    beta1, beta2 = betas\n    param, grad, m, v = (np.asarray(a, dtype=np.float64) "
            "for a in (param, grad, m, v))\n",
        ),
        "float64 NumPy scalar for the bias correction (float32 promoted)": _edit(
            _ADAM, "v / (1 - beta2**t)", "v / np.float64(1 - beta2**t)"
        ),
        "lr not divided by the bias correction of m (m̂ = m)": _edit(
            _ADAM, "m / (1 - beta1**t)", "m"
        ),
        "eps argument ignored (1e-8 hard-coded)": _edit(
            _ADAM, "(np.sqrt(v_hat) + eps)", "(np.sqrt(v_hat) + 1e-8)"
        ),
        "bias correction with t − 1 (inf at t = 1)": _edit(
            _edit(_ADAM, "beta1**t)", "beta1 ** (t - 1))"), "beta2**t)", "beta2 ** (t - 1))"
        ),
        "betas swapped": _edit(_ADAM, "beta1, beta2 = betas", "beta2, beta1 = betas"),
        "returns the old m (new m used only for the step)": _edit(
            _ADAM, "return param, m, v", "return param, m / 1.0 * 0 + m, v"
        )
        .replace("    m = beta1", "    m_new = beta1")
        .replace("m_hat = m /", "m_hat = m_new /"),
    },
    "newton_minimize": {
        "no convergence test (always max_iter)": _edit(
            _NEWTON, "while np.linalg.norm(grad(x)) > tol and n < max_iter:", "while n < max_iter:"
        ),
        "stops silently at a saddle or maximum": _edit(
            _NEWTON, '        warnings.warn("not a minimum", RuntimeWarning)\n', "        pass\n"
        ),
        "warns at indefinite intermediate Hessians": _edit(
            _NEWTON,
            "        x = x - np.linalg.solve(hess(x), grad(x))\n",
            "        if np.linalg.eigvalsh(hess(x)).min() <= 0:\n"
            '            warnings.warn("indefinite Hessian", RuntimeWarning)\n'
            "        x = x - np.linalg.solve(hess(x), grad(x))\n",
        ),
        "n_iter off by one (counts gradient evaluations)": _edit(
            _NEWTON, "return x, n", "return x, n + 1"
        ),
        "convergence tested after the step (never 0 steps)": _edit(
            _edit(
                _NEWTON,
                "while np.linalg.norm(grad(x)) > tol and n < max_iter:",
                "while n < max_iter:",
            ),
            "        n += 1\n",
            "        n += 1\n        if np.linalg.norm(grad(x)) <= tol:\n            break\n",
        ),
        "gradient step instead of Newton step": _edit(
            _NEWTON, "x = x - np.linalg.solve(hess(x), grad(x))", "x = x - 1e-3 * grad(x)"
        ),
        "wrong sign of the Newton step": _edit(
            _NEWTON,
            "x = x - np.linalg.solve(hess(x), grad(x))",
            "x = x + np.linalg.solve(hess(x), grad(x))",
        ),
        "max_iter ignored": _edit(
            _NEWTON,
            "while np.linalg.norm(grad(x)) > tol and n < max_iter:",
            "while np.linalg.norm(grad(x)) > tol and n < 1000:",
        ),
        "relative instead of absolute tolerance": _edit(
            _NEWTON,
            "np.linalg.norm(grad(x)) > tol",
            "np.linalg.norm(grad(x)) > tol * np.linalg.norm(grad(x0))",
        ),
        "mutates x0": _edit(_NEWTON, "x = np.array(x0, dtype=float)", "x = x0").replace(
            "x = x - np.linalg.solve", "x -= np.linalg.solve"
        ),
        "warns only at a maximum (all eigenvalues negative)": _edit(
            _NEWTON, "eigvalsh(hess(x)).min() <= 0", "eigvalsh(hess(x)).max() < 0"
        ),
        "PD test at x0 instead of the stopping point": _edit(
            _NEWTON,
            "np.linalg.eigvalsh(hess(x)).min() <= 0",
            "np.linalg.eigvalsh(hess(x0)).min() <= 0",
        ),
        "PD test on the diagonal only": _edit(
            _NEWTON, "np.linalg.eigvalsh(hess(x)).min() <= 0", "np.diag(hess(x)).min() <= 0"
        ),
    },
}
