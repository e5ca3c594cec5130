"""nm-10's headline figures on this machine (printed, never asserted): ``make bench``.

On the device ``utils.device.pick_device`` chooses (CUDA, MPS or the CPU) it measures

1. one training step (forward, backward, optimizer step) of a 4096-wide MLP in FP32
   (TF32 off) against AMP: float16 + ``GradScaler`` on CUDA, bfloat16 autocast on the CPU;
2. peak activation memory of a depth-64 MLP with and without ``checkpoint_sequential``
   at 8 ≈ √64 segments, and the time ratio of the two: ``torch.cuda.max_memory_allocated``
   on CUDA, the lecture's ``LiveTensorMeter`` elsewhere.

Only torch, numpy and ``utils`` are needed (no Jupyter). On a CPU the sizes shrink so the
whole run takes about a minute on two cores; ``--full`` keeps the GPU sizes anywhere.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint_sequential

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from utils.device import autocast_dtype, describe_machine, needs_grad_scaler, pick_device  # noqa: E402
from utils.memory import LiveTensorMeter  # noqa: E402


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()
    elif device.type == "mps":
        torch.mps.synchronize()


def mlp(width: int, depth: int, device: torch.device) -> nn.Sequential:
    layers: list[nn.Module] = []
    for _ in range(depth):
        layers += [nn.Linear(width, width), nn.ReLU()]
    return nn.Sequential(*layers).to(device)


def step_time(device: torch.device, width: int, batch: int, amp: bool, reps: int) -> float:
    """Median seconds of one training step, FP32 or AMP."""
    torch.manual_seed(0)
    model = mlp(width, 4, device)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    x = torch.randn(batch, width, device=device)
    target = torch.randn(batch, width, device=device)
    dtype = autocast_dtype(device)
    scaler = torch.amp.GradScaler(device.type, enabled=amp and needs_grad_scaler(device))
    times = []
    for i in range(reps + 2):  # two warm-up steps
        sync(device)
        t = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        with torch.autocast(device.type, dtype=dtype, enabled=amp):
            loss = nn.functional.mse_loss(model(x), target)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        sync(device)
        if i >= 2:
            times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def activation_memory(
    device: torch.device, width: int, batch: int, depth: int, segments: int | None
) -> tuple[int, float]:
    """(peak bytes beyond parameters and input, median seconds) of forward + backward."""
    torch.manual_seed(0)
    model = mlp(width, depth, device)
    x = torch.randn(batch, width, device=device, requires_grad=True)

    def run() -> None:
        if segments is None:
            out = model(x)
        else:
            out = checkpoint_sequential(model, segments, x, use_reentrant=False)
        out.sum().backward()

    run()  # warm-up (allocates .grad, so the measurement below excludes it)
    times = []
    for _ in range(5):  # timed without the meter, whose bookkeeping costs time
        sync(device)
        t = time.perf_counter()
        run()
        sync(device)
        times.append(time.perf_counter() - t)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
        run()
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated() - base
    else:
        with LiveTensorMeter() as meter:
            run()
        peak = meter.peak_bytes
    return peak, sorted(times)[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="GPU sizes even on the CPU")
    args = ap.parse_args()
    device = pick_device()
    big = device.type == "cuda" or args.full
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    width, batch, reps = (4096, 512, 20) if big else (2048, 256, 5)
    mem_width, mem_batch = (1024, 256)
    depth, segments = 64, 8
    print(describe_machine())
    tf32 = ", TF32 꺼짐" if device.type == "cuda" else ""
    print(f"장치: {device}  (AMP dtype {autocast_dtype(device)}{tf32})")
    t32 = step_time(device, width, batch, amp=False, reps=reps)
    tamp = step_time(device, width, batch, amp=True, reps=reps)
    plain, t_plain = activation_memory(device, mem_width, mem_batch, depth, None)
    ckpt, t_ckpt = activation_memory(device, mem_width, mem_batch, depth, segments)
    unit = mem_batch * mem_width * 4  # one layer's activation, float32
    rows = [
        (f"학습 한 스텝, MLP {width}×4, 배치 {batch}: FP32", f"{1000 * t32:9.2f} ms", ""),
        (
            f"같은 스텝, AMP ({autocast_dtype(device)})",
            f"{1000 * tamp:9.2f} ms",
            f"FP32 대비 {t32 / tamp:.2f}배",
        ),
        (
            f"활성값 최대 메모리, 깊이 {depth}, 체크포인트 없음",
            f"{plain / 2**20:9.1f} MiB",
            f"{plain / unit:.1f} 층 단위",
        ),
        (
            f"같은 모델, checkpoint_sequential {segments}구간",
            f"{ckpt / 2**20:9.1f} MiB",
            f"{ckpt / unit:.1f} 층 단위, {plain / ckpt:.1f}배 적음",
        ),
        (
            "체크포인트 시간 / 보통 시간 (전방+역방향)",
            f"{t_ckpt / t_plain:9.2f} 배",
            "강의: 약 1.33배",
        ),
    ]
    print(f"{'측정':<46} {'값':>13}  비고")
    for name, value, note in rows:
        print(f"{name:<46} {value:>13}  {note}")
    meter = "torch.cuda.max_memory_allocated" if device.type == "cuda" else "LiveTensorMeter"
    print(f"(메모리: {meter}; 시간은 {reps}회 중앙값, 기계마다 다릅니다)")


if __name__ == "__main__":
    main()
