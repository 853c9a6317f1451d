#!/usr/bin/env bash
# scripts/html-screenshot.sh: renders an HTML report in headless Chromium to
# PNG pictures, to look at what a reader sees (issue 18). Not part of
# `cargo test`: it needs Debian's chromium, installed here when missing.
#
#   scripts/html-screenshot.sh REPORT.html [OUT_DIR]
#
# Writes OUT_DIR/desktop.png (1280 px wide, the whole page), OUT_DIR/a4.pdf
# and OUT_DIR/letter.pdf (the page printed on A4 and Letter paper) and
# OUT_DIR/a4.png (the A4 pages side by side, 72 dpi).
# OUT_DIR defaults to the folder of REPORT.html.
# Set COLOR_SCHEME=dark to render the desktop picture in dark mode.
# Installs chromium, imagemagick and poppler-utils when missing (as root).
set -euo pipefail

html=$(realpath "${1:?usage: scripts/html-screenshot.sh REPORT.html [OUT_DIR]}")
out=$(realpath "${2:-$(dirname "$html")}")
mkdir -p "$out"

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "chromium is missing: run 'apt-get install -y chromium' as root" >&2
        exit 1
    fi
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
# imagemagick cuts and joins the pictures, poppler-utils turns the PDF into pictures.
if ! command -v montage >/dev/null || ! command -v pdftoppm >/dev/null; then
    apt-get install -y -qq imagemagick poppler-utils >/dev/null
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# No network, no background services: the page must render from itself alone.
chrome() {
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

scheme=()
if [ "${COLOR_SCHEME:-light}" = dark ]; then
    # Blink's preferredColorScheme: 0 is dark.
    scheme=(--blink-settings=preferredColorScheme=0)
fi

# Desktop: 1280 px wide, in a window taller than the page, cut below the
# page's last line (headless Chromium shoots the window, not the page).
chrome "${scheme[@]}" --window-size=1280,${DESKTOP_HEIGHT:-12000} --screenshot="$out/desktop.png" "file://$html"
# %@ is the box of what differs from the background: keep down to its bottom.
box=$(convert "$out/desktop.png" -fuzz 2% -format %@ info:)
height=$(( $(echo "$box" | sed -E 's/^[0-9]+x([0-9]+)\+[0-9]+\+([0-9]+)$/\1 + \2/') + 24 ))
convert "$out/desktop.png" -crop "1280x$height+0+0" +repage "$out/desktop.png"
# Print: Chromium prints on Letter paper; a copy of the page that asks for
# A4 gives the A4 print. Each page as a picture, side by side, at 72 dpi.
a4_copy="$profile/a4.html"
sed 's|<style>|<style>@page { size: A4; }|' "$html" > "$a4_copy"
chrome --print-to-pdf="$out/a4.pdf" --no-pdf-header-footer "file://$a4_copy"
chrome --print-to-pdf="$out/letter.pdf" --no-pdf-header-footer "file://$html"
pdftoppm -r 72 -png "$out/a4.pdf" "$profile/page"
montage "$profile"/page-*.png -tile x1 -geometry +6+6 -background '#888888' "$out/a4.png"
echo "wrote $out/desktop.png, $out/a4.png, $out/a4.pdf and $out/letter.pdf" >&2
