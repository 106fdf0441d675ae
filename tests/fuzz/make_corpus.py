#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ (seed-*).

Sources: the protocol dialogues of the reviewed lesson transcripts (tests/golden/*.txt; the
client's lines seed the server side, the server's lines the client side), the messages they
carry, and hand-written inputs taken from the unit tests (smuggling variants, SASL, literals,
pipelining, chunked bodies, DNS packets). The first byte of a protocol seed picks the side and
configuration the target reads (see each fuzz_*.cpp). The scenario target is seeded from
scenarios/ and tests/corpus/ directly (see scripts/fuzz.sh). Regression inputs (regress-*) are
kept as they are. Run from anywhere: python3 tests/fuzz/make_corpus.py
"""
import hashlib
import pathlib
import re
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fuzz" / "corpus"
MAX_SEED = 4000  # bytes; the targets run with -max_len=4096

seeds = {}  # target -> {name: bytes}


def add(target, name, mode, data, limit=None):
    """Adds a seed; with `limit`, at most that many seeds whose names share `name`."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    blob = (bytes([mode]) if mode is not None else b"") + data
    if len(blob) > MAX_SEED:
        cut = blob.rfind(b"\n", 0, MAX_SEED)
        blob = blob[: cut + 1 if cut > 0 else MAX_SEED]
    digest = hashlib.sha1(blob).hexdigest()[:10]
    box = seeds.setdefault(target, {})
    if limit is not None and sum(1 for k in box if k.startswith(f"seed-{name}-")) >= limit:
        return
    if blob not in box.values():
        box[f"seed-{name}-{digest}"] = blob


def crlf(lines):
    return "".join(line + "\r\n" for line in lines)


# ---- the lesson transcripts -------------------------------------------------------------
CONN = re.compile(r"^== Connection \d+: (\w+)( submission| relay)?,")
LINE = re.compile(r"^\s+[0-9.]+ ([CS]): ?(.*)$")


def connections():
    for path in sorted((ROOT / "tests" / "golden").glob("*.txt")):
        current = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            m = CONN.match(raw)
            if m:
                if current:
                    yield current
                current = {"lesson": path.stem[:2], "proto": m.group(1), "kind": (m.group(2) or "").strip(),
                           "C": [], "S": []}
                continue
            if current is None:
                continue
            m = LINE.match(raw)
            if m:
                current[m.group(1)].append(m.group(2))
        if current:
            yield current


def http_messages(lines, is_response):
    """Rebuilds HTTP messages from transcript lines, with each Content-Length made true."""
    start = re.compile(r"^HTTP/1\.[01] \d{3}" if is_response else r"^[A-Z]+ \S+ HTTP/1\.[01]$")
    out, i = [], 0
    while i < len(lines):
        head = [lines[i]]
        i += 1
        while i < len(lines) and lines[i] != "":
            head.append(lines[i])
            i += 1
        i += 1  # the empty line
        body = []
        while i < len(lines) and not start.match(lines[i]):
            body.append(lines[i])
            i += 1
        body_text = "\r\n".join(body)
        fixed = []
        for h in head:
            if h.lower().startswith("content-length:"):
                h = f"Content-Length: {len(body_text.encode('utf-8'))}"
            fixed.append(h)
        out.append(crlf(fixed) + "\r\n" + body_text)
    return "".join(out)


def data_messages(lines):
    """The messages a client sent after DATA (dot-unstuffed)."""
    msgs, cur = [], None
    for line in lines:
        if cur is None:
            if line == "DATA":
                cur = []
        elif line == ".":
            msgs.append(crlf(cur))
            cur = None
        else:
            cur.append(line[1:] if line.startswith("..") else line)
    return msgs


# The lessons repeat the same dialogues with other messages: a few of each kind are enough.
PER_KIND = 3
for c in connections():
    name = c["proto"].lower() + ("-" + c["kind"] if c["kind"] else "")
    client, server = c["C"], c["S"]
    if c["proto"] == "SMTP":
        sub = c["kind"] == "submission"
        add("smtp", name + "-server", 2 if sub else 0, crlf(client), PER_KIND)
        add("smtp", name + "-client", 3 if sub else 1, crlf(server), PER_KIND)
        for msg in data_messages(client):
            add("mime", "message", None, msg, 6)
    elif c["proto"] == "POP3":
        add("pop3", name + "-server", 0, crlf(client), PER_KIND)
        add("pop3", name + "-client", 1, crlf(server), PER_KIND)
        add("pop3", name + "-client-keep", 3, crlf(server), PER_KIND)
    elif c["proto"] == "IMAP":
        add("imap", name + "-server", 0, crlf(client), 2 * PER_KIND)
        add("imap", name + "-client", 1, crlf(server), 2 * PER_KIND)
    elif c["proto"] == "HTTP":
        add("http", name + "-server", 0, http_messages(client, False), PER_KIND)
        add("http", name + "-client", 1, http_messages(server, True), PER_KIND)

# ---- SMTP, by hand (from tests/unit/smtp_*_test.cpp) -----------------------------------
add("smtp", "pipelined", 0, crlf(["EHLO client.example", "MAIL FROM:<a@example.net> SIZE=100 BODY=8BITMIME",
                                  "RCPT TO:<alice@example.org>", "RCPT TO:<Bob@Example.org>", "DATA",
                                  "Subject: x", "", "..dot", ".", "RSET", "VRFY alice", "HELP", "NOOP", "QUIT"]))
add("smtp", "submission-auth-login", 2, crlf(["EHLO c", "AUTH LOGIN", "YWxpY2VAZXhhbXBsZS5vcmc=", "c2VjcmV0",
                                             "MAIL FROM:<alice@example.org>", "RCPT TO:<x@example.net>", "DATA",
                                             "hi", ".", "QUIT"]))
add("smtp", "submission-auth-plain-ir", 2, crlf(["EHLO c", "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==",
                                                "MAIL FROM:<alice@example.org> SMTPUTF8", "RCPT TO:<bob@example.org>",
                                                "DATA", "x", "."]))
add("smtp", "auth-cancel", 2, crlf(["EHLO c", "AUTH PLAIN", "*", "AUTH LOGIN", "*"]))
add("smtp", "smuggling", 0, "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"
    "one\r\n\n.\n\r\nMAIL FROM:<evil@b>\r\n\r.\r\nx\r\n.\r\nQUIT\r\n")
add("smtp", "bare-lf", 0, "EHLO c\nMAIL FROM:<a@b>\n")
add("smtp", "long-line", 4, "HELO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n" + "x" * 1100 +
    "\r\n.\r\n" + "NOOP " + "y" * 600 + "\r\nQUIT\r\n")
add("smtp", "null-sender", 0, crlf(["HELO c", "MAIL FROM:<>", "RCPT TO:<postmaster>", "RCPT TO:<\"q t\"@example.org>",
                                   "DATA", ".", "QUIT"]))
add("smtp", "sender-login-mismatch", 2 | 8, crlf(["EHLO c", "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==",
                                                "MAIL FROM:<bob@example.org>", "RCPT TO:<x@example.net>", "RSET",
                                                "MAIL FROM:<team@example.org>", "RCPT TO:<x@example.net>", "DATA",
                                                "hi", ".", "MAIL FROM:<>", "RCPT TO:<x@example.net>", "QUIT"]))
add("smtp", "full-mailbox", 16, crlf(["EHLO c", "MAIL FROM:<a@example.net> SIZE=500", "RCPT TO:<bob@example.org>",
                                     "RCPT TO:<alice@example.org>", "DATA", "x" * 300, ".",
                                     "MAIL FROM:<a@example.net>", "RCPT TO:<bob@example.org>", "DATA", "y" * 300,
                                     ".", "QUIT"]))
add("smtp", "dsn", 0, crlf(["EHLO c", "MAIL FROM:<a@example.net> RET=HDRS ENVID=QQ+2B1+3Dx SIZE=20",
                            "RCPT TO:<alice@example.org> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;alice+40example.org",
                            "RCPT TO:<bob@example.org> NOTIFY=NEVER,SUCCESS", "RCPT TO:<bob@example.org> ORCPT=x;a+0Ab",
                            "RCPT TO:<postmaster> NOTIFY=NEVER ORCPT=rfc822;", "DATA", "x", ".",
                            "MAIL FROM:<> RET=FULL RET=FULL", "MAIL FROM:<> ENVID=a+2", "QUIT"]))
add("smtp", "client-dsn", 1 | 8, crlf(["220 mx ESMTP", "250-mx", "250-SIZE 1000", "250 DSN", "250 2.1.0 Ok",
                                      "501 5.5.4 Error: Bad NOTIFY parameter syntax", "250 2.1.5 Ok", "354 go",
                                      "250 2.0.0 queued", "221 2.0.0 Bye"]))
add("smtp", "client-ehlo-refused", 1, crlf(["220 mx ESMTP", "502 no EHLO", "250 mx", "250 2.1.0 Ok",
                                           "550 5.1.1 no such user", "250 2.1.5 Ok", "354 go", "250 2.0.0 queued",
                                           "221 2.0.0 Bye"]))
add("smtp", "client-auth-challenge", 3, crlf(["220 mx ESMTP", "250-mx", "250-SIZE 100", "250 AUTH PLAIN", "334 ",
                                             "535 5.7.8 no"]))
add("smtp", "client-421", 1, crlf(["220 mx ESMTP", "250 mx", "421 4.3.2 shutting down"]))
add("smtp", "client-multiline-bad", 1, "220-mx\r\n220 ESMTP\r\n250-mx\r\n251 x\r\n")

# ---- POP3, by hand (from tests/unit/pop3_*_test.cpp) -----------------------------------
add("pop3", "transaction", 0, crlf(["CAPA", "USER alice", "PASS secret", "STAT", "LIST", "LIST 2", "UIDL", "UIDL 3",
                                   "TOP 2 1", "RETR 2", "DELE 1", "DELE 1", "RSET", "DELE 3", "NOOP", "QUIT"]))
add("pop3", "auth-plain", 2, crlf(["AUTH PLAIN", "AGFsaWNlAHNlY3JldA==", "RETR 1", "QUIT"]))
add("pop3", "auth-plain-ir", 0, crlf(["AUTH PLAIN AGFsaWNlAHNlY3JldA==", "LIST", "AUTH", "*"]))
add("pop3", "bad-commands", 0, "USER\r\nPASS x\r\nFOO\nBAR\r\nRETR 1\r\n")
add("pop3", "client-session", 1, crlf(["+OK ready", "+OK", "UIDL", "USER", "SASL PLAIN", ".", "+OK", "+OK logged in",
                                      "+OK 2 120", "+OK", "1 00000001", "2 00000002", ".", "+OK 60 octets",
                                      "Subject: x", "", "..dot", ".", "+OK", "+OK 60", "Subject: y", "", "z", ".",
                                      "+OK", "+OK bye"]))
add("pop3", "client-in-use", 5, crlf(["+OK ready", "-ERR no capa", "+OK", "-ERR [IN-USE] locked"]))
add("pop3", "client-no-uidl", 1, crlf(["+OK ready", "+OK", ".", "+OK", "+OK", "+OK 1 5", "-ERR no UIDL", "+OK 5",
                                      "hello", ".", "+OK", "+OK"]))

# ---- IMAP, by hand (from tests/unit/imap_*_test.cpp) -----------------------------------
add("imap", "tour", 0, crlf([
    "a CAPABILITY", "b LOGIN alice@example.org secret", 'c LIST "" "*"', 'c2 LSUB "" "%"', "d SELECT INBOX",
    "e FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)", "f FETCH 2 (BODY.PEEK[1] BODY[2.MIME] "
    "BODY[HEADER.FIELDS (Subject From)] BODY[TEXT]<0.10>)", "g UID STORE 1:2 +FLAGS.SILENT (\\Seen $Work)",
    "h SEARCH OR SEEN NOT FLAGGED SUBJECT \"one\"", "i UID SEARCH 1:* UNDELETED", "j COPY 1 Trash", "k UID MOVE 3 Archive",
    "l STORE 1 +FLAGS (\\Deleted)", "m EXPUNGE", 'n STATUS "Archive" (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)',
    "o CREATE Work/2026", "p RENAME Work Jobs", "q DELETE Jobs/2026", "r SUBSCRIBE Jobs", "s NAMESPACE",
    't ID ("name" "x")', "u EXAMINE Shared/team@example.org/INBOX", "v UNSELECT", "w LOGOUT"]))
add("imap", "append-literals", 4, "a APPEND Drafts (\\Draft) \"02-Mar-2026 09:00:00 +0000\" {23}\r\n"
    "Subject: d\r\n\r\nbody\r\n\r\nb APPEND INBOX {5+}\r\nhello\r\nc LOGIN {5}\r\nalice {6}\r\nsecret\r\n"
    "d SELECT {5}\r\nINBOX\r\ne CHECK\r\nf CLOSE\r\n")
add("imap", "over-quota", 4 | 8, "a APPEND INBOX {400}\r\n" + "x" * 400 + "\r\nb COPY 1:* Archive\r\n"
    "c UID MOVE 2 Archive\r\nd APPEND INBOX {300+}\r\n" + "y" * 300 + "\r\ne GETQUOTAROOT INBOX\r\n")
add("imap", "idle", 4, "a IDLE\r\nDONE\r\nb IDLE\r\nnope\r\nDONE\r\nc NOOP\r\n")
add("imap", "authenticate", 0, "a AUTHENTICATE PLAIN\r\nAGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n"
    "b AUTHENTICATE LOGIN\r\n*\r\nc AUTHENTICATE PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\nd SELECT INBOX\r\n")
add("imap", "bad-and-limits", 0, "+ x\r\na\r\nb FOO\r\nc FETCH\r\n* NOOP\r\nd APPEND INBOX {99999999}\r\n"
    "e SEARCH ((((((ALL))))))\r\n")
add("imap", "two-sessions-expunge", 6, "a NOOP\r\n~b STORE 1 +FLAGS (\\Deleted)\r\n~c EXPUNGE\r\nd FETCH 1:* FLAGS\r\n"
    "e IDLE\r\n~f APPEND INBOX {5+}\r\n~hello\r\nDONE\r\ng NOOP\r\n")
add("imap", "two-sessions-rename", 6, "~a RENAME Archive Old\r\nb SELECT Archive\r\n~c DELETE Old\r\nd NOOP\r\n"
    "~e CREATE Archive\r\nf STATUS Archive (MESSAGES)\r\n")
greeting = "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN SASL-IR] Dovecot ready.\r\n"
add("imap", "client-sync", 1, greeting + crlf([
    "A001 OK [CAPABILITY IMAP4rev1 UIDPLUS MOVE SPECIAL-USE] Logged in",
    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* 4 EXISTS", "* 0 RECENT",
    "* OK [UIDVALIDITY 42] UIDs valid", "* OK [UIDNEXT 5] Predicted next UID", "A002 OK [READ-WRITE] Select completed.",
    "* 1 FETCH (UID 1 FLAGS (\\Seen))", "* 2 FETCH (UID 2 FLAGS ())", "* 3 FETCH (UID 3 FLAGS ())",
    "* 4 FETCH (UID 4 FLAGS ())", "A003 OK Fetch completed."]) +
    "* 1 FETCH (UID 1 RFC822.SIZE 9 FLAGS (\\Seen) BODY[] {9}\r\nSubject:\r\n)\r\nA004 OK done\r\n" +
    crlf(["A005 OK Store completed.", "* OK [COPYUID 42 3 7] Moved", "* 3 EXPUNGE", "A006 OK Move completed.",
          '* LIST (\\HasNoChildren \\Trash) "/" Trash', "A007 OK List completed.",
          "* OK [COPYUID 42 4 1] Moved", "* 3 EXPUNGE", "A008 OK done", "+ OK", "A009 OK [APPENDUID 9 1] Append completed.",
          '* LIST (\\HasNoChildren) "/" INBOX', '* LIST (\\HasChildren \\Noselect) "/" "a b"', "A010 OK List completed.",
          "* BYE Logging out", "A011 OK Logout completed."]))
add("imap", "client-trycreate", 1, greeting + crlf([
    "A001 OK Logged in", "* CAPABILITY IMAP4rev1", "A002 OK done", "* 1 EXISTS", "* OK [UIDVALIDITY 7] x",
    "A003 OK [READ-WRITE] done", "* 1 FETCH (UID 3 FLAGS (\\Flagged))", "A004 OK done",
    "A005 NO [TRYCREATE] Mailbox doesn't exist", "A006 OK created", "A007 OK [COPYUID 7 3 1] copied",
    "A008 OK stored", "A009 BAD no", "* BYE shutting down"]))
add("imap", "client-auth-plain", 5, "* OK ready\r\n+ \r\nA001 OK [CAPABILITY IMAP4rev1] Logged in\r\n"
    "* PREAUTH\r\n* OK [ALERT] system going down\r\nA002 NO [UNAVAILABLE] x\r\n")

# ---- HTTP, by hand (from tests/unit/http_*_test.cpp) -----------------------------------
add("http", "pipelined", 0, "GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /login HTTP/1.1\r\nHost: a\r\n"
    "Content-Length: 5\r\n\r\nabcdeHEAD /x HTTP/1.0\r\n\r\nPUT /chunk HTTP/1.1\r\nHost: b\r\n"
    "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: y\r\n\r\n"
    "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\nGET /close HTTP/1.1\r\nHost: a\r\n\r\n")
add("http", "keep-alive-10", 0, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n\nGET /missing HTTP/1.0\n\n")
add("http", "smuggling", 0, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
    "0\r\n\r\nGET /x HTTP/1.1\r\n\r\n")
add("http", "bad-framing", 0, "GET http://a/b HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET / HTTP/2.0\r\n\r\n")
add("http", "client-chunked", 1, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n")
add("http", "client-continue", 1, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
    "Set-Cookie: sid=1; HttpOnly\r\n\r\nabc")
add("http", "client-head", 3, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n")
add("http", "client-post-redirect", 5, "HTTP/1.1 303 See Other\r\nLocation: /inbox\r\nContent-Length: 0\r\n\r\n")
add("http", "client-until-close", 7, "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>read until close</p>")
add("http", "client-204", 1, "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n")

# ---- DNS packets ------------------------------------------------------------------------


def dns_name(name):
    out = b""
    for label in name.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def dns_query(qid, name, qtype, flags=0x0100):
    return struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 0) + dns_name(name) + struct.pack(">HH", qtype, 1)


def rr(name_bytes, rtype, ttl, rdata):
    return name_bytes + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


mx_reply = (struct.pack(">HHHHHH", 0x1E2A, 0x8580, 1, 1, 0, 1) + dns_name("recipient.example") +
            struct.pack(">HH", 15, 1) + rr(b"\xc0\x0c", 15, 3600, struct.pack(">H", 10) + b"\x04mail\xc0\x0c") +
            rr(b"\x04mail\xc0\x0c", 1, 3600, bytes([203, 0, 113, 25])))
nx_reply = (struct.pack(">HHHHHH", 7, 0x8583, 1, 0, 1, 0) + dns_name("nope.recipient.example") +
            struct.pack(">HH", 1, 1) +
            rr(b"\xc0\x11", 6, 300, b"\x02ns\xc0\x11\x0ahostmaster\xc0\x11" + struct.pack(">IIIII", 1, 3600, 600,
                                                                                          86400, 300)))
cname_reply = (struct.pack(">HHHHHH", 9, 0x8180, 1, 2, 0, 0) + dns_name("www.example") + struct.pack(">HH", 1, 1) +
               rr(b"\xc0\x0c", 5, 60, b"\x03web\xc0\x10") + rr(b"\x03web\xc0\x10", 1, 60, bytes([192, 0, 2, 1])) +
               rr(b"\xc0\x0c", 16, 60, b"\x05hello"))
add("dns", "codec-query", 0, dns_query(0x1E2A, "recipient.example", 15))
add("dns", "codec-mx-reply", 0, mx_reply)
add("dns", "codec-nxdomain", 0, nx_reply)
add("dns", "codec-cname-txt", 0, cname_reply)
add("dns", "codec-loop", 0, struct.pack(">HHHHHH", 1, 0x8180, 1, 0, 0, 0) + b"\xc0\x0c" + struct.pack(">HH", 1, 1))
add("dns", "server-mx", 1, dns_query(0x1E2A, "recipient.example", 15))
add("dns", "server-a", 1, dns_query(2, "MAIL.Recipient.Example", 1))
add("dns", "server-nx", 1, dns_query(3, "nope.recipient.example", 1))
add("dns", "server-nodata", 1, dns_query(4, "b.c.recipient.example", 28))
add("dns", "server-soa", 4, dns_query(5, "recipient.example", 6))
add("dns", "server-refused", 1, dns_query(6, "elsewhere.example", 1))
add("dns", "server-response", 1, mx_reply)
add("dns", "server-opcode", 1, dns_query(8, "recipient.example", 1, flags=0x2900))
# The resolver script: a seed for the RNG, then steps (see fuzzResolver): look up, answer from the zone.
add("dns", "resolver-lookups", 2, bytes(8) + bytes([0, 1, 0, 1, 2, 1, 0, 0, 1, 1, 0, 1, 1, 2, 1, 0, 3, 200, 0]))
add("dns", "resolver-raw-reply", 2, bytes(8) + bytes([0, 1, 0, 1, 1, 0, 0, 60]) + mx_reply)

# ---- MIME, by hand (from tests/unit/message_view_test.cpp, imap_message_structure_test.cpp) ----
add("mime", "multipart", None, (
    'From: =?UTF-8?Q?Al=C3=AFce?= <alice@example.org>\r\nTo: bob@example.org, "Carol, C" <c@example.org>\r\n'
    "Cc: undisclosed-recipients:;\r\nSubject: =?ISO-8859-7?B?4eLj?= test\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
    "Message-ID: <1@x>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n"
    "--b1\r\nContent-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "caf=E9 =\r\nsoft\r\n--b2\r\nContent-Type: text/html\r\n\r\n<p>Hi&amp;bye<br>x</p>\r\n--b2--\r\n--b1\r\n"
    "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\n"
    "Subject: inner\r\n\r\ninner body\r\n--b1--\r\nepilogue\r\n"))
add("mime", "html-only", None, "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><h1>T&eacute;st</h1>"
    "<p>a&#x20AC;b<br/>c</p><script>x</script><style>p{}</style>&lt;&gt;&quot;&#39;</body></html>\r\n")
add("mime", "rfc2231-continuations", None, "Content-Type: application/octet-stream; name*0=\"long\"; "
    "name*1*=%E2%82%AC.bin\r\nContent-Disposition: attachment; filename*0*=utf-8'en'a%20; filename*1=b.txt\r\n\r\nxx")
add("mime", "folded-headers", None, "Subject: a\r\n  folded\r\n\tline\r\nFrom: (comment) \"a\\\"b\" <a@b>\r\n\r\nbody")

# ---- scenario files: the lessons and tests/corpus/ seed it too (scripts/fuzz.sh) ----------
add("scenario", "empty-object", None, "{}")
add("scenario", "nesting", None, "[" * 70 + "]" * 70)
add("scenario", "escapes", None, '{"name": "\\ud83d\\ude00 \\u00e9", "seed": 18446744073709551616, "nodes": [], '
    '"links": [{"a": "", "b": "x"}], "actions": [{"at": 1e999}]}')

# ---- reply lines for the reply catalogue (fuzz_replies: first byte = protocol) ----------
EVENT = re.compile(r"^\s+[0-9.]+\s+\S+\s+(.*)$")
REPLY_MODE = {"SMTP": 0, "POP3": 1, "IMAP": 2, "DNS": 3, "HTTP": 4}
replies = set()
for c in connections():
    for line in c["S"]:
        if line and line[0] in "0123456789+-*AH":
            replies.add((c["proto"], line))
for path in sorted((ROOT / "tests" / "golden").glob("*.txt")):
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = EVENT.match(raw)
        text = m.group(1) if m and not LINE.match(raw) else ""
        if "answer for " in text or "answered from the resolver cache" in text:
            replies.add(("DNS", text))
        elif " said: " in text or ": 250 " in text:
            replies.add(("SMTP", text))
for proto, line in [("SMTP", "550-5.1.1 The account does not exist."), ("SMTP", "452 4.5.3 Error: too many recipients"),
                    ("POP3", "-ERR [SYS/TEMP] Too many connections"), ("POP3", "-ERR [LOGIN-DELAY] wait"),
                    ("IMAP", "a NO [AUTHENTICATIONFAILED] Authentication failed."), ("IMAP", "* PREAUTH ready"),
                    ("DNS", "Standard query response 0x1a2b No such name MX ghost.example"), ("DNS", "NXDOMAIN"),
                    ("DNS", "MX ghost.example answered from the resolver cache: No such name"),
                    ("HTTP", "HTTP/1.1 404 Not Found"), ("HTTP", "the page could not be shown: 413 Content Too Large on /send")]:
    replies.add((proto, line))
for proto, line in sorted(replies):
    add("replies", proto.lower(), REPLY_MODE[proto], line, 60)

# ---- auth: SPF records (mode 0), messages to sign and verify (1), DMARC records (2) ----------
for rec in ["v=spf1 ip4:192.0.2.0/24 -all", "v=spf1 include:i1.example -all\nv=spf1 a mx ~all",
            "v=spf1 redirect=i1.example\nv=spf1 exists:%{ir}.%{v}.f.example ?all",
            "v=spf1 include:i1.example\nv=spf1 include:i2.example\nv=spf1 include:i1.example",
            "v=spf1 ip4:300.1.1.1 -all", "v=spf1 mx/24//64 a:%{d2}/16 -all"]:
    add("auth", "spf", 0, rec)
add("auth", "dkim", 1, crlf(["From: Alice <alice@f.example>", "To: bob@r.example", "Subject: Hi", "",
                            "Hello  Bob, ", "", ""]))
add("auth", "dkim", 1, "From: a@f.example\nSubject: bare LF\n\nbody\n")
add("auth", "dkim", 1, crlf(["DKIM-Signature: v=1; a=ed25519-sha256; d=f.example; s=s; h=from; bh=AAAA; b=AAAA",
                            "From: a@f.example", "", "x"]))
for rec in ["v=DMARC1; p=reject", "v=DMARC1; p=none; sp=quarantine; adkim=s; aspf=s; pct=10",
            "v=DMARC1; p=maybe; rua=mailto:a@f.example", "v=DMARC1"]:
    add("auth", "dmarc", 2, rec)

# ---- write ------------------------------------------------------------------------------
for target, box in sorted(seeds.items()):
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):
        old.unlink()
    for name, blob in sorted(box.items()):
        (folder / name).write_bytes(blob)
    print(f"{target}: {len(box)} seeds")
