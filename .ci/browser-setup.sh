#!/usr/bin/env bash
# Tools for the browser tests (tests/browser). Idempotent; safe to run again.
#   apt : Debian chromium and a headless Java runtime, only when missing
#   npm : axe-core, vnu-jar (and the `make assets` packages) into ./node_modules, exact versions
#         from package-lock.json
# Never runs `playwright install`: the tests drive /usr/bin/chromium instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
say() { printf '== %s\n' "$*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
else
  say "apt: chromium and java already present"
fi

# --ignore-scripts: vnu-jar's postinstall downloads a Java runtime from GitHub when it finds no
# java >= 11; the system java runs vnu.jar instead.
# package.json pins the test tools and the front-end build (KERN, sass, htmx, jQuery UI; see
# `make assets`); npm ci runs when any pinned package is missing or at another version.
AXE=node_modules/axe-core/axe.min.js
VNU=node_modules/vnu-jar/build/dist/vnu.jar
stale=$(node -e "
const want = require('./package.json').devDependencies;
const bad = Object.keys(want).filter((name) => {
  try { return require('./node_modules/' + name + '/package.json').version !== want[name]; }
  catch (e) { return true; }
});
console.log(bad.join(' '));")
if [ -f "$AXE" ] && [ -f "$VNU" ] && [ -z "$stale" ]; then
  say "npm: every package of package.json already in node_modules"
elif [ -f package-lock.json ]; then
  say "npm ci (missing or other versions: $stale)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
else
  say "npm install ($stale); writes package-lock.json"
  npm install --no-audit --no-fund --ignore-scripts --loglevel=error
fi

say "versions"
/usr/bin/chromium --version 2>/dev/null | grep -v 'unexpected operator' || true
java -version 2>&1 | head -1
echo "axe-core $(node -p "require('./node_modules/axe-core/package.json').version")"
echo "vnu.jar $(java -jar "$VNU" --version)"
