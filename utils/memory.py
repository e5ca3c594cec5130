"""Memory accounting for autograd on any device, the CPU included.

Two instruments, both context managers:

- :class:`SavedTensorMeter` counts what autograd *saves for backward* (through
  ``torch.autograd.graph.saved_tensors_hooks``): the total, and the peak of the saved
  bytes still alive at any moment through forward **and** backward (autograd frees a
  node's saved tensors as soon as its backward has run).
- :class:`LiveTensorMeter` counts every tensor an operation creates inside the block
  (through a ``TorchDispatchMode``): the peak of live bytes through forward and backward,
  recomputation by gradient checkpointing included. It is the CPU's analogue of
  ``torch.cuda.max_memory_allocated`` minus what existed before the block.

Both count a storage once, however many views or saves refer to it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

__all__ = ["SavedTensorMeter", "LiveTensorMeter", "storage_key"]


def storage_key(t: torch.Tensor) -> tuple[int, int]:
    """Return ``(data_ptr, nbytes)`` of the storage behind ``t`` (shared by its views)."""
    st = t.untyped_storage()
    return st.data_ptr(), st.nbytes()


class _LiveBytes:
    """Reference-counted live bytes per storage, with a running peak."""

    def __init__(self) -> None:
        self._count: dict[tuple[int, int], int] = {}
        self.current_bytes = 0
        self.peak_bytes = 0
        self.total_bytes = 0  # every storage ever added, counted once while alive

    def add(self, key: tuple[int, int]) -> None:
        n = self._count.get(key, 0)
        if n == 0:
            self.current_bytes += key[1]
            self.total_bytes += key[1]
            self.peak_bytes = max(self.peak_bytes, self.current_bytes)
        self._count[key] = n + 1

    def tracks(self, key: tuple[int, int]) -> bool:
        return key in self._count

    def release(self, key: tuple[int, int]) -> None:
        n = self._count.get(key, 0)
        if n <= 1:
            if n == 1:
                self.current_bytes -= key[1]
            self._count.pop(key, None)
        else:
            self._count[key] = n - 1


class _Packed:
    """What a saved-tensor pack hook returns; its death means autograd freed the save."""

    __slots__ = ("tensor", "__weakref__")

    def __init__(self, tensor: torch.Tensor) -> None:
        self.tensor = tensor


class SavedTensorMeter:
    """Count the bytes autograd saves for backward inside a ``with`` block.

    Parameters
    ----------
    exclude : iterable of torch.Tensor, optional
        Tensors whose storage is not counted when saved (typically
        ``model.parameters()``: a layer saves its weight, but the weight exists anyway).

    Attributes
    ----------
    saved_bytes : int
        Bytes of all distinct storages saved during the block.
    peak_bytes : int
        Peak of the saved bytes alive at one time, through forward and backward.
    current_bytes : int
        Saved bytes still alive now (0 after a ``backward()`` that freed the graph).
    n_saved : int
        Number of pack calls (saves), before deduplication.

    Notes
    -----
    Gradient checkpointing with ``use_reentrant=False`` installs saved-tensor hooks of
    its own, which hide its saves and its recomputation from this meter; measure
    checkpointed code with :class:`LiveTensorMeter`.

    Examples
    --------
    >>> lin = torch.nn.Linear(4, 4)
    >>> with SavedTensorMeter(exclude=lin.parameters()) as m:
    ...     lin(torch.randn(2, 4)).sum().backward()
    >>> m.saved_bytes  # the 2x4 float32 input
    32
    """

    def __init__(self, exclude: Iterable[torch.Tensor] = ()) -> None:
        self._exclude = {storage_key(t) for t in exclude}
        self._live = _LiveBytes()
        self._seen: set[tuple[int, int]] = set()
        self.saved_bytes = 0
        self.n_saved = 0
        self._hooks: Any = None

    @property
    def peak_bytes(self) -> int:
        return self._live.peak_bytes

    @property
    def current_bytes(self) -> int:
        return self._live.current_bytes

    def _pack(self, t: torch.Tensor) -> Any:
        self.n_saved += 1
        key = storage_key(t)
        if key in self._exclude or key[1] == 0:
            return t
        if key not in self._seen:
            self._seen.add(key)
            self.saved_bytes += key[1]
        self._live.add(key)
        packed = _Packed(t)
        weakref.finalize(packed, self._live.release, key)
        return packed

    @staticmethod
    def _unpack(packed: Any) -> torch.Tensor:
        return packed.tensor if isinstance(packed, _Packed) else packed

    def __enter__(self) -> SavedTensorMeter:
        self._hooks = torch.autograd.graph.saved_tensors_hooks(self._pack, self._unpack)
        self._hooks.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._hooks.__exit__(*exc)


class LiveTensorMeter(TorchDispatchMode):
    """Track the bytes of every tensor created inside a ``with`` block, and their peak.

    Tensors that existed before the block (parameters, inputs, preallocated ``.grad``)
    are not counted, nor are views of them or in-place results on them; everything an
    operation allocates inside the block is, until it is freed: activations, saved
    tensors, gradients, temporaries and checkpointing's recomputation.

    Attributes
    ----------
    peak_bytes : int
        Peak of live bytes during the block.
    current_bytes : int
        Bytes created in the block and still alive.
    n_ops : int
        Number of operations dispatched.

    Examples
    --------
    >>> with LiveTensorMeter() as m:
    ...     y = torch.ones(1000) * 2          # two float32 tensors of 4000 bytes
    >>> m.peak_bytes
    8000
    """

    def __init__(self) -> None:
        super().__init__()
        self._live = _LiveBytes()
        self.n_ops = 0

    @property
    def peak_bytes(self) -> int:
        return self._live.peak_bytes

    @property
    def current_bytes(self) -> int:
        return self._live.current_bytes

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # noqa: ANN001
        self.n_ops += 1
        kwargs = kwargs or {}
        # Storages of inputs that were not created inside the block (parameters, inputs,
        # preallocated grads): a view of one, or an in-place result on one, is not new memory.
        foreign = {
            storage_key(t)
            for t in tree_flatten((args, kwargs))[0]
            if isinstance(t, torch.Tensor) and t.device.type != "meta"
        }
        foreign = {k for k in foreign if not self._live.tracks(k)}
        out = func(*args, **kwargs)
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor) and t.device.type != "meta":
                key = storage_key(t)
                if key[1] == 0 or key in foreign:
                    continue
                self._live.add(key)
                weakref.finalize(t, self._live.release, key)
        return out
