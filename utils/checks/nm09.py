"""Checks of the nm-09 exercises (Armijo backtracking, one Adam step, Newton's method).

References are independent of any solution: the Armijo step is found by the check's own
loop over alpha0 * rho**k with the condition evaluated judge-side, Adam's step is
``torch.optim.Adam.step`` itself (its state set to the case's m, v and t − 1), and
Newton's method is judged against analytic stationary points and the eigenvalues of the
Hessian there (``numpy.linalg.eigvalsh``).
"""

from __future__ import annotations

import warnings

import numpy as np
import torch

from utils.checks.core import Tester, exercise, show

LECTURE = "nm-09"


# --------------------------------------------------------------------------- line search


def _quad(a_mat: np.ndarray, b: np.ndarray):  # noqa: ANN202
    """f(x) = ½ xᵀAx − bᵀx and its gradient Ax − b."""
    return (lambda x: 0.5 * float(x @ a_mat @ x) - float(b @ x)), (lambda x: a_mat @ x - b)


def _rosen(x: np.ndarray) -> float:
    return float((1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2)


def _rosen_grad(x: np.ndarray) -> np.ndarray:
    return np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)])


def _square(x: np.ndarray) -> float:
    return float(np.sum(x * x))


def _square_grad(x: np.ndarray) -> np.ndarray:
    return 2 * x


def _square_in_box(x: np.ndarray) -> float:
    """x·x inside |x_i| < 2, NaN outside (a function with a domain)."""
    return float(np.sum(x * x)) if np.all(np.abs(x) < 2) else float("nan")


def _armijo(f, grad, x, p, alpha0, rho, c) -> tuple[float, int]:  # noqa: ANN001
    """The reference: the first alpha0·rho^k with f(x+αp) ≤ f(x) + cα gᵀp (NaN fails)."""
    slope = float(grad(x) @ p)
    fx = f(x)
    alpha, k = float(alpha0), 0
    while not f(x + alpha * p) <= fx + c * alpha * slope:
        alpha *= rho
        k += 1
    return alpha, k


@exercise(
    LECTURE,
    "backtracking_line_search",
    3.0,
    "nm-09 §3 — α = α₀, ρα₀, ρ²α₀, …에서 처음으로 f(x+αp) ≤ f(x) + c·α·∇f(x)ᵀp인 α; "
    "∇f(x)ᵀp ≥ 0이면 ValueError; f가 NaN인 점은 조건을 만족하지 않습니다 (not (a <= b))",
)
def check_backtracking_line_search(f, t: Tester) -> None:  # noqa: ANN001
    """backtracking_line_search against the check's own Armijo loop."""
    one = np.array([1.0])
    a2 = np.array([[1.0, 0.0], [0.0, 100.0]])
    fq, gq = _quad(a2, np.zeros(2))
    x_q = np.array([1.0, 1.0])
    x_r = np.array([-1.2, 1.0])
    cases = [
        (
            "x², x = 1, p = −∇f = −2: α = 0.5 (α = 1은 f가 같음)",
            _square,
            _square_grad,
            one,
            np.array([-2.0]),
            {},
        ),
        (
            "x², p = −1.9999: f는 줄지만 충분히 줄지 않음 → α = 0.5",
            _square,
            _square_grad,
            one,
            np.array([-1.9999]),
            {},
        ),
        ("x², p = −1: α = 1 그대로", _square, _square_grad, one, np.array([-1.0]), {}),
        ("κ = 100인 2차 함수, p = −∇f: 되추적 여러 번", fq, gq, x_q, -gq(x_q), {}),
        ("같은 2차 함수, c = 0.5 (엄격한 충분 감소)", fq, gq, x_q, -gq(x_q), {"c": 0.5}),
        ("같은 2차 함수, ρ = 0.3", fq, gq, x_q, -gq(x_q), {"rho": 0.3}),
        ("같은 2차 함수, α₀ = 4, ρ = 0.8", fq, gq, x_q, -gq(x_q), {"alpha0": 4.0, "rho": 0.8}),
        (
            "x², p = −0.1·∇f (p ≠ −∇f), c = 0.9: α = α₀ = 8",
            _square,
            _square_grad,
            np.array([1.0, -2.0]),
            np.array([-0.2, 0.4]),
            {"alpha0": 8.0, "c": 0.9},
        ),
        (
            "x², p = −0.1·∇f, c = 0.5, α₀ = 16",
            _square,
            _square_grad,
            np.array([1.0, -2.0]),
            np.array([-0.2, 0.4]),
            {"alpha0": 16.0, "c": 0.5},
        ),
        ("로젠브록 (−1.2, 1), p = −∇f: α ≈ 2⁻¹¹", _rosen, _rosen_grad, x_r, -_rosen_grad(x_r), {}),
        (
            "로젠브록, 뉴턴 방향 (α = 1이 받아들여짐)",
            _rosen,
            _rosen_grad,
            x_r,
            np.array([0.02471910112359557, 0.3806741573033708]),
            {},
        ),
        (
            "정의역 밖에서 NaN: f = x·x (|x| < 2), x = 1, p = −8 → NaN을 받아들이면 안 됨",
            _square_in_box,
            _square_grad,
            one,
            np.array([-8.0]),
            {},
        ),
    ]
    for label, fn, gr, x, p, kw in cases:
        alpha, _ = _armijo(
            fn, gr, x, p, kw.get("alpha0", 1.0), kw.get("rho", 0.5), kw.get("c", 1e-4)
        )
        t.close(
            label,
            lambda fn=fn, gr=gr, x=x, p=p, kw=kw: f(fn, gr, x.copy(), p.copy(), **kw),
            alpha,
            inputs=f"x={show(x)}, p={show(p)}, {kw or '기본 인자'}",
            rtol=1e-12,
        )

    rng = np.random.default_rng(90)
    calls, want = [], []
    for _ in range(40):  # random SPD quadratics with random descent directions
        q = np.linalg.qr(rng.standard_normal((4, 4)))[0]
        a_mat = q @ np.diag(10.0 ** rng.uniform(0, 3, 4)) @ q.T
        fn, gr = _quad(a_mat, rng.standard_normal(4))
        x = rng.standard_normal(4)
        p = -gr(x) + 0.5 * np.linalg.norm(gr(x)) * rng.standard_normal(4) / 2
        if gr(x) @ p >= 0:
            p = -gr(x)
        c = float(rng.choice([1e-4, 0.1, 0.4]))
        calls.append((fn, gr, x, p, 1.0, 0.5, c))
        want.append(_armijo(fn, gr, x, p, 1.0, 0.5, c)[0])
    t.close(
        "무작위 2차 함수 40개 (κ ≤ 10³, 무작위 하강 방향, c ∈ {1e-4, 0.1, 0.4})",
        lambda: np.array(f.map(calls), dtype=float),
        np.array(want),
        rtol=1e-12,
        inputs="4차원 SPD 2차 함수, α₀ = 1, ρ = 0.5",
    )

    t.raises(
        "상승 방향 p = +∇f → ValueError",
        lambda: f(_square, _square_grad, one, np.array([2.0])),
        ValueError,
        inputs="x = [1], p = [2]",
    )
    t.raises(
        "∇f ⟂ p (∇fᵀp = 0) → ValueError",
        lambda: f(_square, _square_grad, np.array([1.0, 0.0]), np.array([0.0, 1.0])),
        ValueError,
        inputs="x = [1, 0], p = [0, 1]",
    )
    x_keep, p_keep = np.array([1.0, 1.0]), -gq(np.array([1.0, 1.0]))
    t.unchanged("입력 x, p를 바꾸지 않음", lambda x, p: f(fq, gq, x, p), x_keep, p_keep)


# --------------------------------------------------------------------------- adam


def _torch_adam(param, grad, m, v, t, lr, betas, eps):  # noqa: ANN001, ANN202
    """One step of torch.optim.Adam from state (m, v, step t − 1): the reference."""
    p = torch.tensor(param, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr, betas=betas, eps=eps, foreach=False)
    p.grad = torch.tensor(grad)
    opt.state[p] = {
        "step": torch.tensor(float(t - 1)),
        "exp_avg": torch.tensor(m),
        "exp_avg_sq": torch.tensor(v),
    }
    opt.step()
    state = opt.state[p]
    return tuple(a.detach().numpy().copy() for a in (p, state["exp_avg"], state["exp_avg_sq"]))


def _adam_case(t: Tester, f, label: str, args: tuple, kw: dict, rtol: float) -> None:  # noqa: ANN001
    """A case: f(*args, **kw) returns (param, m, v) matching torch's step, dtype kept."""
    param, grad, m, v, step = args
    ref = _torch_adam(
        param,
        grad,
        m,
        v,
        step,
        kw.get("lr", 1e-3),
        kw.get("betas", (0.9, 0.999)),
        kw.get("eps", 1e-8),
    )
    t.close(
        label,
        lambda: tuple(np.asarray(r) for r in f(*(a.copy() for a in args[:4]), step, **kw)),
        ref,
        inputs=f"param={show(param)}, grad={show(grad)}, m={show(m)}, v={show(v)}, t={step}, "
        f"{kw or '기본 인자'}  (결과는 (param, m, v))",
        rtol=rtol,
        atol=0.0,
        dtype=param.dtype,
    )


@exercise(
    LECTURE,
    "adam_step",
    4.0,
    "nm-09 §6 — m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), "
    "θ −= lr·m̂/(√v̂ + ε): ε는 제곱근 밖, 바이어스 보정 뒤; t는 1부터; 입력을 바꾸지 말 것",
)
def check_adam_step(f, t: Tester) -> None:  # noqa: ANN001
    """adam_step against torch.optim.Adam's own step, float64 and float32."""
    rng = np.random.default_rng(91)
    z3 = np.zeros(3)
    g3 = np.array([0.5, -2.0, 1e-3])
    tiny = np.array([1e-6, -3e-7, 1e-9, 0.0])
    mixed = rng.standard_normal(6) * 10.0 ** rng.uniform(-9, 1, 6)
    cases = [
        ("첫 걸음 t = 1, m = v = 0: 걸음 ≈ lr·sign(g)", (np.ones(3), g3, z3, z3, 1), {}),
        ("t = 2, 상태가 있는 걸음", (np.ones(3), g3, 0.1 * g3, 1e-3 * g3**2, 2), {}),
        (
            "작은 그래디언트 |g| ≤ 1e-6, t = 1 (ε가 중요)",
            (np.ones(4), tiny, np.zeros(4), np.zeros(4), 1),
            {},
        ),
        ("작은 그래디언트, t = 3, 상태 있음", (np.ones(4), tiny, 0.5 * tiny, 0.3 * tiny**2, 3), {}),
        (
            "크기가 10⁻⁹…10인 그래디언트, t = 10",
            (rng.standard_normal(6), mixed, 0.2 * mixed, 0.5 * mixed**2, 10),
            {},
        ),
        ("t = 10000 (바이어스 보정 ≈ 1)", (np.ones(3), g3, 0.3 * g3, 0.7 * g3**2, 10_000), {}),
        (
            "lr = 0.1, betas = (0.5, 0.9), eps = 1e-3",
            (np.ones(3), g3, 0.1 * g3, 0.01 * g3**2, 4),
            {"lr": 0.1, "betas": (0.5, 0.9), "eps": 1e-3},
        ),
        (
            "2차원 배열 (3, 4)",
            (
                rng.standard_normal((3, 4)),
                rng.standard_normal((3, 4)),
                np.zeros((3, 4)),
                np.zeros((3, 4)),
                1,
            ),
            {},
        ),
    ]
    for label, args, kw in cases:
        _adam_case(t, f, label, args, kw, rtol=1e-12)
    g32 = rng.standard_normal(5).astype(np.float32)
    args32 = (
        rng.standard_normal(5).astype(np.float32),
        g32,
        (0.1 * g32).astype(np.float32),
        (0.01 * g32**2).astype(np.float32),
        3,
    )
    _adam_case(t, f, "float32 입력 → float32 결과 (계산도 float32)", args32, {}, rtol=2e-6)

    param, grad = rng.standard_normal(4), rng.standard_normal(4)
    m, v = 0.1 * grad, 0.01 * grad**2
    t.unchanged("입력 param, grad, m, v를 바꾸지 않음", lambda *a: f(*a, 5), param, grad, m, v)

    def numpy_arrays() -> tuple[bool, str]:
        got = f(param.copy(), grad.copy(), m.copy(), v.copy(), 5)
        kinds = [type(a).__name__ for a in got]
        ok = len(got) == 3 and all(isinstance(a, np.ndarray) for a in got)
        return ok, "" if ok else f"NumPy 배열 세 개 (param, m, v)를 돌려주세요: 결과의 타입 {kinds}"

    t.case("결과는 NumPy 배열 세 개", numpy_arrays)


# --------------------------------------------------------------------------- newton


def _warned(thunk) -> tuple[object, list[str]]:  # noqa: ANN001
    """Run thunk, returning its value and the messages of the RuntimeWarnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = thunk()
    return value, [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]


def _newton_case(
    t: Tester,
    f,
    label: str,
    problem: tuple,
    want_x,
    want_n,
    warn: bool | None,  # noqa: ANN001
    kw: dict | None = None,
    atol: float = 1e-9,
) -> None:
    """A case: (x, n_iter) as expected, and a RuntimeWarning exactly when ``warn``.

    ``warn=None`` accepts either (a stop at max_iter may warn that it did not converge).
    """
    grad, hess, x0 = problem
    kw = kw or {}

    def test() -> tuple[bool, str]:
        (x, n_iter), msgs = _warned(lambda: f(grad, hess, x0.copy(), **kw))
        x = np.asarray(x, dtype=float)
        where = f"입력: x0={show(x0)}, {kw or '기본 인자'}\n"
        if x.shape != np.shape(want_x) or not np.allclose(x, want_x, rtol=0, atol=atol):
            return (
                False,
                f"{where}x: 기대 {show(np.asarray(want_x), 17, 17)}, 결과 {show(x, 17, 17)}",
            )
        if want_n is not None and n_iter != want_n:
            return False, f"{where}n_iter: 기대 {want_n} (밟은 걸음 수), 결과 {n_iter!r}"
        if warn is True and not msgs:
            eig = np.linalg.eigvalsh(hess(np.asarray(want_x, dtype=float)))
            return False, (
                f"{where}멈춘 점의 헤세 행렬 고윳값 {show(eig)}: 양의 정부호가 아닌데 "
                "RuntimeWarning이 없습니다 (안장점이나 최댓점)"
            )
        if warn is False and msgs:
            return False, f"{where}최솟점에서 멈췄는데 RuntimeWarning이 났습니다: {msgs[0][:200]}"
        return True, ""

    t.case(label, test)


def _quad_problem(a_mat: np.ndarray, b: np.ndarray, x0: np.ndarray) -> tuple:
    return (lambda x: a_mat @ x - b), (lambda x: a_mat), x0


def _double_well(x: np.ndarray) -> np.ndarray:
    """∇ of x⁴/4 − x²/2 + y²/2: minima (±1, 0), saddle (0, 0)."""
    return np.array([x[0] ** 3 - x[0], x[1]])


def _double_well_hess(x: np.ndarray) -> np.ndarray:
    return np.array([[3 * x[0] ** 2 - 1, 0.0], [0.0, 1.0]])


def _rosen_hess(x: np.ndarray) -> np.ndarray:
    return np.array([[2 - 400 * (x[1] - 3 * x[0] ** 2), -400 * x[0]], [-400 * x[0], 200.0]])


def _newton_count(grad, hess, x0, tol: float, max_iter: int) -> tuple[np.ndarray, int]:  # noqa: ANN001
    """The reference iteration: steps by a linear solve, ‖∇f‖₂ ≤ tol tested before each."""
    x, n = np.array(x0, dtype=float), 0
    while np.linalg.norm(grad(x)) > tol and n < max_iter:
        x = x - np.linalg.solve(hess(x), grad(x))
        n += 1
    return x, n


@exercise(
    LECTURE,
    "newton_minimize",
    3.0,
    "nm-09 §4 — 걸음 전에 ‖∇f‖₂ ≤ tol이면 멈춤 (이미 답이면 0걸음, 2차 함수는 1걸음); "
    "H d = ∇f를 np.linalg.solve로 풀고 x −= d; 멈춘 점의 헤세 행렬 고윳값이 모두 양수가 "
    "아니면 RuntimeWarning (가는 길의 부정부호 헤세 행렬에는 경고하지 않음)",
)
def check_newton_minimize(f, t: Tester) -> None:  # noqa: ANN001
    """newton_minimize against analytic stationary points, iteration counts and warnings."""
    rng = np.random.default_rng(92)
    q = np.linalg.qr(rng.standard_normal((3, 3)))[0]
    a3 = q @ np.diag([1.0, 30.0, 1000.0]) @ q.T
    b3 = rng.standard_normal(3)
    _newton_case(
        t,
        f,
        "2차 함수 (κ = 1000): 한 걸음에 최솟점",
        _quad_problem(a3, b3, np.zeros(3)),
        np.linalg.solve(a3, b3),
        1,
        False,
    )
    well = (_double_well, _double_well_hess)
    _newton_case(
        t,
        f,
        "x0가 이미 최솟점 (1, 0): 0걸음",
        (*well, np.array([1.0, 0.0])),
        [1.0, 0.0],
        0,
        False,
        atol=0.0,
    )
    x_r = np.array([-1.2, 1.0])
    _, n_r = _newton_count(_rosen_grad, _rosen_hess, x_r, 1e-10, 50)
    _newton_case(
        t,
        f,
        f"로젠브록 (−1.2, 1) → (1, 1), {n_r}걸음",
        (_rosen_grad, _rosen_hess, x_r),
        [1.0, 1.0],
        n_r,
        False,
    )
    _, n_loose = _newton_count(_rosen_grad, _rosen_hess, x_r, 1e-3, 50)
    _newton_case(
        t,
        f,
        f"같은 로젠브록, tol = 1e-3: {n_loose}걸음",
        (_rosen_grad, _rosen_hess, x_r),
        [1.0, 1.0],
        n_loose,
        False,
        kw={"tol": 1e-3},
        atol=1e-3,
    )
    _newton_case(
        t,
        f,
        "x⁴/4 − x²/2 + y²/2, 시작점 (0.5, 1)의 헤세 행렬은 부정부호 → 최솟점 (−1, 0), 경고 없음",
        (*well, np.array([0.5, 1.0])),
        [-1.0, 0.0],
        1,
        False,
    )
    x_w = np.array([0.45, 0.3])
    end_w, n_w = _newton_count(*well, x_w, 1e-10, 50)
    _newton_case(
        t,
        f,
        f"같은 함수, 시작점 (0.45, 0.3): 부정부호를 지나 최솟점 {show(end_w, 3, 3)}",
        (*well, x_w),
        np.round(end_w),
        n_w,
        False,
    )
    _newton_case(
        t,
        f,
        "안장점: f = x² − y², (1, 2)에서 → (0, 0)과 RuntimeWarning",
        (
            (lambda x: np.array([2 * x[0], -2 * x[1]])),
            (lambda x: np.diag([2.0, -2.0])),
            np.array([1.0, 2.0]),
        ),
        [0.0, 0.0],
        1,
        True,
    )
    _newton_case(
        t,
        f,
        "최댓점: f = −(x² + y²)/2, (3, −1)에서 → (0, 0)과 RuntimeWarning",
        ((lambda x: -x), (lambda x: -np.eye(2)), np.array([3.0, -1.0])),
        [0.0, 0.0],
        1,
        True,
    )
    h_pos_diag = np.array([[2.0, 3.0], [3.0, 2.0]])  # eigenvalues 5 and −1, diagonal > 0
    _newton_case(
        t,
        f,
        "안장점 f = x² + 3xy + y² (대각 성분은 양수, 고윳값 5와 −1) → RuntimeWarning",
        _quad_problem(h_pos_diag, np.zeros(2), np.array([1.0, -0.5])),
        [0.0, 0.0],
        1,
        True,
    )
    _, n_s = _newton_count(*well, np.array([0.1, 1.0]), 1e-10, 50)
    _newton_case(
        t,
        f,
        "x⁴/4 − x²/2 + y²/2, 시작점 (0.1, 1) → 안장점 (0, 0)과 RuntimeWarning",
        (*well, np.array([0.1, 1.0])),
        [0.0, 0.0],
        n_s,
        True,
    )
    quartic = ((lambda x: x**3), (lambda x: np.diag(3 * x**2)), np.array([1.0]))
    _newton_case(
        t,
        f,
        "x⁴/4 (1차 수렴), max_iter = 5: x = (2/3)⁵, 5걸음에서 멈춤",
        quartic,
        [(2 / 3) ** 5],
        5,
        None,
        kw={"max_iter": 5},
        atol=1e-14,
    )

    calls, want = [], []
    for _ in range(20):
        q = np.linalg.qr(rng.standard_normal((5, 5)))[0]
        a_mat = q @ np.diag(10.0 ** rng.uniform(0, 3, 5)) @ q.T
        b = rng.standard_normal(5)
        calls.append(
            (
                lambda x, a_mat=a_mat, b=b: a_mat @ x - b,
                lambda x, a_mat=a_mat: a_mat,
                rng.standard_normal(5),
            )
        )
        want.append(np.concatenate([np.linalg.solve(a_mat, b), [1.0]]))

    def random_quadratics() -> np.ndarray:
        return np.array([np.concatenate([np.asarray(x, float), [n]]) for x, n in f.map(calls)])

    t.close(
        "무작위 5차원 2차 함수 20개 (κ ≤ 10³): 최솟점과 n_iter = 1",
        random_quadratics,
        np.array(want),
        rtol=1e-9,
        atol=1e-12,
        inputs="(x의 5개 성분, n_iter)를 이어 붙인 행",
    )
    x0 = np.array([-1.2, 1.0])
    t.unchanged("입력 x0을 바꾸지 않음", lambda x: f(_rosen_grad, _rosen_hess, x), x0)
