"""The student's workspace ``work/``: their own copies of the exercise notebooks.

``make lab`` runs ``python -m utils.workspace`` before opening JupyterLab in ``work/``:

- each ``exercises/nm-XX_exercises.ipynb`` missing from ``work/`` is copied there (a
  plain ``.ipynb``: no jupytext pairing, so saving writes nothing else);
- a file already in ``work/`` is **never** touched, whatever it holds: new exercises are
  added when the course is updated (``git pull``), the student's work stays;
- ``work/`` is ignored by git, so ``git pull`` never conflicts with it, and by the tests.

The student submits ``work/nm-XX_exercises.ipynb`` as it is.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_README = """# 여러분의 작업 공간 (work/)

이 폴더는 **여러분의 것**입니다. 연습 문제는 여기서 푸세요:
`nm-XX_exercises.ipynb`를 열고, `# YOUR CODE HERE` 자리를 채운 뒤 바로 아래의 `check("이름")`
셀을 실행하면 ✅/❌와 힌트가 나옵니다. 제출할 파일도 이 폴더의 `nm-XX_exercises.ipynb`입니다.

- 어떤 `make` 명령도, `git pull`도 이 폴더의 파일을 덮어쓰지 않습니다. 강의가 새로 추가되면
  `make lab`이 새 연습 문제만 이 폴더에 더합니다.
- 처음 상태로 다시 시작하고 싶으면 파일 이름을 바꾸거나 지운 뒤 `make lab`을 다시 실행하세요.
- 강의 노트북은 왼쪽 파일 탐색기에서 한 단계 위의 `notebooks/` 폴더에 있습니다:
{links}
"""

# No jupytext pairing in work/: a student's save writes the .ipynb and nothing else.
_JUPYTEXT = '# The student workspace: plain notebooks, no paired .py files.\nformats = "ipynb"\n'


def _create_new(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` only if it does not exist yet (atomic, never overwrites)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return True


def student_copy(exercise: Path) -> str:
    """The text of a workspace copy: the exercise notebook without jupytext metadata."""
    nb = json.loads(exercise.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("jupytext", None)
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def prepare(root: Path = REPO_ROOT) -> list[Path]:
    """Create ``root/work`` if needed and add the exercise notebooks it lacks.

    Returns
    -------
    list of Path
        The files created (existing files are never changed).
    """
    work = root / "work"
    work.mkdir(exist_ok=True)
    created = []
    if _create_new(work / "jupytext.toml", _JUPYTEXT):
        created.append(work / "jupytext.toml")
    lectures = sorted((root / "notebooks").glob("nm-*.ipynb"))
    links = "\n".join(f"  - [{p.stem}](../notebooks/{p.name})" for p in lectures)
    if _create_new(work / "README.md", _README.format(links=links)):
        created.append(work / "README.md")
    for exercise in sorted((root / "exercises").glob("nm-*_exercises.ipynb")):
        target = work / exercise.name
        if not target.exists() and _create_new(target, student_copy(exercise)):
            created.append(target)
    return created


def main() -> int:
    """Command-line entry point: prepare ``work/`` and say what was added."""
    try:
        created = prepare()
    except OSError as exc:
        print(f"작업 공간 work/를 준비하지 못했습니다: {exc}", file=sys.stderr)
        return 1
    names = [p.name for p in created if p.suffix == ".ipynb"]
    if names:
        print("작업 공간 work/에 새 연습 문제를 더했습니다: " + ", ".join(names))
    else:
        print("작업 공간 work/: 새로 더할 연습 문제가 없습니다 (기존 파일은 그대로입니다).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
