#!/usr/bin/env python3
"""Sender checks with a real client against `postino serve`: Bob's server checks senders
(check_senders) and bank.example publishes SPF "ip4:192.0.2.10 -all" and DMARC p=reject.
smtplib on the live port 25 (from 127.0.0.1) forging From: ceo@bank.example is refused at the
end of DATA with 550 5.7.1 once the simulated DNS answered; a mail from a domain without
policies is taken (250) and lands in INBOX with an Authentication-Results: field; a command
after the refused DATA is answered normally.
Usage: live_sender_checks_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import atexit
import json
import os
import smtplib
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402


def scenario(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data.pop("steps", None)
    for node in data["nodes"]:
        if node["id"] == "mail-recipient":
            node["check_senders"] = True
        if node["id"] == "dns":
            node["zones"].append({"origin": "bank.example", "records": [
                {"name": "@", "type": "TXT", "text": "v=spf1 ip4:192.0.2.10 -all"},
                {"name": "_dmarc", "type": "TXT", "text": "v=DMARC1; p=reject"}]})
    fd, out = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    atexit.register(os.unlink, out)
    return out


def main():
    server = LiveServer(sys.argv[1], scenario(sys.argv[2]), ["--node", "mail-recipient"])
    try:
        server.wait_for("INBOX now holds 1 message", 10)  # Alice's first mail (no policies: INBOX)
        smtp = smtplib.SMTP("127.0.0.1", server.port(25), timeout=30)
        smtp.ehlo("forger.example")
        forged = ("From: Your Bank <ceo@bank.example>\r\nTo: bob@recipient.example\r\n"
                  "Subject: Confirm your account\r\n\r\nClick here.\r\n")
        try:
            smtp.sendmail("ceo@bank.example", ["bob@recipient.example"], forged)
            server.fail("the forged mail was accepted")
        except smtplib.SMTPDataError as e:
            if e.smtp_code != 550 or b"5.7.1 rejected by DMARC policy for bank.example" not in e.smtp_error:
                server.fail(f"forged mail: {e.smtp_code} {e.smtp_error!r}")
        code, _ = smtp.noop()  # the session reads on after the late answer
        if code != 250:
            server.fail(f"NOOP after the refusal: {code}")
        honest = ("From: carol@sender.example\r\nTo: bob@recipient.example\r\n"
                  "Subject: hello\r\n\r\nHi Bob.\r\n")
        refused = smtp.sendmail("carol@sender.example", ["bob@recipient.example"], honest)
        if refused:
            server.fail(f"honest mail refused for {refused}")
        smtp.quit()
        server.wait_for("the checks let the mail from <carol@sender.example> into INBOX", 10)
        server.wait_for("INBOX now holds 2 messages", 10)
        if "SPF: 127.0.0.1 is not allowed to send for bank.example" not in server.text():
            server.fail("no SPF sentence for the forged mail in the log")
        print("ok: forged From refused with 550 5.7.1 live, honest mail delivered")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
