#!/usr/bin/env python3
"""Studio figures on a 45-minute 720p lesson (generated into a temp folder, never committed):

  - start: the studio catalogues the lesson (poster, thumbnails, lesson sidecar),
  - lesson page usable: from navigation to the player's metadata and the timeline drawn
    (Chromium through Selenium), and the page's first API answer,
  - cut: a 2-minute copy clip, from POST to the clip listed in the catalog (SSE "done"),
  - upload: the 45-minute file through POST /api/lessons, against `cp` of the same file
    on the same disk in the same run (the ratio is the figure; 1.0 = disk speed).

Measured and printed, never asserted. Usage: python3 Scripts/bench-studio.py [--minutes 45]
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "Browser"))
from conftest import CHROMEDRIVER, CHROMIUM, Server  # noqa: E402


def make_lesson(folder, minutes):
    piece = folder / "piece.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi",
                    "-i", "sine=frequency=440:sample_rate=48000", "-t", "300", "-c:v", "libx264", "-preset", "ultrafast",
                    "-g", "60", "-b:v", "1500k", "-c:a", "aac", "-b:a", "64k", "-shortest", str(piece)], check=True)
    lesson = folder / "upload" / "long-lesson.mp4"
    lesson.parent.mkdir()
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-stream_loop", str(minutes // 5 + 1), "-i", str(piece), "-c", "copy",
                    "-t", str(minutes * 60), str(lesson)], check=True)
    piece.unlink()
    return lesson


def post(url, body, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=45)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="clipcoach-bench-studio-"))
    figures = {}
    try:
        source = make_lesson(folder, arguments.minutes)
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
            started = time.time()
            server.get(f"/api/lessons/{lesson['id']}")
            figures["lesson_api_s"] = round(time.time() - started, 3)
            started = time.time()
            server.get(f"/api/lessons/{lesson['id']}/keyframes")
            figures["keyframes_api_first_s"] = round(time.time() - started, 3)

            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
            options = webdriver.ChromeOptions()
            options.binary_location = CHROMIUM
            for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio", "--window-size=1280,1000"):
                options.add_argument(argument)
            driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
            try:
                started = time.time()
                driver.get(server.origin + f"/studio/lesson.html?id={lesson['id']}")
                while not driver.execute_script("return document.getElementById('player').readyState >= 1 &&"
                                                " document.querySelectorAll('#lane-segments .block').length > 0"):
                    time.sleep(0.02)
                figures["lesson_page_usable_s"] = round(time.time() - started, 2)
            finally:
                driver.quit()

            started = time.time()
            job = post(server.origin + f"/api/lessons/{lesson['id']}/cuts",
                       json.dumps({"start": 600, "end": 720, "label": "two minutes"}).encode())
            with urllib.request.urlopen(server.origin + f"/api/jobs/{job['id']}/events", timeout=300) as events:
                for line in events:
                    if line.startswith(b"data: ") and json.loads(line[6:])["state"] != "running":
                        break
            figures["cut_2min_copy_listed_s"] = round(time.time() - started, 2)

            started = time.time()
            with open(source, "rb") as body:
                request = urllib.request.Request(server.origin + "/api/lessons?name=uploaded.mp4", data=body, method="POST",
                                                 headers={"Content-Type": "application/octet-stream",
                                                          "Content-Length": str(source.stat().st_size)})
                with urllib.request.urlopen(request, timeout=900) as response:
                    response.read()
            upload_seconds = time.time() - started
            figures.update({"lesson_mb": round(size_mb), "upload_with_check_and_ingest_s": round(upload_seconds, 2),
                            "upload_mb_per_s": round(size_mb / upload_seconds, 1), "cp_mb_per_s": round(size_mb / copy_seconds, 1),
                            "upload_vs_cp_ratio": round(copy_seconds / upload_seconds, 2)})
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
