#!/usr/bin/env python3
"""Damaged-media torture test: mutated copies of every sample and corpus file
through probe, cut (copy and re-encode) and thumbs, via the CLI.

Every run must end within a time bound, with exit 0 or a documented error code
and a one-line "clipcoach: ..." message, never a signal, and leave no
half-written output. Prints the count of each outcome; exits 1 on any failure.

  Scripts/torture.py [--count 500] [--jobs 2] [--bin PATH] [--seed 1]
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCUMENTED = {0, 64, 65, 66, 69, 70, 73, 74, 75, 77}  # README, "Exit codes"
MEDIA = (".mp4", ".mkv", ".webm", ".ts", ".avi", ".ogg", ".mov")
TIME_LIMIT = 60


def sources():
    folders = [os.path.join(ROOT, "SampleMedia"), os.path.join(ROOT, "..", "shared", "corpus")]
    files = []
    for folder in folders:
        if os.path.isdir(folder):
            files += sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.lower().endswith(MEDIA))
    return files


def mutate(data, kind, rng):
    data = bytearray(data)
    n = len(data)
    if n == 0:
        return bytes(data)
    if kind == "truncate":
        return bytes(data[: max(1, int(n * rng.choice([0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])))])
    if kind == "overwrite":
        for _ in range(rng.randint(1, 6)):
            start = rng.randrange(n)
            length = min(n - start, rng.randint(16, 4096))
            data[start:start + length] = bytes(rng.getrandbits(8) for _ in range(length))
    elif kind == "header":
        for _ in range(rng.randint(1, 24)):
            data[rng.randrange(min(n, 4096))] ^= 1 << rng.randrange(8)
    elif kind == "zero":
        for _ in range(rng.randint(1, 3)):
            start = rng.randrange(n)
            length = min(n - start, rng.randint(1024, 65536))
            data[start:start + length] = bytes(length)
    return bytes(data)


def leftovers(folder):
    bad = []
    for name in os.listdir(folder):
        if name.endswith(".partial") or ".tmp" in name:
            bad.append(name)
    return bad


def run(binary, args, out_dir):
    try:
        proc = subprocess.run([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return "hang", ""
    stderr = proc.stderr.decode(errors="replace")
    if proc.returncode < 0:
        return f"signal {signal.Signals(-proc.returncode).name}", stderr
    if proc.returncode not in DOCUMENTED:
        return f"undocumented exit {proc.returncode}", stderr
    if out_dir and leftovers(out_dir):
        return "partial output", ", ".join(leftovers(out_dir))
    if proc.returncode != 0:
        errors = [line for line in stderr.splitlines() if line.startswith("clipcoach: ") and "warning:" not in line]
        if len(errors) != 1:
            return "unclear error", stderr
        return f"exit {proc.returncode}", stderr
    return "exit 0", stderr


def torture_one(binary, path, work):
    out = tempfile.mkdtemp(dir=work)
    results = {}
    results["probe"] = run(binary, ["probe", "--json", "--keyframes", path], None)
    clips = os.path.join(out, "copy")
    os.mkdir(clips)
    results["cut copy"] = run(binary, ["cut", path, "--clip", "0.5-2.5", "--out", clips], clips)
    encoded = os.path.join(out, "reencode")
    os.mkdir(encoded)
    results["cut reencode"] = run(binary, ["cut", path, "--mode", "reencode", "--height", "64", "--clip", "0.5-1.5",
                                           "--out", encoded], encoded)
    thumbs = os.path.join(out, "thumbs")
    os.mkdir(thumbs)
    results["thumbs"] = run(binary, ["thumbs", path, "--width", "64", "--out", thumbs], thumbs)
    shutil.rmtree(out, ignore_errors=True)
    os.unlink(path)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bin", default=os.environ.get("CLIPCOACH_BIN", os.path.join(ROOT, ".build", "debug", "clipcoach")))
    options = parser.parse_args()
    files = sources()
    if not files:
        sys.exit("no media files found")
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="clipcoach-torture-")
    kinds = ["truncate", "overwrite", "header", "zero"]
    originals = {path: open(path, "rb").read() for path in files}
    mutants = []
    for i in range(options.count):
        path = files[i % len(files)]
        kind = kinds[(i // len(files)) % len(kinds)]
        ext = os.path.splitext(path)[1]
        target = os.path.join(work, f"m{i:04d}-{kind}-{os.path.basename(path)}{'' if ext else '.bin'}")
        with open(target, "wb") as handle:
            handle.write(mutate(originals[path], kind, rng))
        mutants.append(target)

    counts = {command: Counter() for command in ["probe", "cut copy", "cut reencode", "thumbs"]}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
        futures = {pool.submit(torture_one, options.bin, m, work): m for m in mutants}
        for future in concurrent.futures.as_completed(futures):
            for command, (outcome, detail) in future.result().items():
                counts[command][outcome] += 1
                if not outcome.startswith("exit "):
                    failures.append(f"{os.path.basename(futures[future])}: {command}: {outcome}: {detail.strip()[:300]}")
    shutil.rmtree(work, ignore_errors=True)

    print(f"torture: {len(mutants)} mutated files from {len(files)} originals")
    for command, counter in counts.items():
        print(f"  {command:13} " + ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())))
    for failure in failures[:40]:
        print("  FAIL " + failure)
    total = sum(sum(c.values()) for c in counts.values())
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
