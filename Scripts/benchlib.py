"""Timing helpers for the benchmarks: median wall time and peak memory of commands.

Each figure is a ratio against a reference command run in the same invocation,
alternating runs so that machine noise hits both sides alike.
"""
import os
import shutil
import statistics
import subprocess
import time


def run_once(argv, cwd=None, before=None):
    """Runs argv once; returns (seconds, peak RSS in MiB). Raises on failure."""
    if before:
        before()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {stderr.strip()[:500]}")
    return elapsed, usage.ru_maxrss / 1024.0


def compare(name, ours, reference, runs=5, before=None, target=None, lower_is_better=True):
    """Alternates ours and reference `runs` times; prints medians and the ratio."""
    mine, theirs, mine_rss, their_rss = [], [], [], []
    for _ in range(runs):
        t, rss = run_once(ours, before=before)
        mine.append(t)
        mine_rss.append(rss)
        t, rss = run_once(reference, before=before)
        theirs.append(t)
        their_rss.append(rss)
    a, b = statistics.median(mine), statistics.median(theirs)
    ratio = a / b if b > 0 else float("inf")
    verdict = ""
    if target is not None:
        verdict = "  OK" if ratio <= target else f"  MISSED (target <= {target})"
    print(f"{name}: clipcoach {a*1000:.1f} ms vs reference {b*1000:.1f} ms -> ratio {ratio:.3f}{verdict}")
    print(f"{' ' * len(name)}  peak memory: clipcoach {max(mine_rss):.1f} MiB, reference {max(their_rss):.1f} MiB")
    return ratio, max(mine_rss), max(their_rss)


def fresh_folder(path):
    def reset():
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path, exist_ok=True)
    return reset
