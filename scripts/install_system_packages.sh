#!/bin/sh
# What pip cannot bring, installed by `make` when it is missing: Debian package names as arguments.
# On Debian or Ubuntu it says what it will install, then runs apt-get as root or through sudo; elsewhere it
# names what to install and stops.
set -eu
why="$1"
shift
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$why is missing. This is not Debian or Ubuntu: install the equivalent of the Debian packages $*"
    echo "(Fedora: dnf install pango harfbuzz ghostscript mupdf qpdf; macOS: brew install pango harfbuzz ghostscript mupdf-tools qpdf), then run make again."
    exit 1
fi
echo "$why is missing: installing the Debian packages $* (apt-get)"
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "Neither root nor sudo: as root, run apt-get install $*, then make again."
    exit 1
fi
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y --no-install-recommends "$@"
