#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol over --remote-debugging-pipe
(JSON messages ended by a NUL byte on file descriptors 3 and 4: no port, no websocket
library), for tests/browser.rs.

usage: cdp.py CHROMIUM PROFILE_DIR [--no-sandbox] [--scale S] PAGE.html SHOT.png [PAGE.html SHOT.png ...]

--scale S shrinks the screenshots of the 1400x1000 viewport (docs/guide.md's picture: 0.6).

For each page it prints one JSON line: the console errors and uncaught exceptions, the
data-frame numbers of the arrows, the time-sequence bars per graph, the panel's title after
a real mouse click on frame 1's arrow and after Enter on the second arrow, the first
time-sequence graph's viewBox after a drag across it, the pages it prints on (A4, its print
style), the milliseconds
from navigation to the load event, and the screenshot's size in bytes. Every wait is bounded.
"""

import base64
import json
import os
import re
import select
import subprocess
import sys
import time

TIMEOUT = 30.0


class Browser:
    def __init__(self, chromium, profile, sandbox):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # Above the descriptors the child gets, so the dup2s below cannot clobber them.
        hi_r = os.dup2(to_child_r, 100)
        hi_w = os.dup2(from_child_w, 101)
        for fd in (to_child_r, from_child_w):
            os.close(fd)

        def child_fds():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        args = [chromium, "--headless", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions",
                "--user-data-dir=" + profile, "--remote-debugging-pipe",
                "--window-size=1400,1000", "about:blank"]
        if not sandbox:
            args.insert(1, "--no-sandbox")
        self.proc = subprocess.Popen(args, preexec_fn=child_fds, pass_fds=(3, 4, hi_r, hi_w),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(hi_r)
        os.close(hi_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.next_id)

    def read_one(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.from_child], [], [], left)
            if ready:
                chunk = os.read(self.from_child, 1 << 20)
                if not chunk:
                    raise EOFError("chromium closed its pipe")
                self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def wait(self, match):
        deadline = time.monotonic() + TIMEOUT
        for i, m in enumerate(self.events):
            if match(m):
                return self.events.pop(i)
        while True:
            m = self.read_one(deadline)
            if match(m):
                if "error" in m:
                    raise RuntimeError(json.dumps(m["error"]))
                return m
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close")
        except (TimeoutError, EOFError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def evaluate(b, s, expr):
    r = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, s)
    return r["result"]["result"].get("value")


def click(b, s, selector):
    """A real mouse click at the middle of the element (scrolled into view)."""
    box = evaluate(b, s, "(() => { const e = document.querySelector(%s); e.scrollIntoView({block: 'center'});"
                   " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
                   % json.dumps(selector))
    for kind in ("mousePressed", "mouseReleased"):
        b.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                            "button": "left", "clickCount": 1}, s)


def press_enter(b, s, selector):
    evaluate(b, s, "document.querySelector(%s).focus()" % json.dumps(selector))
    for kind in ("keyDown", "keyUp"):
        b.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                          "windowsVirtualKeyCode": 13, "text": "\r"}, s)


def drag_zoom(b, s):
    """Drags across the middle of the first time-sequence graph; returns its viewBox after."""
    box = evaluate(b, s, "(() => { const g = document.querySelector('svg.tsg'); g.scrollIntoView({block: 'center'});"
                   " const r = g.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
    x, y, w, h = box
    steps = [("mousePressed", 0.3, 0.3), ("mouseMoved", 0.45, 0.5), ("mouseMoved", 0.6, 0.7),
             ("mouseReleased", 0.6, 0.7)]
    for kind, fx, fy in steps:
        b.send("Input.dispatchMouseEvent", {"type": kind, "x": x + fx * w, "y": y + fy * h,
                                            "button": "left", "buttons": 1, "clickCount": 1}, s)
    return evaluate(b, s, "document.querySelector('svg.tsg').getAttribute('viewBox')")


def check_page(b, page, shot, scale):
    target = b.send("Target.createTarget", {"url": "about:blank"})["result"]["targetId"]
    s = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["result"]["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        b.send(domain + ".enable", session=s)
    b.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000,
                                                  "deviceScaleFactor": 1, "mobile": False}, s)
    b.events.clear()
    start = time.monotonic()
    b.send("Page.navigate", {"url": "file://" + os.path.abspath(page)}, s)
    b.wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == s)
    load_ms = (time.monotonic() - start) * 1000
    arrows = evaluate(b, s, "Array.from(document.querySelectorAll('[data-frame]'), e => +e.getAttribute('data-frame'))")
    bars = evaluate(b, s, "Array.from(document.querySelectorAll('svg.tsg'), g => [g.getAttribute('data-dir'), g.querySelectorAll('[data-seg]').length])")
    clicked = entered = panel = None
    if arrows:
        click(b, s, '[data-frame="%d"]' % arrows[0])
        clicked = evaluate(b, s, "document.getElementById('panel-title').textContent")
        panel = evaluate(b, s, "document.getElementById('panel-body').innerText")
    if len(arrows) > 1:
        press_enter(b, s, '[data-frame="%d"]' % arrows[1])
        entered = evaluate(b, s, "document.getElementById('panel-title').textContent")
    zoomed = drag_zoom(b, s) if bars else None
    pdf = base64.b64decode(b.send("Page.printToPDF", {"preferCSSPageSize": True}, s)["result"]["data"])
    pdf_pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    evaluate(b, s, "window.scrollTo(0, 0)")
    params = {"format": "png"}
    if scale != 1.0:
        params["clip"] = {"x": 0, "y": 0, "width": 1400, "height": 1000, "scale": scale}
    png = base64.b64decode(b.send("Page.captureScreenshot", params, s)["result"]["data"])
    with open(shot, "wb") as f:
        f.write(png)
    errors = []
    for m in b.events:
        p = m.get("params", {})
        if m.get("method") == "Runtime.exceptionThrown":
            errors.append(p.get("exceptionDetails", {}).get("text", "exception"))
        elif m.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            errors.append(json.dumps(p.get("args")))
        elif m.get("method") == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            errors.append(p["entry"].get("text", "error"))
    b.send("Target.closeTarget", {"targetId": target})
    return {"page": page, "errors": errors, "arrows": arrows, "bars": bars, "clicked": clicked, "panel": panel,
            "entered": entered, "zoomed": zoomed, "pdf_pages": pdf_pages, "load_ms": round(load_ms, 1), "screenshot_bytes": len(png)}


def main():
    args = sys.argv[1:]
    sandbox = "--no-sandbox" not in args
    args = [a for a in args if a != "--no-sandbox"]
    scale = 1.0
    if "--scale" in args:
        at = args.index("--scale")
        scale = float(args[at + 1])
        del args[at:at + 2]
    chromium, profile, pages = args[0], args[1], args[2:]
    b = Browser(chromium, profile, sandbox)
    try:
        for page, shot in zip(pages[::2], pages[1::2]):
            print(json.dumps(check_page(b, page, shot, scale)), flush=True)
    finally:
        b.close()


if __name__ == "__main__":
    main()
