#!/usr/bin/env bash
# Installs ftrack-roles for the GitHub Action (action.yml), pinned:
#   FTRACK_ROLES_VERSION empty    the version of the action's own ref, built from its source
#                                 (GITHUB_ACTION_PATH: the action's checkout)
#   X.Y.Z                         ftrack-roles@X.Y.Z from the npm registry
#   a .tgz path or URL, git+…#tag that package (e.g. a release asset)
# Every way packs first and installs the tarball, so no install script runs and a git spec
# works globally too (npm's global install from git is broken: npm/cli#4148).
set -euo pipefail
spec="${FTRACK_ROLES_VERSION:-}"
dest="$(mktemp -d)"
# Already installed (a second command in the same job): the same version is not built again.
version_of() { node -p "JSON.parse(require('fs').readFileSync(0, 'utf8')).version"; }
case "$spec" in
  '') want="$(version_of < "$GITHUB_ACTION_PATH/package.json")" ;;
  *.tgz) want="$( ([ -f "$spec" ] && tar -xOzf "$spec" package/package.json | version_of) || true)" ;;
  http://* | https://* | git+* | file:*) want="" ;;
  *) want="${spec#v}" ;;
esac
if [ -n "$want" ] && command -v ftrack-roles > /dev/null && [ "$(ftrack-roles --version)" = "$want" ]; then
  echo "ftrack-roles $want is installed."
  exit 0
fi
if [ -z "$spec" ]; then
  cd "$GITHUB_ACTION_PATH"
  npm ci --no-audit --no-fund
  npm pack --pack-destination "$dest"
else
  case "$spec" in
    *.tgz | http://* | https://* | git+* | file:* | /* | ./*) ;;
    *) spec="ftrack-roles@$spec" ;;
  esac
  (cd "$dest" && npm pack --no-audit --no-fund "$spec")
fi
npm install --global --no-audit --no-fund "$dest"/ftrack-roles-*.tgz
ftrack-roles --version
