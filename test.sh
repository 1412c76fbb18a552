#!/usr/bin/env bash
# Runs every test of the project: the xunit suites, then the node suites that drive real peers
# (livekit-client in headless Chromium, @livekit/rtc-node, werift, wrtc). Installs what the tests need
# when it is missing (Debian packages, the pinned npm packages), and ends with one line
# "N passed, N failed" that adds up every suite.
#
#   ./test.sh              everything
#   ./test.sh --dotnet     only the xunit suites
#   ./test.sh --node       only the node suites
#
# Property tests run SFU_PROPERTY_CASES cases per parser (default 100000).
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

run_dotnet=1; run_node=1
case "${1:-}" in
  --dotnet) run_node=0 ;;
  --node) run_dotnet=0 ;;
esac

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_prerequisites() {
  local pkgs=()
  command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)
  # coturn: the TURN server the relay-only (force_relay) browser test starts on loopback.
  command -v turnserver >/dev/null 2>&1 || pkgs+=(coturn)
  if [ ${#pkgs[@]} -gt 0 ]; then
    echo "== installing Debian packages: ${pkgs[*]}"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
  # The interop clients are pinned by tests/interop/package-lock.json; reinstall when the lock changed.
  local stamp="tests/interop/node_modules/.lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s tests/interop/package-lock.json "$stamp"; then
    echo "== npm ci (tests/interop)"
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp tests/interop/package-lock.json "$stamp"
  fi
}

status=0
# Some xunit suites drive real peers too (Chromium checks of our SDP, node peers), so install always.
install_prerequisites || { echo "prerequisites could not be installed"; status=1; }

if [ $run_dotnet = 1 ] || [ $run_node = 1 ]; then
  echo "== dotnet build (Release)"
  if ! dotnet build Sfu.sln -c Release -nologo -v q -clp:ErrorsOnly; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

if [ $run_dotnet = 1 ]; then
  echo "== xunit suites"
  # One run per test project, each with its own TRX file (names must not collide).
  for proj in tests/Sfu.*.Tests/*.csproj; do
    name=$(basename "$proj" .csproj)
    dotnet test "$proj" -c Release --no-build -nologo --results-directory "$RESULTS" \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" || status=1
    # A suite whose test host died wrote no results: count it as a failure, never as nothing.
    [ -f "$RESULTS/$name.trx" ] || echo "$name: no results (test host crashed?)" > "$RESULTS/$name.missing"
  done
fi

if [ $run_node = 1 ]; then
  echo "== node suites (real peers)"
  shopt -s nullglob
  files=(tests/interop/*.test.js)
  if [ ${#files[@]} -gt 0 ]; then
    SFU_ROOT="$ROOT" node --test --test-concurrency=1 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$RESULTS/node.tap" \
      "${files[@]}" || status=1
  fi
fi

node tests/tools/summarize.js "$RESULTS" || status=1
exit $status
