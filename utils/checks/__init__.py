"""Exercise checks for the course's exercise notebooks.

In a notebook, after writing a function, run its check cell::

    from utils.checks import check
    check("logsumexp")

``check`` looks the name up in the notebook's namespace, runs every case against
independent references (NumPy/SciPy/PyTorch in float64, mpmath) and prints a Korean
✅/❌ report. It never raises, so "Run All" always reaches the end. Grading
(``python -m utils.grade``) runs the very same checks.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from typing import Any

from utils.checks.core import REGISTRY, ExerciseResult, iter_exercises, run_exercise

__all__ = ["check", "exercises_of", "grade_namespace", "lecture_of", "LECTURES"]

# Set in the grader's worker process: there the judge runs the checks itself, so the
# notebook's own check() cells only print one line.
GRADING = False

# lecture -> module holding its checks (imported on first use)
LECTURES = {
    "nm-01": "utils.checks.nm01",
    "nm-02": "utils.checks.nm02",
    "nm-03": "utils.checks.nm03",
    "nm-04": "utils.checks.nm04",
    "nm-05": "utils.checks.nm05",
    "nm-06": "utils.checks.nm06",
    "nm-07": "utils.checks.nm07",
    "nm-08": "utils.checks.nm08",
    "nm-09": "utils.checks.nm09",
    "nm-10": "utils.checks.nm10",
}


def _load(lecture: str) -> None:
    if lecture not in LECTURES:
        raise KeyError(
            f"알 수 없는 강의 {lecture!r}: {', '.join(sorted(LECTURES))} 중 하나여야 합니다."
        )
    importlib.import_module(LECTURES[lecture])


def available() -> list[str]:
    """The lectures whose checks exist (a lecture may be registered before it is written)."""
    out = []
    for lecture, module in LECTURES.items():
        if importlib.util.find_spec(module) is not None:
            out.append(lecture)
    return out


def _load_all() -> None:
    for lecture in LECTURES:
        try:
            _load(lecture)
        except ModuleNotFoundError as exc:
            if exc.name != LECTURES[lecture]:
                raise


def exercises_of(lecture: str) -> list[tuple[str, float]]:
    """Return ``[(name, points), ...]`` of a lecture's graded exercises, in order."""
    _load(lecture)
    return [(ex.name, ex.points) for ex in iter_exercises(lecture)]


def lecture_of(name: str) -> str:
    """Return the lecture (``"nm-10"``) whose exercise is called ``name``.

    Only the check module that names the exercise is imported (found by reading the
    modules' source for the quoted name), so a notebook's first ``check()`` does not pay
    for every lecture's imports (torch among them).
    """

    def owner() -> str | None:
        return next((lec for lec, exs in REGISTRY.items() if name in exs), None)

    if owner() is None:
        for lecture, module in LECTURES.items():
            spec = importlib.util.find_spec(module)
            if spec is None or not spec.origin:
                continue
            with open(spec.origin, encoding="utf-8") as src:
                if f'"{name}"' in src.read():
                    _load(lecture)
                    if owner() is not None:
                        break
    if owner() is None:
        _load_all()
    found = owner()
    if found is None:
        raise KeyError(name)
    return found


def grade_namespace(
    lecture: str, namespace: dict[str, Any], only: str | None = None
) -> dict[str, ExerciseResult]:
    """Run every check of ``lecture`` (or just ``only``) against the objects in ``namespace``."""
    _load(lecture)
    return {
        ex.name: run_exercise(lecture, ex.name, namespace.get(ex.name))
        for ex in iter_exercises(lecture)
        if only is None or ex.name == only
    }


def check(name: str, namespace: dict[str, Any] | None = None) -> None:
    """Check the exercise ``name`` and print a ✅/❌ report; never raises.

    Parameters
    ----------
    name : str
        The exercise's function or class name, e.g. ``"logsumexp"``.
    namespace : dict, optional
        Where to look the name up; defaults to the caller's globals (the notebook).
    """
    if GRADING:
        print(f"(채점 중: `{name}`은(는) 채점기가 따로 검사합니다)")
        return
    if namespace is None:
        frame = inspect.currentframe()
        namespace = frame.f_back.f_globals if frame and frame.f_back else {}
    try:
        lecture = lecture_of(name)
    except KeyError:
        print(f"❌ `{name}`: 이런 이름의 연습 문제가 없습니다. 철자를 확인하세요.")
        return
    result = run_exercise(lecture, name, namespace.get(name))
    print(result.report())
