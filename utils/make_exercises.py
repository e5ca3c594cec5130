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
Only instructors run this; students work in ``work/`` (``utils.workspace``). A file of
``exercises/`` is replaced only when it is exactly what was generated before (its
committed version, or what this command last wrote, recorded in the git-ignored
``build/exercises-manifest.json``); a file someone changed is never overwritten
without ``--force`` (``make exercises FORCE=1``), and the message says which and why.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
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


def _manifest_path() -> Path:
    return REPO_ROOT / "build" / "exercises-manifest.json"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_manifest() -> dict[str, str]:
    try:
        data = json.loads(_manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _committed_text(path: Path) -> str | None:
    """The file as committed at git's HEAD, or None (no git, not tracked)."""
    rel = path.relative_to(REPO_ROOT).as_posix()
    try:
        out = subprocess.run(
            ["git", "show", f"HEAD:{rel}"], cwd=REPO_ROOT, capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None


def was_generated(path: Path, current: str, manifest: dict[str, str]) -> bool:
    """True when ``current`` is a generated text: committed as is, or last written by us."""
    rel = path.relative_to(REPO_ROOT).as_posix()
    return manifest.get(rel) == _sha(current) or _committed_text(path) == current


def generate(check: bool = False, force: bool = False) -> list[Path]:
    """Write (or, with ``check``, only compare) every exercise notebook.

    Parameters
    ----------
    check : bool
        Only report which files are stale; write nothing.
    force : bool
        Also overwrite exercise files that someone changed by hand.

    Returns
    -------
    list of Path
        The files that were written, or with ``check`` the ones that are stale.

    Raises
    ------
    RuntimeError
        If a file to replace was changed by hand (it is neither its committed version
        nor what this command last wrote) and ``force`` is False. Nothing is written.
    """
    manifest = _load_manifest()
    plan: list[tuple[Path, str]] = []
    refused: list[str] = []
    for sol in sorted((REPO_ROOT / "solutions").glob("nm-*_solutions.py")):
        for path, text in exercise_files(sol).items():
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                manifest[path.relative_to(REPO_ROOT).as_posix()] = _sha(text)
                continue
            plan.append((path, text))
            if current is not None and not check and not force:
                if not was_generated(path, current, manifest):
                    refused.append(str(path.relative_to(REPO_ROOT)))
    if refused:
        raise RuntimeError(
            "다음 파일은 누군가 고친 내용이라 덮어쓰지 않습니다 (커밋된 버전과도, make exercises가 "
            "마지막으로 쓴 내용과도 다릅니다):\n  "
            + "\n  ".join(refused)
            + "\n연습 문제는 work/에서 푸세요 (make lab). 고친 내용을 버려도 된다면 "
            "make exercises FORCE=1로 덮어씁니다."
        )
    if check:
        return [p for p, _ in plan]
    for path, text in plan:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        manifest[path.relative_to(REPO_ROOT).as_posix()] = _sha(text)
    try:
        _manifest_path().parent.mkdir(exist_ok=True)
        _manifest_path().write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    except OSError:
        pass  # read-only checkout: the committed versions still tell generated files apart
    return [p for p, _ in plan]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write exercises, or ``--check`` that they are current."""
    ap = argparse.ArgumentParser(prog="python -m utils.make_exercises", description=__doc__)
    ap.add_argument("--check", action="store_true", help="쓰지 않고 최신인지 확인만 합니다")
    ap.add_argument("--force", action="store_true", help="누군가 고친 연습 파일도 덮어씁니다")
    args = ap.parse_args(argv)
    try:
        changed = generate(check=args.check, force=args.force)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    rel = [str(p.relative_to(REPO_ROOT)) for p in changed]
    if args.check:
        if rel:
            print(
                "exercises/가 solutions/에서 생성한 것과 다릅니다 (stale). 기여자라면 "
                "`make exercises`를 실행하세요; 학생은 work/에서 작업합니다:\n  " + "\n  ".join(rel)
            )
            return 1
        print("연습 문제가 해답과 일치합니다 (exercises are current).")
        return 0
    print("\n".join(f"wrote {r}" for r in rel) or "변경 없음 (nothing to write).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
