"""A student's work is never lost: the workspace, and a real JupyterLab driven like a browser.

The end-to-end test clones the repository, starts ``make lab`` on a free localhost port
with a token, saves a notebook with the student's code through the contents API (what
the browser does on Ctrl-S), runs the make targets a student may run, reopens the
notebook through the API and finds the code intact, with ``git status`` clean.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from utils import workspace

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_DIR = Path(sys.prefix)
STUDENT_CODE = "def float_parts(x, dtype):\n    return ('학생의 코드', 42)  # my work\n"


def test_prepare_copies_once_and_never_overwrites(tmp_path):
    for sub in ("exercises", "notebooks"):
        (tmp_path / sub).mkdir()
    src = REPO_ROOT / "exercises" / "nm-01_exercises.ipynb"
    (tmp_path / "exercises" / src.name).write_text(src.read_text(encoding="utf-8"))
    created = workspace.prepare(tmp_path)
    work = tmp_path / "work"
    assert {p.name for p in created} == {"nm-01_exercises.ipynb", "README.md", "jupytext.toml"}
    copy = json.loads((work / src.name).read_text(encoding="utf-8"))
    assert "jupytext" not in copy["metadata"]  # a plain notebook: no paired .py on save
    (work / src.name).write_text("my work", encoding="utf-8")
    (work / "README.md").write_text("my notes", encoding="utf-8")
    # the course grows (git pull): the new exercise is added, nothing else changes
    src2 = REPO_ROOT / "exercises" / "nm-10_exercises.ipynb"
    (tmp_path / "exercises" / src2.name).write_text(src2.read_text(encoding="utf-8"))
    assert [p.name for p in workspace.prepare(tmp_path)] == ["nm-10_exercises.ipynb"]
    assert (work / src.name).read_text(encoding="utf-8") == "my work"
    assert (work / "README.md").read_text(encoding="utf-8") == "my notes"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(port: int, token: str, path: str, method: str = "GET", body: dict | None = None):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def _git_status(repo: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
def test_jupyterlab_save_survives_every_student_make_target(tmp_path):
    repo = tmp_path / "course"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(repo)], check=True)
    stamp = ENV_DIR / ".nm-course-setup"
    if not stamp.exists():
        pytest.skip("이 테스트는 make로 준비한 환경에서 실행합니다 (no setup stamp)")
    stamp.touch()  # the clone's lists are newer than the stamp: setup must not rerun here
    make = ["make", "-s", "-C", str(repo), f"ENV_DIR={ENV_DIR}", f"PYTHON={sys.executable}"]
    port, token = _free_port(), "nm-test-token"
    env = dict(os.environ, JUPYTER_PORT=str(port), JUPYTER_CONFIG_DIR=str(tmp_path / "jcfg"))
    lab = subprocess.Popen(
        [*make, "lab", f"LAB_ARGS=--no-browser --IdentityProvider.token={token}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _api(port, token, "/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                assert lab.poll() is None, lab.stdout.read()
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        # make lab made the workspace, and JupyterLab opens in it
        listing = {c["name"] for c in _api(port, token, "/api/contents/work")["content"]}
        assert {"nm-01_exercises.ipynb", "nm-10_exercises.ipynb", "README.md"} <= listing
        req = urllib.request.Request(f"http://127.0.0.1:{port}/?token={token}")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(req, timeout=30)
            location = ""
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location", "")
        assert location.split("?")[0].endswith("/lab/tree/work"), location
        # one file per lecture in the file browser
        names = [c["name"] for c in _api(port, token, "/api/contents/notebooks")["content"]]
        assert names and all(n.endswith(".ipynb") for n in names), names

        # the student writes code and saves (Ctrl-S: PUT through the contents API)
        path = "/api/contents/work/nm-01_exercises.ipynb"
        model = _api(port, token, path)
        cell = next(c for c in model["content"]["cells"] if "def float_parts" in c["source"])
        cell["source"] = STUDENT_CODE
        _api(
            port,
            token,
            path,
            "PUT",
            {"type": "notebook", "format": "json", "content": model["content"]},
        )
        saved = sorted(p.name for p in (repo / "work").iterdir())
        assert "nm-01_exercises.py" not in saved, saved  # no paired file appeared
        assert _git_status(repo) == ""

        # every make target a student may run leaves the work alone
        for target in (["exercises"], ["exercises", "FORCE="], ["help"], ["clean"]):
            proc = subprocess.run([*make, *target], capture_output=True, text=True, timeout=600)
            assert proc.returncode == 0, (target, proc.stdout, proc.stderr)
        subprocess.run([sys.executable, "-m", "utils.workspace"], cwd=repo, check=True)

        model = _api(port, token, path)
        sources = [c["source"] for c in model["content"]["cells"]]
        assert STUDENT_CODE in sources
        assert _git_status(repo) == ""
    finally:
        os.killpg(lab.pid, 15)
        lab.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None
