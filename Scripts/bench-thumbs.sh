#!/usr/bin/env bash
# bench-thumbs.sh — keyframe thumbnails: clipcoach against ffmpeg, in one run.
#
# On a generated 10-minute 1280x720 H.264 lesson (testsrc2, 25 fps, 2 s GOP,
# AAC audio) it times, median of RUNS runs each (default 3):
#   clipcoach thumbs LESSON --out DIR --width 320 --jobs 1   (and --jobs 2)
#   ffmpeg -skip_frame nokey -i LESSON -fps_mode vfr -vf scale=320:-2 DIR/OUT%04d.jpg
# and prints the time ratios (targets: <= 1.0 with --jobs 1, <= 0.65 with
# --jobs 2) and peak memory (RSS). Then it compares clipcoach's peak memory on
# a 2-minute and the 10-minute lesson: it should be flat in lesson length.
#
# Usage: Scripts/bench-thumbs.sh
#   CLIPCOACH_BIN=/path/to/clipcoach   use this binary instead of building release
#   RUNS=5                             runs per command (median reported)
# Generated lessons and outputs go to bench-out/ (git-ignored) and are reused.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
OUT="$ROOT/bench-out"
RUNS="${RUNS:-3}"
export PATH="/opt/swift/usr/bin:$PATH"

die() { echo "bench-thumbs: $*" >&2; exit 1; }
command -v ffmpeg >/dev/null || die "ffmpeg not found (the comparison and the lesson generator need it)"
command -v python3 >/dev/null || die "python3 not found (it times the runs)"
mkdir -p "$OUT"

# A synthetic lesson of SECONDS length; built once into a temporary name, then renamed.
make_lesson() {
    local seconds="$1" path="$2"
    [[ -s "$path" ]] && return 0
    echo "generating $(basename "$path") (${seconds} s, 1280x720, 2 s GOP)..." >&2
    ffmpeg -v error -y \
        -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=$seconds" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
        -c:v libx264 -preset veryfast -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p \
        -c:a aac -b:a 64k -movflags +faststart "$path.partial.mp4"
    mv "$path.partial.mp4" "$path"
}

LONG="$OUT/lesson-600s-720p.mp4"
SHORT="$OUT/lesson-120s-720p.mp4"
make_lesson 600 "$LONG"
make_lesson 120 "$SHORT"

if [[ -n "${CLIPCOACH_BIN:-}" ]]; then
    BIN="$CLIPCOACH_BIN"
else
    echo "building release..." >&2
    BIN="$(bash "$ROOT/Scripts/build-release.sh")"
fi
[[ -x "$BIN" ]] || die "no clipcoach binary at $BIN"

python3 - "$BIN" "$LONG" "$SHORT" "$OUT" "$RUNS" <<'PY'
import os, shutil, statistics, subprocess, sys, time

binary, long_lesson, short_lesson, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

def measure(argv, folder):
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one run, into a fresh output folder."""
    shutil.rmtree(folder, ignore_errors=True)
    if "ffmpeg" in os.path.basename(argv[0]):
        os.makedirs(folder)
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        sys.exit(f"bench-thumbs: {' '.join(argv)} failed ({status}): {error}")
    return elapsed, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime

def count(folder):
    return len([n for n in os.listdir(folder) if n.endswith(".jpg")])

def report(name, results, folder):
    seconds = statistics.median(r[0] for r in results)
    memory = max(r[1] for r in results)
    cpu = statistics.median(r[2] for r in results)
    print(f"  {name:<28} {seconds:7.3f} s  cpu {cpu:6.3f} s  peak {memory:6.1f} MB  ({count(folder)} images)")
    return seconds, memory, cpu

def bench(name, argv, folder):
    return report(name, [measure(argv, folder) for _ in range(runs)], folder)

def clipcoach(lesson, jobs, folder):
    return [binary, "thumbs", lesson, "--out", folder, "--width", "320", "--jobs", str(jobs)]

ffmpeg_argv = lambda lesson, folder: ["ffmpeg", "-v", "error", "-skip_frame", "nokey", "-i", lesson,
                                      "-fps_mode", "vfr", "-vf", "scale=320:-2", os.path.join(folder, "OUT%04d.jpg")]

print(f"keyframe thumbnails, width 320, {os.path.basename(long_lesson)}, median of {runs} runs, {os.cpu_count()} cores")
# Interleaved (ffmpeg, jobs 1, jobs 2, ffmpeg, ...): a busy machine slows all three alike.
contenders = [("ffmpeg -skip_frame nokey", ffmpeg_argv(long_lesson, f"{out}/ffmpeg"), f"{out}/ffmpeg"),
              ("clipcoach thumbs --jobs 1", clipcoach(long_lesson, 1, f"{out}/jobs1"), f"{out}/jobs1"),
              ("clipcoach thumbs --jobs 2", clipcoach(long_lesson, 2, f"{out}/jobs2"), f"{out}/jobs2")]
results = {name: [] for name, _, _ in contenders}
for _ in range(runs):
    for name, argv, folder in contenders:
        results[name].append(measure(argv, folder))
ffmpeg, one, two = (report(name, results[name], folder) for name, _, folder in contenders)
ratio1, ratio2 = one[0] / ffmpeg[0], two[0] / ffmpeg[0]
print(f"  ratio --jobs 1 / ffmpeg: {ratio1:.2f} (target <= 1.00: {'met' if ratio1 <= 1.0 else 'MISSED'})")
print(f"  ratio --jobs 2 / ffmpeg: {ratio2:.2f} (target <= 0.65: {'met' if ratio2 <= 0.65 else 'MISSED'})")
print(f"  cpu time ratio --jobs 1 / ffmpeg: {one[2] / ffmpeg[2]:.2f}, --jobs 2 / ffmpeg: {two[2] / ffmpeg[2]:.2f}")
load = os.getloadavg()[0]
if load > (os.cpu_count() or 1):
    print(f"  note: load average {load:.1f} on {os.cpu_count()} cores: other work skews these figures")

same = all(open(os.path.join(f"{out}/jobs1", n), "rb").read() == open(os.path.join(f"{out}/jobs2", n), "rb").read()
           for n in os.listdir(f"{out}/jobs1")) and sorted(os.listdir(f"{out}/jobs1")) == sorted(os.listdir(f"{out}/jobs2"))
print(f"  --jobs 2 output identical to --jobs 1: {'yes' if same else 'NO'}")

print("peak memory against lesson length (clipcoach thumbs --jobs 1):")
short = bench("2-minute lesson", clipcoach(short_lesson, 1, f"{out}/short"), f"{out}/short")
print(f"  10-minute lesson            {one[1]:6.1f} MB; ratio 10 min / 2 min: {one[1] / short[1]:.2f} (flat: about 1)")
for folder in ["ffmpeg", "jobs1", "jobs2", "short"]:
    shutil.rmtree(f"{out}/{folder}", ignore_errors=True)
PY
