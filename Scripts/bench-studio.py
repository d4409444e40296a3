#!/usr/bin/env python3
"""Studio figures on a 45-minute 720p lesson (generated into a temp folder, never committed):

  - start: the studio catalogues the lesson (poster, thumbnails, lesson sidecar),
  - lesson page usable: from navigation to the player's metadata and the timeline drawn
    (Chromium through Selenium; median of --runs loads), with the page's own resource timings
    (the lesson's facts, the codebook, the media's first answer) and each server answer alone
    (lesson, poster, keyframes, thumbnail),
  - cut: a 2-minute copy clip, from Enter on the label (after `c`) to the clip on the page's
    timeline (median of --runs cuts); and through the API, where the time goes: POST answered,
    clip and sidecar on disk (the cut job), "done" (catalogued), the event stream's lag,
  - upload: the 45-minute file through POST /api/lessons, against `cp` of the same file
    on the same disk in the same run (the ratio is the figure; 1.0 = disk speed).

Measured and printed, never asserted. Usage:
  python3 Scripts/bench-studio.py [--minutes 45] [--runs 3] [--lesson FILE]
"""
import argparse
import http.client
import json
import statistics
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "Browser"))
from conftest import CHROMEDRIVER, CHROMIUM, Server  # noqa: E402


def make_lesson(folder, minutes):
    piece = folder / "piece.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi",
                    "-i", "sine=frequency=440:sample_rate=48000", "-t", "60", "-c:v", "libx264", "-preset", "ultrafast",
                    "-g", "60", "-b:v", "1500k", "-c:a", "aac", "-b:a", "64k", "-shortest", str(piece)], check=True)
    lesson = folder / "upload" / "long-lesson.mp4"
    lesson.parent.mkdir()
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-stream_loop", str(minutes + 1), "-i", str(piece), "-c", "copy",
                    "-t", str(minutes * 60), str(lesson)], check=True)
    piece.unlink()
    return lesson


def post(url, body, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def timed_get(url):
    started = time.time()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.time() - started


def median(values):
    return round(statistics.median(values), 3)


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio", "--window-size=1280,1000"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def page_usable(driver, url):
    """Seconds from navigation to the player's metadata and the segment lane, and the page's
    resource timings (ms) for the lesson's facts, the codebook and the media's first answer."""
    driver.get("about:blank")
    started = time.time()
    driver.get(url)
    while not driver.execute_script("return document.getElementById('player').readyState >= 1 &&"
                                    " document.querySelectorAll('#lane-segments .block').length > 0"):
        time.sleep(0.01)
    usable = time.time() - started
    timings = driver.execute_script("""
      const out = {};
      for (const e of performance.getEntriesByType('resource')) {
        const path = new URL(e.name).pathname;
        const key = /\\/api\\/lessons\\/\\d+$/.test(path) ? 'lesson_api' : path.endsWith('/media') ? 'media_first' :
          path === '/api/codebook' ? 'codebook_api' : path.endsWith('.js') ? 'scripts' : null;
        if (key && !(key in out)) out[key] = {start: Math.round(e.startTime), end: Math.round(e.responseEnd)};
      }
      const nav = performance.getEntriesByType('navigation')[0];
      out.html = {start: 0, end: Math.round(nav.responseEnd)};
      out.dom_content_loaded = Math.round(nav.domContentLoadedEventEnd);
      return out;""")
    return usable, timings


def cut_on_the_page(driver, url, start, end):
    """Marks start..end on the lesson page, presses c and Enter: seconds from Enter to the
    clip's block on the timeline."""
    page_usable(driver, url)
    driver.execute_script("document.activeElement.blur()")
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    for key, at in (("i", start), ("o", end)):
        driver.execute_script("const p = document.getElementById('player'); p.pause(); p.currentTime = arguments[0];", at)
        while not driver.execute_script("const p = document.getElementById('player'); return !p.seeking && Math.abs(p.currentTime - arguments[0]) < 0.01;", at):
            time.sleep(0.01)
        ActionChains(driver).send_keys(key).perform()
    before = driver.execute_script("return document.querySelectorAll('#lane-clips .block').length")
    ActionChains(driver).send_keys("c").perform()
    while not driver.execute_script("return document.getElementById('label-dialog').open"):
        time.sleep(0.01)
    started = time.time()
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    deadline = started + 300
    while time.time() < deadline:
        if driver.execute_script("return document.querySelectorAll('#lane-clips .block').length") > before:
            return time.time() - started
        status = driver.execute_script("return document.getElementById('cut-status').className")
        if "error" in status:
            raise RuntimeError(driver.find_element("id", "cut-status").text)
        time.sleep(0.01)
    raise RuntimeError("the clip never appeared on the timeline")


def cut_through_the_api(server, lesson_id, clip_folder, start, end, label):
    """Where a cut's time goes: POST answered, clip and sidecar on disk, the first event, done."""
    stem = label.replace(" ", "-")
    sidecar = clip_folder / f"{stem}.json"
    seen = {}

    def watch():
        while "done" not in seen:
            if "sidecar" not in seen and sidecar.exists():
                seen["sidecar"] = time.time()
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    started = time.time()
    watcher.start()
    try:
        job = post(server.origin + f"/api/lessons/{lesson_id}/cuts", json.dumps({"start": start, "end": end, "label": label}).encode())
        answered = time.time()
        with urllib.request.urlopen(server.origin + f"/api/jobs/{job['id']}/events", timeout=300) as events:
            for line in events:
                if line.startswith(b"data: "):
                    seen.setdefault("first_event", time.time())
                    state = json.loads(line[6:])
                    if state["state"] != "running":
                        if state["state"] != "done":
                            raise RuntimeError(state["message"])
                        break
        seen["done"] = time.time()
    finally:
        seen.setdefault("done", time.time())
        watcher.join()
    return {"post_answered_s": round(answered - started, 3), "clip_and_sidecar_on_disk_s": round(seen.get("sidecar", 0) - started, 3),
            "catalogued_done_event_s": round(seen["done"] - started, 3),
            "catalogue_after_sidecar_s": round(seen["done"] - seen.get("sidecar", seen["done"]), 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=45)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lesson", help="an existing lesson file to use instead of generating one")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="clipcoach-bench-studio-"))
    figures = {}
    try:
        source = Path(arguments.lesson) if arguments.lesson else make_lesson(folder, arguments.minutes)
        size_mb = source.stat().st_size / 1048576
        lessons = folder / "lessons"
        lessons.mkdir()
        started = time.time()
        shutil.copy(source, lessons / "copied.mp4")
        subprocess.run(["sync"], check=False)
        copy_seconds = time.time() - started
        (lessons / "copied.mp4").rename(lessons / "lesson.mp4")

        started = time.time()
        server = Server("studio", "--lessons", str(lessons), "--catalog", str(folder / "library.sqlite"), timeout=900)
        figures["start_with_ingest_s"] = round(time.time() - started, 2)
        try:
            lesson = next(l for l in server.get("/api/lessons") if l["label"] == "lesson")
            base = server.origin + f"/api/lessons/{lesson['id']}"
            figures["keyframes_api_first_s"] = round(timed_get(base + "/keyframes"), 3)
            answers = {"lesson_api_s": "", "poster_s": "/poster", "keyframes_api_cached_s": "/keyframes", "thumbnail_s": "/thumbs/0"}
            for name, path in answers.items():
                figures[name] = median([timed_get(base + path) for _ in range(max(3, arguments.runs))])

            driver = chromium()
            try:
                page = server.origin + f"/studio/lesson.html?id={lesson['id']}"
                loads = [page_usable(driver, page) for _ in range(arguments.runs + 1)]
                figures["lesson_page_usable_first_s"] = round(loads[0][0], 3)
                figures["lesson_page_usable_s"] = median([usable for usable, _ in loads[1:]])
                figures["lesson_page_timings_ms"] = loads[-1][1]
                cuts = [cut_on_the_page(driver, page, 600 + 150 * run, 720 + 150 * run) for run in range(arguments.runs)]
                figures["cut_2min_copy_enter_to_listed_s"] = median(cuts)
                figures["cut_2min_copy_enter_to_listed_all_s"] = [round(c, 3) for c in cuts]
            finally:
                driver.quit()

            api_cuts = [cut_through_the_api(server, lesson["id"], lessons / "lesson-clips", 1500 + 150 * run, 1620 + 150 * run,
                                            f"api cut {run}") for run in range(arguments.runs)]
            for key in api_cuts[0]:
                figures["cut_api_" + key] = median([cut[key] for cut in api_cuts])

            # The body in 1 MiB writes (urllib would send 8 KiB at a time and measure itself):
            # sent = received but for the socket buffers; then the server probes and catalogues.
            origin = urllib.parse.urlsplit(server.origin)
            connection = http.client.HTTPConnection(origin.hostname, origin.port, timeout=900)
            started = time.time()
            connection.putrequest("POST", "/api/lessons?name=uploaded.mp4")
            connection.putheader("Content-Type", "application/octet-stream")
            connection.putheader("Content-Length", str(source.stat().st_size))
            connection.endheaders()
            with open(source, "rb") as body:
                while block := body.read(1 << 20):
                    connection.send(block)
            sent_seconds = time.time() - started
            answer = connection.getresponse()
            answer.read()
            connection.close()
            if answer.status != 201:
                raise RuntimeError(f"upload answered {answer.status}")
            upload_seconds = time.time() - started
            figures.update({"lesson_mb": round(size_mb), "upload_body_sent_s": round(sent_seconds, 2),
                            "upload_body_mb_per_s": round(size_mb / sent_seconds, 1),
                            "upload_check_and_ingest_after_body_s": round(upload_seconds - sent_seconds, 2),
                            "upload_with_check_and_ingest_s": round(upload_seconds, 2),
                            "upload_mb_per_s": round(size_mb / upload_seconds, 1), "cp_mb_per_s": round(size_mb / copy_seconds, 1),
                            "upload_body_vs_cp_ratio": round(copy_seconds / sent_seconds, 2)})
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
