"""The machinery behind every exercise check: cases, comparisons and the Korean report.

A check is a function ``check_x(fn, t)`` registered with :func:`exercise`. It calls the
student's ``fn`` through ``t`` (a :class:`Tester`), which runs each case in isolation: an
exception, a ``NotImplementedError`` or a wrong value fails that case and the check goes
on. An exercise earns its points only when every case passes (all or nothing: a wrong
algorithm that happens to pass the easy cases must not earn partial credit).
"""

from __future__ import annotations

import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from utils.checks.plain import roundtrip

NOT_IMPLEMENTED = "미구현 (not implemented)"
# Seconds one case may run before it fails as an endless loop (Unix main thread only).
CASE_TIME_LIMIT = 10.0


class CaseAborted(BaseException):
    """A case could not finish: it ran too long, or the student's process died.

    A ``BaseException``, so that a student's ``except Exception`` cannot swallow it. The
    later cases of the same check are skipped at once (all or nothing: the exercise has
    lost its points already, and an endless loop must not cost ten seconds per case).
    """

    detail = "사례를 끝내지 못했습니다"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        if detail:
            self.detail = detail


class CaseTimeout(CaseAborted):
    """Raised inside the student's code when a case runs too long."""

    detail = f"시간 초과: {CASE_TIME_LIMIT:g}초 안에 끝나지 않았습니다 (무한 루프?)"


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds`` with :class:`CaseTimeout` (no-op where unsupported)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or not seconds:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise CaseTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class CaseResult:
    """The verdict on one case of a check."""

    label: str
    passed: bool
    detail: str = ""


@dataclass
class ExerciseResult:
    """The verdict on one exercise: its cases, score and a one-paragraph message."""

    name: str
    max_score: float
    cases: list[CaseResult] = field(default_factory=list)
    error: str | None = None  # set when the check could not run at all
    hint: str = ""  # shown once, under a failed exercise
    notes: list[str] = field(default_factory=list)  # praise beyond the contract, not graded

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def score(self) -> float:
        return self.max_score if self.passed else 0.0

    @property
    def not_implemented(self) -> bool:
        failed = [c for c in self.cases if not c.passed]
        return bool(failed) and all(c.detail.startswith(NOT_IMPLEMENTED) for c in failed)

    @property
    def message(self) -> str:
        if self.error is not None:
            return self.error
        failed = [c for c in self.cases if not c.passed]
        if not failed:
            return f"모든 사례 통과 ({len(self.cases)}/{len(self.cases)})"
        if self.not_implemented:
            return NOT_IMPLEMENTED
        first = failed[0]
        text = (
            f"{len(self.cases) - len(failed)}/{len(self.cases)} 사례 통과; "
            f"실패: {first.label} — {first.detail}"
        )
        return f"{text}\n힌트: {self.hint}" if self.hint else text

    def report(self) -> str:
        """The multi-line Korean report shown under a check cell."""
        mark = "✅" if self.passed else "❌"
        lines = [f"{mark} {self.name}: {_fmt_pts(self.score)} / {_fmt_pts(self.max_score)}점"]
        if self.error is not None:
            lines.append(f"   {self.error}")
            return "\n".join(lines)
        if self.not_implemented:  # one line, not one per case
            return lines[0] + f" — {NOT_IMPLEMENTED}: 함수 본문을 작성하세요."
        n_ok = sum(c.passed for c in self.cases)
        lines[0] += f"  ({n_ok}/{len(self.cases)} 사례 통과)"
        for c in self.cases:
            lines.append(f"   {'✅' if c.passed else '❌'} {c.label}")
            if not c.passed and c.detail:
                lines.extend(f"      {line}" for line in c.detail.splitlines())
        if not self.passed and self.hint:
            lines.append(f"   힌트: {self.hint}")
        lines.extend(f"   🌟 {note}" for note in self.notes)
        return "\n".join(lines)


def _fmt_pts(x: float) -> str:
    return f"{x:g}"


@dataclass
class Exercise:
    """A registered exercise: where it lives, what it is worth and how it is checked."""

    lecture: str
    name: str
    points: float
    hint: str
    run: Callable[[Any, Tester], None]


REGISTRY: dict[str, dict[str, Exercise]] = {}


def exercise(lecture: str, name: str, points: float, hint: str) -> Callable:
    """Register ``fn(student_obj, tester)`` as the check of exercise ``name``."""

    def deco(fn: Callable[[Any, Tester], None]) -> Callable[[Any, Tester], None]:
        REGISTRY.setdefault(lecture, {})[name] = Exercise(lecture, name, points, hint, fn)
        return fn

    return deco


# --------------------------------------------------------------------------- formatting


def show(x: Any, limit: int = 6, precision: int = 6) -> str:
    """A short, readable rendering of an input (or, with ``precision=17``, a result)."""
    if isinstance(x, np.ndarray):
        flat = x.ravel()
        body = np.array2string(
            flat[:limit], precision=precision, separator=", ", max_line_width=10_000
        )
        if x.size > limit:
            body = body[:-1] + f", … ({x.size}개)]"
        shape = f", shape={x.shape}" if x.ndim != 1 else ""
        return f"array({body}{shape}, dtype={x.dtype})"
    if isinstance(x, (float, np.floating)):
        return repr(float(x)) if precision > 6 else f"{float(x):.{precision}g}"
    if isinstance(x, (tuple, list)):
        inner = ", ".join(show(v, limit, precision) for v in x[:limit])
        return f"({inner}{', …' if len(x) > limit else ''})"
    if type(x).__module__ == "torch" and hasattr(x, "detach"):
        return f"tensor {show(x.detach().cpu().numpy(), limit, precision)}"
    return repr(x)


def rel_error(got: Any, expected: Any) -> float:
    """Largest elementwise relative error |got − expected| / max(|expected|, tiny)."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    with np.errstate(all="ignore"):
        both_inf = np.isinf(g) & np.isinf(e) & (np.sign(g) == np.sign(e))
        err = np.abs(g - e) / np.maximum(np.abs(e), np.finfo(np.float64).tiny)
        err = np.where(both_inf, 0.0, err)
        err = np.where(np.isnan(g) & np.isnan(e), 0.0, err)
    return float(np.max(err)) if err.size else 0.0


def ulp_error(got: Any, expected: Any, dtype: Any = np.float64) -> float:
    """Largest elementwise error in units in the last place of ``expected`` (in ``dtype``)."""
    e = np.asarray(expected, dtype=np.float64)
    g = np.asarray(got, dtype=np.float64)
    with np.errstate(all="ignore"):
        spacing = np.abs(np.spacing(e.astype(dtype))).astype(np.float64)
        err = np.abs(g - e) / spacing
        err = np.where(g == e, 0.0, err)
    return float(np.max(err)) if err.size else 0.0


# --------------------------------------------------------------------------- the tester


def _prefix(where: str, detail: str) -> str:
    """Put the inputs before a failure's detail, except for "not implemented"."""
    return detail if detail.startswith(NOT_IMPLEMENTED) else where + detail


def _worst_element(
    g: np.ndarray,
    e: np.ndarray,
    gf: np.ndarray,
    ef: np.ndarray,
    rtol: float,
    atol: float,
    ulp_dtype: np.dtype,
    x: Any,
) -> str:
    """The element of an array result that misses its tolerance by the most."""
    with np.errstate(all="ignore"):  # by how many tolerances each element misses
        tol = np.maximum(atol + rtol * np.abs(ef), np.finfo(np.float64).tiny)
        excess = np.abs(gf - ef) / tol
        special = (np.isnan(gf) != np.isnan(ef)) | ((np.isinf(gf) | np.isinf(ef)) & (gf != ef))
        excess = np.where(special | np.isnan(excess), np.inf, excess)
        excess = np.where(np.isnan(gf) & np.isnan(ef), -np.inf, excess)
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), g.shape))
    where = idx[0] if len(idx) == 1 else idx
    text = f"가장 나쁜 원소: 인덱스 {where}"
    if isinstance(x, np.ndarray) and x.shape == g.shape:
        text += f", 입력 {show(x[idx], 17, 17)}"
    text += f", 기대 {float(ef[idx])!r}, 결과 {show(g[idx], 17, 17)}"
    if np.isfinite(ef[idx]) and np.isfinite(gf[idx]):
        text += (
            f", 상대 오차 {rel_error(gf[idx], ef[idx]):.3g}, "
            f"{ulp_error(gf[idx], ef[idx], ulp_dtype):.3g} ulp ({ulp_dtype})"
        )
    return text


class _CaseFailed(Exception):
    pass


class Tester:
    """Runs the cases of one check against a student's function and records verdicts."""

    def __init__(self, result: ExerciseResult, hint: str) -> None:
        self.result = result
        self.hint = hint
        self.aborted: str | None = None  # why an earlier case could not finish

    def _guard(self) -> Any:
        """The time limit of one case; after an aborted case, later cases are skipped."""
        if self.aborted is not None:
            raise CaseAborted()
        return _time_limit(CASE_TIME_LIMIT)

    def _abort_detail(self, exc: CaseAborted) -> str:
        if self.aborted is not None:
            return f"앞 사례를 끝내지 못해 건너뜁니다 ({self.aborted.splitlines()[0]})"
        self.aborted = exc.detail
        return exc.detail

    # -- running ---------------------------------------------------------------------
    def _record(self, label: str, passed: bool, detail: str = "") -> bool:
        self.result.cases.append(CaseResult(label, passed, detail))
        return passed

    def note(self, text: str) -> None:
        """Praise shown in the report for going beyond the contract; it earns no points."""
        self.result.notes.append(text)

    def call(
        self, label: str, thunk: Callable[[], Any], *, allow_warnings: bool = True
    ) -> tuple[bool, Any, str]:
        """Run the student's code; return ``(ok, value, detail)`` without recording."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                # underflow to 0 is harmless; overflow, invalid and divide warnings are kept
                with self._guard(), np.errstate(all="warn", under="ignore"):
                    value = thunk()
            except CaseAborted as exc:
                return False, None, self._abort_detail(exc)
            except NotImplementedError:
                return False, None, f"{NOT_IMPLEMENTED}: 함수 본문을 작성하세요."
            except (Exception, SystemExit) as exc:  # the student's exception is the verdict
                return False, None, f"예외 발생: {type(exc).__name__}: {exc}"
        runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        if runtime and not allow_warnings:
            msg = str(runtime[0].message)
            return False, value, f"경고 발생 (RuntimeWarning: {msg}) — 경고 없이 계산해야 합니다"
        return True, value, ""

    def case(self, label: str, test: Callable[[], tuple[bool, str]]) -> bool:
        """Record a free-form case: ``test()`` returns ``(passed, detail)``."""
        try:
            with self._guard(), warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                passed, detail = test()
        except CaseAborted as exc:
            return self._record(label, False, self._abort_detail(exc))
        except NotImplementedError:
            return self._record(label, False, f"{NOT_IMPLEMENTED}: 함수 본문을 작성하세요.")
        except (Exception, SystemExit) as exc:
            return self._record(label, False, f"예외 발생: {type(exc).__name__}: {exc}")
        return self._record(label, bool(passed), detail)

    def close(
        self,
        label: str,
        thunk: Callable[[], Any],
        expected: Any,
        *,
        inputs: str = "",
        rtol: float = 1e-12,
        atol: float = 0.0,
        allow_warnings: bool = True,
        dtype: Any = None,
        shape: bool = True,
        x: Any = None,
        ulp_dtype: Any = None,
    ) -> bool:
        """Record whether ``thunk()`` is close to ``expected`` (NaN/inf must match exactly).

        ``dtype`` (if given) is the dtype the result must have (and the one ulps are
        counted in); ``shape`` asks the result to have ``expected``'s shape; ``x``, the
        input of an elementwise function, lets a failure name the worst element's input;
        ``ulp_dtype`` is the dtype to count ulps in when the result is a Python float.
        """
        ok, got, detail = self.call(label, thunk, allow_warnings=allow_warnings)
        where = f"입력: {inputs}\n" if inputs else ""
        if not ok:
            return self._record(label, False, _prefix(where, detail))
        try:
            g = np.asarray(got)
            e = np.asarray(expected)
            if shape and g.shape != e.shape:
                return self._record(
                    label, False, f"{where}모양(shape)이 다릅니다: 기대 {e.shape}, 결과 {g.shape}"
                )
            if dtype is not None and g.dtype != np.dtype(dtype):
                return self._record(
                    label,
                    False,
                    f"{where}dtype이 다릅니다: 기대 {np.dtype(dtype)}, 결과 {g.dtype}",
                )
            gf = g.astype(np.float64)
            ef = e.astype(np.float64)
        except (TypeError, ValueError) as exc:
            return self._record(label, False, f"{where}결과를 숫자 배열로 볼 수 없습니다: {exc}")
        same_special = np.array_equal(np.isnan(gf), np.isnan(ef)) and np.array_equal(
            np.where(np.isinf(ef), ef, 0.0), np.where(np.isinf(gf), gf, 0.0)
        )
        finite = np.isfinite(ef)
        with np.errstate(all="ignore"):
            within = np.abs(gf[finite] - ef[finite]) <= atol + rtol * np.abs(ef[finite])
        if same_special and bool(np.all(within)):
            return self._record(label, True)
        low = g.dtype if g.dtype in (np.float16, np.float32) else np.float64
        if ulp_dtype is None:
            ulp_dtype = dtype if dtype is not None else low
        ulp_dtype = np.dtype(ulp_dtype)
        detail = (
            f"{where}기대값: {show(expected, precision=17)}\n결과:   {show(got, precision=17)}\n"
            f"상대 오차 {rel_error(got, expected):.3g} (허용 rtol={rtol:g}"
            f"{f', atol={atol:g}' if atol else ''})"
        )
        if np.all(np.isfinite(ef)) and np.all(np.isfinite(gf)):
            detail += f", {ulp_error(got, expected, ulp_dtype):.3g} ulp ({ulp_dtype})"
        elif not np.array_equal(np.isfinite(gf), np.isfinite(ef)):
            detail += "\n결과의 inf/NaN 위치가 기대값과 다릅니다: overflow나 0/0을 확인하세요"
        if g.size > 1 and g.shape == e.shape:
            detail += "\n" + _worst_element(g, e, gf, ef, rtol, atol, ulp_dtype, x)
        return self._record(label, False, detail)

    def equal(
        self, label: str, thunk: Callable[[], Any], expected: Any, *, inputs: str = ""
    ) -> bool:
        """Record whether ``thunk()`` equals ``expected`` exactly (``==`` on Python values)."""
        ok, got, detail = self.call(label, thunk)
        where = f"입력: {inputs}\n" if inputs else ""
        if not ok:
            return self._record(label, False, _prefix(where, detail))
        try:
            same = bool(np.all(np.asarray(got) == np.asarray(expected))) and (
                np.shape(got) == np.shape(expected)
            )
        except Exception:  # noqa: BLE001 - any odd return type is simply "not equal"
            same = False
        return self._record(
            label,
            same,
            "" if same else f"{where}기대값: {show(expected, 17, 17)}\n결과:   {show(got, 17, 17)}",
        )

    def unchanged(self, label: str, fn: Callable[..., Any], *args: Any) -> bool:
        """Record whether calling ``fn(*args)`` leaves its array arguments untouched."""
        copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]

        def test() -> tuple[bool, str]:
            fn(*args)
            for a, c in zip(args, copies, strict=True):
                if isinstance(a, np.ndarray) and not np.array_equal(a, c, equal_nan=True):
                    return (
                        False,
                        "입력 배열이 바뀌었습니다: 입력을 제자리(in-place)에서 수정하지 마세요",
                    )
            return True, ""

        return self.case(label, test)

    def no_fp_warning(self, label: str, thunk: Callable[[], Any], *, inputs: str = "") -> bool:
        """Record whether ``thunk()`` runs without overflow/invalid/divide RuntimeWarnings.

        Underflow to 0 (``exp(-1000) == 0``) is harmless and allowed.
        """
        ok, _, detail = self.call(label, thunk, allow_warnings=False)
        if not ok and detail.startswith("경고 발생"):
            detail += (
                "\nnp.where는 두 식을 모두 계산합니다: 쓰지 않는 쪽에서도 overflow·0 나누기가 "
                "없어야 합니다"
            )
        where = f"입력: {inputs}\n" if inputs else ""
        return self._record(label, ok, "" if ok else _prefix(where, detail))

    def raises(
        self,
        label: str,
        thunk: Callable[[], Any],
        exc_type: type[BaseException],
        *,
        inputs: str = "",
    ) -> bool:
        """Record whether ``thunk()`` raises ``exc_type``."""
        where = f"입력: {inputs}\n" if inputs else ""
        try:
            with self._guard(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = thunk()
        except CaseAborted as exc:
            return self._record(label, False, self._abort_detail(exc))
        except NotImplementedError:
            return self._record(label, False, f"{NOT_IMPLEMENTED}: 함수 본문을 작성하세요.")
        except exc_type:
            return self._record(label, True)
        except (Exception, SystemExit) as exc:
            return self._record(
                label, False, f"{where}{exc_type.__name__}이 아닌 {type(exc).__name__} 발생: {exc}"
            )
        return self._record(
            label, False, f"{where}{exc_type.__name__}이 발생해야 합니다 (결과: {show(got)})"
        )


# --------------------------------------------------------------------------- running


class LocalRef:
    """The student's object as a check sees it, in the student's own process.

    Checks never touch the student's object directly: they call it (``f(x)``) or run a
    *probe* on it (``f.probe(fn, *args)`` runs ``fn(obj, *args)``, the way to check a
    class such as ``Dual`` or ``Value``), and get back only plain data
    (:mod:`utils.checks.plain`). The grader's ``RemoteRef`` has the same interface but
    runs the call in the submission's contained process, so a check means the same in a
    notebook and in the grader.
    """

    def __init__(self, name: str, obj: Any) -> None:
        self.name = name
        self._obj = obj
        self.defined = obj is not None
        self.callable = callable(obj)
        self.type_name = type(obj).__name__
        self.is_class = isinstance(obj, type)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return roundtrip(self._obj(*args, **kwargs))

    def probe(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run the check-defined ``fn(obj, *args, **kwargs)`` where the object lives."""
        return roundtrip(fn(self._obj, *args, **kwargs))

    def map(self, calls: list[tuple]) -> list[Any]:
        """``[obj(*args) for args in calls]`` in one go; the first exception propagates.

        A check with many small cases uses it so that the grader makes one round trip
        instead of hundreds.
        """
        return roundtrip([self._obj(*args) for args in calls])


def run_exercise(lecture: str, name: str, obj: Any) -> ExerciseResult:
    """Run exercise ``name`` of ``lecture`` against the student's object.

    ``obj`` is the student's function/class (``None`` when the namespace has no such
    name), or a ref with :class:`LocalRef`'s interface (the grader passes a remote one).
    """
    ex = REGISTRY[lecture][name]
    ref = obj if hasattr(obj, "probe") and hasattr(obj, "defined") else LocalRef(name, obj)
    result = ExerciseResult(name, ex.points, hint=ex.hint)
    if not ref.defined:
        result.error = f"`{name}`이(가) 정의되지 않았습니다 (missing: not defined)."
        return result
    if not ref.callable:
        result.error = f"`{name}`은(는) 함수/클래스가 아닙니다: {ref.type_name}"
        return result
    tester = Tester(result, ex.hint)
    try:
        ex.run(ref, tester)
    except CaseAborted as exc:  # outside any case: the process is gone, the rest is lost
        result.error = exc.detail
    except (Exception, SystemExit) as exc:  # a crash in the check is still only this exercise
        result.error = f"검사 중 오류: {type(exc).__name__}: {exc}"
    return result


def iter_exercises(lecture: str) -> Iterator[Exercise]:
    """The exercises of ``lecture`` in their notebook order."""
    yield from REGISTRY.get(lecture, {}).values()
