#!/usr/bin/env bash
# Install the pinned Debian packages listed in debian-packages.txt that are missing.
# Idempotent and quiet when everything is present; needs root (as on these machines).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
missing=()
while IFS= read -r line; do
  case "$line" in ''|\#*) continue ;; esac
  name=${line%%=*}
  if ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$line")
  fi
done < "$here/debian-packages.txt"
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  # A pinned version can vanish after a Debian point release: take the current one, say so.
  echo "system-deps: pinned versions unavailable, installing current versions" >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]%%=*}"
fi
