#!/usr/bin/python3
"""Debian's own DKIM and SPF implementations (python3-dkim, python3-spf) on Postino's test data,
so ctest can compare: Postino's signatures verified by dkimpy and the other way round, and
pyspf's SPF result on the same DNS zones.

DNS comes from a JSON file, never the network:
  {"name": {"TXT": [["string", "string"], ...], "A": ["192.0.2.1"], "AAAA": ["2001:db8::1"],
            "MX": [[10, "mx.example"]]}, ..., "!temp": ["name", ...]}

  auth_check.py dkim-verify MESSAGE ZONES          prints pass or fail
  auth_check.py dkim-sign MESSAGE KEY DOMAIN SELECTOR ALGORITHM [HEADERS] [CANON]
                                                   prints the DKIM-Signature field it made (HEADERS
                                                   "a:b:c", or "-" for dkimpy's own choice)
  auth_check.py spf ZONES IP MAILFROM HELO         prints pyspf's result (pass, fail, ...)
  auth_check.py spf-batch ZONES CASES              CASES: lines "IP MAILFROM HELO" (MAILFROM "-" for
                                                   the null sender); prints one result per line
"""
import json
import sys


def load_zones(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def zone_entry(zones, name):
    name = name.lower().rstrip('.')
    return zones.get(name)


def dkim_verify(message_path, zones_path):
    import dkim
    zones = load_zones(zones_path)

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode('ascii')
        entry = zone_entry(zones, name)
        if not entry or 'TXT' not in entry:
            return None
        return ''.join(entry['TXT'][0]).encode('ascii')

    with open(message_path, 'rb') as f:
        message = f.read()
    print('pass' if dkim.verify(message, dnsfunc=dnsfunc) else 'fail')


def dkim_sign(message_path, key_path, domain, selector, algorithm, headers=None, canon='relaxed/relaxed'):
    import dkim
    with open(message_path, 'rb') as f:
        message = f.read()
    with open(key_path, 'rb') as f:
        key = f.read().strip()
    include = [h.encode('ascii') for h in headers.split(':')] if headers and headers != '-' else None
    hc, bc = canon.split('/')
    sig = dkim.sign(message, selector.encode('ascii'), domain.encode('ascii'), key,
                    signature_algorithm=algorithm.encode('ascii'), include_headers=include,
                    canonicalize=(hc.encode('ascii'), bc.encode('ascii')))
    sys.stdout.buffer.write(sig)


def spf_check(zones_path, ip, mailfrom, helo):
    install_spf_dns(load_zones(zones_path))
    print(spf_result(ip, mailfrom, helo))


def spf_batch(zones_path, cases_path):
    install_spf_dns(load_zones(zones_path))
    with open(cases_path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                ip, mailfrom, helo = line.split()
                print(spf_result(ip, '' if mailfrom == '-' else mailfrom, helo))


def spf_result(ip, mailfrom, helo):
    import spf
    result, _code, _explanation = spf.query(i=ip, s=mailfrom, h=helo, strict=True).check()
    return result


def install_spf_dns(zones):
    import spf
    temp = set(n.lower() for n in zones.get('!temp', []))

    def lookup(name, qtype, strict=True, timeout=30):
        name = str(name).lower().rstrip('.')
        if name in temp:
            raise spf.TempError('DNS timeout for ' + name)
        entry = zones.get(name) or {}
        out = []
        for value in entry.get(qtype, []):
            if qtype == 'TXT':
                out.append(((name, qtype), [s.encode('ascii') for s in value]))
            elif qtype == 'MX':
                out.append(((name, qtype), (value[0], value[1])))
            else:
                out.append(((name, qtype), value))
        return out

    spf.DNSLookup = lookup


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == 'dkim-verify':
        dkim_verify(*args)
    elif cmd == 'dkim-sign':
        dkim_sign(*args)
    elif cmd == 'spf':
        spf_check(*args)
    elif cmd == 'spf-batch':
        spf_batch(*args)
    else:
        print('unknown command ' + cmd, file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
