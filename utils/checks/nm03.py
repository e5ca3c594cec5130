"""Checks of the nm-03 exercises (dual numbers, finite differences, complex step, JVPs).

References are independent of any solution: each derivative is computed in mpmath at
40 significant digits (``mpmath.diff`` of the same expression written with mpmath
functions) or from a closed form; Jacobians come from closed forms or from PyTorch's
reverse mode (``torch.autograd.functional.jacobian``).

The class ``Dual`` is checked only through probes: a probe builds the student's duals
where the class lives and returns plain ``(val, der)`` floats.
"""

from __future__ import annotations

import cmath
import functools
import math
import operator

import mpmath
import numpy as np
import torch

from utils.checks.core import Tester, exercise, show

LECTURE = "nm-03"
EPS = float(np.finfo(np.float64).eps)


def _mp_derivative(fn, x: float) -> tuple[float, float]:  # noqa: ANN001
    """(fn(x), fn'(x)) in 40-digit mpmath, rounded once to float64."""
    with mpmath.workdps(40):
        x_ = mpmath.mpf(x)
        return float(fn(x_)), float(mpmath.diff(fn, x_))


# --------------------------------------------------------------------------- Dual (probes)


def _make(Dual, spec):  # noqa: ANN001, ANN202, N803
    """An operand: ("D", val, der) becomes Dual(val, der); a plain number stays a number."""
    return Dual(spec[1], spec[2]) if isinstance(spec, tuple) else spec


def _probe_binop(Dual, op, left, right):  # noqa: ANN001, ANN202, N803
    """Probe: ``op`` ("add", "sub", "mul", "truediv", "pow") on two operands -> (val, der)."""
    d = getattr(operator, op)(_make(Dual, left), _make(Dual, right))
    return float(d.val), float(d.der)


def _probe_unary(Dual, name, val, der):  # noqa: ANN001, ANN202, N803
    """Probe: unary minus ("neg") or a method ("exp", "log", "sin", "cos") -> (val, der)."""
    x = Dual(val, der)
    d = -x if name == "neg" else getattr(x, name)()
    return float(d.val), float(d.der)


def _probe_attributes(Dual):  # noqa: ANN001, ANN202, N803
    """Probe: the attributes of Dual(3.0, -2.0)."""
    d = Dual(3.0, -2.0)
    return float(d.val), float(d.der)


def _probe_operands_unchanged(Dual):  # noqa: ANN001, ANN202, N803
    """Probe: an expression leaves its operands as they were."""
    a, b = Dual(2.0, 1.0), Dual(3.0, 4.0)
    _ = a + b, a * b, a - 1.0, 2.0 / a, a**2, a.sin(), b.exp()
    return float(a.val), float(a.der), float(b.val), float(b.der)


def _probe_composition(Dual, fn, x):  # noqa: ANN001, ANN202, N803
    """Probe: fn(Dual(x, 1.0)) -> (val, der)."""
    d = fn(Dual(x, 1.0))
    return float(d.val), float(d.der)


_MP_OPS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "pow": operator.pow,
}
_SYMBOL = {"add": "+", "sub": "−", "mul": "*", "truediv": "/", "pow": "**"}
_MP_UNARY = {
    "neg": operator.neg,
    "exp": mpmath.exp,
    "log": mpmath.log,
    "sin": mpmath.sin,
    "cos": mpmath.cos,
}


def _mp_operand(spec):  # noqa: ANN001, ANN202
    """The operand as a function of t: val + der·t for a dual, a constant otherwise."""
    if isinstance(spec, tuple):
        return lambda t: spec[1] + spec[2] * t
    return lambda t: mpmath.mpf(spec)


def _name(spec) -> str:  # noqa: ANN001
    return f"Dual({spec[1]:g}, {spec[2]:g})" if isinstance(spec, tuple) else f"{spec!r}"


# (op, left, right, what it tests)
_BINOPS = [
    ("add", ("D", 2.0, 1.0), ("D", 3.0, 4.0), "합의 규칙"),
    ("add", ("D", 2.0, 1.0), 3.0, "수를 오른쪽에"),
    ("add", 3.0, ("D", 2.0, 1.0), "수를 왼쪽에 (__radd__)"),
    ("add", 3, ("D", 2.0, 1.0), "정수를 왼쪽에 (__radd__)"),
    ("sub", ("D", 2.0, 1.0), ("D", 3.0, 4.0), "차의 규칙"),
    ("sub", ("D", 2.0, 1.0), 3.0, "수를 오른쪽에"),
    ("sub", 3.0, ("D", 2.0, 1.0), "수를 왼쪽에 (__rsub__: 3 − x)"),
    ("mul", ("D", 2.0, 1.0), ("D", 3.0, 4.0), "곱의 규칙 (ε² = 0)"),
    ("mul", ("D", 0.0, 1.0), ("D", 0.0, 1.0), "ε·ε = 0"),
    ("mul", ("D", 2.0, 1.0), 3.0, "수를 오른쪽에"),
    ("mul", 3.0, ("D", 2.0, 1.0), "수를 왼쪽에 (__rmul__)"),
    ("mul", 3, ("D", 2.0, 1.0), "정수를 왼쪽에 (__rmul__)"),
    ("truediv", ("D", 2.0, 1.0), ("D", 4.0, 3.0), "몫의 규칙 (u′v − uv′)/v²"),
    ("truediv", ("D", 2.0, 1.0), 4.0, "수로 나누기"),
    ("truediv", 4.0, ("D", 2.0, 1.0), "수를 나누기 (__rtruediv__: 4 / x)"),
    ("truediv", 1.0, ("D", -0.5, 2.0), "1 / x, x < 0"),
    ("pow", ("D", 2.0, 1.0), 3, "x**3 (정수 지수)"),
    ("pow", ("D", 4.0, 2.0), 0.5, "x**0.5 (연쇄 법칙: der 2)"),
    ("pow", ("D", 2.0, 1.0), -1.0, "x**−1"),
    ("pow", ("D", -2.0, 1.0), 2.0, "음수의 제곱 (−2)**2"),
    ("pow", ("D", 1.5, 3.0), 2.5, "x**2.5, der 3"),
    ("pow", 2.0, ("D", 3.0, 1.0), "2**x (__rpow__: 양의 실수 ** Dual)"),
    ("pow", math.e, ("D", 0.5, 2.0), "e**x, der 2"),
    ("pow", 0.25, ("D", -1.0, 1.0), "0.25**x (밑이 1보다 작음)"),
]
_UNARY = [
    ("neg", 2.0, 3.0),
    ("exp", 0.5, 2.0),
    ("exp", -3.0, 1.0),
    ("log", 2.0, 1.0),
    ("log", 0.1, -3.0),
    ("sin", 0.5, 2.0),
    ("sin", 3.0, 1.0),
    ("cos", 0.5, 2.0),
    ("cos", -2.0, 1.0),
]
# compositions: (label, for the student's Dual, the same in mpmath, x)
_COMPOSITIONS = [
    ("sin(x²)", lambda x: (x * x).sin(), lambda x: mpmath.sin(x * x), 1.3),
    (
        "eˣ / √(sin³x + cos³x) (복소 스텝의 예)",
        lambda x: x.exp() * (x.sin() ** 3 + x.cos() ** 3) ** -0.5,
        lambda x: mpmath.exp(x) * (mpmath.sin(x) ** 3 + mpmath.cos(x) ** 3) ** -0.5,
        1.5,
    ),
    (
        "log(1 + eˣ) · cos(x) / x",
        lambda x: (1.0 + x.exp()).log() * x.cos() / x,
        lambda x: mpmath.log(1 + mpmath.exp(x)) * mpmath.cos(x) / x,
        0.7,
    ),
    (
        "2**x − 3 / (1 + x**2)",
        lambda x: 2.0**x - 3.0 / (1.0 + x**2),
        lambda x: 2**x - 3 / (1 + x**2),
        -0.8,
    ),
]


@exercise(
    LECTURE,
    "Dual",
    3.0,
    "nm-03 §3 — (a + a′ε)∘(b + b′ε)에서 ε² = 0; 수가 왼쪽에 오는 연산(__radd__, __rsub__, "
    "__rmul__, __rtruediv__, __rpow__)도 정의하고, 몫은 (a′b − ab′)/b², 메서드에는 연쇄 법칙의 "
    "der를 곱하세요",
)
def check_dual(f, t: Tester) -> None:  # noqa: ANN001
    """Dual(val, der) through probes, against mpmath.diff of the same operation."""
    t.close(
        "Dual(3.0, -2.0)의 .val, .der",
        lambda: f.probe(_probe_attributes),
        (3.0, -2.0),
        inputs="d = Dual(3.0, -2.0); (d.val, d.der)",
        rtol=0.0,
    )
    for op, left, right, what in _BINOPS:
        a, b = _mp_operand(left), _mp_operand(right)
        want = _mp_derivative(lambda s, a=a, b=b, op=op: _MP_OPS[op](a(s), b(s)), 0.0)
        text = f"{_name(left)} {_SYMBOL[op]} {_name(right)}"
        t.close(
            f"{text}: {what}",
            lambda op=op, left=left, right=right: f.probe(_probe_binop, op, left, right),
            want,
            inputs=f"{text} → (val, der)",
            rtol=1e-14,
            atol=1e-300,
        )
    for name, val, der in _UNARY:
        fn = _MP_UNARY[name]
        want = _mp_derivative(lambda s, fn=fn, val=val, der=der: fn(val + der * s), 0.0)
        text = f"-Dual({val:g}, {der:g})" if name == "neg" else f"Dual({val:g}, {der:g}).{name}()"
        t.close(
            text,
            lambda name=name, val=val, der=der: f.probe(_probe_unary, name, val, der),
            want,
            inputs=f"{text} → (val, der)",
            rtol=1e-14,
        )
    for label, dual_fn, mp_fn, x in _COMPOSITIONS:
        t.close(
            f"합성 {label}, x = {x:g}",
            lambda dual_fn=dual_fn, x=x: f.probe(_probe_composition, dual_fn, x),
            _mp_derivative(mp_fn, x),
            inputs=f"{label}에 Dual({x:g}, 1.0)을 넣은 결과의 (val, der)",
            rtol=1e-13,
        )
    t.equal(
        "연산이 피연산자를 바꾸지 않음 (새 Dual을 돌려줌)",
        lambda: f.probe(_probe_operands_unchanged),
        (2.0, 1.0, 3.0, 4.0),
        inputs="a, b = Dual(2, 1), Dual(3, 4); a + b, a * b, … 뒤의 (a.val, a.der, b.val, b.der)",
    )


# --------------------------------------------------------------------------- derivative

_DERIVATIVE_CASES = [
    ("x (항등 함수)", lambda x: x, lambda x: x, 0.3),
    ("3x + 1", lambda x: 3.0 * x + 1.0, lambda x: 3 * x + 1, 2.0),
    ("x³ − 2x", lambda x: x**3 - 2.0 * x, lambda x: x**3 - 2 * x, 1.7),
    *[(label, d, m, x) for label, d, m, x in _COMPOSITIONS],
    (
        "sin(cos(sin(x)))",
        lambda x: x.sin().cos().sin(),
        lambda x: mpmath.sin(mpmath.cos(mpmath.sin(x))),
        0.9,
    ),
    (
        "x / (1 + e^(−x)) (SiLU)",
        lambda x: x / (1.0 + (-x).exp()),
        lambda x: x / (1 + mpmath.exp(-x)),
        -1.2,
    ),
    ("log(x)², x = 1e6", lambda x: x.log() ** 2, lambda x: mpmath.log(x) ** 2, 1e6),
    (
        "e^(x/10) · x⁵, x = 40",
        lambda x: (x / 10.0).exp() * x**5,
        lambda x: mpmath.exp(x / 10) * x**5,
        40.0,
    ),
]


@exercise(
    LECTURE,
    "derivative",
    1.5,
    "nm-03 §3 — x를 Dual(x, 1.0)로 바꿔 f를 한 번 계산한 뒤 결과의 .der를 float로; "
    "Dual의 검사가 먼저 통과해야 합니다",
)
def check_derivative(f, t: Tester) -> None:  # noqa: ANN001
    """derivative(f, x) against 40-digit mpmath.diff of the same composition."""
    for label, dual_fn, mp_fn, x in _DERIVATIVE_CASES:
        t.close(
            f"{label}, x = {x:g}",
            lambda dual_fn=dual_fn, x=x: f(dual_fn, x),
            _mp_derivative(mp_fn, x)[1],
            inputs=f"f(x) = {label}, x = {x!r}",
            rtol=1e-12,
        )
    t.close(
        "정수 x = 2: f(x) = x³ − 2x → 10",
        lambda: f(_DERIVATIVE_CASES[2][1], 2),
        10.0,
        inputs="x = 2 (int)",
        rtol=1e-15,
    )


# --------------------------------------------------------------------------- central_difference


def _cube_around(x0: float):  # noqa: ANN202
    """(t − x0)³: its central difference at x0 with step h is h² (reveals the step)."""
    return functools.partial(_shifted_cube, x0)


def _shifted_cube(x0: float, t: float) -> float:
    return (t - x0) ** 3


def _mp_central(fn, x: float, h: float) -> float:  # noqa: ANN001
    """The exact central difference (fn(x + h) − fn(x − h)) / 2h of exact x ± h."""
    with mpmath.workdps(40):
        x_, h_ = mpmath.mpf(x), mpmath.mpf(h)
        return float((fn(x_ + h_) - fn(x_ - h_)) / (2 * h_))


@exercise(
    LECTURE,
    "central_difference",
    1.5,
    "nm-03 §1 (nm-02 §7) — (f(x+h) − f(x−h)) / (2h), 기본 h = ∛ε·max(1, |x|) "
    "(ε = np.finfo(float).eps); h를 주면 그 값을 쓰세요",
)
def check_central_difference(f, t: Tester) -> None:  # noqa: ANN001
    """central_difference(f, x, h=None): the default step and the accuracy it buys."""
    cbrt = EPS ** (1 / 3)
    for x in (0.0, 0.5, -0.9, 1000.0, -3e5):
        h = cbrt * max(1.0, abs(x))
        t.close(
            f"기본 h: f(t) = (t − x)³의 중앙 차분은 h² (x = {x:g}, h = {h:.3g})",
            lambda x=x: f(_cube_around(x), x),
            h * h,
            inputs=f"f(t) = (t − {x!r})**3, x = {x!r}, h = None",
            rtol=1e-6,
        )
    accuracy = [
        ("exp, x = 1", math.exp, mpmath.exp, 1.0, 1e-9),
        ("sin, x = 0.5", math.sin, mpmath.sin, 0.5, 1e-9),
        ("log, x = 1e6 (h를 |x|에 맞추지 않으면 오차 1e-4)", math.log, mpmath.log, 1e6, 1e-8),
        ("√x, x = 4e4", math.sqrt, mpmath.sqrt, 4e4, 1e-9),
    ]
    for label, fn, mp_fn, x, rtol in accuracy:
        t.close(
            f"기본 h의 정확도: {label} (상대 오차 < {rtol:g})",
            lambda fn=fn, x=x: f(fn, x),
            _mp_derivative(mp_fn, x)[1],
            inputs=f"f = math.{fn.__name__}, x = {x!r}",
            rtol=rtol,
        )
    for h in (1e-3, 0.25):
        t.close(
            f"h = {h:g}를 주면 그 h로: exp, x = 1",
            lambda h=h: f(math.exp, 1.0, h=h),
            _mp_central(mpmath.exp, 1.0, h),
            inputs=f"f = math.exp, x = 1.0, h = {h!r}",
            rtol=1e-11,
        )


# --------------------------------------------------------------------------- complex_step


def _mp_complex_step(fn, x: float, h: float) -> float:  # noqa: ANN001
    """Im fn(x + ih) / h in 40-digit mpmath."""
    with mpmath.workdps(40):
        return float(mpmath.im(fn(mpmath.mpc(x, h))) / mpmath.mpf(h))


def _cube(z):  # noqa: ANN001, ANN202
    return z * z * z


def _squire_trapp(z):  # noqa: ANN001, ANN202
    return cmath.exp(z) / cmath.sqrt(cmath.sin(z) ** 3 + cmath.cos(z) ** 3)


def _mp_squire_trapp(z):  # noqa: ANN001, ANN202
    return mpmath.exp(z) / mpmath.sqrt(mpmath.sin(z) ** 3 + mpmath.cos(z) ** 3)


@exercise(
    LECTURE,
    "complex_step",
    1.5,
    "nm-03 §2 — f′(x) ≈ Im f(x + ih) / h (허수부! 뺄셈 없음), 기본 h = 1e-20",
)
def check_complex_step(f, t: Tester) -> None:  # noqa: ANN001
    """complex_step(f, x, h=1e-20) to about machine precision, against mpmath.diff."""
    cases = [
        ("exp, x = 1", cmath.exp, mpmath.exp, 1.0),
        ("sin, x = 0.5", cmath.sin, mpmath.sin, 0.5),
        ("eˣ / √(sin³x + cos³x), x = 1.5", _squire_trapp, _mp_squire_trapp, 1.5),
        ("log, x = 1e6", cmath.log, mpmath.log, 1e6),
        ("np.exp (NumPy도 복소수를 받음), x = −2", np.exp, mpmath.exp, -2.0),
    ]
    for label, fn, mp_fn, x in cases:
        t.close(
            f"{label}: 기계 정밀도 근처 (상대 오차 ≤ 8ε)",
            lambda fn=fn, x=x: f(fn, x),
            _mp_derivative(mp_fn, x)[1],
            inputs=f"f = {label.split(',')[0]}, x = {x!r}",
            rtol=8 * EPS,
        )
    t.close(
        "기본 h = 1e-20: f(z) = z³, x = 0 → Im((ih)³)/h = −h² = −1e-40",
        lambda: f(_cube, 0.0),
        -1e-40,
        inputs="f = lambda z: z * z * z, x = 0.0",
        rtol=1e-13,
    )
    for h in (1e-3, 0.5):
        t.close(
            f"h = {h:g}를 주면 그 h로: exp, x = 1",
            lambda h=h: f(cmath.exp, 1.0, h=h),
            _mp_complex_step(mpmath.exp, 1.0, h),
            inputs=f"f = cmath.exp, x = 1.0, h = {h!r}",
            rtol=1e-13,
        )


# --------------------------------------------------------------------------- jacobian_forward


class _ForwardOnlyCube(torch.autograd.Function):
    """x³ elementwise with a forward-mode rule only: reverse mode raises."""

    generate_vmap_rule = True

    @staticmethod
    def forward(x):  # noqa: ANN001, ANN205
        return x**3

    @staticmethod
    def setup_context(ctx, inputs, output):  # noqa: ANN001, ANN205
        (x,) = inputs
        ctx.save_for_forward(x)

    @staticmethod
    def jvp(ctx, tangent):  # noqa: ANN001, ANN205
        (x,) = ctx.saved_tensors
        return 3 * x**2 * tangent

    @staticmethod
    def backward(ctx, grad):  # noqa: ANN001, ANN205
        raise RuntimeError("이 함수는 전방 모드로만 미분할 수 있습니다 (역방향 모드 없음)")


def _linear_tanh(A, x):  # noqa: ANN001, ANN202, N803
    return A @ torch.tanh(x)


def _mixed(x):  # noqa: ANN001, ANN202
    return torch.stack([x[0] * x[1], torch.sin(x[0]), torch.exp(x[1]) * x[0]])


def _curve(x):  # noqa: ANN001, ANN202
    return torch.cat([x, x**2, x**3, torch.sin(x)])


def _sum_of_squares(x):  # noqa: ANN001, ANN202
    return (x * x).sum().reshape(1)


def _forward_only(A, x):  # noqa: ANN001, ANN202, N803
    return A @ _ForwardOnlyCube.apply(x)


def _probe_jacobian_unchanged(jacobian_forward, x):  # noqa: ANN001, ANN202
    """Probe: x after jacobian_forward(_mixed, x), with the Jacobian's dtype."""
    J = jacobian_forward(_mixed, x)  # noqa: N806
    return x, str(J.dtype)


@exercise(
    LECTURE,
    "jacobian_forward",
    2.5,
    "nm-03 §4 — 입력 방향 eⱼ마다 torch.func.jvp(f, (x,), (eⱼ,))로 J의 j번째 **열**을 구해 "
    "torch.stack(…, dim=1)로 (m, n) 행렬을 만드세요",
)
def check_jacobian_forward(f, t: Tester) -> None:  # noqa: ANN001
    """jacobian_forward(f, x) against closed forms and PyTorch's reverse mode."""
    gen = torch.Generator().manual_seed(30)
    A = torch.randn(3, 5, generator=gen, dtype=torch.float64)  # noqa: N806
    x5 = torch.randn(5, generator=gen, dtype=torch.float64)
    x2 = torch.tensor([0.7, -1.3], dtype=torch.float64)
    x4 = torch.linspace(-1.0, 2.0, 4, dtype=torch.float64)
    x4n = x4.numpy()
    x1 = torch.tensor([0.4], dtype=torch.float64)
    x6 = torch.arange(1.0, 7.0, dtype=torch.float64) / 3
    a, b = x2.tolist()
    cases = [
        (
            "A·tanh(x), A는 3×5: 결과는 (3, 5)",
            functools.partial(_linear_tanh, A),
            x5,
            (A * (1 - torch.tanh(x5) ** 2)).numpy(),
        ),
        (
            "ℝ² → ℝ³: [x₀x₁, sin x₀, e^x₁·x₀]: 결과는 (3, 2)",
            _mixed,
            x2,
            np.array([[b, a], [math.cos(a), 0.0], [math.exp(b), math.exp(b) * a]]),
        ),
        (
            "ℝ⁴ → ℝ¹⁶: [x, x², x³, sin x] (정사각이 아님)",
            _curve,
            x4,
            np.concatenate([np.diag(v) for v in (np.ones(4), 2 * x4n, 3 * x4n**2, np.cos(x4n))]),
        ),
        ("ℝ¹ → ℝ⁴: 입력 하나 (한 번의 전방 패스)", _curve, x1, None),
        ("ℝ⁶ → ℝ¹: Σx² → 2xᵀ, 결과는 (1, 6)", _sum_of_squares, x6, (2 * x6).numpy()[None, :]),
        (
            "누적곱 cumprod(x): 정사각, 하삼각 (전치하면 틀림)",
            functools.partial(torch.cumprod, dim=0),
            x4 + 2.0,
            None,
        ),
    ]
    for label, fn, x, want in cases:
        if want is None:  # reverse mode as the independent reference
            want = torch.autograd.functional.jacobian(fn, x).numpy()
        t.close(
            label,
            lambda fn=fn, x=x: np.asarray(f(fn, x.clone())),
            want,
            inputs=f"x = {show(x)}",
            rtol=1e-13,
            atol=1e-15,
        )
    cube_ref = (A * 3 * x5**2).numpy()
    t.close(
        "역방향 모드가 없는 함수 A·x³ (autograd.Function에 jvp만 있음)",
        lambda: np.asarray(f(functools.partial(_forward_only, A), x5.clone())),
        cube_ref,
        inputs=f"x = {show(x5)} (backward를 부르면 RuntimeError)",
        rtol=1e-13,
        atol=1e-15,
    )

    def is_tensor() -> tuple[bool, str]:
        got = f(_mixed, x2.clone())
        ok = isinstance(got, torch.Tensor) and got.dtype == torch.float64
        return ok, "" if ok else f"float64 torch 텐서를 돌려주세요: 결과 {show(got)}"

    t.case("결과는 float64 torch 텐서", is_tensor)

    def unchanged() -> tuple[bool, str]:
        x = x2.clone()
        back, _ = f.probe(_probe_jacobian_unchanged, x)
        ok = torch.equal(torch.as_tensor(back), x2)
        return ok, "" if ok else "입력 텐서가 바뀌었습니다: 제자리(in-place)에서 수정하지 마세요"

    t.case("입력 텐서를 바꾸지 않음", unchanged)
