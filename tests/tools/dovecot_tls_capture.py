#!/usr/bin/python3
"""Captures Dovecot 2.3's replies to the TLS-related POP3 and IMAP exchanges, the reference
for tests/unit/pop3_imap_tls_test.cpp (tests/corpus/tls/dovecot-pop3.txt, dovecot-imap.txt).

Not run by ctest: it needs root, Debian's dovecot-core/-pop3d/-imapd and free ports 27xxx-29xxx.
    /usr/bin/python3 tests/tools/dovecot_tls_capture.py /tmp/dovecot-x pop3 > tests/corpus/tls/dovecot-pop3.txt
    /usr/bin/python3 tests/tools/dovecot_tls_capture.py /tmp/dovecot-x imap > tests/corpus/tls/dovecot-imap.txt
It writes three private configurations under the given folder (ssl=yes with a self-made
certificate and disable_plaintext_auth=yes; the same with =no; ssl=no), starts them on loopback,
talks to them from 127.0.x.y (Dovecot counts a connection from its own address as secure, and a
fresh source address escapes the penalty of earlier failed logins), and stops them. Output:
"### <protocol> <configuration> <port> <what>" then "C: " / "S: " lines ("[TLS] " inside TLS),
"== TLS handshake done", "== handshake failed …", "== closed"; C lines given together were sent
in one packet (pipelined)."""
import base64, os, socket, ssl, subprocess, sys, time

CONFIGS = ((27, "disable_plaintext_auth=yes", "yes", "yes"),
           (28, "disable_plaintext_auth=no", "yes", "no"),
           (29, "ssl=no", "no", "no"))

CONF = """base_dir = {d}/run
instance_name = dovecot-capture-{base}
state_dir = {d}/state
log_path = {d}/log
protocols = imap pop3
listen = 127.0.0.1
ssl = {ssl}
{certs}
disable_plaintext_auth = {dpa}
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 100
passdb {{
  driver = static
  args = password=secret
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={d}/mail/%u
}}
mail_location = maildir:{d}/mail/%u/Maildir
service imap-login {{
  inet_listener imap {{
    port = {base}143
  }}
  inet_listener imaps {{
    port = {base}993
    ssl = yes
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {base}110
  }}
  inet_listener pop3s {{
    port = {base}995
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
"""


def setup(root):
    os.makedirs(root, exist_ok=True)
    os.chmod(root, 0o755)
    if not os.path.exists(f"{root}/cert.pem"):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", f"{root}/key.pem", "-out", f"{root}/cert.pem", "-days", "30", "-subj",
                        "/CN=mail.test.example"], check=True, capture_output=True)
        os.chmod(f"{root}/key.pem", 0o644)
    confs = []
    for base, _, ssl_on, dpa in CONFIGS:
        d = f"{root}/{base}"
        os.makedirs(f"{d}/mail", exist_ok=True)
        os.chmod(d, 0o755)
        subprocess.run(["chown", "-R", "dovecot:dovecot", f"{d}/mail"], check=True)
        certs = f"ssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem" if ssl_on == "yes" else ""
        conf = CONF.format(d=d, base=base, ssl=ssl_on, certs=certs, dpa=dpa)
        if ssl_on == "no":  # no implicit-TLS listeners without a certificate
            conf = conf.replace("    ssl = yes\n", "")
        with open(f"{d}/dovecot.conf", "w") as f:
            f.write(conf)
        subprocess.run(["dovecot", "-c", f"{d}/dovecot.conf"], check=True)
        confs.append(f"{d}/dovecot.conf")
    time.sleep(1)
    return confs


def ctx():
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    return c


SRC = 0


class Conn:
    def __init__(self, port, implicit=False):
        global SRC
        SRC += 1
        s = socket.create_connection(("127.0.0.1", port), source_address=("127.0.%d.%d" % (SRC // 250 + 1, SRC % 250 + 2), 0))
        s.settimeout(1.0)
        if implicit:
            s = ctx().wrap_socket(s)
        self.s, self.tls, self.out = s, implicit, []

    def read(self, wait=6.0):
        data, closed, end = b"", False, time.time() + wait
        while time.time() < end:
            try:
                d = self.s.recv(65536)
                if not d:
                    closed = True
                    break
                data += d
                end = time.time() + 0.3
            except (socket.timeout, ssl.SSLWantReadError):
                continue
            except Exception as e:
                self.out.append("== error " + repr(e))
                break
        text = data.decode("latin-1")
        for line in (text[:-2].split("\r\n") if text.endswith("\r\n") else ([text] if text else [])):
            self.out.append("S: " + ("[TLS] " if self.tls else "") + line)
        if closed:
            self.out.append("== closed")

    def send(self, *lines):
        for l in lines:
            self.out.append("C: " + ("[TLS] " if self.tls else "") + l)
        try:
            self.s.sendall("".join(l + "\r\n" for l in lines).encode())
        except Exception as e:
            self.out.append("== send failed " + repr(e))
            return
        self.read()


def run(name, port, steps, implicit=False):
    try:
        c = Conn(port, implicit)
        c.read()
    except OSError as e:
        print(f"### {name}\n== {e!r}\n")
        return
    for s in steps:
        if s == "TLS":
            try:
                c.s = ctx().wrap_socket(c.s)
                c.tls = True
                c.out.append("== TLS handshake done")
            except Exception as e:
                c.out.append("== handshake failed " + repr(e))
                break
        elif isinstance(s, tuple):
            c.send(*s)
        else:
            c.send(s)
    print("### " + name)
    print("\n".join(c.out) + "\n")


def plain(u, p):
    return base64.b64encode(b"\0" + u.encode() + b"\0" + p.encode()).decode()


def pop3(base, label):
    p, ir = base * 1000 + 110, plain("alice", "secret")
    run(f"pop3 {label} 110 user-pass", p, ["CAPA", "USER alice", "PASS secret", "QUIT"])
    run(f"pop3 {label} 110 pass-first", p, ["PASS secret", "QUIT"])
    run(f"pop3 {label} 110 auth", p, ["AUTH", "AUTH PLAIN " + ir, "QUIT"])
    run(f"pop3 {label} 110 auth-plain-continued", p, ["AUTH PLAIN", ir, "QUIT"])
    run(f"pop3 {label} 110 stls-args", p, ["STLS now", "TLS", "CAPA", "QUIT"])
    run(f"pop3 {label} 110 stls", p, ["STLS", "TLS", "CAPA", "STLS", "USER alice", "PASS secret", "STLS", "CAPA", "QUIT"])
    run(f"pop3 {label} 110 pipelined after STLS", p, [("STLS", "CAPA"), "TLS", "NOOP", "QUIT"])
    run(f"pop3 {label} 995", base * 1000 + 995, ["CAPA", "STLS", "AUTH PLAIN " + ir, "QUIT"], True)


def imap(base, label):
    p, ir = base * 1000 + 143, plain("alice", "secret")
    run(f"imap {label} 143 login", p, ["a CAPABILITY", "b LOGIN alice secret", "c LOGOUT"])
    run(f"imap {label} 143 authenticate", p,
        ["a AUTHENTICATE PLAIN " + ir, "b AUTHENTICATE PLAIN", "c AUTHENTICATE LOGIN", "d LOGOUT"])
    run(f"imap {label} 143 starttls-args", p, ["a STARTTLS now", "TLS", "c CAPABILITY", "d LOGOUT"])
    run(f"imap {label} 143 starttls", p, ["b STARTTLS", "TLS", "c CAPABILITY", "d STARTTLS", "e LOGIN alice secret",
                                          "f STARTTLS", "g CAPABILITY", "h LOGOUT"])
    run(f"imap {label} 143 pipelined after STARTTLS", p, [("a STARTTLS", "b CAPABILITY"), "TLS", "c NOOP", "d LOGOUT"])
    run(f"imap {label} 993", base * 1000 + 993,
        ["a CAPABILITY", "b STARTTLS", "c LOGIN alice secret", "d CAPABILITY", "e LOGOUT"], True)


def main():
    root, which = sys.argv[1], sys.argv[2:] or ["pop3", "imap"]
    confs = setup(root)
    try:
        for base, label, _, _ in CONFIGS:
            if "pop3" in which:
                pop3(base, label)
            if "imap" in which:
                imap(base, label)
    finally:
        for c in confs:
            subprocess.run(["dovecot", "-c", c, "stop"], capture_output=True)


if __name__ == "__main__":
    main()
