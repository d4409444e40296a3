#!/usr/bin/env python3
"""Do smart-cut clips play in a browser? Cuts clips with the clipcoach CLI
(`cut --mode smart`) from SampleMedia and, when present, the shared corpus, then
opens each in headless Chromium (Debian's chromium + chromium-driver, through
Selenium) from a loopback HTTP server: the video must show a picture
(videoWidth > 0), its currentTime must advance while playing, and no media error
may be raised. Exits non-zero on the first clip that fails.

    python3 Scripts/browser-play-check.py --bin .build/debug/clipcoach
    python3 Scripts/browser-play-check.py --packet PACKET_FOLDER   # every <video> of a cycle packet
"""
import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")

# (lesson, clip window): START inside a GOP so every clip has a re-encoded head.
SOURCES = [
    (os.path.join(ROOT, "SampleMedia", "lesson.mp4"), "3.37-9.5"),
    (os.path.join(ROOT, "SampleMedia", "lesson-rotated.mp4"), "2.21-6"),
    (os.path.join(ROOT, "SampleMedia", "lesson-vfr.mp4"), "1.63-5.5"),
    (os.path.join(CORPUS, "mb_video.mp4"), "1.37-4.5"),
    (os.path.join(CORPUS, "mp_chaplin.mp4"), "2.37-6"),
]

PLAY_SCRIPT = """
const done = arguments[arguments.length - 1];
const video = document.querySelectorAll('video')[arguments[0]];
const deadline = Date.now() + 30000;
let first = null;
function report(state) { done(state); }
function poll() {
  const state = {width: video.videoWidth, time: video.currentTime,
                 error: video.error ? video.error.code + ' ' + video.error.message : null};
  if (state.error) return report(state);
  if (first === null && video.readyState >= 2 && state.width > 0) {
    first = state.time;
    // Fast, to play across the join between the re-encoded head and the copied rest.
    video.playbackRate = 4;
    video.play().catch(e => report({width: state.width, time: state.time, error: 'play: ' + e}));
  }
  const goal = Math.min(first + 6, (video.duration || 1) * 0.9);
  if (first !== null && (state.time >= goal || video.ended)) return report(Object.assign(state, {duration: video.duration}));
  if (Date.now() > deadline) return report(Object.assign(state, {error: state.error || 'timed out'}));
  setTimeout(poll, 100);
}
poll();
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
                 "--mute-audio"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check_video(browser, index):
    """Plays the index-th <video> of the page, muted; returns (ok, state)."""
    browser.set_script_timeout(40)
    browser.execute_script("const v = document.querySelectorAll('video')[arguments[0]]; v.muted = true; v.preload = 'auto'; v.load();", index)
    state = browser.execute_async_script(PLAY_SCRIPT, index)
    ok = bool(state) and not state.get("error") and state.get("width", 0) > 0 and state.get("time", 0) > 0.5
    return ok, state


def check_clip(browser, base_url, name):
    """A page with one <video> of the clip; returns (ok, state)."""
    browser.get(f"{base_url}/play.html?{name}")
    return check_video(browser, 0)


def check_packet(folder):
    """Every <video> of a cycle packet's index.html plays; returns the number that failed."""
    server = serve(folder)
    browser = driver()
    failed = 0
    try:
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        count = browser.execute_script("return document.querySelectorAll('video').length")
        if not count:
            print("FAIL: the packet page has no <video>")
            return 1
        for index in range(count):
            ok, state = check_video(browser, index)
            source = browser.execute_script("return document.querySelectorAll('video')[arguments[0]].currentSrc", index)
            print(f"{'ok  ' if ok else 'FAIL'} {source.rsplit('/', 1)[-1]}: {state}")
            failed += 0 if ok else 1
    finally:
        browser.quit()
        server.shutdown()
    return failed


def cut_clips(binary, folder):
    clips = []
    for index, (lesson, window) in enumerate(SOURCES):
        if not os.path.exists(lesson):
            print(f"note: {lesson} not found, skipped")
            continue
        out = os.path.join(folder, f"c{index}")
        os.mkdir(out)
        result = subprocess.run([binary, "cut", lesson, "--mode", "smart", "--no-poster", "--out", out,
                                 f"--clip={window}=clip"], capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            sys.exit(f"FAIL cut --mode smart {lesson}: {result.stderr.strip()}")
        for name in os.listdir(out):
            if name.endswith((".mp4", ".mkv")):
                clips.append(os.path.join(f"c{index}", name))
    return clips


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", help="the clipcoach binary (to cut the clips)")
    parser.add_argument("--packet", help="check every <video> of this cycle packet folder instead")
    parser.add_argument("files", nargs="*", help="play these files instead of cutting clips")
    args = parser.parse_args()
    if args.packet:
        sys.exit(1 if check_packet(args.packet) else 0)
    if not args.bin and not args.files:
        parser.error("--bin, --packet or files are needed")
    with tempfile.TemporaryDirectory(prefix="clipcoach-play-") as folder:
        if args.files:
            clips = []
            for index, path in enumerate(args.files):
                name = f"f{index}{os.path.splitext(path)[1]}"
                os.symlink(os.path.abspath(path), os.path.join(folder, name))
                clips.append(name)
        else:
            clips = cut_clips(args.bin, folder)
        with open(os.path.join(folder, "play.html"), "w") as page:
            page.write("<!doctype html><meta charset=utf-8><video muted playsinline preload=auto></video>"
                       "<script>document.querySelector('video').src = decodeURIComponent(location.search.slice(1));"
                       "</script>")
        server = serve(folder)
        browser = driver()
        failed = 0
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}"
            for clip in clips:
                ok, state = check_clip(browser, base, clip)
                print(f"{'ok  ' if ok else 'FAIL'} {clip}: {state}")
                failed += 0 if ok else 1
        finally:
            browser.quit()
            server.shutdown()
        if not clips:
            sys.exit("FAIL: no clips to play")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
