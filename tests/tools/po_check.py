#!/usr/bin/env python3
"""Checks that every translation in a gettext catalog is a fmt format string the viewer can fill
with the arguments its English source gets, because gettext 0.21 cannot: msgfmt's
python-brace-format check only compares numbered {0} fields and lets "x {} {} y" pass for "x {} y".

    po_check.py CATALOG.po...   prints each problem as FILE:LINE: what; exit 1 on any

For each translated entry (every plural form of a msgid_plural entry, against its msgid_plural):
- both texts are valid fmt replacement-field syntax: {} / {N} / {:spec} / {N:spec}, {{ and }} for
  literal braces, no lone brace, no named field, no nested braces inside a spec;
- automatic fields ({}, {:spec}): the translation has the same fields in the same order;
- numbered fields (a translation may reorder with {0} ... {n-1}): each source field used at
  least once, each with the source field's spec, no number beyond the source's, and never mixed
  with automatic fields (fmt refuses the mix);
- a source without fields gets a translation without fields;
- the glossary's first rule (po/GLOSSARY.md), for the catalog's Language: a sentence about
  submission or relay never uses the language's delivery verb, and the incoming queue is never
  called by the inbox's name.
Fuzzy and obsolete (#~) entries are skipped: the viewer never shows them. Run by ctest over po/*.po,
and over a deliberately broken copy, which must fail (tests/tools/po_check_broken.po).
"""
import json
import re
import sys

FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def fields(text):
    """The replacement fields of `text` as a list of (number or None, spec), or an error string."""
    out = []
    for m in FIELD.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None:
            return f"a lone '{token}' (write {token}{token} for a literal brace)"
        arg, _, spec = m.group(1).partition(":")
        if arg == "":
            out.append((None, spec))
        elif arg.isdigit():
            out.append((int(arg), spec))
        else:
            return f"the field {{{m.group(1)}}} is named; only {{}} or numbered {{0}} fields are filled"
    if any(n is None for n, _ in out) and any(n is not None for n, _ in out):
        return "automatic {} and numbered {0} fields mixed (fmt refuses that)"
    return out


def compare(source, translation):
    """None when `translation` takes exactly the arguments `source` takes, else what is wrong."""
    want = fields(source)
    if isinstance(want, str):
        return "the English source itself is not a valid format: " + want
    got = fields(translation)
    if isinstance(got, str):
        return got
    if not want:
        return "the source has no {} field but the translation has " + str(len(got)) if got else None
    shown = describe(want)
    if all(n is None for n, _ in want):
        want = [(i, spec) for i, (_, spec) in enumerate(want)]
    if not got or got[0][0] is None:
        if [spec for _, spec in got] != [spec for _, spec in want]:
            return f"the source has the field(s) {shown}, the translation {describe(got) or 'none'}"
        return None
    for n, spec in got:
        if n >= len(want):
            return f"the field {{{n}}} has no argument (the source has {len(want)})"
        if spec != want[n][1]:
            return f"the field {{{n}}} has the spec ':{spec}', the source ':{want[n][1]}'"
    unused = sorted(set(range(len(want))) - {n for n, _ in got})
    if unused:
        return "the translation leaves out argument(s) " + ", ".join(f"{{{n}}}" for n in unused)
    return None


def describe(fs):
    return " ".join("{" + (str(n) if n is not None else "") + (":" + s if s else "") + "}" for n, s in fs)


# (English source pattern, language, translation pattern it must not match, why)
GLOSSARY = [
    (r"submi", "it", r"consegn|recapit", "submission is 'invio', delivery 'consegna'"),
    (r"submi", "es", r"entreg", "submission is 'envío', delivery 'entrega'"),
    (r"submi", "el", r"παραδ|παράδ", "submission is 'υποβολή', delivery 'παράδοση'"),
    (r"relay", "it", r"consegn", "relay is 'inoltro', delivery 'consegna'"),
    (r"relay", "es", r"entreg|reenv", "relay is 'retransmisión' ('reenvío' is forwarding)"),
    (r"relay", "el", r"παραδ|παράδ|προωθ", "relay is 'αναμετάδοση' ('προώθηση' is forwarding)"),
    (r"incoming queue|queue: incoming", "it", r"in arrivo", "'in arrivo' is the inbox"),
    (r"incoming queue|queue: incoming", "es", r"de entrada", "'de entrada' is the inbox"),
    (r"incoming queue|queue: incoming", "el", r"εισερχ", "'εισερχόμενα' is the inbox"),
]


def glossary(language, source, translation):
    """None when `translation` keeps the glossary's rules for `language`, else which it breaks."""
    for pattern, lang, forbidden, why in GLOSSARY:
        if lang == language and re.search(pattern, source, re.I) and re.search(forbidden, translation, re.I):
            return "breaks po/GLOSSARY.md: " + why
    return None


def language(path):
    """The Language: of a catalog's header, or ''."""
    for line, flags, msgid, plural, forms in entries(path):
        if msgid == "" and forms:
            m = re.search(r"^Language: *(\S+)", forms[0], re.M)
            return m.group(1) if m else ""
    return ""


def entries(path):
    """Yields (line, flags, msgid, msgid_plural, [msgstr forms]) for each entry of a catalog."""
    entry = {}
    key = None
    def finish():
        if "msgid" in entry:
            forms = [entry[k] for k in sorted(entry) if k.startswith("msgstr")]
            yield entry["line"], entry.get("flags", ""), entry["msgid"], entry.get("msgid_plural"), forms
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip():
                yield from finish()
                entry, key = {}, None
            elif line.startswith("#,"):
                entry["flags"] = entry.get("flags", "") + line[2:]
            elif line.startswith("#"):
                continue  # comments, and obsolete #~ entries: never shown
            elif line.startswith('"'):
                entry[key] += json.loads(line)
            else:
                word, _, rest = line.partition(" ")
                key = word.replace("[", "").replace("]", "")
                if key == "msgid":
                    if "msgid" in entry:  # two entries without a blank line between them
                        yield from finish()
                        entry = {}
                    entry["line"] = number
                entry[key] = json.loads(rest)
        yield from finish()


def check(path):
    problems = []
    lang = language(path)
    for line, flags, msgid, plural, forms in entries(path):
        if msgid == "" or "fuzzy" in flags:
            continue
        for i, msgstr in enumerate(forms):
            if msgstr == "":
                continue  # untranslated: the English shows (translations_check reports it)
            source = msgid if plural is None or i == 0 else plural
            problem = compare(source, msgstr) or glossary(lang, source, msgstr)
            if problem:
                form = f" (plural form {i})" if plural is not None else ""
                problems.append(f"{path}:{line}: {json.dumps(msgid, ensure_ascii=False)}{form}: {problem}")
    return problems


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    problems = [p for path in paths for p in check(path)]
    for p in problems:
        print(p)
    print(f"{len(paths)} catalog(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
