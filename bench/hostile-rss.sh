#!/usr/bin/env bash
# bench/hostile-rss.sh: the peak memory of one ingest of a hostile tree (issue
# 15, "memory bounded"): the shipped samples beside a gzip bomb, a sparse
# file, a flood of unreadable lines, a FIFO, Latin-1 and ESC file names, a
# symlink loop, an empty file and a capture cut inside its last value. Prints
# the ingest's summary and its peak RSS (/usr/bin/time -v).
#
#   bench/hostile-rss.sh                      # the debug binary, a 2 GiB bomb
#   TTLSINV=target/release/ttlsinv BOMB_MIB=4096 bench/hostile-rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TTLSINV=${TTLSINV:-target/debug/ttlsinv}
BOMB_MIB=${BOMB_MIB:-2048}
[ -x "$TTLSINV" ] || cargo build --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree=$work/tree
cp -r samples/tree "$tree"
mkdir -p "$tree/2026-12-01/BOMB" "$tree/2026-12-02/SPARSE" "$tree/2026-12-03/FLOOD" "$tree/2026-12-04/ODD" \
    "$tree/2026-12-05/LOOP" "$tree/2026-12-06/CUT"
head -c "${BOMB_MIB}M" /dev/zero | gzip -1 > "$tree/2026-12-01/BOMB/netstat.txt.gz"
truncate -s 4G "$tree/2026-12-02/SPARSE/netstat.txt"
# A million unreadable lines inside an ALL report (a 23 MB file).
all=tests/fixtures/published/netstat-all-port1414.txt
{ head -n 10 "$all"; seq 1000000 | sed "s/^/garbage /"; tail -n +11 "$all"; } > "$tree/2026-12-03/FLOOD/all.txt"
mkfifo "$tree/2026-12-04/ODD/fifo"
cp tests/fixtures/published/netstat-allconn-port1414.txt "$tree/2026-12-04/ODD/$(printf 'caf\xe9.txt')"
cp tests/fixtures/published/netstat-allconn-port1414.txt "$tree/2026-12-04/ODD/$(printf 'esc\x1b[2J.txt')"
: > "$tree/2026-12-04/ODD/empty.txt"
ln -s .. "$tree/2026-12-05/LOOP/up"
head -c -3 tests/fixtures/published/netstat-allconn-port1414.txt > "$tree/2026-12-06/CUT/conn.txt"
/usr/bin/time -v -o "$work/time" "$TTLSINV" --db "$work/t.db" ingest --max-file-size 256M "$tree" \
    > /dev/null 2> "$work/err" || status=$?
echo "ingest exit status ${status:-0}: $(tail -n 1 "$work/err")"
echo "problems and notes: $(grep -c . "$work/err") lines"
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
echo "peak RSS: $((rss / 1024)) MB; wall: $(awk -F': ' '/Elapsed/ {print $2}' "$work/time")"
