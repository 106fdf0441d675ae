#!/usr/bin/env python3
"""Real clients against `postino serve`: Python's smtplib (AUTH PLAIN, an
attachment, DSN parameters, relay refused without AUTH) and curl's smtp:// (when installed).
The mail they send must flow on through the simulated world to Bob's mailbox.
Usage: live_smtp_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
from email.message import EmailMessage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402


def main():
    server = LiveServer(sys.argv[1], sys.argv[2])
    base = server.base
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
                server.fail("submission does not offer AUTH")
            try:
                s.send_message(msg)
                server.fail("submission accepted mail without AUTH")
            except smtplib.SMTPSenderRefused as e:
                if e.smtp_code != 530:
                    server.fail(f"expected 530 without AUTH, got {e.smtp_code}")
            try:
                s.login("alice@sender.example", "wrong")
                server.fail("a wrong password was accepted")
            except smtplib.SMTPAuthenticationError as e:
                if e.smtp_code != 535:
                    server.fail(f"expected 535 for a wrong password, got {e.smtp_code}")
            s.login("alice@sender.example", "wonderland")
            # RFC 3461 DSN: offered, a bad NOTIFY refused as Postfix refuses it, good ones taken.
            if "dsn" not in s.esmtp_features:
                server.fail("EHLO does not offer DSN")
            try:
                s.send_message(msg, rcpt_options=["NOTIFY=NEVER,SUCCESS"])
                server.fail("NOTIFY=NEVER,SUCCESS was accepted")
            except smtplib.SMTPRecipientsRefused as e:
                code, text = e.recipients["bob@recipient.example"]
                if code != 501 or text != b"5.5.4 Error: Bad NOTIFY parameter syntax":
                    server.fail(f"expected 501 5.5.4 Error: Bad NOTIFY parameter syntax, got {code} {text}")
            refused = s.send_message(msg, mail_options=["RET=HDRS", "ENVID=live+2B1"],
                                     rcpt_options=["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;bob@recipient.example"])
            if refused:
                server.fail(f"recipients refused: {refused}")

        with smtplib.SMTP("127.0.0.1", base + 25, timeout=10) as s:
            try:
                s.sendmail("spammer@elsewhere.example", ["victim@other.example"], "Subject: x\r\n\r\nx\r\n")
                server.fail("port 25 relayed for a stranger (open relay)")
            except smtplib.SMTPRecipientsRefused as e:
                code, text = e.recipients["victim@other.example"]
                if code != 554 or b"Relay access denied" not in text:
                    server.fail(f"expected 554 Relay access denied, got {code} {text}")

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
                server.fail(f"curl smtp:// failed: {r.stderr}")
            expected_deliveries = 3

        # The simulated relay to Bob's provider takes about a second of simulated (= wall) time.
        server.wait_for(f"INBOX now holds {expected_deliveries} messages", 15)
        text = server.text()
        if "live 127.0.0.1" not in text or "C: AUTH PLAIN" not in text:
            server.fail("live sessions were not printed")
        print(f"ok: smtplib{' and curl' if curl else ''} delivered through the simulated world")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
