#!/usr/bin/env python3
"""Checks the browser build in headless chromium: a copy of build-web/web served from a fresh folder,
the page driven through the DevTools protocol (tests/web/browser.py), what it reports in
Module.postinoReport (viz/app/web_main.cpp) and what it draws.
Usage: web_check.py WEB_DIR OUT_DIR CHECK [ARGS]
  screenshot LESSON LANG WxH [SCALE]   the lesson drawn, not blank, its map drawn; OUT_DIR/web-LESSON-LANG.png
  drive SCRIPT QUERY [--fails-with TEXT]  a --drive script run through ?drive= with ?QUERY; its expects hold
                                        (or, with --fails-with, the run fails saying TEXT)
  language                              the browser's language (--lang=it) on a fresh profile; ?lang=es wins
  no-webgl                              chromium without WebGL: the page says so (English and Greek), no crash
  scenario                              ?lesson=files/my.json (a copied scenario) opens; broken or missing ones
                                        show the loader's error
  resize                                the canvas follows the window, and is 2x at deviceScaleFactor 2, the
                                        text scale with it
  pcap LESSON POSTINO                   ?report=pcap: the page's run of the lesson writes the pcap file the
                                        command line POSTINO writes, byte for byte
  golden LESSON [notranscript]          ?report=run: the page's own run of the lesson prints exactly
                                        tests/golden/LESSON.txt (TLS and DKIM included: OpenSSL in wasm)
Exit status 0 when the check holds; otherwise what was expected and found, and the page's console."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import SOURCE, Browser, Failure, Site, colours, read_png  # noqa: E402


def state_of(report):
    """The state line "lang=it lesson=x.json canvas=1280x720 frames=30" as a dict."""
    return dict(part.split("=", 1) for part in report.get("state", "").split() if "=" in part)


def wait_ready(browser, want_ok=True):
    ready = browser.wait_for("ready")
    if want_ok and ready != "ok":
        raise Failure(f"the page reported ready = {ready!r}, expected 'ok'")
    return ready


def wait_frames(browser, frames):
    browser.wait_for("state", predicate=lambda r: int(state_of(r).get("frames", 0)) >= frames)
    return state_of(browser.report())


def check_picture(path, width, height, min_drawn=0.03):
    """Right size, not blank, and a map with drawn nodes (tiles of the window are flat colours)."""
    w, h, rows = read_png(path)
    if (w, h) != (width, height):
        raise Failure(f"{path}: {w}x{h}, expected {width}x{height}")
    whole = colours(rows, step=3)
    total, top = sum(whole.values()), max(whole.values())
    if len(whole) < 60 or top > 0.85 * total:
        raise Failure(f"{path} looks blank: {len(whole)} colours, the commonest covers {100 * top // total} %")
    # The network map: the left part of the window between the player and the bottom tabs. Its
    # background is the commonest colour there; node icons, links and names are the rest. The mail
    # servers' envelope icons are orange: at least one must be there.
    box = (0.02, 0.36, 0.62, 0.62)
    area = colours(rows, box, step=1)
    background, count = max(area.items(), key=lambda kv: kv[1])
    drawn = sum(area.values()) - count
    orange = sum(n for (r, g, b), n in area.items() if r > 180 and 80 < g < 170 and b < 90)
    print(f"{path}: {w}x{h}, {len(whole)} colours sampled; map area: {len(area)} colours, "
          f"{100 * drawn / sum(area.values()):.1f} % drawn over the background {background.hex()}, "
          f"{orange} orange pixels (mail icons)")
    if len(area) < 40 or drawn < min_drawn * sum(area.values()) or orange < 20:
        raise Failure(f"{path}: the network map does not look drawn (colours {len(area)}, "
                      f"drawn pixels {drawn}, orange pixels {orange})")


def screenshot(site, out_dir, lesson, lang, size, scale="1"):
    width, height = map(int, size.split("x"))
    scale = int(scale)
    browser = open_browser(width=width, height=height)
    browser.set_size(width, height, scale)
    browser.navigate(site.url(f"lesson={lesson}&lang={lang}"))
    wait_ready(browser)
    state = wait_frames(browser, 10)
    if state.get("lang") != lang:
        raise Failure(f"the page speaks {state.get('lang')}, expected {lang} (state: {state})")
    suffix = f"-{scale}x" if scale != 1 else ""
    path = browser.screenshot(os.path.join(out_dir, f"web-{lesson}-{lang}-{size}{suffix}.png"))
    check_picture(path, width * scale, height * scale)


def drive(site, out_dir, script, query, *rest):
    fails_with = rest[1] if len(rest) == 2 and rest[0] == "--fails-with" else None
    name = os.path.basename(script)
    site.add(script, "tests/" + name)
    browser = open_browser(width=1280, height=720)
    browser.navigate(site.url(f"drive=tests/{name}" + (f"&{query}" if query else "")))
    result = browser.wait_for("drive", timeout=240)
    browser.screenshot(os.path.join(out_dir, f"web-drive-{os.path.splitext(name)[0]}.png"))
    if fails_with is not None:
        if result == "ok":
            raise Failure(f"expected {name} to fail with '{fails_with}', it ran to its end")
        if fails_with not in result:
            raise Failure(f"expected the failure to say '{fails_with}', it says: {result}")
        print(f"{name} fails as it should: {result}")
    elif result != "ok":
        raise Failure(f"the script {name} failed in the page: {result}")
    else:
        print(f"{name}: the script ran to its end in the page, every expect held (state: {browser.report().get('state')})")


def language(site, out_dir):
    browser = open_browser(flags=["--lang=it", "--accept-lang=it"])
    browser.navigate(site.url("lesson=02-cross-domain"))
    wait_ready(browser)
    state = wait_frames(browser, 3)
    page = browser.evaluate("document.documentElement.lang + ' ' + navigator.languages.join(',')")
    print(f"chromium --lang=it: navigator says {page.split()[1]}, the page's words {page.split()[0]}, state: {state}")
    if state.get("lang") != "it" or page.split()[0] != "it":
        raise Failure(f"a first visit with the browser in Italian: expected lang=it, got {state} / <html lang> {page}")
    browser.navigate(site.url("lesson=02-cross-domain&lang=es"))
    browser.wait_for("state", predicate=lambda r: "lang=es" in r.get("state", ""), timeout=60)
    print(f"?lang=es on the same browser: {browser.report()['state']}")
    # The stored choice of the menu is not made by a ?lang= visit: without it, Italian again.
    browser.navigate(site.url("lesson=02-cross-domain"))
    wait_ready(browser)
    state = wait_frames(browser, 3)
    print(f"again without ?lang=: {state}")
    if state.get("lang") != "it":
        raise Failure(f"after a ?lang=es visit the browser's Italian should still win on a plain visit, got {state}")


def no_webgl(site, out_dir):
    browser = open_browser(flags=["--disable-3d-apis"])
    if browser.evaluate("!!document.createElement('canvas').getContext('webgl2')"):
        raise Failure("chromium --disable-3d-apis still gives a WebGL 2 context: cannot test the message")
    for lang, words in (("en", "Postino draws with WebGL 2"), ("el", "Το Postino σχεδιάζει με WebGL 2")):
        browser.navigate(site.url(f"lesson=02-cross-domain&lang={lang}"))
        ready = browser.wait_for("ready", timeout=60)
        browser.pump(1.5)  # anything the page would still do (it must not start the program)
        shown = browser.evaluate("(() => { const p = document.getElementById('problem');"
                                 " return getComputedStyle(p).display + '|' + p.innerText; })()")
        display, text = shown.split("|", 1)
        print(f"{lang}: ready = {ready!r}; #problem ({display}): {text!r}")
        if display == "none" or words not in text or words not in ready:
            raise Failure(f"expected #problem to show '{words}', found ({display}) {text!r}")
        errors = [c for c in browser.console if c.startswith("exception") or "abort" in c.lower()]
        if errors:
            raise Failure("the page crashed without WebGL: " + "; ".join(errors))
        browser.screenshot(os.path.join(out_dir, f"web-no-webgl-{lang}.png"))


BROKEN = '{\n  "name": "Broken on purpose",\n  "nodes": [\n    {"id": "a", "type": "toaster"}\n  ]\n}\n'


def scenario(site, out_dir):
    site.add(os.path.join(SOURCE, "scenarios", "03-multi-hop-relay.json"), "files/my.json")
    site.write("files/broken.json", BROKEN)
    browser = open_browser()
    browser.navigate(site.url("lesson=files/my.json&lang=en"))
    wait_ready(browser)
    state = wait_frames(browser, 3)
    print(f"?lesson=files/my.json: ready ok, state: {state}")
    if state.get("lesson") != "my.json":
        raise Failure(f"expected the fetched lesson my.json on screen, state: {state}")
    for name, words in (("broken.json", "broken.json"), ("missing.json", "files/missing.json: could not download the file: HTTP 404")):
        browser.navigate(site.url(f"lesson=files/{name}&lang=en"))
        ready = wait_ready(browser, want_ok=False)
        print(f"?lesson=files/{name}: ready = {ready!r}")
        if ready == "ok" or words not in ready:
            raise Failure(f"expected the loader's error naming {words} in 'ready', got {ready!r}")
    browser.screenshot(os.path.join(out_dir, "web-missing-scenario.png"))


def resize(site, out_dir):
    browser = open_browser(width=1280, height=720)
    probe = ("(() => { const c = document.getElementById('canvas'); return [c.width, c.height, c.clientWidth,"
             " c.clientHeight, innerWidth, innerHeight, devicePixelRatio].join(' '); })()")
    browser.navigate(site.url("lesson=02-cross-domain&lang=en"))
    wait_ready(browser)
    for width, height, scale in ((1280, 720, 1), (900, 640, 1), (1024, 768, 2)):
        browser.set_size(width, height, scale)
        want = f"canvas={width * scale}x{height * scale}"
        browser.wait_for("state", predicate=lambda r: want in r.get("state", ""), timeout=60)
        frames = int(state_of(browser.report())["frames"])
        wait_frames(browser, frames + 3)
        cw, ch, css_w, css_h, iw, ih, dpr = browser.evaluate(probe).split()
        print(f"window {width}x{height} at {scale}x: canvas {cw}x{ch}, shown at {css_w}x{css_h} CSS px, "
              f"innerWidth {iw}x{ih}, devicePixelRatio {dpr}")
        if (int(cw), int(ch)) != (int(iw) * scale, int(ih) * scale) or (int(css_w), int(css_h)) != (int(iw), int(ih)):
            raise Failure(f"the canvas does not follow the window: backing store {cw}x{ch}, shown {css_w}x{css_h}, "
                          f"window {iw}x{ih} at devicePixelRatio {dpr}")
        text_scale = float(state_of(browser.report()).get("scale", "0"))
        if abs(text_scale - scale) > 0.01:
            raise Failure(f"at devicePixelRatio {scale} the text scale is {text_scale}, expected {scale} "
                          "(the page follows the browser's zoom and the screen)")
    path = browser.screenshot(os.path.join(out_dir, "web-02-cross-domain-en-1024x768-2x-resized.png"))
    check_picture(path, 2048, 1536)


def golden(site, out_dir, lesson, *rest):
    transcript = "notranscript" not in rest
    expected = open(os.path.join(SOURCE, "tests", "golden", lesson + ".txt"), encoding="utf-8").read()
    browser = open_browser()
    browser.navigate(site.url(f"lesson={lesson}&report=run" + ("" if transcript else "&transcript=0")))
    wait_ready(browser)
    got = browser.wait_for("run", timeout=180)
    if got != expected:
        a, b = got.split("\n"), expected.split("\n")
        line = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        raise Failure(f"the page's run of {lesson} differs from tests/golden/{lesson}.txt at line {line + 1}:\n"
                      f"  expected: {b[line] if line < len(b) else '(end)'}\n"
                      f"  the page: {a[line] if line < len(a) else '(end)'}")
    print(f"{lesson}: the page's run is byte for byte tests/golden/{lesson}.txt ({len(got)} bytes)")


BROWSERS = []


def open_browser(**kwargs):
    """A fresh chromium; main() closes it, and prints its console when the check fails."""
    BROWSERS.append(Browser(**kwargs))
    return BROWSERS[-1]


def pcap(site, out_dir, lesson, postino):
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, lesson + ".pcap")
        subprocess.run([postino, "run", os.path.join(SOURCE, "scenarios", lesson + ".json"), "--quiet", "--pcap", path],
                       check=True)
        expected = open(path, "rb").read()
    browser = open_browser()
    browser.navigate(site.url(f"lesson={lesson}&report=pcap"))
    wait_ready(browser)
    got = bytes.fromhex(browser.wait_for("pcap", timeout=180))
    if got != expected:
        first = next((i for i, (x, y) in enumerate(zip(got, expected)) if x != y), min(len(got), len(expected)))
        raise Failure(f"the page's pcap of {lesson} ({len(got)} bytes) differs from postino run --pcap "
                      f"({len(expected)} bytes) from byte {first}")
    print(f"{lesson}: the page's pcap is byte for byte the command line's ({len(got)} bytes, TLS records included)")


CHECKS = {"screenshot": screenshot, "drive": drive, "language": language, "no-webgl": no_webgl,
          "scenario": scenario, "resize": resize, "golden": golden,
          "pcap": pcap}


def main():
    if len(sys.argv) < 4 or sys.argv[3] not in CHECKS:
        sys.exit(__doc__)
    web_dir, out_dir, check = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    site = None
    try:
        site = Site(web_dir)
        CHECKS[check](site, out_dir, *sys.argv[4:])
    except Failure as e:
        print(f"FAILED: {e}")
        for b in BROWSERS:
            print(f"The page's console ({getattr(b, 'url', 'no page')}):\n  " + "\n  ".join(b.console[-80:] or ["(empty)"]))
        return 1
    finally:
        for b in BROWSERS:
            b.close()
        if site:
            site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
