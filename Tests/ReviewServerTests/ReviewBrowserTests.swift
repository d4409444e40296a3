import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// The review page in headless Chromium (Debian's `chromium`), driven over the DevTools
/// protocol by python3's standard library: the page loads, the video plays and seeks, and an
/// annotation made with the page's keys and buttons lands in the sidecar on disk.
@Suite(.serialized) struct ReviewBrowserTests {
    @Test func aClipPagePlaysAndAnnotatesInChromium() throws {
        let chromium = try run("/bin/sh", ["-c", "command -v chromium || command -v chromium-browser"])
        try #require(chromium.status == 0, "chromium is not installed: run Scripts/install-deps.sh (the browser test needs it)")

        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let clipID = try fixture.id("a")
        let screenshot = fixture.folder.appendingPathComponent("clip-page.png")
        let result = try run("python3", ["-c", BrowserScript.source, chromium.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                         "\(server.url)clip.html?id=\(clipID)", screenshot.path], timeout: 180)
        #expect(result.status == 0, "browser check failed:\n\(result.stdout)\n\(result.stderr)")
        guard result.status == 0 else { return }
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)")

        // The video plays: its clock moves forward.
        let times = try #require(report["playTimes"] as? [Double])
        #expect(times.count == 2 && times[1] > times[0] + 0.3, "currentTime \(times)")
        // Clicking the evidence moment (0:05) seeks the player there.
        let seek = try #require(report["afterSeek"] as? Double)
        #expect(abs(seek - 5) < 0.01, "after clicking the 0:05 moment the player is at \(seek)")
        #expect((report["status"] as? String)?.hasPrefix("Saved.") == true, "\(report["status"] ?? "")")

        // The annotation made in the page is in the sidecar on disk.
        let sidecar = try SidecarStore.read(fixture.sidecar("a"))
        let made = try #require(sidecar.annotations.first { $0.rater == "Browser Rater" }, "annotations: \(sidecar.annotations)")
        #expect(made.code == "richness.language")
        #expect(made.score == "mid", "key 3 chose the third score point")
        #expect(made.evidence.count == 1)
        #expect(made.note == "said 'denominator' precisely")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot at \(screenshot.path)")
        #expect(png.count > 20_000, "the screenshot shows a rendered page")
        print("review browser test: screenshot \(screenshot.path), currentTime \(times), seek \(seek)")
    }
}

/// The DevTools client: a tiny websocket over `socket`, no third-party module.
enum BrowserScript {
    static let source = #"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request

chromium, page_url, screenshot_path = sys.argv[1], sys.argv[2], sys.argv[3]

class WebSocket:
    def __init__(self, url):
        rest = url[len("ws://"):]
        hostport, path = rest.split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk: raise EOFError("websocket handshake closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]: raise RuntimeError("no websocket upgrade: " + head.decode(errors="replace"))
        self.buffer = b""

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytearray([0x81])
        if len(data) < 126: header.append(0x80 | len(data))
        elif len(data) < 65536: header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else: header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(1 << 16)
            if not chunk: raise EOFError("websocket closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:count], self.buffer[count:]
        return out

    def receive(self):
        message = b""
        while True:
            first, second = self.read(2)
            length = second & 0x7F
            if length == 126: length = struct.unpack(">H", self.read(2))[0]
            elif length == 127: length = struct.unpack(">Q", self.read(8))[0]
            payload = self.read(length)
            opcode = first & 0x0F
            if opcode == 8: raise EOFError("websocket closed by the browser")
            if opcode in (9, 10): continue
            message += payload
            if first & 0x80: return message.decode()

class DevTools:
    def __init__(self, socket_url):
        self.ws = WebSocket(socket_url)
        self.last = 0

    def call(self, method, **params):
        self.last += 1
        self.ws.send(json.dumps({"id": self.last, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.last:
                if "error" in message: raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def eval(self, expression, awaited=False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=awaited)
        if "exceptionDetails" in result: raise RuntimeError(f"page error in {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.eval(expression): return
            time.sleep(0.1)
        raise RuntimeError(f"timed out waiting for {what}: " + str(self.eval("document.getElementById('form-status') && document.getElementById('form-status').textContent")))

    def key(self, key):
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": key, "code": "Key" + key.upper() if key.isalpha() else "Digit" + key,
                      "windowsVirtualKeyCode": ord(key.upper())}
            if kind == "keyDown": params["text"] = key
            self.call("Input.dispatchKeyEvent", **params)

profile = tempfile.mkdtemp(prefix="clipcoach-chromium-")
browser = subprocess.Popen(
    [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio", "--no-first-run",
     "--autoplay-policy=no-user-gesture-required", "--remote-debugging-port=0", "--window-size=1280,1000",
     f"--user-data-dir={profile}", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    socket_url = None
    deadline = time.time() + 60
    while time.time() < deadline and socket_url is None:
        line = browser.stderr.readline()
        if not line and browser.poll() is not None: raise RuntimeError("chromium exited")
        if "DevTools listening on " in line: socket_url = line.split("DevTools listening on ", 1)[1].strip()
    if socket_url is None: raise RuntimeError("chromium did not start its DevTools endpoint")
    port = socket_url.split("//", 1)[1].split("/", 1)[0]
    targets = json.load(urllib.request.urlopen(f"http://{port}/json/list", timeout=10))
    page = next(t for t in targets if t.get("type") == "page")
    tools = DevTools(page["webSocketDebuggerUrl"])
    tools.call("Page.enable")
    tools.call("Runtime.enable")
    tools.call("Emulation.setDeviceMetricsOverride", width=1280, height=1000, deviceScaleFactor=1, mobile=False)
    tools.call("Page.navigate", url=page_url)
    tools.wait_for("document.querySelectorAll('#annotations article').length > 0", "the annotations")
    tools.wait_for("document.getElementById('player').readyState >= 2", "the video to load")

    # Play: the clock must move.
    tools.eval("(() => { const p = document.getElementById('player'); p.muted = true; return p.play().then(() => true); })()", awaited=True)
    first = tools.eval("document.getElementById('player').currentTime")
    # A busy machine may stall playback for a moment: wait for the clock, up to a limit.
    tools.wait_for(f"document.getElementById('player').currentTime > {first} + 0.5", "the video to play", timeout=20)
    second = tools.eval("document.getElementById('player').currentTime")

    # Clicking the evidence moment seeks the player: the position right after the click.
    after_seek = tools.eval("""(() => { document.querySelector('#annotations .moment').click();
        return document.getElementById('player').currentTime; })()""")
    tools.eval("document.getElementById('player').pause()")
    tools.wait_for("!document.getElementById('player').seeking", "the seek")

    # Annotate with the page's own controls and keys.
    tools.eval("""(() => {
        const person = document.getElementById('person'); person.value = 'Browser Rater';
        person.dispatchEvent(new Event('input', {bubbles: true}));
        const code = document.getElementById('code'); code.value = 'richness.language';
        code.dispatchEvent(new Event('change', {bubbles: true}));
        document.getElementById('note').value = "said 'denominator' precisely";
        document.activeElement.blur();
        return true; })()""")
    tools.key("3")
    tools.key("m")
    tools.wait_for("document.querySelector('.score-choice.chosen') && document.querySelectorAll('#moments .chip').length === 1",
                   "the score and the moment")
    tools.call("Page.captureScreenshot", format="png")  # warm-up: fonts and poster settle
    tools.eval("document.getElementById('save').click()")
    tools.wait_for("document.getElementById('form-status').textContent.startsWith('Saved')", "the save")
    status = tools.eval("document.getElementById('form-status').textContent")
    tools.eval("window.scrollTo(0, 0)")
    shot = tools.call("Page.captureScreenshot", format="png")
    with open(screenshot_path, "wb") as out: out.write(base64.b64decode(shot["data"]))
    print(json.dumps({"playTimes": [first, second], "afterSeek": after_seek, "status": status}))
finally:
    browser.terminate()
    try: browser.wait(timeout=10)
    except subprocess.TimeoutExpired: browser.kill()
    shutil.rmtree(profile, ignore_errors=True)
"""#
}
