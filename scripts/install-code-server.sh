#!/usr/bin/env bash
# Installs code-server (real VS Code for the browser) from npm into a cache directory outside the repo.
# Usage: bash scripts/install-code-server.sh [VERSION] [DEST]
#   VERSION defaults to 4.100.3 (the newest code-server whose engines.node is 20 = VS Code 1.100.3).
#   DEST    defaults to $HOME/.cache/code-server-npm/<VERSION>-node<major>.
# Idempotent: exits at once when $DEST/node_modules/.bin/code-server exists.
# Needs (apt): build-essential python3 libkrb5-dev ripgrep (see scripts/ci-setup.sh).
# Works without GitHub access: @vscode/ripgrep's download is pre-seeded from Debian's /usr/bin/rg, with
# the cache directory and file names derived from the npm packages (not hard-coded).
set -euo pipefail

V=${1:-4.100.3}
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
DEST=${2:-$HOME/.cache/code-server-npm/$V-node$NODE_MAJOR}

if [ -x "$DEST/node_modules/.bin/code-server" ]; then
  echo "code-server $V already installed in $DEST"
  exit 0
fi

case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "install-code-server: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

RG_BIN=$(command -v rg || true)
[ -n "$RG_BIN" ] || { echo "install-code-server: ripgrep (rg) is missing; apt-get install ripgrep" >&2; exit 1; }

# code-server's postinstall refuses a node major other than the one it declares.
WANT_NODE=$(npm view "code-server@$V" engines.node 2>/dev/null || true)
echo "code-server $V declares engines.node '$WANT_NODE'; this is node $(node --version)"

START=$(date +%s)
mkdir -p "$DEST"
T=$DEST/.tmp
rm -rf "$T"
mkdir -p "$T/pack"

# 1. The @vscode/ripgrep version pinned by code-server's bundled VS Code, and 2. that package's release tag.
(cd "$T/pack" && npm pack --silent "code-server@$V" >/dev/null)
tar xzf "$T/pack"/code-server-*.tgz -C "$T/pack" package/lib/vscode/npm-shrinkwrap.json
RGV=$(node -p 'require(process.argv[1]).packages["node_modules/@vscode/ripgrep"].version' "$T/pack/package/lib/vscode/npm-shrinkwrap.json")
rm -rf "$T/pack/package"
(cd "$T/pack" && npm pack --silent "@vscode/ripgrep@$RGV" >/dev/null)
tar xzf "$T/pack"/vscode-ripgrep-*.tgz -C "$T/pack" package/lib/postinstall.js
RGTAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$T/pack/package/lib/postinstall.js")
[ -n "$RGV" ] && [ -n "$RGTAG" ] || { echo "install-code-server: could not derive the ripgrep names" >&2; exit 1; }
echo "@vscode/ripgrep $RGV, ripgrep release $RGTAG, target $RG_TARGET, using $RG_BIN"
rm -rf "$T/pack"

# 3. Pre-seed @vscode/ripgrep's download cache ($TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<tag>-<target>.tar.gz).
RGC=$T/vscode-ripgrep-cache-$RGV
mkdir -p "$RGC/x"
cp "$RG_BIN" "$RGC/x/rg"
tar czf "$RGC/ripgrep-$RGTAG-$RG_TARGET.tar.gz" -C "$RGC/x" rg

# 4. Install. unsafe_perm is required as root (code-server's postinstall checks it).
cd "$DEST"
[ -f package.json ] || echo '{"private":true}' > package.json
TMPDIR=$T npm_config_nodedir=${npm_config_nodedir:-/usr} npm_config_unsafe_perm=true npm_config_yes=true \
  npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
  npm install --foreground-scripts --no-audit --no-fund "code-server@$V"

test -x "$DEST/node_modules/.bin/code-server" || { echo "install-code-server: code-server binary missing after install" >&2; exit 1; }
test -x "$DEST/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" || { echo "install-code-server: ripgrep not installed" >&2; exit 1; }
rm -rf "$T"
echo "code-server $V installed in $DEST in $(( $(date +%s) - START )) s ($(du -sh "$DEST" | cut -f1))"
