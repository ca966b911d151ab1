#!/bin/sh
# End-to-end check of a Linux tarball, as CI and the README run it:
#   installer/linux/check_tarball.sh dist/miz-<version>-linux-x86_64.tar.gz
# Extracts it into a temporary folder, installs it with its install.sh into a
# temporary prefix, runs the installed `miz smoke` and the window offscreen
# (`--quit-after-shown`), uninstalls, and checks the data folder survived.
set -eu
TARBALL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/miz-tarball-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen

tar -xzf "$TARBALL" -C "$WORK"
EXTRACTED=$(find "$WORK" -mindepth 1 -maxdepth 1 -type d -name 'miz-*')
"$EXTRACTED/install.sh" --prefix "$WORK/prefix"
MIZ="$WORK/prefix/bin/miz"
DESKTOP="$WORK/prefix/share/applications/miz.desktop"
grep -q "^Exec=$WORK/prefix/opt/miz/miz$" "$DESKTOP"
grep -q "^Categories=Office;Education;$" "$DESKTOP"
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$DESKTOP"; fi

"$MIZ" --version
"$MIZ" smoke --data-dir "$WORK/smoke" -o "$WORK/smoke.pdf"
"$MIZ" --data-dir "$WORK/data" --quit-after-shown
test -f "$WORK/data/miz.sqlite3"

"$WORK/prefix/opt/miz/install.sh" --prefix "$WORK/prefix" --uninstall
test ! -e "$MIZ" && test ! -e "$DESKTOP" && test ! -e "$WORK/prefix/opt/miz"
test -f "$WORK/data/miz.sqlite3"  # uninstalling never touches the data
echo "tarball ok: $(basename "$TARBALL")"
