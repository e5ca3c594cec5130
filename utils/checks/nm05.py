"""Checks of the nm-05 exercises (triangular solves, pivoted LU, QR least squares, cond2).

References are independent of any solution: SciPy's ``solve_triangular`` and ``lu``
(LAPACK), NumPy's ``lstsq``, ``solve`` and ``cond``, exact answers of small integer
systems (``fractions.Fraction``), the exact integer inverse of the Hilbert matrix
(``scipy.linalg.invhilbert(n, exact=True)``), closed forms, and least-squares problems
built with a known solution and known singular values. Everything is computed here, on
the judge's side; the student's results are only data.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import scipy.linalg

from utils.checks.core import Tester, exercise, show

LECTURE = "nm-05"
EPS = float(np.finfo(np.float64).eps)


# --------------------------------------------------------------------------- helpers


def _as_vector(got, n: int) -> tuple[np.ndarray | None, str]:  # noqa: ANN001
    """got as a float64 vector of shape (n,), or None and the reason it is not one."""
    try:
        g = np.asarray(got)
    except Exception as exc:  # noqa: BLE001 - any odd object is a wrong answer
        return None, f"결과를 배열로 볼 수 없습니다: {exc}"
    if g.shape != (n,):
        return None, f"모양(shape)이 다릅니다: 기대 ({n},), 결과 {g.shape}"
    if g.dtype != np.float64:
        return None, f"dtype이 다릅니다: 기대 float64, 결과 {g.dtype}"
    return g, ""


def _vector_verdict(got, expected: np.ndarray, rtol: float, inputs: str) -> tuple[bool, str]:  # noqa: ANN001
    """Whether got is a float64 (n,) vector within normwise relative error rtol of expected."""
    g, why = _as_vector(got, expected.shape[0])
    if g is None:
        return False, f"입력: {inputs}\n{why}"
    err = float(np.linalg.norm(g - expected) / np.linalg.norm(expected))
    if np.all(np.isfinite(g)) and err <= rtol:
        return True, ""
    return False, (
        f"입력: {inputs}\n기대값: {show(expected, precision=17)}\n결과:   {show(g, precision=17)}\n"
        f"노름 상대 오차 {err:.3g} (허용 {rtol:.3g})"
    )


def _vector_case(t: Tester, label: str, thunk, expected, rtol: float, inputs: str) -> None:  # noqa: ANN001
    """A case: thunk() is a float64 (n,) vector within normwise relative error rtol."""
    expected = np.asarray(expected, dtype=np.float64)
    t.case(label, lambda: _vector_verdict(thunk(), expected, rtol, inputs))


def _vectors_case(t: Tester, label: str, thunk, expected: list, rtol: float, inputs: list) -> None:  # noqa: ANN001
    """A case: thunk() is a list of vectors, each within rtol of its expected vector."""

    def test() -> tuple[bool, str]:
        got = list(thunk())
        if len(got) != len(expected):
            return False, f"결과 {len(got)}개, 기대 {len(expected)}개"
        for g, e, inp in zip(got, expected, inputs, strict=True):
            ok, detail = _vector_verdict(g, np.asarray(e, dtype=np.float64), rtol, inp)
            if not ok:
                return False, detail
        return True, ""

    t.case(label, test)


def _residual_case(
    t: Tester, label: str, thunk, M: np.ndarray, b: np.ndarray, bound: float, inputs: str
) -> None:  # noqa: ANN001, N803
    """A case: the relative residual ||b - M x|| / (||M|| ||x||) of x = thunk() is <= bound."""

    def test() -> tuple[bool, str]:
        g, why = _as_vector(thunk(), b.shape[0])
        if g is None:
            return False, f"입력: {inputs}\n{why}"
        if not np.all(np.isfinite(g)):
            return False, f"입력: {inputs}\n결과에 inf/NaN이 있습니다: {show(g)}"
        res = float(np.linalg.norm(b - M @ g) / (np.linalg.norm(M, 2) * np.linalg.norm(g)))
        if res <= bound:
            return True, ""
        return False, f"입력: {inputs}\n상대 잔차 {res:.3g} (허용 {bound:.3g}): 후방 오차가 큽니다"

    t.case(label, test)


def _diag_dominant(rng: np.random.Generator, n: int, lower: bool) -> np.ndarray:
    """A well-conditioned triangular matrix with diagonal entries of either sign, not 1."""
    M = rng.standard_normal((n, n))
    M = np.tril(M) if lower else np.triu(M)
    d = (n + rng.uniform(0.5, 2.0, n)) * rng.choice([-1.0, 1.0], n)
    M[np.diag_indices(n)] = d
    return M


def _exact_triangular(M: list[list[int]], b: list[int], lower: bool) -> np.ndarray:
    """The exact solution of a small integer triangular system (Fractions), rounded once."""
    n = len(b)
    x = [Fraction(0)] * n
    order = range(n) if lower else range(n - 1, -1, -1)
    for i in order:
        others = range(i) if lower else range(i + 1, n)
        x[i] = (Fraction(b[i]) - sum(Fraction(M[i][j]) * x[j] for j in others)) / M[i][i]
    return np.array([float(v) for v in x])


def _check_triangular(f, t: Tester, lower: bool) -> None:  # noqa: ANN001
    """The shared cases of forward_substitution (lower) and back_substitution (upper)."""
    name = "L" if lower else "U"
    tri = np.tril if lower else np.triu
    ints = [[2, 0, 0], [3, 4, 0], [-1, 5, 8]]
    if not lower:
        ints = [row[::-1] for row in ints[::-1]]  # the same system, flipped to upper form
    M3 = np.array(ints, dtype=np.float64)
    b3 = [3, 10, -7]
    exact3 = _exact_triangular(ints, b3, lower)
    _vector_case(
        t,
        f"3×3 정수 {name} (대각 2, 4, 8: 1이 아님), 정확한 답",
        lambda: f(M3.copy(), np.array(b3, dtype=np.float64)),
        exact3,
        1e-15,
        f"{name}={ints}, b={b3}",
    )
    _vector_case(
        t,
        "b가 정수 배열이어도 결과는 float64 (np.zeros_like(b) 주의)",
        lambda: f(M3.copy(), np.array(b3)),
        exact3,
        1e-15,
        f"{name}={ints}, b=np.array({b3}) (int)",
    )
    _vector_case(
        t,
        "1×1",
        lambda: f(np.array([[4.0]]), np.array([2.0])),
        np.array([0.5]),
        1e-15,
        "[[4.0]], [2.0]",
    )
    rng = np.random.default_rng(50 if lower else 51)
    scale = 10.0 ** np.linspace(-8, 8, 8)
    Ms = _diag_dominant(rng, 8, lower) * scale[:, None]  # rows scaled from 1e-8 to 1e8
    bs = rng.standard_normal(8)
    _vector_case(
        t,
        "행의 크기가 1e-8 … 1e8로 다른 8×8",
        lambda: f(Ms.copy(), bs.copy()),
        scipy.linalg.solve_triangular(Ms, bs, lower=lower),
        1e-12,
        show(Ms),
    )
    systems = [(_diag_dominant(rng, n, lower), rng.standard_normal(n)) for n in range(2, 32, 2)]
    _vectors_case(
        t,
        f"무작위 대각 우세 {name} {len(systems)}개 (n = 2 … 30)",
        lambda: f.map([(M.copy(), b.copy()) for M, b in systems]),
        [scipy.linalg.solve_triangular(M, b, lower=lower) for M, b in systems],
        1e-12,
        [show(M) for M, _ in systems],
    )
    M60 = tri(rng.standard_normal((60, 60)))
    M60[np.diag_indices(60)] = rng.uniform(0.5, 1.5, 60)  # very ill-conditioned triangular
    b60 = rng.standard_normal(60)
    _residual_case(
        t,
        "조건수가 아주 나쁜 60×60: 상대 잔차가 ε 수준 (후방 안정)",
        lambda: f(M60.copy(), b60.copy()),
        M60,
        b60,
        100 * 60 * EPS,
        show(M60),
    )
    t.unchanged(f"입력 {name}, b를 바꾸지 않음", f, systems[3][0], systems[3][1])


@exercise(
    LECTURE,
    "forward_substitution",
    1.5,
    "nm-05 §3 — y_i = (b_i − Σ_{j<i} ℓ_ij y_j) / ℓ_ii를 i = 0, 1, …, n−1 순서로; 대각으로 나누기를 "
    "잊지 말고, 결과는 b의 float64 복사본에 (b를 바꾸지 않고)",
)
def check_forward_substitution(f, t: Tester) -> None:  # noqa: ANN001
    """forward_substitution(L, b) against Fractions and scipy.linalg.solve_triangular."""
    _check_triangular(f, t, lower=True)


@exercise(
    LECTURE,
    "back_substitution",
    1.5,
    "nm-05 §3 — x_i = (b_i − Σ_{j>i} u_ij x_j) / u_ii를 i = n−1, n−2, …, 0 순서로 (아래에서 위로); "
    "대각으로 나누고, b의 float64 복사본에 계산",
)
def check_back_substitution(f, t: Tester) -> None:  # noqa: ANN001
    """back_substitution(U, b) against Fractions and scipy.linalg.solve_triangular."""
    _check_triangular(f, t, lower=False)


# --------------------------------------------------------------------------- LU


def _lu_verdict(A: np.ndarray, got, inputs: str, compare: bool) -> tuple[bool, str]:  # noqa: ANN001, N803
    """Whether got = (P, L, U) is a partial-pivoting LU of A (and, if compare, LAPACK's)."""
    where = f"입력: {inputs}\n"
    n = A.shape[0]
    try:
        P, L, U = (np.asarray(m) for m in got)
    except (TypeError, ValueError):
        return False, where + f"(P, L, U) 세 행렬을 돌려주세요: 결과 {show(got)}"
    for nm, M in (("P", P), ("L", L), ("U", U)):
        if M.shape != (n, n):
            return False, where + f"{nm}의 모양이 다릅니다: 기대 ({n}, {n}), 결과 {M.shape}"
        if M.dtype != np.float64:
            return False, where + f"{nm}의 dtype이 다릅니다: 기대 float64, 결과 {M.dtype}"
    if not (np.all((P == 0) | (P == 1)) and np.all(P.sum(0) == 1) and np.all(P.sum(1) == 1)):
        return False, where + f"P가 치환 행렬이 아닙니다 (각 행·열에 1이 하나):\n{P}"
    if not np.all(np.diag(L) == 1.0) or np.any(np.triu(L, 1) != 0):
        return False, where + "L이 단위 하삼각이 아닙니다 (대각 1, 대각 위 0)"
    if np.abs(L).max() > 1.0 + 4 * EPS:
        return False, where + (
            f"max |ℓ_ij| = {np.abs(L).max():.3g} > 1: "
            "피벗이 열에서 절댓값이 가장 큰 원소가 아닙니다"
        )
    scale = n * EPS * max(np.abs(A).max(), np.abs(U).max())
    if np.abs(np.tril(U, -1)).max(initial=0.0) > 10 * scale:
        return False, where + "U가 상삼각이 아닙니다 (대각 아래에 0이 아닌 값)"
    if not np.all(np.isfinite(L)) or not np.all(np.isfinite(U)):
        return False, where + "L 또는 U에 inf/NaN이 있습니다"
    mismatch = float(np.abs(P @ A - L @ U).max())
    if mismatch > 10 * n * EPS * float(np.abs(L).max() * np.abs(U).max()) * n:
        return (
            False,
            where + f"max |PA − LU| = {mismatch:.3g}: P A = L U가 아닙니다 (A = P L U 규약?)",
        )
    if compare:
        P_s, L_s, U_s = scipy.linalg.lu(A)  # LAPACK: A = P_s L_s U_s, so P = P_s^T
        if not np.array_equal(P, P_s.T):
            return (
                False,
                where + f"행 교환이 부분 피벗팅과 다릅니다.\n기대 P:\n{P_s.T}\n결과 P:\n{P}",
            )
        err = max(np.abs(L - L_s).max(), np.abs(U - U_s).max() / np.abs(U_s).max())
        if err > 1e-10:
            return False, where + f"L, U가 LAPACK의 분해와 {err:.3g}만큼 다릅니다"
    return True, ""


def _lu_case(t: Tester, f, label: str, A: np.ndarray, compare: bool = True) -> None:  # noqa: ANN001, N803
    A_float = np.asarray(A, dtype=np.float64)
    t.case(label, lambda: _lu_verdict(A_float, f(A.copy()), show(A), compare))


@exercise(
    LECTURE,
    "lu_partial_pivot",
    3.0,
    "nm-05 §3 — 단계 k마다 p = k + argmax|U[k:, k]|로 피벗을 고르고 U의 행 k, p와 "
    "L[:, :k]의 행을 함께 바꾼 뒤 소거; P A = L U (SciPy의 A = P L U와 반대), "
    "P는 치환 행렬, L의 대각은 1, float64 복사본에서",
)
def check_lu_partial_pivot(f, t: Tester) -> None:  # noqa: ANN001
    """lu_partial_pivot(A) -> (P, L, U): structure, P A = L U, and LAPACK's pivots."""
    tiny = np.array([[1e-20, 1.0], [1.0, 1.0]])
    _lu_case(t, f, "[[1e-20, 1], [1, 1]]: 행을 바꿔야 함", tiny)

    def tiny_solve() -> tuple[bool, str]:
        P, L, U = (np.asarray(m, dtype=np.float64) for m in f(tiny.copy()))
        y = scipy.linalg.solve_triangular(L, P @ np.array([1.0, 2.0]), lower=True)
        x = scipy.linalg.solve_triangular(U, y)
        exact = np.array([1 / (1 - 1e-20), (1 - 2e-20) / (1 - 1e-20)])  # both round to 1.0
        err = float(np.abs(x - exact).max())
        return err <= 2 * EPS, (
            f"입력: A = [[1e-20, 1], [1, 1]], b = [1, 2]\n결과의 분해로 푼 x = {show(x, 17, 17)}, "
            f"정확한 답 ≈ [1, 1], 오차 {err:.3g} (피벗 없이 풀면 x_1 = 0)"
        )

    t.case("그 분해로 Ax = b를 풀면 x ≈ [1, 1] (오차 ε 이하)", tiny_solve)
    _lu_case(
        t,
        f,
        "정수 배열 [[2,1,1],[4,3,3],[8,7,9]] (결과는 float64)",
        np.array([[2, 1, 1], [4, 3, 3], [8, 7, 9]]),
    )
    _lu_case(t, f, "1×1 [[5.0]]", np.array([[5.0]]))
    _lu_case(t, f, "특이 행렬 [[1, 2], [2, 4]]", np.array([[1.0, 2.0], [2.0, 4.0]]))
    # the largest entry is never first and never last in its column below the diagonal
    A4 = np.array(
        [[1.0, 2.0, 0.5, 3.0], [3.0, 1.0, 2.0, 1.0], [-4.0, 0.5, 1.0, 2.0], [2.0, -6.0, 1.0, 0.0]]
    )
    _lu_case(t, f, "피벗이 매번 다른 행에서 오는 4×4", A4)
    rng = np.random.default_rng(52)
    mats = [rng.standard_normal((n, n)) * 10.0 ** rng.uniform(-3, 3) for n in range(2, 42, 3)]

    def batch() -> tuple[bool, str]:
        for A, got in zip(mats, f.map([(A.copy(),) for A in mats]), strict=True):
            ok, detail = _lu_verdict(A, got, show(A), True)
            if not ok:
                return False, detail
        return True, ""

    t.case(f"무작위 행렬 {len(mats)}개 (n = 2 … 41): LAPACK과 같은 피벗", batch)
    W = np.eye(12) - np.tril(np.ones((12, 12)), -1)
    W[:, -1] = 1.0
    _lu_case(t, f, "윌킨슨 행렬 12×12 (피벗 동률; 증가 인자 2^11)", W, compare=False)
    _lu_case(t, f, "무작위 100×100", rng.standard_normal((100, 100)))
    t.unchanged("입력 A를 바꾸지 않음", f, mats[4])


# --------------------------------------------------------------------------- least squares


def _ls_problem(
    rng: np.random.Generator, m: int, n: int, cond: float, resid: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(A, b, x): singular values logspaced 1 … 1/cond; b = A x + r with r ⟂ range(A)."""
    U, _ = np.linalg.qr(rng.standard_normal((m, m)))
    V, _ = np.linalg.qr(rng.standard_normal((n, n)))
    A = (U[:, :n] * np.logspace(0, -math.log10(cond), n)) @ V.T
    x = rng.standard_normal(n)
    r = U[:, n:] @ rng.standard_normal(m - n) if m > n else np.zeros(m)
    b = A @ x + resid * r / max(np.linalg.norm(r), 1e-300)
    return A, b, x


@exercise(
    LECTURE,
    "lstsq_qr",
    2.0,
    "nm-05 §5 — Q, R = np.linalg.qr(A) (축소 QR), 그다음 R x = Qᵀ b를 삼각 풀이; AᵀA를 만들면 "
    "조건수가 제곱되어 κ = 1e8에서 자릿수를 모두 잃습니다",
)
def check_lstsq_qr(f, t: Tester) -> None:  # noqa: ANN001
    """lstsq_qr(A, b) against exact small answers, built problems and np.linalg.lstsq."""
    A3 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    _vector_case(
        t,
        "A = [[1,0],[0,1],[1,1]], b = [1, 1, 0] → x = [1/3, 1/3] (잔차 있음)",
        lambda: f(A3.copy(), np.array([1.0, 1.0, 0.0])),
        np.array([1 / 3, 1 / 3]),
        4 * EPS,
        "A = [[1,0],[0,1],[1,1]], b = [1, 1, 0]",
    )
    _vector_case(
        t,
        "정수 배열 A, b (결과는 float64)",
        lambda: f(np.array([[1, 0], [0, 1], [1, 1]]), np.array([1, 2, 3])),
        np.array([1.0, 2.0]),
        4 * EPS,
        "np.array([[1,0],[0,1],[1,1]]), np.array([1, 2, 3])",
    )
    col = np.ones((5, 1))
    y5 = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    _vector_case(
        t,
        "한 열 A (5×1): x = 평균, 모양 (1,)",
        lambda: f(col.copy(), y5.copy()),
        [6.2],
        4 * EPS,
        "ones((5, 1))",
    )
    rng = np.random.default_rng(53)
    Asq = rng.standard_normal((6, 6)) + 6 * np.eye(6)
    bsq = rng.standard_normal(6)
    _vector_case(
        t,
        "정사각 6×6 (solve와 같음)",
        lambda: f(Asq.copy(), bsq.copy()),
        np.linalg.solve(Asq, bsq),
        1e-12,
        show(Asq),
    )
    for cond in (1e4, 1e8):
        A, b, x = _ls_problem(rng, 100, 10, cond)
        _vector_case(
            t,
            f"κ(A) = 1e{round(math.log10(cond))}, 100×10, 잔차 0: 오차 ≲ κε (정규 방정식은 κ²ε)",
            lambda A=A, b=b: f(A.copy(), b.copy()),
            x,
            100 * cond * EPS,
            f"A: 100×10, 특이값 1 … {1 / cond:.0e}",
        )
    A, b, x = _ls_problem(rng, 60, 8, 1e6, resid=1e-6)
    _vector_case(
        t,
        "κ(A) = 1e6, 작은 잔차가 있는 60×8",
        lambda: f(A.copy(), b.copy()),
        x,
        1e3 * 1e6 * EPS,
        "A: 60×8, 특이값 1 … 1e-6, ‖r‖ = 1e-6",
    )
    probs = [rng.standard_normal((m, n)) for m, n in ((4, 2), (10, 3), (30, 7), (50, 20), (200, 5))]
    rhs = [rng.standard_normal(A.shape[0]) for A in probs]
    _vectors_case(
        t,
        f"무작위 {len(probs)}개 (np.linalg.lstsq와 비교)",
        lambda: f.map([(A.copy(), b.copy()) for A, b in zip(probs, rhs, strict=True)]),
        [np.linalg.lstsq(A, b, rcond=None)[0] for A, b in zip(probs, rhs, strict=True)],
        1e-11,
        [show(A) for A in probs],
    )
    t.unchanged("입력 A, b를 바꾸지 않음", f, probs[2], rhs[2])


# --------------------------------------------------------------------------- cond2


def _hilbert_cond2(n: int) -> float:
    """kappa_2(H_n) from the exact integer inverse: lambda_max(H) * lambda_max(H^-1)."""
    H_inv = np.array(scipy.linalg.invhilbert(n, exact=True), dtype=np.float64)
    return float(np.linalg.eigvalsh(scipy.linalg.hilbert(n))[-1] * np.linalg.eigvalsh(H_inv)[-1])


@exercise(
    LECTURE,
    "cond2",
    2.0,
    "nm-05 §1, §6 — s = np.linalg.svd(A, compute_uv=False); s[0] / s[-1]; s[-1] == 0이면 np.inf; "
    "프로베니우스 노름·고윳값·AᵀA는 다른 수(또는 제곱된 조건수)를 줍니다",
)
def check_cond2(f, t: Tester) -> None:  # noqa: ANN001
    """cond2(A) against closed forms, exact Hilbert inverses and np.linalg.cond."""
    a = 1e3
    cases = [
        ("대각 diag(1, 1e-3) → 1e3", np.diag([1.0, 1e-3]), 1e3, 1e-14),
        ("단위 행렬 50×50 → 1 (프로베니우스는 50)", np.eye(50), 1.0, 1e-14),
        (
            "[[1, 1e3], [0, 1]]: 고윳값은 모두 1, κ₂ ≈ 1e6",
            np.array([[1.0, a], [0.0, 1.0]]),
            (a + math.sqrt(a * a + 4)) ** 2 / 4,
            1e-8,
        ),
        ("힐베르트 6×6 (정확한 역행렬 기준)", scipy.linalg.hilbert(6), _hilbert_cond2(6), 1e-7),
        ("힐베르트 8×8, κ ≈ 1.5e10", scipy.linalg.hilbert(8), _hilbert_cond2(8), 1e-6),
        ("아주 작은 크기 1e-170 · diag(1, 1e-3) → 1e3", 1e-170 * np.diag([1.0, 1e-3]), 1e3, 1e-14),
        ("특이 행렬 [[1, 2], [0, 0]] → inf", np.array([[1.0, 2.0], [0.0, 0.0]]), np.inf, 0.0),
        ("영행렬 3×3 → inf (0/0의 NaN이 아님)", np.zeros((3, 3)), np.inf, 0.0),
    ]
    rng = np.random.default_rng(54)
    U, _ = np.linalg.qr(rng.standard_normal((30, 5)))
    V, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    cases.append(("세로로 긴 30×5, 특이값 1 … 1e-4", (U * np.logspace(0, -4, 5)) @ V.T, 1e4, 1e-9))
    for label, A, want, rtol in cases:
        t.close(label, lambda A=A: f(A.copy()), want, inputs=show(A), rtol=rtol)
    mats = [
        rng.standard_normal((m, n))
        for m, n in ((3, 3), (8, 8), (20, 20), (12, 4), (4, 12), (40, 40))
    ]
    t.close(
        f"무작위 {len(mats)}개 (정사각·직사각; np.linalg.cond와 비교)",
        lambda: np.array(f.map([(A.copy(),) for A in mats]), dtype=np.float64),
        np.array([np.linalg.cond(A) for A in mats]),
        inputs=", ".join(str(A.shape) for A in mats),
        rtol=1e-10,
    )
    t.unchanged("입력 A를 바꾸지 않음", f, mats[1])
