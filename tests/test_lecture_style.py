"""What a machine can check of the lecture bar (CONTRIBUTING.md) on notebooks/*.py.

- No code cell longer than 30 lines: a class hour shows one idea per cell.
- No internal vocabulary in student-facing text: the lectures were written from a source
  text students never saw, so "씨앗", "seed's" and "the seed" must not appear in markdown,
  code comments, strings or docstrings.
- Every lecture has its frame: "학습 목표", a "핵심 직관" box and "핵심 정리".
- A digression is marked "심화 (선택)" in its heading, so an instructor can skip it.

The rest of the checklist (every number computed and asserted, English terms on first
use, Python 3.11-3.13) needs a reader, or runs with the notebooks themselves (nbval).
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("*.py"))
ALL_NOTEBOOKS = (
    LECTURES + sorted((ROOT / "solutions").glob("*.py")) + sorted((ROOT / "exercises").glob("*.py"))
)
MAX_CODE_LINES = 30
INTERNAL_WORDS = re.compile(r"씨앗|\bseed's\b|\bthe seed\b", re.IGNORECASE)
FRAME = ("학습 목표", "핵심 직관", "핵심 정리")
HEADING = re.compile(r"^#+\s", re.MULTILINE)


def _cells(path: Path) -> list:
    return jupytext.read(path).cells


def _markdown(path: Path) -> str:
    return "\n".join(c.source for c in _cells(path) if c.cell_type == "markdown")


def test_there_are_lecture_notebooks() -> None:
    assert LECTURES, "notebooks/*.py: no lecture found"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_no_code_cell_is_longer_than_30_lines(path: Path) -> None:
    too_long = [
        (i, len(c.source.splitlines()), c.source.splitlines()[0][:60])
        for i, c in enumerate(_cells(path))
        if c.cell_type == "code" and len(c.source.splitlines()) > MAX_CODE_LINES
    ]
    assert not too_long, (
        f"{path.name}: code cells over {MAX_CODE_LINES} lines (cell index, lines, first line): "
        f"{too_long} — split compute / assert / plot, move helpers into their own cell"
    )


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_no_internal_vocabulary_in_student_facing_text(path: Path) -> None:
    hits = [
        (i, line.strip()[:80])
        for i, c in enumerate(_cells(path))
        for line in c.source.splitlines()
        if INTERNAL_WORDS.search(line)
    ]
    assert not hits, (
        f"{path.name}: students never saw the source text; say '위 표', '위의 코드' etc. "
        f"instead (cell index, line): {hits}"
    )


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("part", FRAME)
def test_lecture_has_its_frame(path: Path, part: str) -> None:
    assert part in _markdown(path), f"{path.name}: no '{part}' in any markdown cell"


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_digressions_are_marked_optional_in_their_heading(path: Path) -> None:
    unmarked = [
        line.strip()
        for line in _markdown(path).splitlines()
        if HEADING.match(line) and "심화" in line and "심화 (선택)" not in line
    ]
    assert not unmarked, f"{path.name}: write '심화 (선택)' in these headings: {unmarked}"
