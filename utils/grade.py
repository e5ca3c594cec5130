"""Grade submitted exercise notebooks: ``python -m utils.grade PATH... [--json] [--csv FILE]``.

A thin entry point. It replaces itself (``os.execv``) with a clean interpreter —
isolated mode (``-I``: no ``PYTHON*`` variables, no user site-packages) and a fresh,
private bytecode cache (``-X pycache_prefix``), so a ``.pyc`` planted in the repository
is never read — that runs :mod:`utils.grading.cli`. See there and
:mod:`utils.grading.judge` for how submissions are run and judged.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_CLEAN = (
    "import sys; sys.path.insert(0, {repo!r}); "
    "from utils.grading.cli import main_clean; sys.exit(main_clean())"
)


def main(argv: list[str] | None = None) -> int:
    """Re-execute in a clean interpreter and grade (see the module docstring)."""
    args = sys.argv[1:] if argv is None else argv
    prefix = tempfile.mkdtemp(prefix="nm-grade-pycache-")
    env = dict(os.environ)
    # one thread per process (judges and workers run side by side); never touch a GPU
    env.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    env.update(CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg", NM_GRADE_PYCACHE=prefix)
    cmd = [sys.executable, "-I", "-X", f"pycache_prefix={prefix}"]
    cmd += ["-c", _CLEAN.format(repo=str(REPO_ROOT)), *args]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, cmd, env)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
