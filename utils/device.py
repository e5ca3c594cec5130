"""Pick the device a notebook runs on (CUDA, then Apple MPS, then CPU) and its AMP dtype."""

from __future__ import annotations

import os
import platform

import torch


def pick_device(prefer: str | None = None, *, need_float64: bool = False) -> torch.device:
    """Return the best available device: CUDA, then Apple MPS, then the CPU.

    Parameters
    ----------
    prefer : str, optional
        Force a device (``"cuda"``, ``"mps"`` or ``"cpu"``). Defaults to the environment
        variable ``NM_DEVICE`` when set, else automatic choice.
    need_float64 : bool
        The caller computes in float64, which Apple MPS does not support: skip MPS.

    Returns
    -------
    torch.device

    Raises
    ------
    ValueError
        If ``prefer`` names an unknown or unavailable device.
    """
    prefer = prefer if prefer is not None else os.environ.get("NM_DEVICE") or None
    available = {
        "cuda": torch.cuda.is_available(),
        "mps": torch.backends.mps.is_available() and not need_float64,
        "cpu": True,
    }
    if prefer is not None:
        if prefer not in available:
            raise ValueError(
                f"알 수 없는 장치 {prefer!r}입니다: 'cuda', 'mps', 'cpu' 중 하나를 쓰세요 "
                f"(unknown device)."
            )
        if not available[prefer]:
            raise ValueError(f"장치 {prefer!r}를 이 컴퓨터에서 쓸 수 없습니다 (not available).")
        return torch.device(prefer)
    for name in ("cuda", "mps"):
        if available[name]:
            return torch.device(name)
    return torch.device("cpu")


def autocast_dtype(device: torch.device | str) -> torch.dtype:
    """Return the low-precision dtype that ``torch.autocast`` should use on ``device``.

    CUDA uses float16 (with ``GradScaler``, as in the lecture), unless the GPU supports
    bfloat16 and ``NM_AMP_DTYPE=bfloat16`` is set; the CPU uses bfloat16 (fast on the
    CPU and safe without loss scaling); MPS uses float16.

    Parameters
    ----------
    device : torch.device or str

    Returns
    -------
    torch.dtype
    """
    kind = torch.device(device).type
    if kind == "cuda":
        if os.environ.get("NM_AMP_DTYPE") == "bfloat16" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float16
    if kind == "mps":
        return torch.float16
    if kind == "cpu":
        return torch.bfloat16
    raise ValueError(f"autocast을 지원하지 않는 장치입니다: {kind!r} (unsupported device)")


def needs_grad_scaler(device: torch.device | str) -> bool:
    """Return True when AMP on ``device`` uses float16 and so needs loss scaling."""
    return autocast_dtype(device) == torch.float16


def describe_machine() -> str:
    """One line describing this machine, for the head of a notebook.

    Returns
    -------
    str
        For example ``"CPU (2 threads) · torch 2.13.0 · Python 3.11.7"``.
    """
    dev = pick_device()
    if dev.type == "cuda":
        hw = f"CUDA: {torch.cuda.get_device_name(dev)}"
    elif dev.type == "mps":
        hw = f"Apple MPS ({platform.machine()})"
    else:
        hw = f"CPU ({torch.get_num_threads()} threads, {platform.machine()})"
    return (
        f"{hw} · torch {torch.__version__} · Python {platform.python_version()}"
        f" · AMP dtype {str(autocast_dtype(dev)).removeprefix('torch.')}"
    )
