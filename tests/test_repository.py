"""Repository consistency: jupytext pairs in sync, no committed outputs, exercises current."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jupytext
import pytest

from utils.make_exercises import exercise_files, strip_solutions

REPO_ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")
IPYNBS = sorted(p for f in FOLDERS for p in (REPO_ROOT / f).glob("*.ipynb"))
PYS = sorted(p for f in FOLDERS for p in (REPO_ROOT / f).glob("*.py"))


def rel(p: Path) -> str:
    return str(p.relative_to(REPO_ROOT))


def test_there_are_notebooks():
    assert (REPO_ROOT / "notebooks" / "nm-10_numerics_for_ml.ipynb").exists()
    assert len(IPYNBS) >= 3


@pytest.mark.parametrize("py", PYS, ids=rel)
def test_every_py_has_its_ipynb(py):
    assert py.with_suffix(".ipynb").exists()


@pytest.mark.parametrize("nb", IPYNBS, ids=rel)
def test_pair_in_sync(nb):
    """The .py is exactly what jupytext writes from the .ipynb (`jupytext --to py:percent`)."""
    py = nb.with_suffix(".py")
    assert py.exists(), f"{rel(nb)} has no paired .py"
    expected = jupytext.writes(jupytext.read(nb), fmt="py:percent")
    assert py.read_text(encoding="utf-8") == expected, (
        f"{rel(nb)} and {py.name} differ. Contributors: edit the .py, then `make sync` "
        "(it rewrites the .ipynb from the .py). Students: keep your changes in work/ "
        "(File > Save As), then `git checkout -- notebooks solutions exercises`"
    )


@pytest.mark.parametrize("nb", IPYNBS, ids=rel)
def test_no_outputs_committed_and_kernelspec_set(nb):
    raw = json.loads(nb.read_text(encoding="utf-8"))
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (
                f"{rel(nb)} holds outputs (it was run and saved). Students: save your copy in "
                "work/ first (File > Save As), then `git checkout -- " + rel(nb) + "`"
            )


def test_exercises_are_a_fresh_regeneration():
    solutions = sorted((REPO_ROOT / "solutions").glob("nm-*_solutions.py"))
    assert solutions
    for sol in solutions:
        for path, text in exercise_files(sol).items():
            hint = "contributors: edit solutions/, then `make exercises` (students work in work/)"
            assert path.exists(), f"missing {rel(path)}: {hint}"
            assert path.read_text(encoding="utf-8") == text, f"stale {rel(path)}: {hint}"
    expected = {
        p.name.replace("_solutions", "_exercises")
        for p in (REPO_ROOT / "solutions").glob("*")
        if p.suffix in {".py", ".ipynb"}
    }
    assert {p.name for p in (REPO_ROOT / "exercises").glob("nm-*")} == expected


def test_exercises_contain_no_solution_code():
    for ex in (REPO_ROOT / "exercises").glob("*.py"):
        text = ex.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        assert "raise NotImplementedError()" in text


def test_strip_solutions_uses_the_marker_indentation():
    src = "def f(x):\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION\n"
    assert strip_solutions(src) == (
        "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    )


def test_strip_solutions_removes_marked_markdown():
    src = "# %% [markdown]\n# 문제\n# <!-- BEGIN SOLUTION -->\n# 해설\n# <!-- END SOLUTION -->\n"
    assert strip_solutions(src) == "# %% [markdown]\n# 문제\n"


def test_strip_solutions_rejects_unmatched_marker():
    with pytest.raises(ValueError, match="BEGIN/END"):
        strip_solutions("def f():\n    # BEGIN SOLUTION\n    return 1\n")


def test_lectures_link_their_exercises():
    for nb in (REPO_ROOT / "notebooks").glob("nm-*.py"):
        lecture = nb.name[:5]
        if (REPO_ROOT / "exercises" / f"{lecture}_exercises.ipynb").exists():
            assert f"{lecture}_exercises" in nb.read_text(encoding="utf-8"), nb.name


def test_generator_never_overwrites_a_changed_file(tmp_path, monkeypatch):
    import shutil

    import utils.make_exercises as mk

    for sub in ("solutions", "exercises"):
        (tmp_path / sub).mkdir()
    sol = tmp_path / "solutions" / "nm-10_solutions.py"
    shutil.copy(REPO_ROOT / "solutions" / "nm-10_solutions.py", sol)
    monkeypatch.setattr(mk, "REPO_ROOT", tmp_path)
    assert len(mk.generate()) == 2  # fresh: both files written
    # the solution changes: what the generator wrote may be replaced
    sol.write_text(sol.read_text(encoding="utf-8") + "\n# %%\nx = 1\n", encoding="utf-8")
    assert len(mk.generate()) == 2
    # someone edits an exercise (.py or .ipynb), then the solution changes again
    py = tmp_path / "exercises" / "nm-10_exercises.py"
    py.write_text(py.read_text(encoding="utf-8") + "\nmy_work = 42\n", encoding="utf-8")
    ipynb = tmp_path / "exercises" / "nm-10_exercises.ipynb"
    raw = json.loads(ipynb.read_text(encoding="utf-8"))
    code = next(c for c in raw["cells"] if c["cell_type"] == "code")
    code["execution_count"] = 1
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["my work\n"]}]
    ipynb.write_text(json.dumps(raw), encoding="utf-8")
    sol.write_text(sol.read_text(encoding="utf-8") + "\n# %%\ny = 2\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="덮어쓰지") as err:
        mk.generate()
    assert "nm-10_exercises.py" in str(err.value) and "FORCE=1" in str(err.value)
    assert "my_work = 42" in py.read_text(encoding="utf-8")  # nothing was written
    assert "my work" in ipynb.read_text(encoding="utf-8")
    assert mk.generate(force=True)
    assert "my_work" not in py.read_text(encoding="utf-8")


sys.path.insert(0, str(REPO_ROOT / "tools"))
from publish import COURSE  # noqa: E402  (COURSE.md's ten lectures, in order)


def test_the_ten_lectures_exist_with_exercises_solutions_and_checks():
    from utils.checks import LECTURES, available

    for stem in COURSE:
        lec = stem[:5]
        for path in (
            f"notebooks/{stem}.ipynb",
            f"exercises/{lec}_exercises.ipynb",
            f"solutions/{lec}_solutions.ipynb",
            f"tests/corpus/{lec.replace('-', '')}.py",
        ):
            assert (REPO_ROOT / path).exists(), path
    assert available() == list(LECTURES) == [s[:5] for s in COURSE]


def test_readme_maps_every_lecture_and_lists_its_graded_exercises():
    """README's course map links all ten; its exercise table is the checks' own list."""
    from utils.checks import LECTURES, exercises_of

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "준비 중" not in readme
    for stem in COURSE:
        lec = stem[:5]
        row = next(ln for ln in readme.splitlines() if ln.startswith(f"| {lec} "))
        for target in (
            f"notebooks/{stem}.ipynb",
            f"exercises/{lec}_exercises.ipynb",
            f"solutions/{lec}_solutions.ipynb",
        ):
            assert f"]({target})" in row, (lec, target)
    for lec in LECTURES:
        row = next(ln for ln in readme.splitlines() if ln.startswith(f"| [{lec}](exercises/"))
        listed = ", ".join(f"`{name}` {points:g}" for name, points in exercises_of(lec))
        assert row.endswith(f"| {listed} |"), (row, listed)


def test_no_lecture_says_it_is_not_ready():
    for py in PYS:
        assert "준비 중" not in py.read_text(encoding="utf-8"), rel(py)


def _links(text: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r"\]\((?!https?:)([^)#\s]*)(?:#([^)\s]+))?\)", text)


@pytest.mark.parametrize(
    "py", PYS + [REPO_ROOT / "README.md", REPO_ROOT / "CONTRIBUTING.md"], ids=rel
)
def test_local_links_and_anchors_resolve(py):
    """Every link to a notebook of the course, and every #anchor in it, exists."""
    text = py.read_text(encoding="utf-8")
    for target, anchor in _links(text):
        if target and not target.endswith((".ipynb", ".md", ".py")):
            continue
        path = (py.parent / target).resolve() if target else py
        assert path.exists(), f"{rel(py)} links to a missing file {target}"
        if anchor:
            src = path.with_suffix(".py") if path.suffix == ".ipynb" else path
            assert f'id="{anchor}"' in src.read_text(encoding="utf-8"), (
                f"{rel(py)}: anchor #{anchor} not found in {target or 'this notebook'}"
            )


_MD_LINK = re.compile(r"\[([^\]]*)\]\((?!https?:)([^)#\s]*)(?:#([^)\s]+))?\)")
_SECTION_REF = re.compile(r"(nm-\d\d) ?§(\d+)")


def _markdown_lines(py: Path) -> list[tuple[int, str]]:
    """(line number, text) of the markdown cells' lines of a py:percent notebook."""
    out, md = [], False
    for i, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# %%"):
            md = "[markdown]" in line
        elif md and line.startswith("#"):
            out.append((i, line))
    return out


def _section_of_anchor(py: Path) -> dict[str, str]:
    """anchor -> the number N of the "## N." section it opens or lies in."""
    lines = py.read_text(encoding="utf-8").splitlines()
    out: dict[str, str] = {}
    for i, line in enumerate(lines):
        m = re.search(r'<a id="([^"]+)"></a>', line)
        if not m:
            continue
        after = (re.match(r"# ## (\d+)\.", ln) for ln in lines[i : i + 8])
        before = (re.match(r"# ## (\d+)\.", ln) for ln in reversed(lines[:i]))
        heading = next((h for h in after if h), None) or next((h for h in before if h), None)
        if heading:
            out[m.group(1)] = heading.group(1)
    return out


@pytest.mark.parametrize("py", sorted((REPO_ROOT / "notebooks").glob("*.py")), ids=rel)
def test_section_references_are_links_to_that_section(py):
    """'nm-0X §N' in a lecture's prose is a link, and its anchor lies in section N there.

    A renumbered section then fails here instead of leaving a reference that points to
    the wrong place; a link text's §N is checked the same way within one notebook.
    """
    problems = []
    for lineno, line in _markdown_lines(py):
        linked = [m.span() for m in _MD_LINK.finditer(line)]
        for m in _SECTION_REF.finditer(line):
            if not any(a <= m.start() < b for a, b in linked) and m.group(1) != py.name[:5]:
                problems.append(f"{rel(py)}:{lineno}: '{m.group(0)}' is not a link")
        for text, target, anchor in _MD_LINK.findall(line):
            ref = re.search(r"§(\d+)", text)
            path = (py.parent / target).with_suffix(".py") if target else py
            if not (ref and anchor and path.exists()):
                continue
            where = _section_of_anchor(path).get(anchor)
            if where != ref.group(1):
                problems.append(
                    f"{rel(py)}:{lineno}: [{text}] -> #{anchor} lies in §{where} of {path.name}"
                )
    assert not problems, "\n".join(problems)
