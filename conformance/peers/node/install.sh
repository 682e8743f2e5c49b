#!/usr/bin/env bash
# Installs the node peer's packages (package-lock.json) into conformance/peers/node/node_modules,
# with `npm ci`, unless exactly those versions are already there. Idempotent; needs the npm
# registry only when something is missing. Usage: conformance/peers/node/install.sh
set -euo pipefail
cd "$(dirname "$0")"
if node -e '
  const lock = require("./package-lock.json").packages;
  for (const [path, entry] of Object.entries(lock)) {
    if (!path.startsWith("node_modules/")) continue;
    const installed = require("./" + path + "/package.json").version;
    if (installed !== entry.version) process.exit(1);
  }' 2>/dev/null; then
  echo "conformance/peers/node: packages already installed"
  exit 0
fi
echo "conformance/peers/node: npm ci"
npm ci --no-audit --no-fund --loglevel=error
