#!/usr/bin/env python3
"""Fills the untranslated entries of po/it.po, po/es.po and po/el.po from a JSON file
{"english msgid": {"it": "...", "es": "...", "el": "..."}} and prints what is still missing.
A plural entry (msgid_plural) takes a list of its forms: {"{} message": {"it": ["{} messaggio",
"{} messaggi"], ...}}. Run scripts/update_po.sh first so new sentences are in the catalogs, and
follow po/GLOSSARY.md.
    python3 scripts/fill_po.py translations.json"""
import re, sys, json
def unq(s): return json.loads(s)
def fill(path, T, lang):
    text = open(path, encoding='utf-8').read()
    blocks = text.split('\n\n')
    missing = []
    for i, b in enumerate(blocks):
        lines = b.split('\n')
        if any(l.startswith('#~') for l in lines): continue
        try: mi = next(k for k, l in enumerate(lines) if l.startswith('msgid '))
        except StopIteration: continue
        si = next((k for k, l in enumerate(lines) if l.startswith('msgstr')), None)
        if si is None: continue
        pi = next((k for k, l in enumerate(lines) if l.startswith('msgid_plural ')), si)
        msgid = ''.join(unq(l[6:] if l.startswith('msgid ') else l) for l in lines[mi:pi])
        msgstr = ''.join(unq(l.split(' ', 1)[1] if l.startswith('msgstr') else l) for l in lines[si:])
        if msgid == '' or msgstr != '': continue
        if msgid in T:
            t = T[msgid][lang]
            if pi != si:  # a plural entry: one msgstr[n] per form
                lines[si:] = [f'msgstr[{n}] ' + json.dumps(f, ensure_ascii=False) for n, f in enumerate(t)]
            else:
                lines[si:] = ['msgstr ' + json.dumps(t, ensure_ascii=False)]
            blocks[i] = '\n'.join(lines)
        else: missing.append(msgid)
    open(path, 'w', encoding='utf-8').write('\n\n'.join(blocks))
    return missing
if __name__ == '__main__':
    T = json.load(open(sys.argv[1], encoding='utf-8'))
    for lang in ('it', 'es', 'el'):
        print(lang, 'still missing:', fill(f'po/{lang}.po', T, lang))
