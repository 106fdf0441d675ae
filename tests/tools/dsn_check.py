#!/usr/bin/env python3
"""Reads delivery status notifications with Python's email package and checks them.

    dsn_check.py FILE...             a summary of each report; exit 1 on any defect or missing part
    dsn_check.py --skeleton FILE...  only the field names, part by part, for comparing two reports

Checked for each file, parsed with both the compat32 and the default policy: no defect on the
message, on any part or (default policy) on any header; multipart/report with
report-type=delivery-status; exactly three parts: text/plain, message/delivery-status (a block of
per-message fields with Reporting-MTA, then one block per recipient with Final-Recipient, Action
and Status), message/rfc822 or text/rfc822-headers. Used by tests/unit/dsn_test.cpp.
"""
import email
import sys
from email import policy

problems = []


def problem(name, text):
    problems.append(f"{name}: {text}")


def header_names(msg, top=False):
    names = []
    for key in msg.keys():
        if top and key.lower() == 'received':
            continue  # added by the server's cleanup, not by the report writer
        names.append(key.replace('X-Postfix-', 'X-Postino-'))
    return names


def check(name, data, skeleton):
    for pol in (policy.compat32, policy.default):
        msg = email.message_from_bytes(data, policy=pol)
        if msg.defects:
            problem(name, f"message defects {msg.defects}")
        for part in msg.walk():
            if part.defects:
                problem(name, f"{part.get_content_type()} defects {part.defects}")
            if pol is policy.default:
                for key, value in part.items():
                    if getattr(value, 'defects', None):
                        problem(name, f"header {key} defects {value.defects}")
    msg = email.message_from_bytes(data)
    out = []
    if msg.get_content_type() != 'multipart/report' or msg.get_param('report-type') != 'delivery-status':
        problem(name, f"type {msg.get_content_type()} report-type={msg.get_param('report-type')}")
    parts = msg.get_payload()
    if not isinstance(parts, list) or len(parts) != 3:
        problem(name, f"{len(parts) if isinstance(parts, list) else 'no'} parts, not 3")
        return out
    human, status, returned = parts
    out.append('top: ' + ' '.join(header_names(msg, top=True)))
    out.append(f"part 1 {human.get_content_type()} [{human['Content-Description']}]: " + ' '.join(header_names(human)))
    out.append(f"part 2 {status.get_content_type()} [{status['Content-Description']}]: " + ' '.join(header_names(status)))
    out.append(f"part 3 {returned.get_content_type()} [{returned['Content-Description']}]: " + ' '.join(header_names(returned)))
    if human.get_content_type() != 'text/plain':
        problem(name, f"part 1 is {human.get_content_type()}")
    if status.get_content_type() != 'message/delivery-status':
        problem(name, f"part 2 is {status.get_content_type()}")
    blocks = status.get_payload()
    if not isinstance(blocks, list) or len(blocks) < 2:
        problem(name, "the delivery-status part has no per-recipient block")
        blocks = []
    for i, block in enumerate(blocks):
        out.append(('per-message: ' if i == 0 else 'recipient: ') + ' '.join(header_names(block)))
    if blocks and 'Reporting-MTA' not in blocks[0]:
        problem(name, "no Reporting-MTA")
    for block in blocks[1:]:
        for field in ('Final-Recipient', 'Action', 'Status'):
            if field not in block:
                problem(name, f"a recipient block without {field}")
    if returned.get_content_type() == 'message/rfc822':
        inner = returned.get_payload()
        if not isinstance(inner, list) or len(inner) != 1:
            problem(name, "message/rfc822 without a message")
        else:
            out.append('returned: ' + ' '.join(header_names(inner[0])))
    elif returned.get_content_type() != 'text/rfc822-headers':
        problem(name, f"part 3 is {returned.get_content_type()}")
    if skeleton:
        return out
    out.append(f"subject {msg['Subject']}")
    out.append(f"from {msg['From']}")
    out.append(f"to {msg['To']}")
    text = human.get_payload(decode=True).decode(human.get_content_charset() or 'ascii')
    out.append('text first line ' + text.splitlines()[0])
    for line in text.splitlines():
        if line.strip() in ('The mail system', 'Il sistema di posta', 'El sistema de correo',
                            'Το σύστημα αλληλογραφίας'):
            out.append('signed ' + line.strip())
    for i, block in enumerate(blocks):
        for key, value in block.items():
            out.append(f"{'message' if i == 0 else 'recipient ' + str(i)} {key}: {' '.join(value.split())}")
    if returned.get_content_type() == 'message/rfc822':
        inner = returned.get_payload()[0]
        body = inner.get_payload(decode=True) or b''
        out.append(f"returned subject {inner['Subject']}")
        out.append(f"returned body {body.decode('utf-8', 'replace').strip()[:60]}")
    else:
        out.append(f"returned headers {len(returned.get_payload().splitlines())} lines")
    return out


def main():
    args = sys.argv[1:]
    skeleton = bool(args) and args[0] == '--skeleton'
    if skeleton:
        args = args[1:]
    if not args:
        print(__doc__)
        return 2
    for path in args:
        with open(path, 'rb') as f:
            data = f.read()
        for line in check(path, data, skeleton):
            print(line)
    for p in problems:
        print('PROBLEM', p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
