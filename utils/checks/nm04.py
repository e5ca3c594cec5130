"""Checks of the nm-04 exercises (scalar reverse mode, gradient checking, saved memory).

References are independent of any solution: PyTorch autograd in float64 on the same
expression, closed forms, and byte counts from the shapes the check chose.
``Value`` is a class, so every case of its check is a probe: a module-level function
below builds an expression with the student's class where it lives and returns only
floats.
"""

from __future__ import annotations

import torch

from utils.checks.core import Tester, exercise

LECTURE = "nm-04"


# --------------------------------------------------------------------------- Value

# Expressions written once, run on the student's Value and on float64 torch tensors
# (both have + - * / **number, plain numbers on either side, .exp .log .tanh .relu).


def _e_arith(a, b):  # noqa: ANN001, ANN202
    return a * b + a / b - b**2 + a**3


def _e_numbers(a, b):  # noqa: ANN001, ANN202
    return (2 + a) * (b - 1) / (3 - a) + 1 / b - 4 * a + b * 0.5 + 7 - a ** (-2) + b**0.5


def _e_unary(a, b):  # noqa: ANN001, ANN202
    return (a * b).exp() + (a + b).log() * a.tanh() + (b - a).relu() + (a - b).relu()


def _e_shared(a):  # noqa: ANN001, ANN202
    return a * a + a


def _e_shared_many(a, b):  # noqa: ANN001, ANN202
    c = a * b
    return c * c + c * a + (c + a).tanh() * b + a / c


def _e_diamond(x):  # noqa: ANN001, ANN202
    u = x.tanh()
    v = u.exp()
    return u * 2 + u * 3 + v * u + v


def _e_deep(x, w):  # noqa: ANN001, ANN202
    h = x
    for _ in range(30):  # a residual chain: every node used twice
        h = (h * w).tanh() + h * 0.5
    return h * h


def _e_neuron(x1, x2, w1, w2, bias):  # noqa: ANN001, ANN202
    return (x1 * w1 + x2 * w2 + bias).tanh()


def _e_mlp_loss(w1, w2, w3, w4):  # noqa: ANN001, ANN202
    h1 = (w1 * 0.5 - w2 * 1.5).relu()
    h2 = (w3 * 0.5 + w4 * 1.5).tanh()
    out = h1 * w3 + h2 * w4
    return (out - 1) ** 2


def _e_tanh(x):  # noqa: ANN001, ANN202
    return x.tanh()


def _e_relu(x):  # noqa: ANN001, ANN202
    return x.relu()


def _e_exp_log(x):  # noqa: ANN001, ANN202
    return x.log() * x.exp() + x.exp().log()


def _probe_expr(Value, expr, xs):  # noqa: ANN001, ANN202, N803
    """Build expr from Values at xs, run backward, return (value, [grads])."""
    vs = [Value(x) for x in xs]
    out = expr(*vs)
    out.backward()
    return [float(out.data)] + [float(v.grad) for v in vs]


def _probe_fresh(Value):  # noqa: ANN001, ANN202, N803
    v = Value(1.5)
    return [float(v.data), float(v.grad)]


def _probe_unused_input(Value):  # noqa: ANN001, ANN202, N803
    a, b = Value(2.0), Value(5.0)
    out = a * 3 + 1
    out.backward()
    return [float(out.data), float(a.grad), float(b.grad), float(out.grad)]


def _torch_expr(expr, xs) -> list[float]:  # noqa: ANN001
    """Reference: the same expression on float64 torch tensors, through torch.autograd."""
    ts = [torch.tensor(float(x), dtype=torch.float64, requires_grad=True) for x in xs]
    out = expr(*ts)
    out.backward()
    return [float(out.detach())] + [float(t.grad) if t.grad is not None else 0.0 for t in ts]


VALUE_CASES = [
    ("+ − * / ** 조합 (a = 1.3, b = −0.7)", _e_arith, (1.3, -0.7)),
    (
        "숫자와 양쪽으로: 2 + a, b − 1, 3 − a, 1 / b, 4 * a, b * 0.5, a ** −2, b ** 0.5",
        _e_numbers,
        (0.8, 2.5),
    ),
    ("exp, log, tanh, relu", _e_unary, (0.6, 1.1)),
    ("두 번 쓰인 노드: a·a + a → 2a + 1", _e_shared, (3.0,)),
    ("여러 번 공유된 중간값", _e_shared_many, (0.9, -1.2)),
    ("다이아몬드 그래프 (위상 정렬이 필요)", _e_diamond, (0.4,)),
    ("깊이 30의 잔차 사슬 (모든 노드가 두 번 쓰임)", _e_deep, (0.3, 1.7)),
    ("뉴런 하나: tanh(x1·w1 + x2·w2 + b)", _e_neuron, (2.0, 0.0, -3.0, 1.0, 6.8813735870195432)),
    ("작은 MLP의 제곱 손실 (relu와 tanh)", _e_mlp_loss, (1.0, -0.4, 0.7, -1.3)),
    ("tanh(1000) = 1, 기울기 0 (overflow 없이)", _e_tanh, (1000.0,)),
    ("tanh(−1000) = −1, 기울기 0 (overflow 없이)", _e_tanh, (-1000.0,)),
    ("tanh(20): 1에 가까운 값", _e_tanh, (20.0,)),
    ("relu(0) = 0, relu′(0) = 0", _e_relu, (0.0,)),
    ("relu(−2) = 0, relu′ = 0", _e_relu, (-2.0,)),
    ("relu(3) = 3, relu′ = 1", _e_relu, (3.0,)),
    ("log(x)·exp(x) + log(exp(x))", _e_exp_log, (1.7,)),
]


@exercise(
    LECTURE,
    "Value",
    5.0,
    "nm-04 §1–§2 — 기여는 += 로 더하고, 위상 정렬의 역순으로; tanh는 math.tanh, relu′(0) = 0",
)
def check_value(f, t: Tester) -> None:  # noqa: ANN001
    """Value: micrograd-style reverse mode, compared with torch.autograd in float64."""
    t.close(
        "새 Value: .data = 1.5, .grad = 0",
        lambda: f.probe(_probe_fresh),
        [1.5, 0.0],
        inputs="Value(1.5)",
        rtol=0,
    )
    t.close(
        "backward(): 출력의 grad = 1, 쓰이지 않은 입력의 grad = 0",
        lambda: f.probe(_probe_unused_input),
        [7.0, 3.0, 0.0, 1.0],
        inputs="a, b = Value(2.0), Value(5.0); out = a * 3 + 1; out.backward()",
        rtol=0,
    )
    for label, expr, xs in VALUE_CASES:
        t.close(
            label,
            lambda expr=expr, xs=xs: f.probe(_probe_expr, expr, xs),
            _torch_expr(expr, xs),
            inputs=f"{expr.__name__[3:]}{xs} — [값, ∂/∂입력…]",
            rtol=1e-10,
            atol=1e-13,
        )
    exact = [2 * 3.0 + 1]
    t.close(
        "두 번 쓰인 노드의 기울기 = 2a + 1 = 7 (정확한 값)",
        lambda: f.probe(_probe_expr, _e_shared, (3.0,))[1:],
        exact,
        inputs="a = Value(3.0); (a * a + a).backward()",
        rtol=0,
    )


# --------------------------------------------------------------------------- grad_check


def _cube_sum(x):  # noqa: ANN001, ANN202
    return (x**3).sum()


def _smooth(x):  # noqa: ANN001, ANN202
    return (x.tanh() * x.exp()).sum() + (x * x).sum()


def _partial_sum(x):  # noqa: ANN001, ANN202
    return (x[1:] ** 2).sum()  # x[0] has gradient 0


class _Scaled(torch.autograd.Function):
    """f(x) = sum(x^2), but backward multiplies the true gradient by a factor per element."""

    @staticmethod
    def forward(ctx, x, factor):  # noqa: ANN001, ANN205
        ctx.save_for_backward(x, factor)
        return (x * x).sum()

    @staticmethod
    def backward(ctx, grad_out):  # noqa: ANN001, ANN205
        x, factor = ctx.saved_tensors
        return grad_out * 2 * x * factor.to(x.dtype), None


def _wrong_big(x):  # noqa: ANN001, ANN202
    """Values ~1e3, backward 1.5x too large: relative error 1/3 (absolute ~1e3)."""
    return _Scaled.apply(x, torch.full(x.shape, 1.5))


def _wrong_tiny(x):  # noqa: ANN001, ANN202
    """sum(x^2) * 1e-9 with a 1.5x backward: relative error 1/3, absolute ~1e-9."""
    return _Scaled.apply(x, torch.full(x.shape, 1.5)) * 1e-9


def _wrong_one(x):  # noqa: ANN001, ANN202
    """Only element 2's gradient is wrong (x1.1): relative error 0.1/1.1 there."""
    factor = torch.ones(x.shape)
    factor.view(-1)[2] = 1.1
    return _Scaled.apply(x, factor)


def _wrong_zero(x):  # noqa: ANN001, ANN202
    """Backward returns 0 for element 0: relative error exactly 1 there."""
    factor = torch.ones(x.shape)
    factor.view(-1)[0] = 0.0
    return _Scaled.apply(x, factor)


@exercise(
    LECTURE,
    "grad_check",
    2.5,
    "nm-04 §5 — float64로 바꿔 autograd와 중앙 차분을 구하고, 원소별 상대 오차의 최댓값",
)
def check_grad_check(f, t: Tester) -> None:  # noqa: ANN001
    """grad_check(f, x, eps): max relative error of autograd vs central differences, in float64."""
    gen = torch.Generator().manual_seed(44)
    x = torch.rand(5, generator=gen, dtype=torch.float64) + 0.5
    big = torch.rand(6, generator=gen, dtype=torch.float64) * 1e3 + 1e3
    small = torch.rand(4, generator=gen, dtype=torch.float64) + 0.5

    def small_value(label, fn, arg, bound):  # noqa: ANN001, ANN202
        def test() -> tuple[bool, str]:
            got = float(f(fn, arg.clone()))
            ok = 0 <= got < bound
            return (
                ok,
                "" if ok else f"올바른 그래디언트인데 결과 {got!r} (기대: 0 ≤ 결과 < {bound:g})",
            )

        t.case(label, test)

    small_value("올바른 그래디언트 (x³의 합): 결과 < 1e-7", _cube_sum, x, 1e-7)
    small_value("올바른 그래디언트 (tanh·exp + x²)", _smooth, x, 1e-7)
    small_value(
        "2차원 입력 (3×4)", _smooth, torch.rand(3, 4, generator=gen, dtype=torch.float64), 1e-7
    )
    small_value("float32 입력이어도 float64로 계산: 결과 < 1e-7", _smooth, x.float(), 1e-7)
    small_value("기울기가 0인 원소 (0/0이 아닌 0)", _partial_sum, x, 1e-7)
    t.close(
        "틀린 backward(1.5배), 값 ~1e3: 상대 오차 1/3",
        lambda: f(_wrong_big, big.clone()),
        1 / 3,
        inputs="sum(x²), x ∈ [1000, 2000], backward 1.5배",
        rtol=1e-5,
        shape=False,
    )
    t.close(
        "틀린 backward(1.5배), 값 ~1e-9: 상대 오차 1/3 (절대 오차는 작아도)",
        lambda: f(_wrong_tiny, small.clone()),
        1 / 3,
        inputs="1e-9·sum(x²), backward 1.5배",
        rtol=1e-5,
        shape=False,
    )
    t.close(
        "원소 하나만 틀림 (1.1배): 최댓값 0.1/1.1",
        lambda: f(_wrong_one, x.clone()),
        0.1 / 1.1,
        inputs="sum(x²), 원소 2의 backward 1.1배",
        rtol=1e-5,
        shape=False,
    )
    t.close(
        "backward가 0을 줌 (g_AD = 0, g_FD ≠ 0): 상대 오차 1",
        lambda: f(_wrong_zero, x.clone()),
        1.0,
        inputs="sum(x²), 원소 0의 backward 0",
        rtol=1e-6,
        shape=False,
    )
    ones = torch.ones(3, dtype=torch.float64)
    eps = 1e-2
    t.close(
        "eps = 1e-2를 씀: x³에서 (3 + eps²) 대 3 → eps²/(3 + eps²)",
        lambda: f(_cube_sum, ones.clone(), eps),
        eps**2 / (3 + eps**2),
        inputs="sum(x³), x = [1, 1, 1], eps = 1e-2",
        rtol=1e-6,
        shape=False,
    )
    t.close(
        "eps를 이름으로: eps=1e-3",
        lambda: f(_cube_sum, ones.clone(), eps=1e-3),
        1e-6 / (3 + 1e-6),
        inputs="sum(x³), x = [1, 1, 1], eps=1e-3",
        rtol=1e-4,
        shape=False,
    )


# --------------------------------------------------------------------------- saved bytes


def _square(x):  # noqa: ANN001, ANN202
    return (x * x).sum()  # mul saves x twice: one storage


def _exp_sum(x):  # noqa: ANN001, ANN202
    return x.exp().sum()  # exp saves its output; sum saves nothing


def _exp_vector(x):  # noqa: ANN001, ANN202
    return x.exp()  # a non-scalar output: nothing to call backward on


def _exp_square(x):  # noqa: ANN001, ANN202
    y = x.exp()
    return (y * y).sum()  # exp saves y, mul saves y twice: one storage


def _layer(x, w):  # noqa: ANN001, ANN202
    return torch.tanh(x @ w).sum()  # mm saves x (w needs grad), tanh saves its output


def _deep(x, *ws):  # noqa: ANN001, ANN202
    h = x
    for w in ws:
        h = torch.tanh(h @ w)
    return h.sum()


def _bytes_cases():  # noqa: ANN202
    gen = torch.Generator().manual_seed(45)

    def rand(*shape, dtype=torch.float32, grad=False):  # noqa: ANN001, ANN202
        return torch.randn(*shape, generator=gen, dtype=dtype).requires_grad_(grad)

    cases = [
        (
            "x·x: 같은 x를 두 번 저장 → 한 번 셈 (float32 1000개)",
            _square,
            (rand(1000, grad=True),),
            4000,
        ),
        (
            "exp: 출력 저장 (float64 500개)",
            _exp_sum,
            (rand(500, dtype=torch.float64, grad=True),),
            4000,
        ),
        ("스칼라가 아닌 출력 (backward를 부르지 않음)", _exp_vector, (rand(300, grad=True),), 1200),
        ("exp 후 y·y: 저장소 하나", _exp_square, (rand(250, grad=True),), 1000),
        ("requires_grad가 없는 입력: 저장 0", _square, (rand(1000),), 0),
        (
            "x @ W의 tanh: 파라미터 W(4 MB)가 아니라 x와 출력 (W만 requires_grad)",
            _layer,
            (rand(2, 1000), rand(1000, 1000, grad=True)),
            2 * 1000 * 4 + 2 * 1000 * 4,
        ),
    ]
    b, d = 8, 64
    for depth in (1, 3, 6):
        ws = tuple(rand(d, d, grad=True) for _ in range(depth))
        # layer 1 saves x; each tanh saves its output, the next layer's input (same storage);
        # layers 2.. also save their W (their input requires grad).
        expected = b * d * 4 + depth * b * d * 4 + (depth - 1) * d * d * 4
        cases.append(
            (
                f"깊이 {depth}의 tanh 층: (N+1)개 활성값 + 가중치 {depth - 1}개",
                _deep,
                (rand(b, d), *ws),
                expected,
            )
        )
    return cases


@exercise(
    LECTURE,
    "saved_tensor_bytes",
    2.5,
    "nm-04 §4 — saved_tensors_hooks의 pack에서 저장소마다 한 번 numel × element_size",
)
def check_saved_tensor_bytes(f, t: Tester) -> None:  # noqa: ANN001
    """saved_tensor_bytes(fn, *inputs): bytes autograd saves, each storage once."""
    for label, fn, inputs, expected in _bytes_cases():
        t.equal(
            label,
            lambda fn=fn, inputs=inputs: int(f(fn, *inputs)),
            int(expected),
            inputs=f"{fn.__name__[1:]}{tuple(tuple(x.shape) for x in inputs)}",
        )
    x = torch.randn(100, dtype=torch.float64, requires_grad=True)
    t.case(
        "정수를 돌려줌",
        lambda: (
            isinstance(f(_square, x), int) and not isinstance(f(_square, x), bool),
            "int가 아닙니다",
        ),
    )
