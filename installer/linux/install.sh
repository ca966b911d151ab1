#!/bin/sh
# Install or uninstall Miz from this extracted folder.
#   sudo ./install.sh                  everyone: /opt/miz, /usr/local/bin/miz, /usr/share/applications
#   ./install.sh --user                this user: ~/.local/opt/miz, ~/.local/bin/miz, ~/.local/share/applications
#   ./install.sh --prefix DIR          DIR/opt/miz, DIR/bin/miz, DIR/share/applications (packaging, tests)
#   ./install.sh [scope] --uninstall   removes the program, the command and the menu entry
# The users' data folders (~/.local/share/Miz: database, backups) are never touched.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
MODE=install
SCOPE=""
PREFIX=""

usage() {
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --user) SCOPE=user ;;
        --system) SCOPE=system ;;
        --prefix) [ $# -ge 2 ] || usage 2; SCOPE=prefix; PREFIX=$2; shift ;;
        --prefix=*) SCOPE=prefix; PREFIX=${1#--prefix=} ;;
        --uninstall) MODE=uninstall ;;
        -h|--help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
    shift
done

if [ -z "$SCOPE" ]; then
    if [ "$(id -u)" -eq 0 ]; then SCOPE=system; else SCOPE=user; fi
fi

case "$SCOPE" in
    system)
        APP_DIR=/opt/miz
        BIN_DIR=/usr/local/bin
        SHARE_DIR=/usr/share
        if [ "$(id -u)" -ne 0 ]; then
            echo "installing for every user needs root: sudo $0 $*  (or --user for this user only)" >&2
            exit 1
        fi
        ;;
    user)
        APP_DIR="$HOME/.local/opt/miz"
        BIN_DIR="$HOME/.local/bin"
        SHARE_DIR="${XDG_DATA_HOME:-$HOME/.local/share}"
        ;;
    prefix)
        mkdir -p "$PREFIX"
        PREFIX=$(cd "$PREFIX" && pwd)
        APP_DIR="$PREFIX/opt/miz"
        BIN_DIR="$PREFIX/bin"
        SHARE_DIR="$PREFIX/share"
        ;;
esac
DESKTOP="$SHARE_DIR/applications/miz.desktop"
ICON_SVG="$SHARE_DIR/icons/hicolor/scalable/apps/miz.svg"
ICON_PNG="$SHARE_DIR/icons/hicolor/256x256/apps/miz.png"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE_DIR/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$SHARE_DIR/icons/hicolor" 2>/dev/null || true
}

uninstall() {
    # The command is removed only if it is our link into APP_DIR.
    if [ -L "$BIN_DIR/miz" ] && [ "$(readlink "$BIN_DIR/miz")" = "$APP_DIR/miz" ]; then
        rm -f "$BIN_DIR/miz"
    fi
    rm -f "$DESKTOP" "$ICON_SVG" "$ICON_PNG"
    case "$APP_DIR" in
        */miz) rm -rf "$APP_DIR" ;;  # never anything but the program folder
    esac
    refresh_menus
}

if [ "$MODE" = uninstall ]; then
    uninstall
    echo "Miz removed from $APP_DIR. The users' data folders (~/.local/share/Miz) are kept."
    exit 0
fi

[ -x "$HERE/miz/miz" ] || { echo "run install.sh from the extracted miz-*-linux folder" >&2; exit 1; }

# Copy next to the old version, then swap: an interrupted upgrade leaves the old one.
mkdir -p "$(dirname "$APP_DIR")" "$BIN_DIR" "$SHARE_DIR/applications" \
    "$(dirname "$ICON_SVG")" "$(dirname "$ICON_PNG")"
rm -rf "$APP_DIR.new"
cp -a "$HERE/miz" "$APP_DIR.new"
cp "$HERE/miz.svg" "$HERE/miz.png" "$HERE/VERSION" "$HERE/install.sh" "$APP_DIR.new/"
rm -rf "$APP_DIR.old"
[ -d "$APP_DIR" ] && mv "$APP_DIR" "$APP_DIR.old"
mv "$APP_DIR.new" "$APP_DIR"
rm -rf "$APP_DIR.old"
[ "$SCOPE" = system ] && chmod -R a+rX,go-w "$APP_DIR"

ln -sfn "$APP_DIR/miz" "$BIN_DIR/miz"
cp "$HERE/miz.svg" "$ICON_SVG"
cp "$HERE/miz.png" "$ICON_PNG"
sed -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@ICON@|$APP_DIR/miz.svg|g" \
    "$HERE/miz.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP" "$ICON_SVG" "$ICON_PNG"
refresh_menus

echo "Miz $(cat "$HERE/VERSION") installed in $APP_DIR; command: $BIN_DIR/miz; menu entry: $DESKTOP"
echo "To uninstall: $APP_DIR/install.sh --uninstall$( [ "$SCOPE" = prefix ] && echo " --prefix $PREFIX" || echo " --$SCOPE")"
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "note: $BIN_DIR is not on PATH; start Miz from the menu or with $APP_DIR/miz" ;;
esac
