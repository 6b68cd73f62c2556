#!/usr/bin/env bash
# Rebuilds the committed front-end files under static/ from the pinned packages (package.json,
# package-lock.json; fonttools from constraints.txt). Run through `make assets`, which runs
# `npm ci` first; CI rebuilds and fails when `git diff --exit-code static/` shows a difference,
# so the output must be deterministic: no source maps, no timestamps, fixed file order.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
# OUT: where to write (default static/); tests/browser/test_assets.py builds into a temporary folder.
OUT="${OUT:-static}"
mkdir -p "$OUT/css" "$OUT/fonts" "$OUT/js/vendor" "$OUT/vendor/jquery-ui"
KERN=node_modules/@kern-ux/native
say() { printf '== %s\n' "$*"; }

say "sass: assets/portal.scss -> static/css/portal.css (only the KERN parts it @uses)"
# --quiet-deps: KERN's own sources still use Sass features deprecated upstream; our files are not quiet.
node_modules/.bin/sass --load-path=node_modules --no-source-map --style=compressed --quiet-deps \
  --no-charset assets/portal.scss "$OUT/css/portal.css"

say "fonts: KERN's Fira Sans subset to Latin-1 + typographic punctuation + euro sign, woff2"
# U+0020-007E ASCII, U+00A0-00FF Latin-1 (äöüß, ©, ·, «»), U+2010-2015 dashes, U+2018-201E quotes,
# U+2022 bullet, U+2026 ellipsis, U+2039/203A single guillemets, U+20AC euro, U+2192 arrow (→),
# U+2212 minus, U+2013/2014 dashes. Any other character falls back to the system sans-serif.
UNICODES="U+0020-007E,U+00A0-00FF,U+2010-2015,U+2018-201E,U+2022,U+2026,U+2039-203A,U+20AC,U+2192,U+2212"
for weight in Regular:400 SemiBold:600; do
  name=${weight%%:*}; number=${weight##*:}
  "$PY" -m fontTools.subset "$KERN/dist/fonts/fira-sans/FiraSans-$name.woff2" \
    --unicodes="$UNICODES" --flavor=woff2 --layout-features='kern,liga,lnum,tnum' \
    --no-hinting --desubroutinize --name-IDs='*' --output-file="$OUT/fonts/fira-sans-$number.woff2"
done
cp "$KERN/LICENSE.md" "$OUT/fonts/KERN-LICENSE.md"

say "vendored scripts: htmx (npm htmx.org) and jQuery UI (npm jquery-ui) as published"
htmx_version=$(node -p "require('./node_modules/htmx.org/package.json').version")
# The banner names package and version for .ci/audit.py (the npm file has none).
{
  printf '/*! htmx.org %s (npm htmx.org, pinned in package.json) | Zero-Clause BSD licence, text in htmx.LICENSE.txt | https://htmx.org */\n' "$htmx_version"
  cat node_modules/htmx.org/dist/htmx.min.js
} > "$OUT/js/vendor/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$OUT/js/vendor/htmx.LICENSE.txt"
cp node_modules/jquery-ui/dist/jquery-ui.min.js "$OUT/vendor/jquery-ui/jquery-ui.min.js"
cp node_modules/jquery-ui/LICENSE.txt "$OUT/vendor/jquery-ui/LICENSE.txt"
say "done"
