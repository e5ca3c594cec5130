"""The course's slide convention, applied to a lecture's ``.py`` pair (contributors).

    python tools/slide_metadata.py notebooks/nm-0X_*.py     # rewrite the slideshow metadata
    python tools/slide_metadata.py --check notebooks/*.py   # report cells that break it

The convention (``tests/test_slides.py`` enforces it; CONTRIBUTING.md explains it):

- a markdown cell with a ``#`` or ``##`` heading starts a **slide**, one with ``###`` a
  **subslide** (a long section becomes a vertical stack an instructor can skip through);
- a "핵심 직관" box appears as a **fragment** (it comes in after the demo);
- a code cell continues its slide (``-``), or starts a **subslide** once the slide already
  holds about 20 lines, so that nothing runs off the bottom of the screen;
- the setup cell (the first code cell: imports, seeds, fonts) and every cell of a
  ``심화 (선택)`` section are **skip**: out of the main line, still in the notebook;
- a cell the author marked ``notes`` (speaker notes) keeps it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jupytext

HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.MULTILINE)
SLIDE_LINES = 20


def heading_of(cell) -> tuple[int, str] | None:  # noqa: ANN001
    """(level, text) of a markdown cell's first heading, or None."""
    if cell.cell_type != "markdown":
        return None
    m = HEADING.search(cell.source)
    return (len(m.group(1)), m.group(2)) if m else None


def slide_types(cells: list) -> list[str]:
    """The slide type of every cell under the convention above."""
    types: list[str] = []
    skip_level: int | None = None  # inside a 심화 (선택) section of this heading level
    lines_on_slide = 0
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), None)
    for i, cell in enumerate(cells):
        head = heading_of(cell)
        if head is not None:
            level, text = head
            if skip_level is not None and level <= skip_level:
                skip_level = None
            if skip_level is None and "심화 (선택)" in text:
                skip_level = level
        current = cell.metadata.get("slideshow", {}).get("slide_type")
        n_lines = len(cell.source.splitlines())
        if skip_level is not None or i == first_code:
            kind = "skip"
        elif current == "notes":
            kind = "notes"
        elif head is not None:
            kind = "slide" if head[0] <= 2 else "subslide"
            lines_on_slide = n_lines
        elif cell.cell_type == "markdown" and "핵심 직관" in cell.source:
            kind = "fragment"
            lines_on_slide += n_lines
        elif cell.cell_type == "code" and lines_on_slide + n_lines > SLIDE_LINES:
            kind = "subslide"
            lines_on_slide = n_lines + 6  # its output takes room too
        else:
            kind = "-"
            lines_on_slide += n_lines + (6 if cell.cell_type == "code" else 0)
        types.append(kind)
    return types


_FILLER = re.compile(r'^(\s*|---|<a id="[^"]+"></a>)$')


def split_points(source: str) -> list[int]:
    """Line numbers where a markdown cell must be cut so that each heading opens a cell.

    A heading (``#`` … ``###``) that follows other content in the same cell would carry
    that content onto its slide (a section's 핵심 직관 shown on the next section's slide),
    or into a skipped ``심화 (선택)`` section. The cut goes before the ``---``, anchor and
    blank lines that lead up to the heading; headings inside code fences don't count.
    """
    lines, cuts, fenced, content = source.splitlines(), [], False, False
    for j, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,3}\s", line) and content:
            k = j
            while k > 0 and _FILLER.match(lines[k - 1]):
                k -= 1
            cuts.append(k)
        if not _FILLER.match(line):
            content = True
    return cuts


def split_cells(cells: list) -> list:
    """The cells with every markdown cell cut at its :func:`split_points`."""
    import nbformat

    out = []
    for cell in cells:
        cuts = split_points(cell.source) if cell.cell_type == "markdown" else []
        if not cuts:
            out.append(cell)
            continue
        lines = cell.source.splitlines()
        bounds = [0, *cuts, len(lines)]
        for n, (lo, hi) in enumerate(zip(bounds, bounds[1:], strict=False)):
            part = nbformat.v4.new_markdown_cell("\n".join(lines[lo:hi]).strip("\n"))
            if n == 0:
                part.metadata = cell.metadata
            out.append(part)
    return out


def apply(path: Path, check: bool = False) -> list[str]:
    """Set (or with ``check``, compare) the slideshow metadata of ``path``'s cells.

    Markdown cells are first cut so that every heading opens its own cell.
    """
    nb = jupytext.read(path)
    problems = [
        f"{path.name}: 셀 {i + 1}을(를) 제목 앞에서 나누어야 합니다 (a heading must open its cell)"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown" and split_points(cell.source)
    ]
    nb.cells = split_cells(nb.cells)
    for i, (cell, kind) in enumerate(zip(nb.cells, slide_types(nb.cells), strict=True)):
        if cell.metadata.get("slideshow", {}).get("slide_type") != kind:
            problems.append(f"{path.name}: 셀 {i + 1}의 slide_type은 {kind!r}이어야 합니다")
            cell.metadata["slideshow"] = {"slide_type": kind}
    if problems and not check:
        jupytext.write(nb, path, fmt="py:percent")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true", help="쓰지 않고 어긋난 셀만 보고")
    args = ap.parse_args(argv)
    problems = [p for path in args.paths for p in apply(path, check=args.check)]
    if args.check and problems:
        print("\n".join(problems))
        return 1
    print(f"{len(problems)}개 셀의 slide_type을 {'확인했' if args.check else '고쳤'}습니다")
    return 0


if __name__ == "__main__":
    sys.exit(main())
