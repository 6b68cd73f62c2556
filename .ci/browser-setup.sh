#!/usr/bin/env bash
# Tools for the browser tests (tests/browser). Idempotent; safe to run again.
#   apt : Debian chromium and a headless Java runtime, only when missing
#   npm : axe-core and vnu-jar into ./node_modules, exact versions from package-lock.json
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
AXE=node_modules/axe-core/axe.min.js
VNU=node_modules/vnu-jar/build/dist/vnu.jar
want_axe=$(node -p "require('./package.json').devDependencies['axe-core']")
want_vnu=$(node -p "require('./package.json').devDependencies['vnu-jar']")
have_axe=$(node -p "try { require('./node_modules/axe-core/package.json').version } catch (e) { '' }")
have_vnu=$(node -p "try { require('./node_modules/vnu-jar/package.json').version } catch (e) { '' }")
if [ -f "$AXE" ] && [ -f "$VNU" ] && [ "$have_axe" = "$want_axe" ] && [ "$have_vnu" = "$want_vnu" ]; then
  say "npm: axe-core $have_axe and vnu-jar $have_vnu already in node_modules"
elif [ -f package-lock.json ]; then
  say "npm ci (axe-core $want_axe, vnu-jar $want_vnu)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
else
  say "npm install (axe-core $want_axe, vnu-jar $want_vnu); writes package-lock.json"
  npm install --no-audit --no-fund --ignore-scripts --loglevel=error
fi

say "versions"
/usr/bin/chromium --version 2>/dev/null | grep -v 'unexpected operator' || true
java -version 2>&1 | head -1
echo "axe-core $(node -p "require('./node_modules/axe-core/package.json').version")"
echo "vnu.jar $(java -jar "$VNU" --version)"
