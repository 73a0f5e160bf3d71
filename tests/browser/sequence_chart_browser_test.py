#!/usr/bin/env python3
"""Browser test of the HTML sequence chart (ctest labels: slow, browser).

Writes the counterexample of specs/paxos_forget_promise.ini as HTML, loads the file from
disk in headless Chromium driven through chromium-driver (the W3C WebDriver protocol, spoken
with the standard library only), and checks what rendered: the lanes, the arrows between
them, the violation at the end, the full state shown on load, on click and on hover, and that
the page loaded no resource at all. Then the same for a model with time
(specs/lease_pause_exceeds_margin.ini): ticks drawn across all lanes, the pause, its end and
clock drift as markers on the client's lane, the paused stretch of that lane, and markers of
one step stacked rather than overlapping. Last, that the chart fits its window: with these two
and a long trace (specs/raft_truncate_on_stale_append.ini), at 1000 and at 1600 pixels wide
(and narrowed from 1600 to 1000 without reloading), no text is cut off: each is in view, or in
a box that scrolls and whose scroll bars are on screen; at 1600 the whole chart is in view.
Screenshots of each page at both widths go to $FAULTLINE_SCREENSHOTS, or to a new temporary
folder; their paths are printed. Needs the Debian packages chromium and chromium-driver;
fails (does not skip) without them.

usage: sequence_chart_browser_test.py FAULTLINE_BINARY SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from webdriver import WebDriver, find_browser  # noqa: E402

FAILURES = []
# A long trace with long labels and state lines: the widest chart the fit checks look at.
LONG_SPEC = "specs/raft_truncate_on_stale_append.ini"


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


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
    check(wd.js(SHOWN) == ["16", "state after step 16: act as holder c1"],
          "lease: on load the last state is shown: %s" % wd.js(SHOWN))
    check(wd.js("return performance.getEntriesByType('resource').length;") == 0,
          "lease: the page loads no resource")
    return page


# What of a page is cut off in the current window. Each text of the chart, the state panel and
# the header is either in view (inside the window and inside the box that clips it), or inside
# a box that scrolls and fits the window, so that its scroll bars are on screen along with it
# (not at the bottom of a chart taller than the window). Also: text beyond the edge of the SVG
# itself (lost: the SVG clips it), whether the page scrolls sideways, and how far the chart is
# scaled down.
FIT = """
const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
function clip_box(el) {
  for (let p = el.parentElement; p; p = p.parentElement)
    if (!(p instanceof SVGElement) && getComputedStyle(p).overflowX !== 'visible') return p;
  return null;
}
const svg = document.querySelector('#chart svg'), sv = svg.getBoundingClientRect();
const chart = document.getElementById('chart');
const cut = [], beyond_svg = [];
let in_view = 0, in_scroll_box = 0;
for (const t of document.querySelectorAll(
    '#chart svg text, #state-view h2, #state-view td, h1, p.summary, p.legend span')) {
  const b = t.getBoundingClientRect();
  if (b.width === 0) continue;
  const what = [t.textContent.slice(0, 50), Math.round(b.left), Math.round(b.right)];
  if (svg.contains(t) && (b.left < sv.left - 1 || b.right > sv.right + 1)) beyond_svg.push(what);
  const box = clip_box(t), r = box ? box.getBoundingClientRect() : {left: 0, right: vw};
  if (b.left >= Math.max(0, r.left) - 1 && b.right <= Math.min(vw, r.right) + 1) {
    in_view++;
  } else if (box && /auto|scroll/.test(getComputedStyle(box).overflowX) &&
             r.left >= -1 && r.right <= vw + 1 && r.height <= vh + 1) {
    in_scroll_box++;
  } else {
    cut.push(what.concat([box ? box.id || box.tagName : 'window', box ? Math.round(r.height) : 0]));
  }
}
return {width: window.innerWidth, page_sideways: document.documentElement.scrollWidth - vw,
        chart_sideways: chart.scrollWidth - chart.clientWidth,
        below_window: chart.getBoundingClientRect().bottom - vh,
        scale: sv.width / svg.viewBox.baseVal.width, in_view: in_view,
        in_scroll_box: in_scroll_box, cut: cut, beyond_svg: beyond_svg};"""


def check_fit(wd, what, w, wide):
    """Checks that nothing of the page is cut off; `wide`: the chart should fit without
    scrolling sideways."""
    f = wd.js(FIT)
    at = "%s at %dpx" % (what, w)
    check(f["width"] == w, "%s: the window is %dpx wide: %s" % (at, w, f["width"]))
    check(f["page_sideways"] <= 0, "%s: the page does not scroll sideways (%dpx too wide)"
          % (at, f["page_sideways"]))
    check(not f["cut"], "%s: no text is cut off (%d in view, %d in a scroll box that fits the "
          "window), cut off: %s" % (at, f["in_view"], f["in_scroll_box"], f["cut"][:4]))
    check(not f["beyond_svg"], "%s: no text beyond the edge of the chart: %s"
          % (at, f["beyond_svg"][:4]))
    check(f["scale"] >= 0.79, "%s: the chart is drawn at %.2f of its size (at least 0.8, so "
          "that its text stays readable)" % (at, f["scale"]))
    if f["chart_sideways"] > 0:
        check(f["below_window"] <= 0, "%s: the chart scrolls sideways, and its box, scroll bar "
              "included, is in the window on load (%dpx below it)" % (at, f["below_window"]))
    if wide:
        check(f["chart_sideways"] <= 0, "%s: the whole chart is in view, no scrolling sideways "
              "(%dpx too wide)" % (at, f["chart_sideways"]))


def check_fits(wd, pages, shots):
    """At 1000 and 1600 pixels wide: nothing is cut off, and screenshots of both. Then the
    window is narrowed again without reloading: the page re-fits itself."""
    for w in (1000, 1600):
        wd.set_window(w, 900)
        for what, page in pages:
            wd.open("file://" + page)
            check_fit(wd, what, w, w >= 1600)
            png = os.path.join(shots, "%s-%d.png" % (what, w))
            wd.screenshot(png)
            print("     screenshot: " + png)
    for what, page in pages:
        wd.set_window(1600, 900)
        wd.open("file://" + page)
        wd.set_window(1000, 900)
        check_fit(wd, what + " narrowed from 1600px", 1000, False)
    wd.set_window(1600, 1200)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    faultline, source = sys.argv[1], sys.argv[2]
    chromium, driver = find_browser()
    if not chromium:
        sys.exit("FAIL: needs chromium and chromedriver on PATH "
                 "(apt-get install chromium chromium-driver)")

    tmp = tempfile.mkdtemp(prefix="faultline-browser-")
    page = os.path.join(tmp, "trace.html")
    run = subprocess.run([faultline, "check", os.path.join(source, "specs/paxos_forget_promise.ini"),
                          "--no-progress", "--trace-out", page], capture_output=True, text=True)
    check(run.returncode == 10, "faultline check exits 10 (violation)")
    long_page = os.path.join(tmp, "raft.html")
    run = subprocess.run([faultline, "check", os.path.join(source, LONG_SPEC), "--no-progress",
                          "--trace-out", long_page], capture_output=True, text=True)
    check(run.returncode == 10, "raft: faultline check exits 10 (violation)")
    shots = os.environ.get("FAULTLINE_SCREENSHOTS") or tempfile.mkdtemp(
        prefix="faultline-browser-screenshots-")
    os.makedirs(shots, exist_ok=True)

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
        lease_page = check_time_chart(wd, faultline, source, tmp)
        check_fits(wd, [("paxos", page), ("lease", lease_page), ("raft", long_page)], shots)
    finally:
        wd.close()
        shutil.rmtree(tmp, ignore_errors=True)

    if FAILURES:
        sys.exit("%d check(s) failed" % len(FAILURES))
    print("all checks passed")


if __name__ == "__main__":
    main()
