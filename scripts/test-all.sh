#!/usr/bin/env bash
# Everything the project checks, in one command (`npm test`, `.ci/run`).
# Works on a fresh Debian machine as root (installs the system packages it needs)
# and as an ordinary user (skips apt and says what is missing). Fails fast.
set -euo pipefail
cd "$(dirname "$0")/.."

STARTED=$SECONDS
STEP="setup"
DONE=()

finish() {
  local rc=$?
  local took=$((SECONDS - STARTED))
  if [[ $rc -eq 0 ]]; then
    printf '\n=== test-all: PASSED (%s) in %ss ===\n' "${DONE[*]}" "$took"
  else
    printf '\n=== test-all: FAILED at "%s" (exit %s) after %ss; passed before it: %s ===\n' \
      "$STEP" "$rc" "$took" "${DONE[*]:-nothing}" >&2
  fi
}
trap finish EXIT

step() {
  STEP="$1"
  printf '\n==> %s\n' "$1"
}

# --- system packages -------------------------------------------------------
has_e2e_specs() {
  [[ -d tests/e2e ]] && [[ -n "$(find tests/e2e -type f \( -name '*.spec.*' -o -name '*.test.*' \) -print -quit)" ]]
}

deb_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Debian package -> a command it provides (empty: check dpkg only).
declare -A PROVIDES=()
WANTED=()
if has_e2e_specs; then
  WANTED+=(chromium)
  PROVIDES[chromium]=chromium
fi
# The server's integration tests run a second time on a real PostgreSQL (scripts/pg-test.sh).
WANTED+=(postgresql)

step "system packages"
MISSING=()
for pkg in "${WANTED[@]}"; do
  cmd="${PROVIDES[$pkg]:-}"
  if [[ -n "$cmd" ]] && command -v "$cmd" >/dev/null 2>&1; then continue; fi
  if command -v dpkg-query >/dev/null 2>&1 && deb_installed "$pkg"; then continue; fi
  MISSING+=("$pkg")
done
if [[ ${#MISSING[@]} -eq 0 ]]; then
  echo "nothing to install${WANTED[*]:+ (have: ${WANTED[*]})}"
elif [[ $(id -u) -ne 0 ]]; then
  echo "not root: skipping apt; missing ${MISSING[*]} (the steps that need them will fail)" >&2
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get on this system; install ${MISSING[*]} yourself" >&2
else
  echo "installing: ${MISSING[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${MISSING[@]}"
fi

# --- node and dependencies -------------------------------------------------
step "node and npm dependencies"
command -v node >/dev/null 2>&1 || { echo "node is not installed (Node 20.19+ or 22.12+ is needed)" >&2; exit 1; }
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [[ $NODE_MAJOR -lt 20 ]]; then
  echo "node $(node --version) is too old: Node 20.19+ or 22.12+ is needed" >&2
  exit 1
fi
# npm rewrites node_modules/.package-lock.json after every install, so a lockfile
# newer than it means dependencies changed since node_modules was made.
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "running npm ci"
  # The Electron binary and Playwright's browsers cannot be downloaded here; neither is needed for tests.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
else
  echo "node_modules is up to date with package-lock.json"
fi
DONE+=(deps)

# --- checks ------------------------------------------------------------------
# The static checks come first: they take a minute and catch what a test run would take ten to find.
step "format check (prettier)"
npx prettier --check . --log-level warn
DONE+=(format)

step "lint (eslint: typescript-eslint strict, react hooks, layering)"
npx eslint --max-warnings=0 .
DONE+=(lint)

step "dead code (knip)"
npx knip
DONE+=(deadcode)

step "typecheck (one project per runtime: tsc -b)"
npx tsc -b
DONE+=(typecheck)

step "unit and integration tests (server on PGlite)"
npx vitest run
DONE+=(unit)

step "integration tests on a real PostgreSQL"
bash scripts/pg-test.sh run npx vitest run tests/integration/server-
DONE+=(postgres)

step "build"
npx vite build
DONE+=(build)

if has_e2e_specs; then
  step "e2e tests"
  npx playwright test
  DONE+=(e2e)
else
  echo
  echo "==> e2e tests: skipped (no spec files in tests/e2e)"
fi
