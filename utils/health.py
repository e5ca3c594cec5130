"""``numerical_health_check``: the debugging checklist of nm-10 §6 as a function.

It inspects a loss value and a model's parameters and gradients and returns structured
findings (kind, parameter name, value), printing them readably unless told not to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

__all__ = ["Finding", "numerical_health_check"]

_ADVICE = {
    "nan_loss": "NaN 손실 — 학습률·입력 데이터·log/sqrt의 정의역을 확인하세요",
    "inf_loss": "Inf 손실 — overflow: logit 버전 손실 함수, 클리핑, 손실 스케일을 확인하세요",
    "nan_grad": "NaN 그래디언트 — detect_anomaly()로 NaN을 만든 연산을 찾으세요",
    "inf_grad": "Inf 그래디언트 — overflow (FP16이면 GradScaler가 이 스텝을 건너뜁니다)",
    "large_grad": "큰 그래디언트 — 폭주: 그래디언트 클리핑·학습률을 확인하세요",
    "small_grad": "작은 그래디언트 — 소실: FP16이면 underflow 위험 (loss scaling)",
    "nan_weight": "NaN 가중치 — 이미 망가진 업데이트가 적용되었습니다",
    "inf_weight": "Inf 가중치 — 이미 망가진 업데이트가 적용되었습니다",
}


@dataclass(frozen=True)
class Finding:
    """One problem found by :func:`numerical_health_check`.

    Attributes
    ----------
    kind : str
        One of ``nan_loss, inf_loss, nan_grad, inf_grad, large_grad, small_grad,
        nan_weight, inf_weight``.
    name : str
        The parameter's name (``"loss"`` for the loss).
    value : float
        The offending value: the loss, or the gradient/weight norm (may be nan/inf).
    """

    kind: str
    name: str
    value: float

    @property
    def message(self) -> str:
        """A one-line Korean explanation with advice."""
        return f"{_ADVICE[self.kind]} [{self.name}: {self.value:.3e}]"

    def __str__(self) -> str:
        return self.message


def _as_scalar(loss: torch.Tensor | float) -> float:
    if isinstance(loss, torch.Tensor):
        if loss.numel() != 1:
            raise ValueError(
                f"loss는 스칼라여야 합니다: shape {tuple(loss.shape)} "
                "(loss must be a scalar; reduce it with .mean() or .sum())."
            )
        return float(loss.detach().float().item())
    if isinstance(loss, (int, float)):
        return float(loss)
    raise TypeError(
        f"loss는 torch.Tensor 또는 float여야 합니다, {type(loss).__name__}를 받았습니다 "
        "(loss must be a tensor or a float)."
    )


def numerical_health_check(
    model: torch.nn.Module,
    loss: torch.Tensor | float,
    *,
    large: float = 1e6,
    small: float = 1e-12,
    verbose: bool = True,
) -> list[Finding]:
    """Check a loss and a model's gradients and weights for NaN, Inf, explosion, vanishing.

    Parameters
    ----------
    model : torch.nn.Module
        The model, after ``backward()`` if gradients should be checked.
    loss : torch.Tensor or float
        The (scalar) loss value.
    large, small : float
        A gradient norm above ``large`` is reported as exploding; one in ``(0, small)``
        as vanishing. A gradient that is exactly zero is not reported (frozen paths are
        legitimate).
    verbose : bool
        Print the findings (or "이상 없음") as well as returning them.

    Returns
    -------
    list of Finding
        Empty when nothing is wrong.

    Raises
    ------
    TypeError
        If ``model`` is not a ``torch.nn.Module`` or ``loss`` is not a number/tensor.
    ValueError
        If ``loss`` is not a scalar or the thresholds are not ``0 < small < large``.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(
            f"model은 torch.nn.Module이어야 합니다, {type(model).__name__}를 받았습니다."
        )
    if not (0 < small < large):
        raise ValueError(f"0 < small < large 이어야 합니다: small={small}, large={large}")
    findings: list[Finding] = []
    value = _as_scalar(loss)
    if math.isnan(value):
        findings.append(Finding("nan_loss", "loss", value))
    elif math.isinf(value):
        findings.append(Finding("inf_loss", "loss", value))

    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.grad is not None:
                g = p.grad.detach()
                if torch.isnan(g).any():
                    findings.append(Finding("nan_grad", name, float("nan")))
                elif torch.isinf(g).any():
                    findings.append(Finding("inf_grad", name, float("inf")))
                else:
                    # norm in float64: a float16 gradient's norm must not itself overflow
                    gn = float(torch.linalg.vector_norm(g.double()))
                    if gn > large:
                        findings.append(Finding("large_grad", name, gn))
                    elif 0 < gn < small:
                        findings.append(Finding("small_grad", name, gn))
            w = p.detach()
            if torch.isnan(w).any():
                findings.append(Finding("nan_weight", name, float("nan")))
            elif torch.isinf(w).any():
                findings.append(Finding("inf_weight", name, float("inf")))

    if verbose:
        if findings:
            print(f"수치 건강 점검: 문제 {len(findings)}건")
            for f in findings:
                print(f"  - {f.message}")
        else:
            print("수치 건강 점검: 이상 없음")
    return findings
