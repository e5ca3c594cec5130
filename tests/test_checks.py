"""Grading soundness, in-process: every check passes the solution and rejects the corpus.

For each lecture with a solution notebook, the solution's functions are loaded by
executing its code cells (check calls left out). Then:

- the solution gets every point;
- each wrong implementation of the corpus scores 0 on its exercise, and substituting
  it leaves every other exercise of that lecture at full marks ("only those points").
"""

from __future__ import annotations

import importlib
import math
from functools import cache
from pathlib import Path

import jupytext
import numpy as np
import pytest

from utils.checks import LECTURES, exercises_of, grade_namespace

REPO_ROOT = Path(__file__).resolve().parent.parent
LECTURES_WITH_SOLUTIONS = [
    lec for lec in LECTURES if (REPO_ROOT / "solutions" / f"{lec}_solutions.py").exists()
]


@cache
def solution_namespace(lecture: str) -> dict:
    """Execute the solution notebook's code cells, without its check calls."""
    nb = jupytext.read(REPO_ROOT / "solutions" / f"{lecture}_solutions.py")
    ns: dict = {"__name__": f"solution_{lecture.replace('-', '_')}"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = "\n".join(ln for ln in cell.source.splitlines() if not ln.startswith("check("))
        exec(compile(src, f"{lecture}_solutions", "exec"), ns)
    return ns


def corpus(lecture: str) -> dict[str, dict[str, str]]:
    mod = importlib.import_module(f"tests.corpus.{lecture.replace('-', '')}")
    return mod.WRONG


def wrong_cases():
    for lec in LECTURES_WITH_SOLUTIONS:
        for name, impls in corpus(lec).items():
            for label, src in impls.items():
                yield pytest.param(lec, name, src, id=f"{lec}-{name}-{label}")


def load_wrong(src: str, name: str):
    ns = {"np": np, "math": math}
    exec(src, ns)
    return ns[name]


@pytest.mark.parametrize("lecture", LECTURES_WITH_SOLUTIONS)
def test_solution_gets_full_marks(lecture):
    results = grade_namespace(lecture, solution_namespace(lecture))
    lost = {n: r.message for n, r in results.items() if r.score != r.max_score}
    assert not lost, lost
    assert math.isclose(sum(r.score for r in results.values()), 10.0)


@pytest.mark.parametrize("lecture", LECTURES_WITH_SOLUTIONS)
def test_points_total_ten(lecture):
    assert math.isclose(sum(p for _, p in exercises_of(lecture)), 10.0)


@pytest.mark.parametrize("lecture", LECTURES_WITH_SOLUTIONS)
def test_corpus_covers_every_exercise(lecture):
    names = {n for n, _ in exercises_of(lecture)}
    assert names <= set(corpus(lecture)), names - set(corpus(lecture))


@pytest.mark.parametrize(("lecture", "name", "src"), list(wrong_cases()))
def test_wrong_implementation_loses_only_its_points(lecture, name, src):
    ns = dict(solution_namespace(lecture))
    ns[name] = load_wrong(src, name)
    results = grade_namespace(lecture, ns)
    assert results[name].score == 0, f"wrong {name} was accepted: {results[name].report()}"
    others = {n: r.message for n, r in results.items() if n != name and r.score != r.max_score}
    assert not others, others


@pytest.mark.parametrize("lecture", LECTURES_WITH_SOLUTIONS)
def test_missing_functions_are_reported_not_raised(lecture):
    results = grade_namespace(lecture, {})
    for r in results.values():
        assert r.score == 0 and "missing" in r.message


@pytest.mark.parametrize("lecture", LECTURES_WITH_SOLUTIONS)
def test_stub_is_not_implemented(lecture):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    results = grade_namespace(lecture, {n: stub for n, _ in exercises_of(lecture)})
    for r in results.values():
        assert r.score == 0 and "not implemented" in r.message, r.message


def test_check_prints_report_and_never_raises(capsys):
    from utils.checks import check

    def logsumexp(z, axis=None):
        raise RuntimeError("student bug")

    check("logsumexp", {"logsumexp": logsumexp})
    check("no_such_exercise", {})
    check("softmax", {})
    out = capsys.readouterr().out
    assert "❌ logsumexp: 0 / 1.5점" in out
    assert "RuntimeError: student bug" in out
    assert "이런 이름의 연습 문제가 없습니다" in out
    assert "missing" in out


def test_endless_loop_fails_its_cases_and_the_check_returns(monkeypatch, capsys):
    import time

    import utils.checks.core as core
    from utils.checks import check

    monkeypatch.setattr(core, "CASE_TIME_LIMIT", 0.3)

    def softmax(z, axis=-1):
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # a student's catch-all cannot swallow the time limit
                pass

    start = time.perf_counter()
    check("softmax", {"softmax": softmax})
    assert time.perf_counter() - start < 5  # one timeout, then the other cases are skipped
    out = capsys.readouterr().out
    assert "❌ softmax: 0 / 1점" in out
    assert "시간 초과" in out and "건너뜁니다" in out
