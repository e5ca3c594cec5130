"""Benchmark of the grader (printed, never asserted): parallel speed-up and containment cost.

    python bench/grading.py [--n 12] [--rounds 2]

Grades a batch of ``n`` solution submissions (nm-01, nm-02 and nm-10 in turn) with
``-j 1``, ``-j 2`` and ``-j 2 --unsafe-no-containment``, each ``rounds`` times (the best
round counts), and prints wall times, submissions per minute, the ``-j 2`` speed-up and
the per-submission overhead of containment. Not a test: machines differ.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LECTURES = ["nm-01", "nm-02", "nm-10"]


def make_batch(folder: Path, n: int) -> None:
    for i in range(n):
        lec = LECTURES[i % len(LECTURES)]
        sub = folder / f"student{i:02d}"
        sub.mkdir(parents=True)
        shutil.copy(
            REPO_ROOT / "solutions" / f"{lec}_solutions.ipynb", sub / f"{lec}_exercises.ipynb"
        )


def run(folder: Path, *flags: str) -> float:
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "utils.grade", str(folder), "--json", *flags],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0 or '"total": 10.0' not in proc.stdout:
        sys.exit(f"grading failed:\n{proc.stderr[-2000:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="nm-bench-") as tmp:
        folder = Path(tmp) / "submissions"
        make_batch(folder, args.n)
        configs = {
            "-j 1": ("-j", "1"),
            "-j 2": ("-j", "2"),
            "-j 1 격리 없음": ("-j", "1", "--unsafe-no-containment"),
            "-j 2 격리 없음": ("-j", "2", "--unsafe-no-containment"),
        }
        best = {}
        for _ in range(args.rounds):
            for name, flags in configs.items():
                wall = run(folder, *flags)
                best[name] = min(best.get(name, wall), wall)
    print(f"제출물 {args.n}개 (해답 노트북, {', '.join(LECTURES)}), 최선 {args.rounds}회 중")
    for name, wall in best.items():
        rate = 60 * args.n / wall
        print(f"  {name:<14} {wall:6.2f} s   {rate:5.1f}개/분   {wall / args.n:.2f} s/개")
    print(f"-j 2 속도 향상: {best['-j 1'] / best['-j 2']:.2f}배 (격리 포함)")
    over = best["-j 2"] / best["-j 2 격리 없음"] - 1
    per = (best["-j 1"] - best["-j 1 격리 없음"]) / args.n
    print(f"격리 비용: -j 2 배치 {100 * over:+.1f}%, 제출물당 {1000 * per:+.0f} ms (-j 1)")


if __name__ == "__main__":
    main()
