#!/usr/bin/env python3
"""Real clients against `postino serve`: Python's smtplib (AUTH PLAIN, an
attachment, relay refused without AUTH) and curl's smtp:// (when installed).
The mail they send must flow on through the simulated world to Bob's mailbox.
Usage: live_smtp_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import os
import random
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage


def start_server(binary, scenario):
    """Starts postino serve on a free port base; returns (process, base, output file)."""
    for _ in range(10):
        base = random.randrange(20000, 60000 - 600, 1000)
        out = tempfile.NamedTemporaryFile(mode="w+", suffix=".log", delete=False)
        proc = subprocess.Popen([binary, "serve", scenario, "--port-base", str(base), "--for", "25"],
                                stdout=out, stderr=subprocess.STDOUT)
        for _ in range(100):
            time.sleep(0.05)
            text = open(out.name).read()
            if "Ctrl+C" in text:
                return proc, base, out.name
            if proc.poll() is not None:
                break
        proc.kill()
        proc.wait()
    sys.exit("could not start postino serve on any port base")


def fail(message, log):
    print("FAIL:", message)
    print(open(log).read())
    sys.exit(1)


def main():
    binary, scenario = sys.argv[1], sys.argv[2]
    proc, base, log = start_server(binary, scenario)
    try:
        msg = EmailMessage()
        msg["From"] = "alice@sender.example"
        msg["To"] = "bob@recipient.example"
        msg["Subject"] = "Sent by a real client"
        msg.set_content("Hello Bob, this came from Python's smtplib.")
        msg.add_attachment(bytes(range(256)) * 40, maintype="application", subtype="octet-stream",
                           filename="data.bin")
        with smtplib.SMTP("127.0.0.1", base + 587, timeout=10) as s:
            s.ehlo("pyclient")
            if "auth" not in s.esmtp_features:
                fail("submission does not offer AUTH", log)
            try:
                s.send_message(msg)
                fail("submission accepted mail without AUTH", log)
            except smtplib.SMTPSenderRefused as e:
                if e.smtp_code != 530:
                    fail(f"expected 530 without AUTH, got {e.smtp_code}", log)
            try:
                s.login("alice@sender.example", "wrong")
                fail("a wrong password was accepted", log)
            except smtplib.SMTPAuthenticationError as e:
                if e.smtp_code != 535:
                    fail(f"expected 535 for a wrong password, got {e.smtp_code}", log)
            s.login("alice@sender.example", "wonderland")
            refused = s.send_message(msg)
            if refused:
                fail(f"recipients refused: {refused}", log)

        with smtplib.SMTP("127.0.0.1", base + 25, timeout=10) as s:
            try:
                s.sendmail("spammer@elsewhere.example", ["victim@other.example"], "Subject: x\r\n\r\nx\r\n")
                fail("port 25 relayed for a stranger (open relay)", log)
            except smtplib.SMTPRecipientsRefused as e:
                code, text = e.recipients["victim@other.example"]
                if code != 554 or b"Relay access denied" not in text:
                    fail(f"expected 554 Relay access denied, got {code} {text}", log)

        expected_deliveries = 2
        curl = shutil.which("curl")
        if curl:
            body = tempfile.NamedTemporaryFile(mode="w", suffix=".eml", delete=False)
            body.write("From: alice@sender.example\r\nTo: bob@recipient.example\r\nSubject: via curl\r\n\r\n"
                       ".a line starting with a dot\r\nbye\r\n")
            body.close()
            r = subprocess.run([curl, "-sS", f"smtp://127.0.0.1:{base + 587}", "--user",
                                "alice@sender.example:wonderland", "--mail-from", "alice@sender.example",
                                "--mail-rcpt", "bob@recipient.example", "--upload-file", body.name],
                               capture_output=True, text=True, timeout=20)
            os.unlink(body.name)
            if r.returncode != 0:
                fail(f"curl smtp:// failed: {r.stderr}", log)
            expected_deliveries = 3

        # The simulated relay to Bob's provider takes about a second of simulated (= wall) time.
        want = f"INBOX now holds {expected_deliveries} messages"
        deadline = time.time() + 15
        while time.time() < deadline and want not in open(log).read():
            time.sleep(0.2)
        text = open(log).read()
        if want not in text:
            fail(f"the live mails did not reach Bob's mailbox ({want!r} missing)", log)
        if "live 127.0.0.1" not in text or "C: AUTH PLAIN" not in text:
            fail("live sessions were not printed", log)
        print(f"ok: smtplib{' and curl' if curl else ''} delivered through the simulated world")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        os.unlink(log)


if __name__ == "__main__":
    main()
