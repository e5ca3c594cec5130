"""Grade submitted exercise notebooks: ``python -m utils.grade PATH... [--json] [--csv FILE]``.

A thin entry point. It replaces itself (``os.execve``) with a clean interpreter —
isolated mode (``-I``: no ``PYTHON*`` variables, no user site-packages, no current
folder on the path) that compiles this repository's ``utils`` package from its sources,
never from a ``__pycache__`` (so a planted ``.pyc`` is never read) — and runs
:mod:`utils.grading.cli`. See there and :mod:`utils.grading.judge` for how submissions
are run and judged.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Run by the clean interpreter: ``utils.*`` always from source (other packages keep their
# bytecode: a submission can write nowhere but its own temporary folder).
_BOOT = """
import sys, importlib.machinery as _m
REPO = {repo!r}
class _SourceOnly(_m.SourceFileLoader):
    def get_code(self, fullname):
        return compile(self.get_data(self.path), self.path, "exec", dont_inherit=True)
class _UtilsFromSource:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "utils" and not name.startswith("utils."):
            return None
        spec = _m.PathFinder.find_spec(name, path if path is not None else [REPO])
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            spec.loader = _SourceOnly(name, spec.origin)
            spec.cached = None
        return spec
sys.meta_path.insert(0, _UtilsFromSource)
sys.dont_write_bytecode = True
sys.path.insert(0, REPO)
from utils.grading.cli import main_clean
main_clean()
"""


def main(argv: list[str] | None = None) -> int:
    """Re-execute in a clean interpreter and grade (see the module docstring)."""
    args = sys.argv[1:] if argv is None else argv
    env = dict(os.environ)
    # one thread per process (judges and workers run side by side); never touch a GPU
    env.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    env.update(CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg")
    cmd = [sys.executable, "-I", "-c", _BOOT.format(repo=str(REPO_ROOT)), *args]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, cmd, env)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
