#!/usr/bin/env bash
# bench/run.sh: measures ttlsinv on one generated capture tree (issue 6) and
# writes the results into BENCHMARKS.md (between the bench markers) and to
# standard output.
#
#   bench/run.sh                                  # the default tree: > 2 GB, 512 000 connections
#   DAYS=2 SYSTEMS=4 CONNECTIONS=2000 bench/run.sh   # a smaller one
#
# Parameters (environment):
#   DAYS, SYSTEMS, CONNECTIONS, SNAPSHOTS_PER_DAY, SEED, START
#                      the tree of steps (a)-(d) and (f): DAYS days of SYSTEMS
#                      systems, SNAPSHOTS_PER_DAY snapshots of CONNECTIONS
#                      connections a day; one more day is generated for (e)
#   SCRATCH            folder for the tree and databases (default: a new one
#                      under /tmp, removed at the end unless KEEP=1)
#   RESULTS            file to write the results into (default: BENCHMARKS.md;
#                      empty: standard output only)
#   REPORT_TIMEOUT     seconds after which a canned report is stopped (default 600)
#   LARGE_ROWS         then grow the database to at least this many connection
#                      rows (default 10000000; 0 skips steps (h)), generating
#                      and ingesting LARGE_CHUNK_DAYS days at a time (default
#                      10) and removing each chunk once ingested
#   REVISION           what to call the code measured (default: the git commit)
#
# Needs /usr/bin/time (package `time`), sqlite3 and jq: installed with apt-get
# when missing and running as root.
#
# Steps, all on the same tree:
#   (a) raw read: cat every capture file to /dev/null
#   (b) parse only: ttlsinv-gen parse-only (ingest's read, hash, split and parse; no database)
#   (c) full ingest into a new database
#   (d) re-ingest of the unchanged tree
#   (f) the connection rows of (c), exported to CSV, loaded by the sqlite3
#       shell with .import into a new database with the same table and indexes
#   (e0) the extra day alone into a new database
#   (e) the extra day on top of the database of (c)
#   (g) every canned report, and the HTML report, on the final database
#   (h) the database grown to LARGE_ROWS rows: (h-e0) one more day into an
#       empty database and (h-e) the same day on top of the large one; (h-g)
#       every canned report on the large database
# The page cache is warm: the tree was just written (and read once by (a)).
# Phase timings: `ttlsinv ingest --timings` (hidden) prints on stderr one
# line `timings: total T s; files F s (writer busy W s, parsing P s over all
# threads); summaries S s (X % of total: link L s, evidence E s, days D s);
# the rest ... R s`, wall clock: S/T is the summaries' share of ingest time.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD

DAYS=${DAYS:-4}
SYSTEMS=${SYSTEMS:-8}
CONNECTIONS=${CONNECTIONS:-4000}
SNAPSHOTS_PER_DAY=${SNAPSHOTS_PER_DAY:-4}
SEED=${SEED:-1}
START=${START:-2026-01-01}
RESULTS=${RESULTS-BENCHMARKS.md}
REPORT_TIMEOUT=${REPORT_TIMEOUT:-600}
LARGE_ROWS=${LARGE_ROWS:-10000000}
LARGE_CHUNK_DAYS=${LARGE_CHUNK_DAYS:-10}
KEEP=${KEEP:-0}
REVISION=${REVISION:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')}
COMMAND="DAYS=$DAYS SYSTEMS=$SYSTEMS CONNECTIONS=$CONNECTIONS SNAPSHOTS_PER_DAY=$SNAPSHOTS_PER_DAY SEED=$SEED LARGE_ROWS=$LARGE_ROWS bench/run.sh"

# Tools: /usr/bin/time for the peak RSS, sqlite3 for (f), jq to read the expected totals.
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v jq >/dev/null || missing+=(jq)
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "bench: missing ${missing[*]}: install them (apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "bench: installing ${missing[*]} with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The product and the workshop beside it (tools/gen: generate, parse-only).
cargo build --release --locked --quiet --bin ttlsinv --bin ttlsinv-gen
BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/ttlsinv
GEN=${CARGO_TARGET_DIR:-$REPO/target}/release/ttlsinv-gen

if [[ -z ${SCRATCH:-} ]]; then
    SCRATCH=$(mktemp -d /tmp/ttlsinv-bench.XXXXXX)
fi
mkdir -p "$SCRATCH"
cleanup() { [[ $KEEP == 1 ]] || rm -rf "$SCRATCH"; }
trap cleanup EXIT
TREE=$SCRATCH/tree
DB=$SCRATCH/inventory.db
LOG=$SCRATCH/log
mkdir -p "$LOG"
rm -rf "$TREE" "$SCRATCH"/*.db*

say() { echo "bench: $*" >&2; }

# --- the tree ---------------------------------------------------------------
say "generating $((DAYS + 1)) days x $SYSTEMS systems x $SNAPSHOTS_PER_DAY snapshots x $CONNECTIONS connections into $TREE"
gen_start=$EPOCHREALTIME
"$GEN" generate --out "$TREE" --days $((DAYS + 1)) --systems "$SYSTEMS" --connections "$CONNECTIONS" \
    --snapshots-per-day "$SNAPSHOTS_PER_DAY" --seed "$SEED" --start "$START" 2> "$LOG/generate.txt"
gen_seconds=$(awk -v a="$gen_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
cat "$LOG/generate.txt" >&2
TOTALS=$TREE/expected-totals.json
gen_bytes=$(jq .bytes "$TOTALS")

mapfile -t DATES < <(jq -r '[.per_date_system[].date] | unique | .[]' "$TOTALS")
NEW_DAY=${DATES[-1]}
BASE_DIRS=()
for date in "${DATES[@]:0:${#DATES[@]}-1}"; do BASE_DIRS+=("$TREE/$date"); done

bytes_of() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
BASE_BYTES=$(bytes_of "${BASE_DIRS[@]}")
DAY_BYTES=$(bytes_of "$TREE/$NEW_DAY")
BASE_CONNS=$(jq --arg d "$NEW_DAY" '[.per_date_system[] | select(.date != $d) | .connections] | add' "$TOTALS")
DAY_CONNS=$(jq --arg d "$NEW_DAY" '[.per_date_system[] | select(.date == $d) | .connections] | add' "$TOTALS")

# --- measuring ----------------------------------------------------------------
ROWS=()
# measure NAME WHAT BYTES CONNECTIONS COMMAND...: runs the command under
# /usr/bin/time -v (stdout to $LOG/NAME.out, stderr to $LOG/NAME.err) and adds a
# row to the table. Sets SECONDS_TAKEN, STATUS, and ROW and NOTE (the row's
# cells before the notes, and its note).
measure() {
    local name=$1 what=$2 bytes=$3 conns=$4
    shift 4
    say "$name: $what"
    local start=$EPOCHREALTIME
    STATUS=0
    /usr/bin/time -v -o "$LOG/$name.time" "$@" > "$LOG/$name.out" 2> "$LOG/$name.err" || STATUS=$?
    local end=$EPOCHREALTIME
    SECONDS_TAKEN=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    local rss
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOG/$name.time")
    local rates
    rates=$(awk -v s="$SECONDS_TAKEN" -v b="$bytes" -v c="$conns" 'BEGIN {
        mbs = b > 0 ? sprintf("%.0f", b / 1e6 / s) : "-"; cps = c > 0 ? sprintf("%.0f", c / s) : "-";
        print mbs "|" cps }')
    NOTE=""
    [[ $STATUS == 0 ]] || NOTE="exit status $STATUS"
    [[ $STATUS != 124 ]] || NOTE="stopped after $REPORT_TIMEOUT s"
    ROW="| $name | $what | $SECONDS_TAKEN | ${rates%%|*} | ${rates##*|} | ${rss:--} |"
    ROWS+=("$ROW $NOTE |")
    say "$name: ${SECONDS_TAKEN} s, ${rates%%|*} MB/s, ${rates##*|} connections/s, peak RSS ${rss} MB ${NOTE}"
}

require_ok() {
    if [[ $STATUS != 0 ]]; then
        say "$1 failed (exit status $STATUS):"
        tail -5 "$LOG/$1.err" >&2
        exit 1
    fi
}

# The counts the database holds per date and system, and those the tree promises.
check_counts() {
    local label=$1 filter=$2
    local found expected
    found=$("$BIN" --db "$DB" sql --format csv "
        SELECT s.capture_date, s.system, count(DISTINCT s.snapshot_id), count(*),
               sum(coalesce(c.ttls_policy, 0) = 1 OR t.conn_id IS NOT NULL), count(t.conn_id)
        FROM connections c JOIN snapshots s USING (snapshot_id)
        LEFT JOIN tls_sessions t ON t.snapshot_id = c.snapshot_id AND t.conn_id = c.conn_id
        GROUP BY 1, 2 ORDER BY 1, 2" | tail -n +2)
    expected=$(jq -r --arg d "$NEW_DAY" ".per_date_system[] | select($filter)
        | [.date, .system, .snapshots, .connections, .ttls_policy, .tls_sessions] | map(tostring) | join(\",\")" "$TOTALS")
    if [[ $found != "$expected" ]]; then
        say "$label: the database does not hold the expected totals"
        diff <(echo "$expected") <(echo "$found") | head -20 >&2
        exit 1
    fi
    say "$label: counts per date and system match expected-totals.json"
}

check_ciphers() {
    local found expected
    found=$("$BIN" --db "$DB" sql --format csv \
        "SELECT protocol, cipher_code, cipher_name, count(*) FROM tls_sessions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" | tail -n +2)
    expected=$(jq -r '.ciphers[] | [.protocol, .cipher_code, .cipher_name, .sessions] | map(tostring) | join(",")' "$TOTALS")
    if [[ $found != "$expected" ]]; then
        say "the cipher histogram differs from expected-totals.json"
        diff <(echo "$expected") <(echo "$found") | head -20 >&2
        exit 1
    fi
    say "cipher histogram matches expected-totals.json"
}

# (a) raw read; a first, untimed pass makes sure every file is in the page cache.
find "${BASE_DIRS[@]}" -type f -print0 | xargs -0 cat > /dev/null
measure "(a)" "raw read (cat to /dev/null)" "$BASE_BYTES" "$BASE_CONNS" \
    bash -c 'find "$@" -type f -print0 | xargs -0 cat > /dev/null' _ "${BASE_DIRS[@]}"
A_SECONDS=$SECONDS_TAKEN

measure "(b)" "parse only, all reports, no database" "$BASE_BYTES" "$BASE_CONNS" "$GEN" parse-only "${BASE_DIRS[@]}"
require_ok "(b)"
cat "$LOG/(b).out" >&2
grep -q '; 0 problems$' "$LOG/(b).out" || { say "(b) found problems"; exit 1; }

measure "(c)" "full ingest into a new database" "$BASE_BYTES" "$BASE_CONNS" "$BIN" --db "$DB" ingest "${BASE_DIRS[@]}"
require_ok "(c)"
C_SECONDS=$SECONDS_TAKEN
tail -1 "$LOG/(c).err" >&2
check_counts "(c)" '.date != $d'

measure "(d)" "re-ingest of the unchanged tree" "$BASE_BYTES" "$BASE_CONNS" "$BIN" --db "$DB" ingest "${BASE_DIRS[@]}"
require_ok "(d)"
D_SECONDS=$SECONDS_TAKEN
tail -1 "$LOG/(d).err" >&2

# (f) The rows of (c) as CSV, into the same table shape with the same indexes.
# STRICT is dropped: CSV has no NULL, and an empty field in an INTEGER column
# of a STRICT table is an error.
"$BIN" --db "$DB" export --table connections --out "$SCRATCH/csv" 2> /dev/null
CSV=$SCRATCH/csv/connections.csv
CSV_ROWS=$(($(wc -l < "$CSV") - 1))
IMPORT_DB=$SCRATCH/import.db
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_schema WHERE tbl_name = 'connections' AND sql IS NOT NULL" \
    | sed -e 's/) STRICT;$/);/' > "$SCRATCH/connections.sql"
sqlite3 "$IMPORT_DB" < "$SCRATCH/connections.sql"
measure "(f)" "sqlite3 .import of the (c) connection rows from CSV" "$(stat -c %s "$CSV")" "$CSV_ROWS" \
    sqlite3 "$IMPORT_DB" ".import --csv --skip 1 $CSV connections"
require_ok "(f)"
F_SECONDS=$SECONDS_TAKEN
imported=$(sqlite3 "$IMPORT_DB" "SELECT count(*) FROM connections")
[[ $imported == "$CSV_ROWS" ]] || { say "(f) imported $imported rows of $CSV_ROWS"; exit 1; }
INDEXES=$(sqlite3 "$IMPORT_DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'connections'")

measure "(e0)" "the extra day into a new database" "$DAY_BYTES" "$DAY_CONNS" \
    "$BIN" --db "$SCRATCH/day.db" ingest "$TREE/$NEW_DAY"
require_ok "(e0)"
E0_SECONDS=$SECONDS_TAKEN

DB_ROWS_BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
measure "(e)" "the extra day on top of (c), whole tree given" "$DAY_BYTES" "$DAY_CONNS" "$BIN" --db "$DB" ingest "$TREE"
require_ok "(e)"
E_SECONDS=$SECONDS_TAKEN
tail -1 "$LOG/(e).err" >&2
check_counts "(e)" 'true'
check_ciphers

DB_ROWS=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
DB_BYTES=$(stat -c %s "$DB")
DB_PAGES_FREE=$(sqlite3 "$DB" "PRAGMA freelist_count")

# reports STEP ROWS: measures every canned report on $DB as STEP, noting
# how many rows each printed, then the HTML report, noting its size.
mapfile -t REPORT_NAMES < <("$BIN" reports | awk '/^[^ ]/ { print $1 }')
reports() {
    local step=$1 rows=$2 name lines
    for name in "${REPORT_NAMES[@]}"; do
        measure "$step $name" "report $name ($rows connection rows)" 0 0 \
            timeout "$REPORT_TIMEOUT" "$BIN" --db "$DB" report "$name" --format csv
        lines=$(($(wc -l < "$LOG/$step $name.out") - 1))
        ROWS[-1]="$ROW ${NOTE:-$((lines < 0 ? 0 : lines)) rows} |"
    done
    # The HTML report of the whole period runs most of the reports above, once.
    measure "$step html" "html report of the whole period ($rows connection rows)" 0 0 \
        timeout "$REPORT_TIMEOUT" "$BIN" --db "$DB" html --out "$SCRATCH/report.html"
    ROWS[-1]="$ROW ${NOTE:-$(awk -v b="$(stat -c %s "$SCRATCH/report.html")" 'BEGIN { printf "%.2f MB", b / 1e6 }')} |"
}

# (g) every canned report on the final database.
reports "(g)" "$DB_ROWS"

# (h) a database of LARGE_ROWS connection rows: the days after the tree's,
# generated and ingested a chunk at a time (the text of 10 M rows is about
# 50 GB; the chunks are removed once ingested), then one more day on top of
# it and into an empty database, and every report.
LARGE_NOTE=""
if ((LARGE_ROWS > DB_ROWS)); then
    next_day() { date -u -d "$1 + $2 days" +%Y-%m-%d; }
    day_rows=$((SYSTEMS * SNAPSHOTS_PER_DAY * CONNECTIONS))
    large_start=$(next_day "$NEW_DAY" 1)
    large_days=$(((LARGE_ROWS - DB_ROWS + day_rows - 1) / day_rows))
    say "(h) growing the database by $large_days days of $day_rows rows from $large_start"
    build_start=$EPOCHREALTIME
    large_bytes=0
    for ((done_days = 0; done_days < large_days; done_days += LARGE_CHUNK_DAYS)); do
        chunk=$((large_days - done_days < LARGE_CHUNK_DAYS ? large_days - done_days : LARGE_CHUNK_DAYS))
        rm -rf "$SCRATCH/chunk"
        "$GEN" generate --out "$SCRATCH/chunk" --days "$chunk" --systems "$SYSTEMS" --connections "$CONNECTIONS" \
            --snapshots-per-day "$SNAPSHOTS_PER_DAY" --seed $((SEED + 1 + done_days)) \
            --start "$(next_day "$large_start" "$done_days")" 2>> "$LOG/large-generate.txt"
        large_bytes=$((large_bytes + $(bytes_of "$SCRATCH/chunk")))
        "$BIN" --db "$DB" ingest -q "$SCRATCH/chunk" 2>> "$LOG/large-ingest.txt" || { say "(h) ingest failed"; exit 1; }
        say "(h) $((done_days + chunk)) of $large_days days in"
    done
    rm -rf "$SCRATCH/chunk"
    build_seconds=$(awk -v a="$build_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
    LARGE_DB_ROWS=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
    extra_day=$(next_day "$large_start" "$large_days")
    "$GEN" generate --out "$SCRATCH/extra" --days 1 --systems "$SYSTEMS" --connections "$CONNECTIONS" \
        --snapshots-per-day "$SNAPSHOTS_PER_DAY" --seed $((SEED + 1 + large_days)) --start "$extra_day" 2> /dev/null
    EXTRA_BYTES=$(bytes_of "$SCRATCH/extra")
    measure "(h-e0)" "one more day into a new database" "$EXTRA_BYTES" "$day_rows" \
        "$BIN" --db "$SCRATCH/extra.db" ingest "$SCRATCH/extra"
    require_ok "(h-e0)"
    HE0_SECONDS=$SECONDS_TAKEN
    measure "(h-e)" "the same day on top of $LARGE_DB_ROWS rows" "$EXTRA_BYTES" "$day_rows" \
        "$BIN" --db "$DB" ingest "$SCRATCH/extra"
    require_ok "(h-e)"
    HE_SECONDS=$SECONDS_TAKEN
    LARGE_DB_ROWS=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
    reports "(h-g)" "$LARGE_DB_ROWS"
    "$BIN" --db "$DB" check > "$LOG/large-check.txt" || { say "(h) check failed"; cat "$LOG/large-check.txt" >&2; exit 1; }
    LARGE_NOTE="- (h) grew the database of (e) by $large_days days ($(awk -v b="$large_bytes" 'BEGIN { printf "%.1f", b / 1e9 }') GB of text, generated and ingested $LARGE_CHUNK_DAYS days at a time in $build_seconds s, generation included) to $LARGE_DB_ROWS connection rows, $(awk -v b="$(stat -c %s "$DB")" 'BEGIN { printf "%.1f", b / 1e9 }') GB; \`ttlsinv check\` passes on it."
fi

# --- the results --------------------------------------------------------------
# div A B [SCALE]: A / B * SCALE, rounded; ratio A B: A / B in percent.
div() { awk -v a="$1" -v b="$2" -v k="${3:-1}" 'BEGIN { printf "%.0f", a / b * k }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
A_MBS=$(div "$BASE_BYTES" "$A_SECONDS" 1e-6)
C_MBS=$(div "$BASE_BYTES" "$C_SECONDS" 1e-6)
C_CPS=$(div "$BASE_CONNS" "$C_SECONDS")
F_RPS=$(div "$CSV_ROWS" "$F_SECONDS")
MEM_GB=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
CPU=$(lscpu | awk -F': *' '/Model name/ { print $2; exit }')
DISK=$(df -hT "$SCRATCH" | awk 'NR == 2 { print $2 ", " $3 " (" $1 ")" }')

{
    echo "<!-- bench:begin (written by bench/run.sh; edit outside the markers) -->"
    echo "Run on $(date -u +%Y-%m-%d), revision $REVISION:"
    echo
    echo '```sh'
    echo "$COMMAND"
    echo '```'
    echo
    echo "- Machine: $(nproc) cores ($CPU), ${MEM_GB} GB RAM, disk $DISK; $(rustc --version); sqlite3 $(sqlite3 --version | cut -d' ' -f1)."
    echo "- Tree: $((DAYS + 1)) days x $SYSTEMS systems x $SNAPSHOTS_PER_DAY snapshots a day x $CONNECTIONS connections; $(jq .files "$TOTALS") files, $(awk -v b="$gen_bytes" 'BEGIN { printf "%.2f", b / 1e9 }') GB, written by \`ttlsinv-gen generate\` in ${gen_seconds} s ($(awk -v b="$gen_bytes" -v s="$gen_seconds" 'BEGIN { printf "%.0f", b / 1e6 / s }') MB/s)."
    echo "- Steps (a)-(d) and (f) use the first $DAYS days: $(awk -v b="$BASE_BYTES" 'BEGIN { printf "%.2f", b / 1e9 }') GB, $BASE_CONNS connection rows; (e0) and (e) the last day: $(awk -v b="$DAY_BYTES" 'BEGIN { printf "%.2f", b / 1e9 }') GB, $DAY_CONNS rows."
    echo "- Final database: $DB_ROWS connection rows, $(awk -v b="$DB_BYTES" 'BEGIN { printf "%.0f", b / 1e6 }') MB ($DB_PAGES_FREE free pages); the counts per date and system and the cipher histogram equal expected-totals.json."
    [[ -z $LARGE_NOTE ]] || echo "$LARGE_NOTE"
    echo "- (f) imports $CSV_ROWS rows ($(awk -v b="$(stat -c %s "$CSV")" 'BEGIN { printf "%.0f", b / 1e6 }') MB of CSV) into the \`connections\` table of ttlsinv (without STRICT) with its $INDEXES indexes in place, sqlite3 shell defaults."
    echo
    echo "| step | what | seconds | MB/s | connections/s | peak RSS (MB) | notes |"
    echo "|---|---|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "| ratio | value | target (issue 6) |"
    echo "|---|---:|---|"
    echo "| (c)/(a) throughput: ingest MB/s over raw read MB/s | $(ratio "$C_MBS" "$A_MBS") % | ingest ≥ 200 MB/s (now $C_MBS MB/s) |"
    echo "| (c)/(f) rows/s: ingest connections/s over sqlite3 .import rows/s | $(ratio "$C_CPS" "$F_RPS") % | ≥ 50 % |"
    echo "| (d)/(c) time: re-ingest over first ingest | $(ratio "$D_SECONDS" "$C_SECONDS") % | ≤ 5 % |"
    echo "| (e)/(e0) time: new day on the database of (c) over the same day on an empty one | $(ratio "$E_SECONDS" "$E0_SECONDS") % | ≤ 120 % (on 10 M rows) |"
    [[ -z $LARGE_NOTE ]] || echo "| (h-e)/(h-e0) time: new day on $LARGE_DB_ROWS rows over the same day on an empty database | $(ratio "$HE_SECONDS" "$HE0_SECONDS") % | ≤ 120 % |"
    echo "<!-- bench:end -->"
} > "$SCRATCH/results.md"

cat "$SCRATCH/results.md"
if [[ -n $RESULTS ]]; then
    if [[ -f $RESULTS ]] && grep -q '<!-- bench:begin' "$RESULTS"; then
        # Replace the previous results, keep everything around them.
        awk -v results="$SCRATCH/results.md" '
            /<!-- bench:begin/ { while ((getline line < results) > 0) print line; skip = 1; next }
            /<!-- bench:end/ { skip = 0; next }
            !skip { print }' "$RESULTS" > "$SCRATCH/results.new"
        mv "$SCRATCH/results.new" "$RESULTS"
    else
        cat "$SCRATCH/results.md" >> "$RESULTS"
    fi
    say "results written to $RESULTS"
fi
