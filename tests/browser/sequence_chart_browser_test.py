#!/usr/bin/env python3
"""Browser test of the HTML sequence chart (ctest labels: slow, browser).

Writes the counterexample of specs/paxos_forget_promise.ini as HTML, loads the file from
disk in headless Chromium driven through chromium-driver (the W3C WebDriver protocol, spoken
with the standard library only), and checks what rendered: the lanes, the arrows between
them, the violation at the end, the full state shown on load, on click and on hover, and that
the page loaded no resource at all. Then the same for a model with time
(specs/lease_pause_exceeds_margin.ini): ticks drawn across all lanes, the pause, its end and
clock drift as markers on the client's lane, the paused stretch of that lane, and markers of
one step stacked rather than overlapping. Needs the Debian packages chromium and
chromium-driver; fails (does not skip) without them.

usage: sequence_chart_browser_test.py FAULTLINE_BINARY SOURCE_DIR
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


class WebDriver:
    def __init__(self, driver, chromium):
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
            raise RuntimeError("chromedriver did not start")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1600,1200"]}}}}
        self.session = "/session/" + self.call("POST", "/session", caps)["sessionId"]

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


SHOWN = """const h = document.querySelector('#state-view h2');
    return [document.body.getAttribute('data-shown-step'), h ? h.textContent : null];"""


def check_time_chart(wd, faultline, source, tmp):
    page = os.path.join(tmp, "lease.html")
    run = subprocess.run([faultline, "check",
                          os.path.join(source, "specs/lease_pause_exceeds_margin.ini"),
                          "--no-progress", "--trace-out", page], capture_output=True, text=True)
    check(run.returncode == 10, "lease: faultline check exits 10 (violation)")
    wd.open("file://" + page)
    lanes = wd.js("""return Array.from(document.querySelectorAll('text.lane-name')).map(
        t => [t.textContent, t.getBoundingClientRect().left, t.getBoundingClientRect().right]);""")
    check([l[0] for l in lanes] == ["g", "c1", "c2"], "lease: lanes g, c1, c2: %s" % lanes)
    ticks = wd.js("""return Array.from(document.querySelectorAll('g.event.tick')).map(g => {
        const b = g.querySelector('line').getBoundingClientRect();
        return [g.textContent, b.left, b.right, b.top,
                getComputedStyle(g.querySelector('line')).strokeDasharray]; });""")
    check([t[0] for t in ticks] == ["t=1", "t=2", "t=3"], "lease: three ticks: %s" % ticks)
    check(all(t[1] < lanes[0][1] and t[2] > lanes[-1][2] for t in ticks),
          "lease: each tick is a line across all lanes")
    check(all(t[4] not in ("", "none") for t in ticks), "lease: tick lines are dotted (styled)")
    markers = wd.js("""return Array.from(document.querySelectorAll(
        'g.event.pause, g.event.resume, g.event.drift')).map(g => {
        const b = g.querySelector('rect').getBoundingClientRect();
        return [g.getAttribute('class'), g.textContent, (b.left + b.right) / 2, b.top, b.bottom,
                b.width]; });""")
    check([m[:2] for m in markers] == [
        ["event drift", "clock jumps ahead (reads 1)"], ["event drift", "clock lags (reads 2)"],
        ["event drift", "clock jumps ahead (reads 3)"], ["event pause", "pause (up to 1 tick)"],
        ["event resume", "resume (pause over)"]],
        "lease: drift, pause and resume markers: %s" % [m[:2] for m in markers])
    c1 = (lanes[1][1] + lanes[1][2]) / 2
    on_c1 = [markers[i] for i in (0, 1, 3, 4) if i < len(markers)]
    check(all(abs(m[2] - c1) < 2 for m in on_c1) and all(m[5] > 0 for m in markers),
          "lease: c1's markers are drawn on c1's lane")
    if len(ticks) == 3 and len(markers) == 5:
        check(markers[1][3] > ticks[1][3] and markers[4][3] > ticks[2][3],
              "lease: a tick's lane markers sit below its line, not on it")
    paused = wd.js("""return Array.from(document.querySelectorAll('line.lane-line.paused')).map(l => {
        const b = l.getBoundingClientRect(); return [(b.left + b.right) / 2, b.height]; });""")
    check(len(paused) == 1 and abs(paused[0][0] - c1) < 3 and paused[0][1] > 10,
          "lease: c1's lane is drawn paused between the pause and the tick: %s" % paused)
    check(wd.js(SHOWN) == ["16", "state after step 16: c2 acts as holder"],
          "lease: on load the last state is shown: %s" % wd.js(SHOWN))
    check(wd.js("return performance.getEntriesByType('resource').length;") == 0,
          "lease: the page loads no resource")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    faultline, source = sys.argv[1], sys.argv[2]
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        sys.exit("FAIL: needs chromium and chromedriver on PATH "
                 "(apt-get install chromium chromium-driver)")

    tmp = tempfile.mkdtemp(prefix="faultline-browser-")
    page = os.path.join(tmp, "trace.html")
    run = subprocess.run([faultline, "check", os.path.join(source, "specs/paxos_forget_promise.ini"),
                          "--no-progress", "--trace-out", page], capture_output=True, text=True)
    check(run.returncode == 10, "faultline check exits 10 (violation)")

    wd = WebDriver(driver, chromium)
    try:
        wd.open("file://" + page)
        lanes = wd.js("""return Array.from(document.querySelectorAll('text.lane-name')).map(t => {
            const b = t.getBoundingClientRect();
            return [t.textContent, Number(t.getAttribute('x')), b.width, b.height]; });""")
        check([l[0] for l in lanes] == ["p1", "p2", "a1", "a2", "a3"], "one lane per node: %s"
              % [l[0] for l in lanes])
        check(all(l[2] > 0 and l[3] > 0 for l in lanes), "lane names are drawn")
        lane_x = {l[0]: l[1] for l in lanes}

        arrows = wd.js("""return Array.from(document.querySelectorAll('line.msg.delivered')).map(l => {
            const b = l.getBoundingClientRect();
            return [Number(l.getAttribute('x1')), Number(l.getAttribute('x2')), b.width, b.height,
                    l.querySelector('title').textContent]; });""")
        check(len(arrows) == 1, "one delivered arrow (Prepare(b=2) p2->a3): %d" % len(arrows))
        if arrows:
            x1, x2, w, h, title = arrows[0]
            check(x1 == lane_x["p2"] and x2 == lane_x["a3"], "the arrow runs from lane p2 to lane a3")
            check(w > 100 and h > 10, "the arrow is drawn, slanting down (%.0fx%.0f)" % (w, h))
            check(title.startswith("Prepare(b=2) p2->a3: sent at step 1, delivered at step 2"),
                  "the arrow's tooltip: " + title)
        check(wd.js("return document.querySelectorAll('line.msg.in-flight').length;") == 3,
              "three messages still in flight at the end")
        events = wd.js("""return Array.from(document.querySelectorAll('g.event')).map(
            g => [g.getAttribute('class'), g.textContent, g.getBoundingClientRect().width]);""")
        check([e[:2] for e in events] == [["event local", "start p2 b=2"], ["event crash", "crash"],
                                           ["event restart", "restart (state lost)"]],
              "markers for the local step, the crash and the restart: %s" % events)

        outcome = wd.js("""const o = document.getElementById('outcome');
            const rows = document.querySelectorAll('rect.row');
            const last = rows[rows.length - 1].getBoundingClientRect();
            const b = o.getBoundingClientRect();
            return [o.textContent, b.width, b.height, b.top >= last.bottom - 1];""")
        check("violated: PromiseMonotonic" in outcome[0], "the violation is stated: " + outcome[0])
        check("because: a3 had promised b=2" in outcome[0], "with the reason")
        check(outcome[1] > 0 and outcome[2] > 0 and outcome[3],
              "the violation box is drawn right after the last step")

        check(wd.js(SHOWN) == ["4", "state after step 4: restart a3 (state lost)"],
              "on load the last state is shown: %s" % wd.js(SHOWN))
        wd.click("rect.row[data-step='2']")
        check(wd.js(SHOWN) == ["2", "state after step 2: deliver Prepare(b=2) p2->a3"],
              "clicking step 2 shows its full state: %s" % wd.js(SHOWN))
        changed = wd.js("return Array.from(document.querySelectorAll('#state-view tr.changed td:first-child'))"
                        ".map(td => td.textContent);")
        check(changed == ["a3", "net a3->p2"],
              "the fields step 2 changed are marked: %s" % changed)
        wd.hover("rect.row[data-step='1']")
        check(wd.js(SHOWN)[0] == "1", "hovering step 1 shows its state")
        wd.hover("h1")
        check(wd.js(SHOWN)[0] == "2", "leaving it shows the clicked step again")

        wd.open("file://" + page + "#step=3")
        check(wd.js(SHOWN)[0] == "3", "a URL ending in #step=3 shows step 3")
        check(wd.js("return performance.getEntriesByType('resource').length;") == 0,
              "the page loads no resource (no external script, style, font or image)")
        check_time_chart(wd, faultline, source, tmp)
    finally:
        wd.close()
        shutil.rmtree(tmp, ignore_errors=True)

    if FAILURES:
        sys.exit("%d check(s) failed" % len(FAILURES))
    print("all checks passed")


if __name__ == "__main__":
    main()
