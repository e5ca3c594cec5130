"""Checks of the nm-06 exercises (Jacobi, conjugate gradient, power iteration).

References are independent of any solution: solutions come from ``np.linalg.solve``,
eigenpairs from ``np.linalg.eigh``, the CG iteration counts from
``scipy.sparse.linalg.cg`` (the same relative-residual rule, counted with its callback),
and the Jacobi sweep counts from a sweep loop run here, on the judge's side. The
iteration counts are graded: the contract fixes the stopping rule and what ``n_iter``
counts, and a wrong method (Gauss–Seidel, steepest descent) or a wrong rule (absolute
residual, the test after the sweep) shows in the count.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse.linalg

from utils.checks.core import Tester, exercise, show

LECTURE = "nm-06"


def _spd(n: int, kappa: float, seed: int) -> np.ndarray:
    """A dense SPD matrix Q diag(linspace(1, kappa)) Q^T with a random orthogonal Q."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return (q * np.linspace(1.0, kappa, n)) @ q.T


def _copy(a: np.ndarray | None) -> np.ndarray | None:
    """A fresh copy of an optional array argument (a case never shares it with another)."""
    return None if a is None else a.copy()


def _pair(got) -> tuple[np.ndarray, int]:  # noqa: ANN001
    """Unpack a (x, n_iter) result; raise with a readable message when it is not one."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise TypeError(f"(x, n_iter) 두 값을 돌려주세요: 결과 {show(got)}")
    x, k = got
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"n_iter는 정수여야 합니다: 결과 {show(k)}")
    return np.asarray(x), int(k)


def _solve_case(
    t: Tester,
    label: str,
    call,  # noqa: ANN001
    A: np.ndarray,
    b: np.ndarray,
    counts: set[int],
    *,
    inputs: str,
    res_tol: float,
    x_tol: float,
    x_expected: np.ndarray | None = None,
) -> None:
    """A case: call() -> (x, n_iter); n_iter in ``counts``, x float64 (n,) and accurate."""

    def test() -> tuple[bool, str]:
        x, k = _pair(call())
        where = f"입력: {inputs}\n"
        if x.shape != b.shape or x.dtype != np.float64:
            return (
                False,
                f"{where}x는 float64, 모양 {b.shape}이어야 합니다: 결과 {x.dtype}, {x.shape}",
            )
        if k not in counts:
            want = min(counts) if len(counts) == 1 else f"{min(counts)}…{max(counts)}"
            return False, f"{where}반복 수 n_iter: 기대 {want}, 결과 {k}"
        ref = np.linalg.solve(A, b) if x_expected is None else x_expected
        b_norm = np.linalg.norm(b)
        res = np.linalg.norm(b - A @ x) / (b_norm if b_norm else 1.0)
        err = np.linalg.norm(x - ref) / max(np.linalg.norm(ref), np.finfo(float).tiny)
        if not (res <= res_tol or (b_norm == 0 and not np.any(x))):
            return False, f"{where}상대 잔차 ‖b − Ax‖/‖b‖ = {res:.3g} > {res_tol:g}"
        if not err <= x_tol:
            return (
                False,
                f"{where}해의 상대 오차 {err:.3g} > {x_tol:g} (기대 {show(ref)}, 결과 {show(x)})",
            )
        return True, ""

    t.case(label, test)


# --------------------------------------------------------------------------- jacobi


def _jacobi_counts(
    A: np.ndarray, b: np.ndarray, x0: np.ndarray | None, tol: float, max_iter: int
) -> set[int]:
    """Acceptable sweep counts: the judge's own count, and its neighbour at a near tie."""
    d = np.diag(A)
    x = np.zeros_like(b) if x0 is None else x0.astype(np.float64)
    target = tol * np.linalg.norm(b)
    for k in range(max_iter):
        rn = np.linalg.norm(b - A @ x)
        if rn <= target:
            near = abs(rn - target) <= 1e-9 * target
            return {k, k + 1} if near else {k}
        if abs(rn - target) <= 1e-9 * target:  # a tie that rounding may decide either way
            return {k, k + 1}
        x = x + (b - A @ x) / d
    return {max_iter}


@exercise(
    LECTURE,
    "jacobi",
    3.0,
    "nm-06 §1 — x ← x + (b − Ax)/diag(A); 스윕 전에 ‖b − Ax‖₂ ≤ tol·‖b‖₂(상대 잔차)를 검사; "
    "n_iter = 한 스윕 수 (답인 x0 → 0); 모든 성분은 지난 스윕의 x로 (가우스-자이델 아님); "
    "입력을 바꾸지 않기",
)
def check_jacobi(f, t: Tester) -> None:  # noqa: ANN001
    """jacobi(A, b, x0, tol, max_iter) -> (x, n_iter): solution, sweep count and properties."""
    rng = np.random.default_rng(60)
    n = 40
    A1 = rng.standard_normal((n, n)) + np.diag(np.full(n, 3.0 * math.sqrt(n)))  # dominant
    b1 = rng.standard_normal(n)
    P = 2 * np.eye(20) - np.eye(20, k=1) - np.eye(20, k=-1) + 0.5 * np.eye(20)
    bp = np.linspace(-1.0, 2.0, 20)
    cases = [
        ("대각 우세 40×40, tol = 1e-10", A1, b1, None, 1e-10, 10_000),
        ("푸아송 + 0.5·I (20×20), tol = 1e-8", P, bp, None, 1e-8, 10_000),
        ("같은 행렬, b × 1e8 (반복 수는 b의 단위와 무관)", P, 1e8 * bp, None, 1e-8, 10_000),
        ("같은 행렬, b × 1e-8", P, 1e-8 * bp, None, 1e-8, 10_000),
        ("x0가 답 근처 (x* + 1e-3 잡음): 적은 스윕", P, bp, None, 1e-10, 10_000),
        ("max_iter = 5: 다섯 스윕 뒤 멈춤", P, bp, None, 1e-14, 5),
    ]
    x_p = np.linalg.solve(P, bp)
    x0_near = x_p + 1e-3 * np.random.default_rng(61).standard_normal(20)
    for label, A, b, x0, tol, max_iter in cases:
        if "x0가" in label:
            x0 = x0_near
        counts = _jacobi_counts(A, b, x0, tol, max_iter)
        if max_iter == 5:
            x_ref = np.zeros(20)
            for _ in range(5):
                x_ref = x_ref + (bp - P @ x_ref) / np.diag(P)
            res_tol, x_tol, x_exp = 1.0, 1e-12, x_ref
        else:
            res_tol, x_tol, x_exp = tol * 1.0000001, 1e3 * tol, None
        _solve_case(
            t,
            label,
            lambda A=A, b=b, x0=x0, tol=tol, m=max_iter: f(A.copy(), b.copy(), _copy(x0), tol, m),
            A,
            b,
            counts,
            inputs=f"A {A.shape}, ‖b‖ = {np.linalg.norm(b):.3g}, tol={tol:g}, max_iter={max_iter}",
            res_tol=res_tol,
            x_tol=x_tol,
            x_expected=x_exp,
        )
    x_exact = np.array([1.0, 1.0, 1.0])
    A3 = np.array([[4.0, 1.0, 0.0], [1.0, 4.0, 1.0], [0.0, 1.0, 4.0]])
    _solve_case(
        t,
        "이미 답인 x0 → n_iter = 0 (검사는 스윕 전에)",
        lambda: f(A3.copy(), A3 @ x_exact, x_exact.copy()),
        A3,
        A3 @ x_exact,
        {0},
        inputs="A = tridiag(1, 4, 1), x0 = 해 [1, 1, 1]",
        res_tol=1e-15,
        x_tol=0.0,
    )
    _solve_case(
        t,
        "b = 0 → (영벡터, 0)",
        lambda: f(A3.copy(), np.zeros(3)),
        A3,
        np.zeros(3),
        {0},
        inputs="A = tridiag(1, 4, 1), b = 0",
        res_tol=0.0,
        x_tol=0.0,
        x_expected=np.zeros(3),
    )
    Ai = np.array([[4, 1], [1, 3]])
    bi = np.array([1, 2])
    _solve_case(
        t,
        "정수 배열 A, b → float64의 x",
        lambda: f(Ai, bi),
        Ai.astype(float),
        bi.astype(float),
        _jacobi_counts(Ai.astype(float), bi.astype(float), None, 1e-10, 10_000),
        inputs="A = [[4, 1], [1, 3]], b = [1, 2] (int)",
        res_tol=1e-10 * 1.0000001,
        x_tol=1e-8,
    )
    x0 = np.zeros(20) + 0.25
    t.unchanged("입력 A, b, x0를 바꾸지 않음", f, P.copy(), bp.copy(), x0)


# --------------------------------------------------------------------------- CG


def _cg_counts(matvec, b: np.ndarray, x0, tol: float, max_iter: int | None) -> set[int]:  # noqa: ANN001
    """SciPy's CG iteration count for the same relative rule, widened by rounding slack."""
    n = len(b)
    op = scipy.sparse.linalg.LinearOperator((n, n), matvec=matvec, dtype=np.float64)
    steps = [0]

    def count(_xk) -> None:  # noqa: ANN001
        steps[0] += 1

    scipy.sparse.linalg.cg(
        op, b, x0=x0, rtol=tol, atol=0.0, maxiter=max_iter or 10 * n, callback=count
    )
    k = steps[0]
    slack = max(1, round(0.03 * k))
    return set(range(max(0, k - slack), k + slack + 1))


@exercise(
    LECTURE,
    "conjugate_gradient",
    4.0,
    "nm-06 §2 — α = rᵀr/pᵀAp, r ← r − αAp, p ← r + (r_newᵀr_new/rᵀr)·p (p = r는 최급 강하법); "
    "반복 전에 ‖r‖₂ ≤ tol·‖b‖₂; A는 배열 또는 함수 (callable(A)); b = 0 → (0, 0); "
    "max_iter=None → 10n; x0에서 시작; 입력을 바꾸지 않기",
)
def check_conjugate_gradient(f, t: Tester) -> None:  # noqa: ANN001
    """conjugate_gradient -> (x, n_iter) against solve and SciPy's CG iteration count."""
    A100 = _spd(60, 100.0, 62)
    b100 = np.random.default_rng(63).standard_normal(60)
    x100 = np.linalg.solve(A100, b100)

    def mv100(v):  # noqa: ANN001, ANN202
        return A100 @ v

    x0_near = x100 + 1e-4 * np.random.default_rng(64).standard_normal(60)
    cases = [
        ("SPD 60×60, κ = 100 (최급 강하법은 몇 배 더 걸림)", b100, None, 1e-10, None),
        ("같은 행렬, tol = 1e-6", b100, None, 1e-6, None),
        ("같은 행렬, b × 1e10 (반복 수는 b의 단위와 무관)", 1e10 * b100, None, 1e-10, None),
        ("같은 행렬, b × 1e-12", 1e-12 * b100, None, 1e-10, None),
        ("x0가 답 근처에서 시작", b100, x0_near, 1e-10, None),
    ]
    for label, b, x0, tol, max_iter in cases:
        _solve_case(
            t,
            label,
            lambda b=b, x0=x0, tol=tol: f(A100.copy(), b.copy(), _copy(x0), tol),
            A100,
            b,
            _cg_counts(mv100, b, x0, tol, max_iter),
            inputs=f"A = Q diag(1…100) Qᵀ (60×60), ‖b‖ = {np.linalg.norm(b):.3g}, tol={tol:g}",
            res_tol=10 * tol,
            x_tol=1e3 * tol,
        )
    _solve_case(
        t,
        "max_iter = 3 → n_iter = 3",
        lambda: f(A100.copy(), b100.copy(), None, 1e-10, 3),
        A100,
        b100,
        {3},
        inputs="A = Q diag(1…100) Qᵀ (60×60), max_iter=3",
        res_tol=1.0,
        x_tol=1.0,
    )
    d = 1 + 999 * (1 - np.cos(np.pi * (np.arange(400) + 0.5) / 400)) / 2  # kappa = 1000
    bd = np.random.default_rng(65).standard_normal(400)

    def diag_matvec(v):  # noqa: ANN001, ANN202
        return d * v

    _solve_case(
        t,
        "A가 행렬-벡터 곱 함수 (n = 400, κ = 1000)",
        lambda: f(diag_matvec, bd.copy()),
        np.diag(d),
        bd,
        _cg_counts(diag_matvec, bd, None, 1e-10, None),
        inputs="A = lambda v: d * v (d는 [1, 1000]의 체비쇼프 점), b 무작위",
        res_tol=1e-9,
        x_tol=1e-6,
        x_expected=bd / d,
    )
    m = 48  # Strakos: in float64 CG needs more than n iterations
    i = np.arange(1, m + 1)
    lam_s = 0.1 + (i - 1) / (m - 1) * (100 - 0.1) * 0.9 ** (m - i)
    bs = np.ones(m) / math.sqrt(m)

    def strakos(v):  # noqa: ANN001, ANN202
        return lam_s * v

    _solve_case(
        t,
        "max_iter=None은 10n: 반복이 n보다 많이 드는 스트라코시 행렬 (n = 48)",
        lambda: f(strakos, bs.copy()),
        np.diag(lam_s),
        bs,
        set(range(m + 1, 10 * m)),  # rounding decides the exact count here: only > n is asked
        inputs="A = diag(λ), λ_i = 0.1 + (i−1)/47·99.9·0.9^(48−i), b = 1/√48",
        res_tol=1e-8,
        x_tol=1e-6,
        x_expected=bs / lam_s,
    )
    A2 = np.array([[4.0, 1.0], [1.0, 3.0]])
    _solve_case(
        t,
        "b = 0 → (영벡터, 0), 0/0 없이",
        lambda: f(A2.copy(), np.zeros(2)),
        A2,
        np.zeros(2),
        {0},
        inputs="A = [[4, 1], [1, 3]], b = 0",
        res_tol=0.0,
        x_tol=0.0,
        x_expected=np.zeros(2),
    )
    _solve_case(
        t,
        "이미 답인 x0 → n_iter = 0",
        lambda: f(A100.copy(), b100.copy(), x100.copy(), 1e-10),
        A100,
        b100,
        {0} if np.linalg.norm(b100 - A100 @ x100) <= 1e-10 * np.linalg.norm(b100) else {0, 1},
        inputs="A = Q diag(1…100) Qᵀ, x0 = np.linalg.solve(A, b)",
        res_tol=1e-10,
        x_tol=1e-10,
    )
    Ai = np.array([[4, 1], [1, 3]])
    bi = np.array([1, 2])
    _solve_case(
        t,
        "정수 배열 A, b → float64의 x (2번 안에 끝남)",
        lambda: f(Ai, bi),
        A2,
        bi.astype(float),
        {2},
        inputs="A = [[4, 1], [1, 3]], b = [1, 2] (int)",
        res_tol=1e-10,
        x_tol=1e-10,
    )
    x0_far = np.full(60, 0.5)  # far from the solution: every version iterates
    t.unchanged("입력 A, b, x0를 바꾸지 않음", f, A100.copy(), b100.copy(), x0_far)
    t.unchanged("x0 없이 불러도 입력 A, b를 바꾸지 않음", f, A100.copy(), b100.copy())


# --------------------------------------------------------------------------- power iteration


def _sym(eigs: np.ndarray, seed: int) -> np.ndarray:
    """A symmetric matrix Q diag(eigs) Q^T with a random orthogonal Q."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigs), len(eigs))))
    return (q * eigs) @ q.T


def _eig_verdict(got, A: np.ndarray, inputs: str) -> tuple[bool, str]:  # noqa: ANN001
    """Is ``got`` an (eigval, eigvec) of the dominant eigenpair of A (np.linalg.eigh)?"""
    w, V = np.linalg.eigh(A)
    j = int(np.argmax(np.abs(w)))
    lam, v1 = float(w[j]), V[:, j]
    where = f"입력: {inputs}\n"
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return False, f"{where}(eigval, eigvec) 두 값을 돌려주세요: 결과 {show(got)}"
    val, vec = np.asarray(got[0]), np.asarray(got[1])
    if val.shape != () or not np.isrealobj(val):
        return False, f"{where}eigval은 실수 하나여야 합니다: 결과 {show(got[0])}"
    val = float(val)
    if not abs(val - lam) <= 1e-9 * abs(lam):
        return False, (
            f"{where}고윳값: 기대 {lam!r}, 결과 {val!r}, "
            f"상대 오차 {abs(val - lam) / abs(lam):.3g} (허용 1e-09)"
        )
    if vec.shape != v1.shape or vec.dtype != np.float64:
        return False, f"{where}eigvec은 float64, 모양 {v1.shape}: 결과 {vec.dtype}, {vec.shape}"
    norm = float(np.linalg.norm(vec))
    if not abs(norm - 1) <= 1e-10:
        return False, f"{where}eigvec의 길이가 1이 아닙니다: ‖v‖ = {norm!r}"
    sin = math.sqrt(max(0.0, 1 - float(vec @ v1) ** 2))
    if not sin <= 1e-4:
        return False, f"{where}고유벡터와의 각의 사인 {sin:.3g} > 1e-4"
    return True, ""


@exercise(
    LECTURE,
    "power_iteration",
    3.0,
    "nm-06 §4 — 매 반복 x ← Ax/‖Ax‖ (정규화하지 않으면 overflow/underflow); "
    "고윳값은 레일리 몫 xᵀAx (부호 유지; ‖Ax‖는 |λ|만 줌); "
    "레일리 몫의 변화 ≤ tol·|λ|(상대)이면 멈춤; 입력을 바꾸지 않기",
)
def check_power_iteration(f, t: Tester) -> None:  # noqa: ANN001
    """power_iteration(A, ...) -> (eigval, eigvec) against np.linalg.eigh."""
    rng = np.random.default_rng(66)
    spec = np.concatenate([[5.0, 3.0], rng.uniform(-2.5, 2.5, 28)])
    cases = [
        ("대칭 30×30, λ = 5, 3, …", _sym(spec, 67)),
        ("지배 고윳값이 음수: λ = −7, 4, … (부호 유지)", _sym(np.r_[-7.0, 4.0, spec[2:]], 68)),
        (
            "큰 크기 |λ| ≈ 1e6, λ₂/λ₁ = 0.95 (정규화 없으면 overflow)",
            _sym(1e6 * np.r_[1.0, 0.95, 0.5 * spec[2:] / 2.5], 69),
        ),
        (
            "작은 크기 |λ| ≈ 1e-6, λ₂/λ₁ = 0.95 (절대 변화로 멈추면 너무 이름)",
            _sym(1e-6 * np.r_[1.0, -0.95, 0.5 * spec[2:] / 2.5], 70),
        ),
        ("대각 행렬 diag(2, −9, 5, 1)", np.diag([2.0, -9.0, 5.0, 1.0])),
        ("1×1 행렬 [[−3]]", np.array([[-3.0]])),
        ("정수 행렬 [[2, 1], [1, 2]] → 3", np.array([[2, 1], [1, 2]])),
    ]
    for label, A in cases:
        t.case(
            label,
            lambda A=A: _eig_verdict(f(A.copy()), A.astype(np.float64), f"{A.shape} 행렬"),
        )
    randoms = []
    for s in range(12):
        n = int(rng.integers(5, 25))
        lam1 = float(rng.choice([-1.0, 1.0]) * 10.0 ** rng.uniform(-3, 3))
        rest = lam1 * rng.uniform(-0.8, 0.8, n - 1)
        randoms.append(_sym(np.r_[lam1, rest], 100 + s))

    def test_random() -> tuple[bool, str]:
        results = f.map([(A.copy(), 1000, 1e-12, s) for s, A in enumerate(randoms)])
        for s, (A, got) in enumerate(zip(randoms, results, strict=True)):
            ok, detail = _eig_verdict(got, A, f"무작위 행렬 {s} {A.shape}, seed={s}")
            if not ok:
                return False, detail
        return True, ""

    t.case("무작위 대칭 행렬 12개 (seed 0…11, |λ₁| = 1e-3 … 1e3, 부호 섞임)", test_random)
    t.unchanged("입력 A를 바꾸지 않음", f, cases[0][1].copy())
