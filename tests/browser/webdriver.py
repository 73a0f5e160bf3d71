"""A small W3C WebDriver client for headless Chromium through chromium-driver, standard library
only. Used by tests/browser/sequence_chart_browser_test.py and tools/render-chart."""
import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request


def find_browser():
    """(chromium, chromedriver) paths, or (None, None) when either is not on PATH."""
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else (None, None)


class WebDriver:
    def __init__(self, driver, chromium, width=1600, height=1200, extra_args=()):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([driver, "--port=%d" % self.port],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        for _ in range(100):
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            self.proc.terminate()
            raise RuntimeError("chromedriver did not start")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--window-size=%d,%d" % (width, height)] + list(extra_args)}}}}
        try:
            self.session = "/session/" + self.call("POST", "/session", caps)["sessionId"]
        except Exception:
            self.proc.terminate()
            raise

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError("webdriver %s %s: %s" % (method, path, e.read()[:500])) from None

    def open(self, url):
        self.call("POST", self.session + "/url", {"url": url})

    def js(self, script, *args):
        return self.call("POST", self.session + "/execute/sync",
                         {"script": script, "args": list(args)})

    def set_window(self, width, height):
        """Sets the window's size (in headless Chromium its width is the viewport's), then waits
        two animation frames, so that the page has seen the resize event."""
        self.call("POST", self.session + "/window/rect", {"width": width, "height": height})
        self.settle()

    def settle(self):
        """Waits two animation frames of the current page."""
        self.call("POST", self.session + "/execute/async", {"args": [], "script":
                  "const done = arguments[0];"
                  "requestAnimationFrame(() => requestAnimationFrame(() => done(0)));"})

    def screenshot(self, path):
        """Saves a PNG of the viewport to `path`."""
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.session + "/screenshot")))

    def element(self, css):
        v = self.call("POST", self.session + "/element", {"using": "css selector", "value": css})
        return next(iter(v.values()))

    def click(self, css):
        self.call("POST", self.session + "/element/%s/click" % self.element(css), {})

    def hover(self, css):
        origin = {"element-6066-11e4-a52e-4f735466cecf": self.element(css)}
        self.call("POST", self.session + "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "origin": origin, "x": 0, "y": 0}]}]})

    def close(self):
        try:
            self.call("DELETE", self.session)
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=30)
