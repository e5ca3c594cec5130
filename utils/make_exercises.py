"""Write ``exercises/`` from ``solutions/`` (instructors: ``make exercises``).

Every solution notebook ``solutions/nm-XX_solutions.py`` is the single source. Its
exercise notebook ``exercises/nm-XX_exercises.{py,ipynb}`` is the same notebook with

- each block between a line containing ``# BEGIN SOLUTION`` and one containing
  ``# END SOLUTION`` replaced by nbgrader's stub, at the marker's indentation::

      # YOUR CODE HERE
      raise NotImplementedError()

- each markdown block between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  (worked explanations) removed.

The output is deterministic (cell ids derive from the file name and cell index), so
``python -m utils.make_exercises --check`` can tell when committed exercises are stale.
Only instructors run this; nothing a student runs writes into ``exercises/``, and an
exercise notebook holding outputs (someone ran it) is never overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_CODE_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)#\s*BEGIN SOLUTION[^\n]*\n.*?^[ \t]*#\s*END SOLUTION[^\n]*\n",
    re.MULTILINE | re.DOTALL,
)
_MD_BLOCK = re.compile(
    r"^#\s*<!--\s*BEGIN SOLUTION\s*-->[^\n]*\n.*?^#\s*<!--\s*END SOLUTION\s*-->[^\n]*\n",
    re.MULTILINE | re.DOTALL,
)


def strip_solutions(py_text: str) -> str:
    """Return the exercise version of a py:percent solution notebook's text.

    Raises
    ------
    ValueError
        If a ``BEGIN SOLUTION`` marker has no matching ``END SOLUTION``.
    """
    text = _MD_BLOCK.sub("", py_text)
    text = _CODE_BLOCK.sub(
        lambda m: f"{m['indent']}# YOUR CODE HERE\n{m['indent']}raise NotImplementedError()\n",
        text,
    )
    if "BEGIN SOLUTION" in text or "END SOLUTION" in text:
        raise ValueError("짝이 맞지 않는 BEGIN/END SOLUTION 표시가 있습니다 (unmatched marker)")
    return text


def exercise_files(solution_py: Path) -> dict[Path, str]:
    """Map each output path to its exact text for one solution notebook."""
    import jupytext

    stem = solution_py.stem.replace("_solutions", "_exercises")
    py_text = strip_solutions(solution_py.read_text(encoding="utf-8"))
    nb = jupytext.reads(py_text, fmt="py:percent")
    for i, cell in enumerate(nb.cells):
        cell.id = hashlib.sha1(f"{stem}:{i}".encode()).hexdigest()[:8]
    out_dir = REPO_ROOT / "exercises"
    return {
        out_dir / f"{stem}.py": py_text,
        out_dir / f"{stem}.ipynb": jupytext.writes(nb, fmt="ipynb"),
    }


def has_student_work(path: Path) -> bool:
    """True when an exercise notebook was run or edited in Jupyter (it has outputs)."""
    if path.suffix != ".ipynb" or not path.exists():
        return False
    import json

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return True  # unreadable: do not overwrite blindly
    return any(
        c.get("outputs") or c.get("execution_count") is not None
        for c in raw.get("cells", [])
        if c.get("cell_type") == "code"
    )


def generate(check: bool = False, force: bool = False) -> list[Path]:
    """Write (or, with ``check``, only compare) every exercise notebook.

    Parameters
    ----------
    check : bool
        Only report which files are stale; write nothing.
    force : bool
        Overwrite exercise notebooks that contain outputs (someone's work).

    Returns
    -------
    list of Path
        The files that were written, or with ``check`` the ones that are stale.

    Raises
    ------
    RuntimeError
        If a file to overwrite holds outputs (a student's run) and ``force`` is False.
    """
    changed: list[Path] = []
    for sol in sorted((REPO_ROOT / "solutions").glob("nm-*_solutions.py")):
        for path, text in exercise_files(sol).items():
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            changed.append(path)
            if check:
                continue
            if has_student_work(path) and not force:
                raise RuntimeError(
                    f"{path.relative_to(REPO_ROOT)}에 실행 결과(누군가의 작업)가 있어 덮어쓰지 "
                    "않습니다. 다른 곳에 옮긴 뒤 다시 실행하거나 --force를 쓰세요."
                )
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write exercises, or ``--check`` that they are current."""
    ap = argparse.ArgumentParser(prog="python -m utils.make_exercises", description=__doc__)
    ap.add_argument("--check", action="store_true", help="쓰지 않고 최신인지 확인만 합니다")
    ap.add_argument("--force", action="store_true", help="실행 결과가 있는 노트북도 덮어씁니다")
    args = ap.parse_args(argv)
    try:
        changed = generate(check=args.check, force=args.force)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    rel = [str(p.relative_to(REPO_ROOT)) for p in changed]
    if args.check:
        if rel:
            print("오래된 연습 문제 (stale, run `make exercises`):\n  " + "\n  ".join(rel))
            return 1
        print("연습 문제가 해답과 일치합니다 (exercises are current).")
        return 0
    print("\n".join(f"wrote {r}" for r in rel) or "변경 없음 (nothing to write).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
