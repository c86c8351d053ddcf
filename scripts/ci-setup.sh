#!/usr/bin/env bash
# CI setup for the real-VS-Code test layers (code-server + Debian Chromium). Idempotent and fast on reruns:
#   1. apt packages, installed only when one is missing;
#   2. code-server from npm into $CODE_SERVER_HOME (default ~/.cache/code-server-npm/<version>-node<major>),
#      a no-op when that directory already holds it.
# Usage: bash scripts/ci-setup.sh      (env: CODE_SERVER_VERSION, CODE_SERVER_HOME)
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.100.3}
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
CODE_SERVER_HOME=${CODE_SERVER_HOME:-$HOME/.cache/code-server-npm/$CODE_SERVER_VERSION-node$NODE_MAJOR}
APT_PACKAGES=(build-essential python3 libkrb5-dev ripgrep chromium fonts-dejavu-core neovim)

t0=$(date +%s)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci-setup: apt-get install ${missing[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}"
else
  echo "ci-setup: apt packages already present"
fi
t1=$(date +%s)
echo "ci-setup: apt step $((t1 - t0)) s"

bash scripts/install-code-server.sh "$CODE_SERVER_VERSION" "$CODE_SERVER_HOME"
t2=$(date +%s)
echo "ci-setup: code-server step $((t2 - t1)) s ($CODE_SERVER_HOME)"
echo "ci-setup: done in $((t2 - t0)) s"
