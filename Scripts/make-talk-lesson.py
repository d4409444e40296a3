#!/usr/bin/env python3
"""Make a classroom-like lesson with known truth, for the talk-map tests and the bench.

Speaks TalkMoves-style sentences with espeak-ng (the teacher in a low en-us voice, students in
higher variants and quieter, as if far from the camera), joins them with pauses of known length
(some long waits after the teacher's questions), adds room noise, mains hum and knocks with sox
at the given signal-to-noise ratio, muxes with a test picture into MP4 with ffmpeg, and writes

  OUT/lesson.mp4     the lesson
  OUT/lesson.vtt     the matching WebVTT transcript (<v Teacher>, <v Student 2>...)
  OUT/truth.json     {"duration", "speech": [[start, end, "teacher"|"student"]], "pauses": [[start, end]]}

Usage: make-talk-lesson.py OUT [--snr 10] [--minutes 1.5] [--seed 1] [--hum 60] [--no-video]
Needs espeak-ng, sox, ffmpeg. Deterministic for a given seed.
"""
import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

RATE = 16000

TEACHER = [
    "Okay everyone, let's look at the fractions on the board.",
    "How many equal parts is this rectangle cut into?",
    "How do you know there are eight?",
    "Can you explain why three eighths is smaller than one half?",
    "Who agrees with what she just said?",
    "So you are saying that four eighths is the same as one half.",
    "Why does that work?",
    "Everybody write that down in your notebook.",
    "What is seven times six?",
    "Does anyone want to add on to that idea?",
    "Show me with your fingers how many tens are in forty.",
    "Let's check that answer together on the number line.",
    "Tell me more about how you found the pattern.",
    "Are you sure about that?",
]
STUDENT = [
    "Eight parts.",
    "Because I counted two rows of four.",
    "One half would be four eighths, so three eighths is less.",
    "I agree because I did it the same way.",
    "Forty two.",
    "I think the answer is twelve.",
    "Can I use the number line?",
    "The pattern goes up by three every time.",
    "I disagree, I think it is forty eight.",
    "Because seven sixes is thirty five plus seven.",
]
# espeak-ng voice, pitch (0-99), words per minute, gain
TEACHER_VOICE = ("en-us", 15, 150, 1.0)
STUDENT_VOICES = [("en-us+f3", 80, 165, 0.45), ("en-gb+f4", 90, 160, 0.4), ("en-us+f2", 85, 170, 0.5)]


def sh(*args, capture=False):
    result = subprocess.run(args, check=True, capture_output=True, text=True)
    return result.stdout + result.stderr if capture else None


def speak(text, voice, path):
    name, pitch, speed, gain = voice
    raw = path.with_suffix(".raw.wav")
    sh("espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text)
    # 16 kHz mono, leading and trailing silence trimmed so the truth is exact, student gain lower.
    sh("sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(path),
       "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse", "vol", str(gain))
    raw.unlink()
    return float(sh("soxi", "-D", str(path), capture=True).strip())


def rms_db(path):
    for line in sh("sox", str(path), "-n", "stats", capture=True).splitlines():
        if line.startswith("RMS lev dB"):
            return float(line.split()[3])
    raise RuntimeError("no RMS from sox stats")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--snr", type=float, default=10)
    ap.add_argument("--minutes", type=float, default=1.5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hum", type=float, default=60)
    ap.add_argument("--no-video", action="store_true")
    ap.add_argument("--no-audio", action="store_true", help="a picture only (for the no-audio test)")
    args = ap.parse_args()
    out = Path(args.out)
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    target = args.minutes * 60

    if args.no_audio:
        sh("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={target}",
           "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", str(out / "lesson.mp4"))
        return

    # The timeline: teacher turns of 1-2 sentences, student answers, now and then a long wait.
    cache = {}
    events = []  # (start, end, role, speaker, text, wav)
    t = 1.5
    index = 0
    while t < target - 12:
        for k in range(rng.choice([1, 1, 2])):
            text = rng.choice(TEACHER)
            key = ("T", text)
            if key not in cache:
                cache[key] = (work / f"t{len(cache)}.wav")
                cache[key] = (cache[key], speak(text, TEACHER_VOICE, cache[key]))
            wav, length = cache[key]
            events.append((t, t + length, "teacher", "Teacher", text, wav))
            t += length + rng.uniform(0.45, 0.8)
        # wait time after the question: sometimes long
        t += rng.choice([0.3, 0.6, 1.0, 2.6, 3.5, 5.0])
        who = rng.randrange(len(STUDENT_VOICES))
        text = rng.choice(STUDENT)
        key = (who, text)
        if key not in cache:
            path = work / f"s{len(cache)}.wav"
            cache[key] = (path, speak(text, STUDENT_VOICES[who], path))
        wav, length = cache[key]
        events.append((t, t + length, "student", f"Student {who + 1}", text, wav))
        t += length + rng.uniform(0.6, 1.2) + rng.choice([0, 0, 0, 3.2, 4.0])
        index += 1
    duration = round(t + 1.5, 3)

    # Speech track: every sentence padded to its start, mixed.
    speech = work / "speech.wav"
    inputs = []
    for n, (start, _, _, _, _, wav) in enumerate(events):
        padded = work / f"p{n}.wav"
        sh("sox", str(wav), str(padded), "pad", f"{start:.4f}", "0")
        inputs.append(str(padded))
    sh("sox", "-m", *inputs, "-r", str(RATE), str(speech), "vol", str(len(inputs)), "trim", "0", f"{duration}")
    for p in inputs:
        Path(p).unlink()
    speech_db = rms_db(speech)
    # RMS over the speech only (the whole-track RMS counts the pauses as zeros).
    speech_seconds = sum(e[1] - e[0] for e in events)
    import math
    active_db = speech_db + 10 * math.log10(duration / speech_seconds)

    # Room noise (pink), mains hum (fundamental and two harmonics) at the SNR; knocks in the gaps.
    noise = work / "noise.wav"
    sh("sox", "-n", "-r", str(RATE), "-c", "1", str(noise), "synth", f"{duration}", "pinknoise", "vol", "0.5")
    hum = work / "hum.wav"
    sh("sox", "-n", "-r", str(RATE), "-c", "1", str(hum), "synth", f"{duration}",
       "sine", f"{args.hum}", "sine", f"{args.hum * 2}", "sine", f"{args.hum * 3}", "vol", "0.3")
    bed = work / "bed.wav"
    sh("sox", "-m", str(noise), str(hum), str(bed))
    bed_db = rms_db(bed)
    gain_db = active_db - args.snr - bed_db
    knocks = []
    for n in range(len(events) - 1):
        gap = (events[n][1], events[n + 1][0])
        if gap[1] - gap[0] > 1.2 and rng.random() < 0.5:
            knocks.append(round(rng.uniform(gap[0] + 0.4, gap[1] - 0.4), 3))
    knock_files = []
    for n, at in enumerate(knocks):
        k = work / f"k{n}.wav"
        sh("sox", "-n", "-r", str(RATE), "-c", "1", str(k), "synth", "0.06", "brownnoise", "fade", "q", "0.002", "0.06", "0.05",
           "vol", "0.9", "pad", f"{at}", "0")
        knock_files.append(str(k))
    mixed = work / "mixed.wav"
    sh("sox", "-m", "-v", "1", str(speech), "-v", f"{10 ** (gain_db / 20):.6f}", str(bed),
       *[arg for k in knock_files for arg in ("-v", "1", k)], str(mixed), "trim", "0", f"{duration}", "norm", "-3")

    lesson = out / "lesson.mp4"
    if args.no_video:
        sh("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", str(mixed), "-c:a", "aac", "-b:a", "64k", str(out / "lesson.m4a"))
    else:
        sh("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={duration}",
           "-i", str(mixed), "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", "-c:a", "aac", "-b:a", "64k",
           "-shortest", str(lesson))

    def stamp(s):
        return f"{int(s // 3600):02d}:{int(s // 60 % 60):02d}:{s % 60:06.3f}"

    with open(out / "lesson.vtt", "w", encoding="utf-8") as fh:
        fh.write("WEBVTT\n\n")
        for start, end, _, speaker, text, _ in events:
            fh.write(f"{stamp(start)} --> {stamp(end)}\n<v {speaker}>{text}</v>\n\n")
    pauses = [[round(events[n][1], 3), round(events[n + 1][0], 3)] for n in range(len(events) - 1)
              if events[n + 1][0] - events[n][1] >= 2.0]
    truth = {"duration": duration, "snr": args.snr, "knocks": knocks,
             "speech": [[round(s, 3), round(e, 3), role] for s, e, role, _, _, _ in events], "pauses": pauses}
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    for f in work.iterdir():
        f.unlink()
    work.rmdir()


if __name__ == "__main__":
    sys.exit(main())
