#!/usr/bin/env bash
# System packages the browser test needs, installed when missing: Chromium, its driver,
# and a CJK font so that Chinese renders. Debian/Ubuntu (apt-get); uses sudo when not root.
set -euo pipefail
missing=()
for pkg in chromium chromium-driver fonts-noto-cjk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
