"""Unit tests of utils: device choice, fonts, memory meters, the health check, helpers."""

from __future__ import annotations

import math
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from utils.checks.core import rel_error, show, ulp_error  # noqa: E402
from utils.device import autocast_dtype, describe_machine, needs_grad_scaler, pick_device  # noqa: E402
from utils.health import Finding, numerical_health_check  # noqa: E402
from utils.memory import LiveTensorMeter, SavedTensorMeter  # noqa: E402
from utils.plotting import KOREAN_FONT, setup_plots  # noqa: E402

# ----------------------------------------------------------------------------- device


def test_pick_device_returns_an_available_device():
    dev = pick_device()
    assert dev.type in {"cuda", "mps", "cpu"}
    torch.zeros(1, device=dev)  # usable


def test_pick_device_cpu_forced_and_unknown_rejected():
    assert pick_device("cpu") == torch.device("cpu")
    with pytest.raises(ValueError, match="알 수 없는 장치"):
        pick_device("tpu")


def test_pick_device_env_override(monkeypatch):
    monkeypatch.setenv("NM_DEVICE", "cpu")
    assert pick_device() == torch.device("cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_pick_device_unavailable_cuda_is_a_clear_error():
    with pytest.raises(ValueError, match="쓸 수 없습니다"):
        pick_device("cuda")


def test_autocast_dtype_per_device():
    assert autocast_dtype("cpu") == torch.bfloat16
    assert autocast_dtype(torch.device("cuda")) == torch.float16
    assert needs_grad_scaler("cuda") and not needs_grad_scaler("cpu")
    with pytest.raises(ValueError):
        autocast_dtype("meta")


def test_describe_machine_is_one_line():
    line = describe_machine()
    assert "\n" not in line and "torch" in line and "AMP dtype" in line


# ----------------------------------------------------------------------------- plotting


def test_korean_and_minus_render_without_warnings():
    assert setup_plots() == KOREAN_FONT
    fig, ax = plt.subplots()
    ax.loglog([1e-8, 1e-2], [1e-10, 1.0], label="상대 오차")
    ax.set_title(r"한글 제목 $\epsilon^{-1}$")
    ax.set_xlabel("반복 횟수")
    ax.legend()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    plt.close(fig)


def test_setup_plots_is_idempotent():
    setup_plots()
    n = len(matplotlib.font_manager.fontManager.ttflist)
    setup_plots()
    assert len(matplotlib.font_manager.fontManager.ttflist) == n


# ----------------------------------------------------------------------------- memory


def test_saved_tensor_meter_counts_saved_input_not_parameters():
    lin = torch.nn.Linear(4, 4)
    with SavedTensorMeter(exclude=lin.parameters()) as m:
        lin(torch.randn(2, 4)).sum().backward()
    assert m.saved_bytes == 2 * 4 * 4  # the float32 input, saved for the weight gradient
    assert m.peak_bytes == 32 and m.current_bytes == 0  # freed by backward


def test_saved_tensor_meter_counts_a_storage_once():
    x = torch.randn(1000, requires_grad=True)
    with SavedTensorMeter() as m:
        y = x * x  # saves x twice (both operands)
    assert m.n_saved == 2 and m.saved_bytes == 4000
    del y


def test_saved_tensor_meter_grows_linearly_with_depth():
    def saved(depth: int) -> int:
        model = torch.nn.Sequential(*[torch.nn.Tanh() for _ in range(depth)])
        with SavedTensorMeter() as m:
            model(torch.randn(8, 16, requires_grad=True)).sum().backward()
        return m.saved_bytes

    assert saved(8) == 2 * saved(4) == 4 * saved(2) == 4 * 2 * 8 * 16 * 4


def test_live_tensor_meter_tracks_frees_and_peak():
    with LiveTensorMeter() as m:
        a = torch.ones(1000)  # 4000 bytes
        b = a * 2  # 8000 live
        del a  # 4000 live
        c = b + 1  # 8000 live
    assert m.peak_bytes == 8000 and m.current_bytes == 8000
    del b, c
    assert m.current_bytes == 0


def test_live_tensor_meter_counts_views_once():
    with LiveTensorMeter() as m:
        a = torch.zeros(100, 10)
        views = [a[i] for i in range(100)]
    assert m.peak_bytes == 4000
    del views, a


def test_live_tensor_meter_sees_checkpoint_recomputation():
    """Checkpointing lowers the peak; the recomputed activations are still counted."""
    from torch.utils.checkpoint import checkpoint_sequential

    torch.manual_seed(0)
    model = torch.nn.Sequential(
        *[torch.nn.Sequential(torch.nn.Linear(32, 32), torch.nn.Tanh()) for _ in range(16)]
    )
    for p in model.parameters():
        p.grad = torch.zeros_like(p)
    x = torch.randn(256, 32, requires_grad=True)
    with LiveTensorMeter() as plain:
        model(x).sum().backward()
    with LiveTensorMeter() as ckpt:
        checkpoint_sequential(model, 4, x, use_reentrant=False).sum().backward()
    assert ckpt.peak_bytes < 0.6 * plain.peak_bytes
    assert ckpt.n_ops > plain.n_ops  # the forward ran again during backward


# ----------------------------------------------------------------------------- health


def healthy_model() -> tuple[torch.nn.Module, torch.Tensor]:
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    loss = model(torch.randn(4, 3)).pow(2).mean()
    loss.backward()
    return model, loss


def test_health_check_healthy_model_has_no_findings(capsys):
    model, loss = healthy_model()
    assert numerical_health_check(model, loss) == []
    assert "이상 없음" in capsys.readouterr().out


def test_health_check_finds_nan_inf_large_small():
    model, _ = healthy_model()
    model.weight.grad[0, 0] = float("nan")
    model.bias.grad[:] = 1e7
    found = numerical_health_check(model, torch.tensor(float("inf")), verbose=False)
    kinds = {(f.kind, f.name) for f in found}
    assert kinds == {("inf_loss", "loss"), ("nan_grad", "weight"), ("large_grad", "bias")}
    model.weight.grad.zero_()
    model.bias.grad[:] = 1e-20
    model.weight.data[0, 0] = float("-inf")
    found = numerical_health_check(model, float("nan"), verbose=False)
    assert {(f.kind, f.name) for f in found} == {
        ("nan_loss", "loss"),
        ("small_grad", "bias"),
        ("inf_weight", "weight"),
    }


def test_health_check_float16_gradient_norm_does_not_overflow():
    model = torch.nn.Linear(200, 200).half()
    model.weight.grad = torch.full_like(model.weight, 60000.0)  # finite in float16
    found = numerical_health_check(model, 1.0, verbose=False)
    assert [f.kind for f in found] == ["large_grad"]
    assert math.isclose(found[0].value, 60000.0 * 200, rel_tol=1e-6)


def test_health_check_zero_gradient_is_not_vanishing():
    model, loss = healthy_model()
    model.weight.grad.zero_()
    assert numerical_health_check(model, loss, verbose=False) == []


def test_health_check_bad_arguments_are_clear():
    model, loss = healthy_model()
    with pytest.raises(TypeError, match="torch.nn.Module"):
        numerical_health_check("model", loss)
    with pytest.raises(ValueError, match="스칼라"):
        numerical_health_check(model, torch.ones(3))
    with pytest.raises(TypeError, match="loss"):
        numerical_health_check(model, "0.5")
    with pytest.raises(ValueError, match="small < large"):
        numerical_health_check(model, loss, small=1.0, large=0.5)


def test_finding_message_is_readable():
    f = Finding("nan_grad", "layer.weight", float("nan"))
    assert "layer.weight" in str(f) and "NaN" in str(f)


# ----------------------------------------------------------------------------- check helpers


def test_rel_error_handles_infinities_and_nans():
    assert rel_error([np.inf, 1.0], [np.inf, 1.0]) == 0
    assert rel_error(np.nan, np.nan) == 0
    assert rel_error(1.0 + 2**-52, 1.0) == 2**-52
    assert math.isinf(rel_error(np.inf, 1.0))
    assert rel_error(0.0, 0.0) == 0


def test_ulp_error_counts_ulps():
    assert ulp_error(1.0 + 2 * 2**-52, 1.0) == 2.0
    assert ulp_error(np.float32(1) + np.float32(2**-23), 1.0, dtype=np.float32) == 1.0


def test_show_is_short():
    assert show(np.arange(100.0)).endswith("(100개)], dtype=float64)")
    assert show(0.1, precision=17) == "0.1"


def test_live_tensor_meter_ignores_views_and_inplace_on_outside_tensors():
    w = torch.randn(100, 100)
    grad = torch.zeros(100, 100)
    with LiveTensorMeter() as m:
        wt = w.t()  # a view of a parameter-like tensor: no new memory
        grad.add_(1.0)  # in place on a preallocated buffer: no new memory
        y = wt @ torch.ones(100)  # 400 bytes of ones + 400 bytes of result
    assert m.peak_bytes == 800
    del wt, y
