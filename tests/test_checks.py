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
    lec
    for lec in LECTURES
    if (REPO_ROOT / "solutions" / f"{lec}_solutions.py").exists()
    and (REPO_ROOT / "utils" / "checks" / f"{lec.replace('-', '')}.py").exists()
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


def test_matches_torch_means_torch_passes_and_extra_digits_are_praised():
    """Where the contract says "matches" a library, that library's own function passes."""
    import torch
    import torch.nn.functional as F
    from scipy import special

    def torch_bce(z, y):
        z, y = torch.as_tensor(z, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64)
        return float(F.binary_cross_entropy_with_logits(z, y))

    def torch_ce(logits, targets):
        return float(F.cross_entropy(torch.as_tensor(logits), torch.as_tensor(targets).long()))

    def stable_without_log1p(z, y):
        return float(np.mean(np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z)))))

    ns = {"bce_with_logits": torch_bce, "cross_entropy": torch_ce}
    ns["logsumexp"] = special.logsumexp
    got = grade_namespace("nm-10", ns)
    for name in ("bce_with_logits", "cross_entropy", "logsumexp"):
        assert got[name].score == got[name].max_score, got[name].report()
    assert not got["bce_with_logits"].notes  # torch loses digits at z = ±40: no praise
    plain = grade_namespace("nm-10", {"bce_with_logits": stable_without_log1p})
    assert plain["bce_with_logits"].score == plain["bce_with_logits"].max_score
    assert not plain["bce_with_logits"].notes
    sol = grade_namespace("nm-10", solution_namespace("nm-10"), only="bce_with_logits")
    assert sol["bce_with_logits"].notes and "🌟" in sol["bce_with_logits"].report()


def test_feedback_is_short_and_in_the_exercise_terms():
    """One line when untouched, the hint once, the worst element, ulps in the dtype."""
    untouched = grade_namespace(
        "nm-02",
        {"softplus": lambda x: (_ for _ in ()).throw(NotImplementedError())},
        only="softplus",
    )["softplus"]
    assert untouched.report().count("\n") == 0 and "미구현" in untouched.report()
    naive = grade_namespace("nm-02", {"softplus": lambda x: np.log(1 + np.exp(x))})["softplus"]
    report = naive.report()
    assert report.count("힌트:") == 1
    assert "가장 나쁜 원소: 인덱스" in report and "입력 -" in report

    def f16_eps(dtype):
        return float(np.finfo(dtype).eps) / 2

    eps = grade_namespace("nm-01", {"machine_epsilon": f16_eps})["machine_epsilon"].report()
    assert "ε/2를 돌려주었습니다" in eps
    assert "512 ulp (float16)" in eps and "ulp (float32)" in eps  # counted in the dtype
