#!/usr/bin/env python3
"""Works postino-viz from a --drive script under Xvfb, as a person with mouse and keyboard would,
then checks what came of it.
Usage: drive_check.py POSTINO_VIZ POSTINO SCRIPT WIDTHxHEIGHT LANG [--lesson FILE]
                      [--viz-arg ARG]... [--run-has TEXT]... [--fails-with TEXT] [--file-is-transcript NAME]
{dir} in the script is a fresh folder. --run-has: the lesson the script saved as {dir}/built.json
runs (postino run --transcript) and its transcript holds TEXT. --fails-with: the run must fail and
its message hold TEXT (a check that the driver does fail). --file-is-transcript: the script wrote
{dir}/NAME and it is byte for byte what postino run --transcript prints for the --lesson."""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    viz, postino, script, size, lang = sys.argv[1:6]
    rest = sys.argv[6:]
    lesson, run_has, fails_with, viz_args, transcript_file = None, [], None, [], None
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--lesson": lesson = value
        elif flag == "--run-has": run_has.append(value)
        elif flag == "--fails-with": fails_with = value
        elif flag == "--viz-arg": viz_args.append(value)
        elif flag == "--file-is-transcript": transcript_file = value
        else: sys.exit(f"drive_check.py: unknown option {flag}")
    work = tempfile.mkdtemp(prefix="postino-drive-")
    try:
        text = open(script, encoding="utf-8").read().replace("{dir}", work)
        driven = os.path.join(work, "script.txt")
        open(driven, "w", encoding="utf-8").write(text)
        env = dict(os.environ, XDG_CONFIG_HOME=work)
        command = [viz] + ([lesson] if lesson else ["--new-lesson"]) + [
            "--size", size, "--lang", lang, "--drive", driven, "--screenshot", os.path.join(work, "end.png")] + viz_args
        if shutil.which("xvfb-run") and not os.environ.get("DISPLAY"):
            command = ["xvfb-run", "-a"] + command
        r = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
        print(r.stdout + r.stderr)
        if fails_with is not None:
            if r.returncode == 0: sys.exit("expected the script to fail, it ran to its end")
            if fails_with not in r.stderr: sys.exit(f"expected the failure to say '{fails_with}'")
            return
        if r.returncode != 0: sys.exit(f"postino-viz exited {r.returncode}")
        if run_has:
            built = os.path.join(work, "built.json")
            run = subprocess.run([postino, "run", built, "--transcript"], capture_output=True, text=True, timeout=120)
            if run.returncode != 0: sys.exit(f"postino run {built} failed:\n{run.stdout}{run.stderr}")
            for t in run_has:
                if t not in run.stdout: sys.exit(f"the saved lesson's transcript lacks '{t}':\n{run.stdout}")
            print(f"the saved lesson runs and its transcript has: {run_has}")
        if transcript_file:
            written = os.path.join(work, transcript_file)
            if not os.path.isfile(written): sys.exit(f"the script wrote no {transcript_file}")
            run = subprocess.run([postino, "run", lesson, "--transcript"], capture_output=True, timeout=120)
            if run.returncode != 0: sys.exit(f"postino run {lesson} failed:\n{run.stderr.decode()}")
            got = open(written, "rb").read()
            if got != run.stdout:
                sys.exit(f"{transcript_file} ({len(got)} bytes) is not what postino run --transcript prints "
                         f"({len(run.stdout)} bytes)")
            print(f"{transcript_file}: {len(got)} bytes, the same as postino run --transcript prints")
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
