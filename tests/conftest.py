"""Shared pytest setup.

- nbval cells fail when they write anything to stderr: that is where warnings go
  (missing Hangul glyphs, deprecated calls, RuntimeWarnings leaking from a demo).
- The run ends with each notebook's execution time (printed, never asserted).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs notebooks through the grader (kernels)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    outcome = yield
    outputs = getattr(item, "test_outputs", None)  # set by nbval after running a cell
    if outcome.excinfo is not None or not outputs:
        return
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            text = "".join(out.get("text", "")).strip()
            if text:
                outcome.force_exception(
                    AssertionError(
                        "셀이 stderr에 출력했습니다 — 경고는 실패로 봅니다 "
                        "(a cell wrote to stderr; warnings fail the test):\n" + text[:2000]
                    )
                )
                return


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001
    per_notebook: dict[str, float] = defaultdict(float)
    for reports in terminalreporter.stats.values():
        for rep in reports:
            nodeid = getattr(rep, "nodeid", "")
            if getattr(rep, "when", None) == "call" and ".ipynb::" in nodeid:
                per_notebook[nodeid.split("::")[0]] += rep.duration
    if per_notebook:
        terminalreporter.section("notebook execution time (printed, not asserted)")
        for nb, secs in sorted(per_notebook.items()):
            terminalreporter.write_line(f"{secs:7.1f} s  {nb}")
