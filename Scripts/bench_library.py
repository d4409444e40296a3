"""Timing for Scripts/bench-library.sh: ingest --jobs 2 vs 1, ingest memory by video
length, and search over 100,000 synthetic clips. Prints figures; never fails on a
missed target (benchmarks are not tests), only on a command that fails."""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


def run(argv, ok=(0,)):
    """Runs argv; returns (seconds, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode(errors='replace')[:500]}")
    return elapsed, out.decode()


def run_measured(argv):
    """Runs argv with os.wait4 for the peak RSS; returns (seconds, MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({code}): {proc.stderr.read().decode(errors='replace')[:500]}")
    return elapsed, usage.ru_maxrss / 1024.0


def fresh(catalog):
    for path in (catalog, catalog + "-wal", catalog + "-shm"):
        if os.path.exists(path):
            os.remove(path)
    media = os.path.splitext(catalog)[0] + ".media"
    shutil.rmtree(media, ignore_errors=True)


SPIN = "x = 0\nfor i in range(6_000_000): x += i\n"


def parallel_capacity():
    """How many cores this machine gives us now: one CPU-bound process alone, then two at
    once. 2.0 means two idle cores; near 1.0 means others are using the second one, and
    no --jobs ratio can beat about 1.0 either."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SPIN], check=True)
    alone = time.perf_counter() - start
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
    for proc in procs:
        proc.wait()
    together = time.perf_counter() - start
    return 2 * alone / together


def bench_jobs(binary, out, runs):
    videos = os.path.join(out, "videos")
    catalog = os.path.join(out, "jobs.sqlite")
    times = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            fresh(catalog)
            seconds, _ = run_measured([binary, "library", "ingest", videos, "--catalog", catalog, "--jobs", str(jobs)])
            times[jobs].append(seconds)
    capacity = parallel_capacity()
    one, two = statistics.median(times[1]), statistics.median(times[2])
    ratio = two / one
    verdict = "OK" if ratio <= 0.6 else "MISSED (target <= 0.6)"
    print(f"ingest 40 x 10 s 640x360: --jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s (median of {runs}) -> ratio {ratio:.3f} {verdict}")
    print(f"  cores available to us just after: {capacity:.2f} (2.00 = two idle cores; the best ratio is about 1/that)")
    # The same catalog again: nothing changed, nothing to do.
    seconds, _ = run_measured([binary, "library", "ingest", videos, "--catalog", catalog, "--jobs", "2"])
    print(f"  re-ingest of the 40 unchanged files: {seconds * 1000:.0f} ms")


def bench_memory(binary, out):
    short = os.path.join(out, "videos", "video-01.mp4")
    long = os.path.join(out, "long", "lesson-600s.mp4")
    results = {}
    for name, path in (("10 s", short), ("600 s", long)):
        catalog = os.path.join(out, "memory.sqlite")
        peaks = []
        for _ in range(2):
            fresh(catalog)
            seconds, peak = run_measured([binary, "library", "ingest", path, "--catalog", catalog])
            peaks.append(peak)
        results[name] = (seconds, max(peaks))
    (s1, m1), (s2, m2) = results["10 s"], results["600 s"]
    verdict = "flat" if m2 <= m1 * 1.25 + 8 else "GROWS with length"
    print(f"ingest peak memory: 10 s video {m1:.1f} MiB ({s1:.2f} s), 600 s video {m2:.1f} MiB ({s2:.2f} s) -> {verdict}")


def bench_search(binary, out, clips=100_000, runs=20):
    catalog = os.path.join(out, f"synthetic-{clips}.sqlite")
    if not os.path.exists(catalog):
        fresh(catalog)
        print(f"building a catalog of {clips} synthetic annotated clips ...", file=sys.stderr)
        seconds, _ = run([binary, "library", "stats", "--catalog", catalog])
        seconds, _ = run([binary, "library", "synthesize", "--clips", str(clips), "--catalog", catalog])
        print(f"  built in {seconds:.1f} s", file=sys.stderr)
    _, stats = run([binary, "library", "stats", "--catalog", catalog, "--json"])
    stats = json.loads(stats)
    print(f"search over {stats['clips']['clip']} clips, {stats['annotations']} annotations:")
    queries = [
        ("--code richness.explanations", ["--code", "richness.explanations"]),
        ("--code errors.imprecision --min-score mid", ["--code", "errors.imprecision", "--min-score", "mid"]),
        ("--code wwsm.overall --grade 4 --topic fraction", ["--code", "wwsm.overall", "--grade", "4", "--topic", "fraction"]),
        ("--code richness.explanations --text \"number line\"", ["--code", "richness.explanations", "--text", "number line"]),
    ]
    for label, arguments in queries:
        query_ms, command_ms, hits = [], [], 0
        for _ in range(runs):
            seconds, output = run([binary, "library", "search", "--catalog", catalog, "--json"] + arguments)
            result = json.loads(output)
            query_ms.append(result["queryMilliseconds"])
            command_ms.append(seconds * 1000)
            hits = len(result["hits"])
        q, c = statistics.median(query_ms), statistics.median(command_ms)
        verdict = "OK" if q < 20 else "MISSED (target < 20 ms)"
        if "--text" in arguments:
            # The target is for search by code; a text filter adds an FTS5 match,
            # whose cost follows how many clips hold the words (here ~40% of them).
            verdict = "(figure only: the 20 ms target is for search by code)"
        print(f"  {label}: query {q:.2f} ms, whole command {c:.1f} ms (median of {runs}, {hits} hits) {verdict}")


def pg_reset(url):
    """Empties the benchmark's PostgreSQL catalog (it is made again on the next open)."""
    subprocess.run(["psql", url, "-qAtc", "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public"], check=True,
                   stdout=subprocess.DEVNULL)


def bench_workers(binary, out, url, runs):
    """Throughput of the shared queue: 2 worker processes against 1 on the 40 files.

    Each worker is given one core's worth of work, as a worker on a one-CPU Slurm task or
    pod is: --jobs 1 --threads 1 (one file at a time, one decoder thread). Without
    --threads 1 a lone worker's decoder already spreads over both cores, and the ratio
    would measure FFmpeg's frame threads, not how workers add up."""
    videos = os.path.join(out, "videos")
    media = os.path.join(out, "pg.media")
    times = {1: [], 2: []}
    for _ in range(runs):
        for workers in (1, 2):
            pg_reset(url)
            shutil.rmtree(media, ignore_errors=True)
            # The schema first, so the timed runs measure the work, not the migration.
            run([binary, "library", "stats", "--catalog", url, "--media", media])
            argv = [binary, "library", "ingest", videos, "--catalog", url, "--media", media, "--worker", "--jobs", "1",
                    "--threads", "1"]
            start = time.perf_counter()
            procs = [subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(workers)]
            for proc in procs:
                _, err = proc.communicate()
                if proc.returncode != 0:
                    raise RuntimeError(f"worker failed ({proc.returncode}): {err.decode(errors='replace')[:500]}")
            times[workers].append(time.perf_counter() - start)
    capacity = parallel_capacity()
    one, two = statistics.median(times[1]), statistics.median(times[2])
    speedup = one / two
    verdict = "OK" if speedup >= 1.7 else "MISSED (target >= 1.7x)"
    print(f"PostgreSQL queue, 40 files, workers with --jobs 1 --threads 1: 1 worker {one:.2f} s, 2 workers {two:.2f} s "
          f"(median of {runs}) -> {speedup:.2f}x throughput {verdict}")
    print(f"  cores available to us just after: {capacity:.2f} (2.00 = two idle cores; the best speedup is about that)")


def bench_search_postgres(binary, out, url, clips=100_000, runs=20):
    catalog = os.path.join(out, f"synthetic-{clips}.sqlite")
    pg_reset(url)
    seconds, _ = run([binary, "library", "sync", "--from", catalog, "--to", url, "--to-media", os.path.join(out, "pg-synthetic.media")])
    print(f"search on PostgreSQL (synced from the SQLite catalog in {seconds:.1f} s):")
    run(["psql", url, "-qAtc", "VACUUM ANALYZE"])
    for label, arguments in [("--code richness.explanations", ["--code", "richness.explanations"]),
                             ("--code errors.imprecision --min-score mid", ["--code", "errors.imprecision", "--min-score", "mid"]),
                             ("--code wwsm.overall --grade 4 --topic fraction",
                              ["--code", "wwsm.overall", "--grade", "4", "--topic", "fraction"])]:
        query_ms, command_ms, hits = [], [], 0
        for _ in range(runs):
            seconds, output = run([binary, "library", "search", "--catalog", url, "--json"] + arguments)
            result = json.loads(output)
            query_ms.append(result["queryMilliseconds"])
            command_ms.append(seconds * 1000)
            hits = len(result["hits"])
        q, c = statistics.median(query_ms), statistics.median(command_ms)
        verdict = "OK" if q < 20 else "MISSED (target < 20 ms)"
        print(f"  {label}: query {q:.2f} ms, whole command {c:.1f} ms (median of {runs}, {hits} hits) {verdict}")


def main():
    binary, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # Other work on the machine skews every figure: say how busy it was.
    print(f"cores: {os.cpu_count()}, load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    only_postgres = os.environ.get("BENCH_ONLY") == "postgres"
    if not only_postgres:
        bench_jobs(binary, out, runs)
        bench_memory(binary, out)
        bench_search(binary, out)
    elif not os.path.exists(os.path.join(out, "synthetic-100000.sqlite")):
        run([binary, "library", "synthesize", "--clips", "100000", "--catalog", os.path.join(out, "synthetic-100000.sqlite")])
    url = os.environ.get("CLIPCOACH_BENCH_PG")
    if url:
        bench_workers(binary, out, url, runs)
        bench_search_postgres(binary, out, url)
    else:
        print("PostgreSQL figures skipped: CLIPCOACH_BENCH_PG is not set")
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
