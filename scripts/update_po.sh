#!/usr/bin/env bash
# Regenerates po/postino.pot from the sources (the viewer's tr()/trn()/trf()/trnf() strings and the
# simulator's phrase() sentences, the same extraction ctest checks) and merges it into each
# po/<lang>.po, so new sentences appear there untranslated (msgid with an empty msgstr).
#   bash scripts/update_po.sh
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 --keyword=tr --keyword=trn:1,2 --keyword=trf --keyword=trnf:1,2 --keyword=phrase --keyword=phrasePlural:1,2 --keyword=N_ --no-location \
  --package-name=postino -o po/postino.pot \
  viz/app/*.cpp sim/nodes/*.cpp sim/nodes/*.h sim/net/*.cpp sim/mta/*.cpp sim/world/*.cpp sim/trace/*.h sim/trace/*.cpp sim/scenario/*.cpp sim/auth/*.cpp
for po in po/*.po; do
  msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" po/postino.pot
done
echo "updated po/postino.pot and $(ls po/*.po | wc -l) catalogs; translate the entries with an empty msgstr"
