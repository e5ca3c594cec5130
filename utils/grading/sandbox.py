"""Containment of the process that runs a submission: the best this machine offers.

Applied in the forked child, before any student code runs, in this order:

1. **Namespaces** (Linux): a user namespace, and in it a network namespace (no interface
   but a downed loopback: no network at all) and a PID namespace (the submission cannot
   name any process outside it, and when its init dies the kernel kills every process in
   it). Tried from the strongest combination down to none.
2. **Resource limits**: address space, CPU time, file size, open files, processes, no
   core dumps.
3. **Landlock** (Linux ≥ 5.13, via ctypes): writes only beneath the submission's own
   temporary folder, reads only what Python needs (the interpreter's prefixes,
   ``utils/`` of this repository, system libraries), no TCP (ABI ≥ 4, Linux 6.7), no
   signals to and no abstract unix sockets of processes outside (ABI ≥ 6, Linux 6.12).
4. **macOS**: ``sandbox_init`` with a profile denying network and writes outside the
   temporary folder (not tested by this project's CI, which runs on Linux).

Every step reports what it achieved; :func:`describe` turns that into the line the
grader prints and the gradebook records.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- libc

_libc: ctypes.CDLL | None = None


def libc() -> ctypes.CDLL:
    """The C library, loaded once (errno kept for error messages)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    return _libc


def _errno_text() -> str:
    e = ctypes.get_errno()
    return f"{os.strerror(e)} (errno {e})"


PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36


def prctl(option: int, arg: int) -> bool:
    """``prctl(option, arg, 0, 0, 0)`` on Linux; False elsewhere or on failure."""
    if not sys.platform.startswith("linux"):
        return False
    return libc().prctl(option, ctypes.c_ulong(arg), 0, 0, 0) == 0


def die_with_parent(sig: int = 9) -> bool:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux)."""
    return prctl(PR_SET_PDEATHSIG, sig)


def become_subreaper() -> bool:
    """Orphaned descendants are re-parented to this process, not to init (Linux)."""
    return prctl(PR_SET_CHILD_SUBREAPER, 1)


def pin_to_cpu(cpu: int | None) -> None:
    """Run this process (and what it starts) on one CPU, where the OS allows it."""
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {cpu})
        except OSError:
            pass


# --------------------------------------------------------------------------- namespaces

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def enter_namespaces() -> list[str]:
    """Unshare user, network and PID namespaces, as many as the kernel allows.

    Call in a single-threaded, freshly forked process that will fork once more: the
    PID namespace applies to its children (the first child is the namespace's init).
    Returns the names of the namespaces entered.
    """
    if not sys.platform.startswith("linux"):
        return []
    uid, gid = os.getuid(), os.getgid()
    attempts = [
        (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID, ["user", "net", "pid"]),
        (CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID, ["user", "net", "pid"]),
        (CLONE_NEWUSER | CLONE_NEWNET, ["user", "net"]),
        (CLONE_NEWNET | CLONE_NEWPID, ["net", "pid"]),  # root without user namespaces
        (CLONE_NEWNET, ["net"]),
    ]
    for flags, names in attempts:
        if libc().unshare(ctypes.c_int(flags)) != 0:
            continue
        if flags & CLONE_NEWUSER:
            try:  # the same ids inside as outside; no setgroups (unprivileged rule)
                _write("/proc/self/setgroups", "deny")
                _write("/proc/self/uid_map", f"{uid} {uid} 1")
                _write("/proc/self/gid_map", f"{gid} {gid} 1")
            except OSError:
                pass
        if flags & CLONE_NEWNS and _hide_run():
            names = [*names, "mnt"]
        return names
    return []


MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18


def _hide_run() -> bool:
    """In a new mount namespace, cover /run with an empty tmpfs.

    Landlock (up to ABI 7) does not govern connecting to a named unix socket, and /run
    holds the sockets of the machine's services (D-Bus, a database, perhaps Docker's).
    """
    lib = libc()
    if lib.mount(b"none", b"/", None, ctypes.c_ulong(MS_REC | MS_PRIVATE), None) != 0:
        return False
    run = os.path.realpath("/run")
    if not os.path.isdir(run):
        return False
    flags = ctypes.c_ulong(MS_NOSUID | MS_NODEV | MS_NOEXEC)
    return lib.mount(b"tmpfs", run.encode(), b"tmpfs", flags, b"size=1m,mode=755") == 0


# --------------------------------------------------------------------------- rlimits


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def apply_rlimits(cpu_seconds: int, memory_bytes: int) -> list[str]:
    """Limit CPU time, address space (current size + ``memory_bytes``), files, processes."""
    applied = []
    wanted = [
        ("cpu", "RLIMIT_CPU", cpu_seconds, cpu_seconds + 5),
        ("fsize", "RLIMIT_FSIZE", 64 * 2**20, 64 * 2**20),
        ("nofile", "RLIMIT_NOFILE", 256, 256),
        ("nproc", "RLIMIT_NPROC", 128, 128),
        ("core", "RLIMIT_CORE", 0, 0),
    ]
    if sys.platform.startswith("linux"):  # macOS ignores RLIMIT_AS for mmap
        base = _vm_size()
        wanted.append(("as", "RLIMIT_AS", base + memory_bytes, base + memory_bytes))
    for short, name, soft, hard in wanted:
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            cur_soft, cur_hard = resource.getrlimit(which)
            if cur_hard != resource.RLIM_INFINITY:
                soft, hard = min(soft, cur_hard), min(hard, cur_hard)
            resource.setrlimit(which, (soft, hard))
            applied.append(short)
        except (ValueError, OSError):
            pass
    return applied


# --------------------------------------------------------------------------- pids cgroup

PIDS_MAX = 128


def _pids_cgroup_base() -> Path | None:
    """The pids cgroup folder this process is in, if it is cgroup v1 and writable."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "pids" in controllers.split(","):
            base = Path("/sys/fs/cgroup/pids") / path.lstrip("/")
            if (base / "pids.max").parent.is_dir() and os.access(base, os.W_OK):
                return base
    return None


def enter_pids_cgroup(name: str) -> str | None:
    """Move this process into a new pids cgroup capped at :data:`PIDS_MAX` tasks.

    RLIMIT_NPROC is not enforced for root, so a grader run as root (CI, containers)
    needs this to stop a fork bomb. cgroup v1 only (v2 needs a delegated subtree);
    returns the folder, or None where it cannot be done.
    """
    base = _pids_cgroup_base()
    if base is None:
        return None
    folder = base / name
    try:
        folder.mkdir(exist_ok=True)
        (folder / "pids.max").write_text(str(PIDS_MAX))
        (folder / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        return None
    return str(folder)


def remove_cgroup(folder: str) -> None:
    """Remove a cgroup made by :func:`enter_pids_cgroup` once its tasks are gone."""
    import time

    for _ in range(50):
        try:
            os.rmdir(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.02)


# --------------------------------------------------------------------------- Landlock

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0
SCOPE_SIGNAL = 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The Landlock ABI version the kernel offers (0: none, or not Linux)."""
    if not sys.platform.startswith("linux") or os.uname().machine not in (
        "x86_64",
        "aarch64",
        "riscv64",
    ):
        return 0
    v = libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    return max(int(v), 0)


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1  # EXECUTE … MAKE_SYM (ABI 1)
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def read_roots() -> list[str]:
    """Folders a submission may read: the interpreter, installed packages, ``utils/``, system."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots.add(str(REPO_ROOT / "utils"))
    for entry in sys.path:  # site-packages outside the prefixes (e.g. Debian's dist-packages)
        if entry.rstrip("/").endswith("-packages") and os.path.isdir(entry):
            roots.add(entry)
    try:
        import matplotlib

        roots.add(matplotlib.get_cachedir())  # its font cache (the notebook may plot)
    except Exception:  # noqa: BLE001 - matplotlib missing or unconfigured
        pass
    system = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/sys", "/proc"]
    roots.update(system)
    return sorted(r for r in roots if os.path.isdir(r))


def apply_landlock(tmpdir: str) -> tuple[int, list[str]]:
    """Restrict this process (and what it starts) with Landlock; return (ABI, what holds).

    Needs a single-threaded process (Landlock applies to the calling thread).
    """
    abi = landlock_abi()
    if abi <= 0:
        return 0, []
    handled_fs = _fs_rights(abi)
    attr = _RulesetAttr(handled_fs, 0, 0)
    size = 8
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    call = libc().syscall
    ruleset = call(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        return 0, []
    read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
    file_rights = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE
    if abi >= 3:
        file_rights |= FS_TRUNCATE
    if abi >= 5:
        file_rights |= FS_IOCTL_DEV
    rules = [(r, read) for r in read_roots()]
    rules.append((tmpdir, handled_fs))
    rules += [("/dev/null", file_rights & handled_fs)]
    rules += [(p, FS_READ_FILE) for p in ("/dev/urandom", "/dev/random", "/dev/zero")]
    try:
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    access &= file_rights
                rule = _PathBeneathAttr(access, fd)
                call(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
            finally:
                os.close(fd)
        if not prctl(PR_SET_NO_NEW_PRIVS, 1):
            return 0, []
        if call(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            return 0, []
    finally:
        os.close(ruleset)
    held = ["fs"]
    if abi >= 4:
        held.append("tcp")
    if abi >= 6:
        held.append("signal")
    return abi, held


# --------------------------------------------------------------------------- macOS

_MAC_PROFILE = """(version 1)
(allow default)
(deny network*)
(allow network* (remote unix-socket))
(deny file-write*)
(allow file-write* (subpath "{tmp}") (literal "/dev/null"))
(deny file-read* (subpath "/Users") (subpath "/Volumes"))
(allow file-read* {reads})
(deny signal (target others))
"""


def apply_macos_sandbox(tmpdir: str) -> bool:
    """``sandbox_init`` with a profile like the Linux rules (macOS only; untested in CI)."""
    if sys.platform != "darwin":
        return False
    try:
        lib = ctypes.CDLL("/usr/lib/libsandbox.1.dylib")
    except OSError:
        return False
    reads = " ".join(f'(subpath "{r}")' for r in read_roots() + [tmpdir])
    profile = _MAC_PROFILE.format(tmp=tmpdir, reads=reads).encode()
    err = ctypes.c_char_p()
    return lib.sandbox_init(profile, 0, ctypes.byref(err)) == 0


# --------------------------------------------------------------------------- report


def describe(report: dict) -> str:
    """One line for the gradebook, e.g. ``landlock7(fs,tcp,signal)+ns(user,net,pid)+rlimits``."""
    parts = []
    if report.get("landlock"):
        parts.append(f"landlock{report['landlock']}({','.join(report.get('landlock_held', []))})")
    if report.get("macos_sandbox"):
        parts.append("macos-sandbox")
    if report.get("namespaces"):
        parts.append(f"ns({','.join(report['namespaces'])})")
    if report.get("rlimits"):
        parts.append("rlimits")
    if report.get("pids_cgroup"):
        parts.append(f"pids≤{PIDS_MAX}")
    return "+".join(parts) or "none"


def is_strong(report: dict) -> bool:
    """True when writes outside the temp folder and the network are both blocked."""
    fs = bool(report.get("landlock")) or bool(report.get("macos_sandbox"))
    net = "net" in report.get("namespaces", []) or "tcp" in report.get("landlock_held", [])
    return fs and (net or bool(report.get("macos_sandbox")))
