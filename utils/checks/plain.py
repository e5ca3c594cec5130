"""Plain data: what a student's function returns, as the checks are allowed to see it.

A check never holds the student's objects. What a call returns is *encoded* into plain
data (JSON-able tree plus ``.npy`` byte strings) where the student's code ran, and
*decoded* where the verdict is computed. In the grader these are two processes and the
decoder is the only thing that reads what the student's process sent, so it trusts
nothing: it accepts only None, bool, int, float, complex, str, tuples, lists, str-keyed
dicts, NumPy arrays and scalars of numeric or bool dtype, and torch tensors (as a dtype
and an array), within size limits, and never unpickles. In a student's own notebook the
same round trip runs in one process, so the notebook and the grader see the same values.

Anything else (a student's own class, a generator, ...) becomes an :class:`Opaque`
holding only its type name and a short ``repr``: a check comparing it with a number
fails with a readable message instead of trusting the object.
"""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np

# Limits on what one reply may hold (the decoder enforces them).
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_STR = 20_000
MAX_BLOB = 64 * 2**20
MAX_BLOBS_TOTAL = 128 * 2**20
_NUMERIC_KINDS = "biufc"
# torch dtypes a tensor may be decoded to; bfloat16 travels as float32 (exact).
_TORCH_DTYPES = (
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "bool",
)


class PlainDataError(ValueError):
    """Raised when a reply is not plain data within the limits."""


class Opaque:
    """Stands in for a returned object that is not plain data (only its name and repr)."""

    __slots__ = ("type_name", "text")

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name} 객체: {self.text}>"

    def __eq__(self, other: object) -> bool:
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


# --------------------------------------------------------------------------- encoding


def _short_repr(obj: Any) -> str:
    try:
        text = repr(obj)
    except BaseException as exc:  # noqa: BLE001 - the student's __repr__ may do anything
        text = f"(repr 실패: {type(exc).__name__})"
    return text if len(text) <= 300 else text[:300] + "…"


def _npy(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
    return buf.getvalue()


def encode(value: Any) -> tuple[Any, list[bytes]]:
    """Encode ``value`` as ``(tree, blobs)``: a JSON-able tree and ``.npy`` byte strings."""
    blobs: list[bytes] = []

    def enc(v: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            return {"O": type(v).__name__, "r": "(너무 깊게 중첩됨)"}
        t = type(v)
        if v is None or t is bool or t is str:
            return v if t is not str or len(v) <= MAX_STR else v[:MAX_STR]
        if t is int:
            return v if abs(v).bit_length() < 10_000 else {"O": "int", "r": "(너무 큰 정수)"}
        if t is float:
            return {"F": repr(v)} if not math.isfinite(v) else v
        if t is complex:
            return {"C": [repr(v.real), repr(v.imag)]}
        if t is tuple:
            return {"T": [enc(x, depth + 1) for x in v]}
        if t is list:
            return {"L": [enc(x, depth + 1) for x in v]}
        if t is dict and all(type(k) is str for k in v):
            return {"D": {k: enc(x, depth + 1) for k, x in v.items()}}
        if isinstance(v, np.generic) and v.dtype.kind in _NUMERIC_KINDS:
            blobs.append(_npy(np.asarray(v)))
            return {"S": len(blobs) - 1}
        if isinstance(v, np.ndarray) and v.dtype.kind in _NUMERIC_KINDS:
            blobs.append(_npy(np.asarray(v)))
            return {"A": len(blobs) - 1}
        if type(v).__module__ == "torch" and type(v).__name__ in ("Tensor", "Parameter"):
            return _enc_tensor(v, blobs)
        return {"O": t.__name__, "r": _short_repr(v)}

    return enc(value, 0), blobs


def _enc_tensor(v: Any, blobs: list[bytes]) -> Any:
    import torch

    name = str(v.dtype).removeprefix("torch.")
    if name not in _TORCH_DTYPES:
        return {"O": "Tensor", "r": f"dtype {name}"}
    t = v.detach().cpu()
    arr = (t.float() if name == "bfloat16" else t).numpy()
    blobs.append(_npy(arr))
    out = {"Tn": len(blobs) - 1, "dtype": name}
    if isinstance(v, torch.nn.Parameter):
        out["param"] = True
    return out


# --------------------------------------------------------------------------- decoding


def _read_npy(blob: Any) -> np.ndarray:
    if not isinstance(blob, (bytes, bytearray, memoryview)) or len(blob) > MAX_BLOB:
        raise PlainDataError("배열 데이터가 너무 크거나 올바르지 않습니다")
    try:
        arr = np.lib.format.read_array(io.BytesIO(blob), allow_pickle=False)
    except Exception as exc:  # noqa: BLE001 - any malformed .npy
        raise PlainDataError(f"배열 데이터를 읽을 수 없습니다: {exc}") from None
    if arr.dtype.kind not in _NUMERIC_KINDS or arr.dtype.names is not None:
        raise PlainDataError(f"허용되지 않는 배열 dtype: {arr.dtype}")
    return np.array(arr, copy=True)


def _float(text: Any) -> float:
    if not isinstance(text, str) or len(text) > 40:
        raise PlainDataError("실수 표현이 올바르지 않습니다")
    try:
        return float(text)
    except ValueError:
        raise PlainDataError("실수 표현이 올바르지 않습니다") from None


def decode(tree: Any, blobs: list[bytes]) -> Any:
    """Decode what :func:`encode` produced; raise :class:`PlainDataError` on anything else."""
    if sum(len(b) for b in blobs) > MAX_BLOBS_TOTAL:
        raise PlainDataError("응답이 너무 큽니다")
    count = [0]

    def blob(i: Any) -> Any:
        if type(i) is not int or not 0 <= i < len(blobs):
            raise PlainDataError("배열 번호가 올바르지 않습니다")
        return blobs[i]

    def dec(v: Any, depth: int) -> Any:
        count[0] += 1
        if depth > MAX_DEPTH + 1 or count[0] > MAX_NODES:
            raise PlainDataError("응답이 너무 깊거나 큽니다")
        t = type(v)
        if v is None or t in (bool, int, float):
            return v
        if t is str:
            if len(v) > MAX_STR:
                raise PlainDataError("문자열이 너무 깁니다")
            return v
        if t is not dict or len(v) not in (1, 2, 3):
            raise PlainDataError(f"허용되지 않는 값: {t.__name__}")
        (tag, body), *rest = v.items()
        if tag == "F" and not rest:
            return _float(body)
        if tag == "C" and not rest and type(body) is list and len(body) == 2:
            return complex(_float(body[0]), _float(body[1]))
        if tag in ("T", "L") and not rest and type(body) is list:
            items = [dec(x, depth + 1) for x in body]
            return tuple(items) if tag == "T" else items
        if tag == "D" and not rest and type(body) is dict:
            return {str(k): dec(x, depth + 1) for k, x in body.items()}
        if tag == "S" and not rest:
            arr = _read_npy(blob(body))
            if arr.shape != ():
                raise PlainDataError("스칼라 모양이 올바르지 않습니다")
            return arr[()]
        if tag == "A" and not rest:
            return _read_npy(blob(body))
        if tag == "Tn":
            return _dec_tensor(_read_npy(blob(body)), dict(rest))
        if tag == "O" and len(rest) == 1 and rest[0][0] == "r":
            name, text = body, rest[0][1]
            if not (isinstance(name, str) and isinstance(text, str)):
                raise PlainDataError("Opaque 값이 올바르지 않습니다")
            return Opaque(name[:100], text[:400])
        raise PlainDataError(f"허용되지 않는 태그: {str(tag)[:20]}")

    return dec(tree, 0)


def _dec_tensor(arr: np.ndarray, extra: dict[str, Any]) -> Any:
    import torch

    name = extra.get("dtype")
    if name not in _TORCH_DTYPES or set(extra) - {"dtype", "param"}:
        raise PlainDataError("텐서 dtype이 올바르지 않습니다")
    t = torch.from_numpy(arr).to(getattr(torch, name))
    return torch.nn.Parameter(t, requires_grad=False) if extra.get("param") else t


def roundtrip(value: Any) -> Any:
    """``decode(*encode(value))``: what the grader would see of ``value``."""
    tree, blobs = encode(value)
    return decode(tree, blobs)
