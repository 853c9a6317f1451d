#!/usr/bin/env bash
# bench/run.sh: measures ttlsinv on generated capture trees of every shape a
# site has (issues 6, 16 and 21) and writes the results into BENCHMARKS.md
# (between the bench markers) and to standard output.
#
#   bench/run.sh                                   # every shape, 10 M rows for (a) and (b)
#   SHAPES="a b" LARGE_ROWS=0 bench/run.sh         # two shapes, no 10 M-row database
#   A_TREE="2 4 1000 2" B_TREE="2 4 1000 2" C_TREE="1 1 200 96" D_TREE="1 1 20000 1" \
#       LARGE_ROWS=300000 bench/run.sh             # a quick one
#
# Shapes (the generator's --shape, issue 16):
#   (a) default: a few hundred clients per application, one TTLS DETAIL per snapshot
#   (b) clients: a new client address for every inbound connection, one
#       TTLS CONN n DETAIL report per connection appended in one file
#   (c) long-lived: 96 snapshots a day of mostly the same connections
#   (d) one very large file: one system, one snapshot of 200 000 connections
#
# Parameters (environment):
#   SHAPES             which shapes to measure (default "a b c d")
#   A_TREE .. D_TREE   each shape's tree: "DAYS SYSTEMS CONNECTIONS SNAPSHOTS_PER_DAY"
#                      (defaults "4 8 4000 4", "4 8 4000 4", "1 2 1000 96", "1 1 200000 1");
#                      (a) and (b) get one more day for (e0) and (e)
#   SEED, START        the generator's seed and first date
#   LARGE_ROWS         grow the databases of LARGE_SHAPES (default "a b") to at
#                      least this many connection rows (default 10000000; 0
#                      skips steps (h)), generating and ingesting
#                      LARGE_CHUNK_DAYS days at a time (default 5), each chunk
#                      removed once ingested
#   LARGE_UNTIL_a, LARGE_UNTIL_b
#                      stop growing that shape's database at this time (anything
#                      `date -d` reads, e.g. 16:25) and measure (h) on the rows
#                      reached, saying so
#   SCRATCH            folder for trees and databases (default: a new one under
#                      /tmp, removed at the end unless KEEP=1)
#   RESULTS            file to write the results into (default: BENCHMARKS.md;
#                      empty: standard output only)
#   REPORT_TIMEOUT     seconds after which a canned report is stopped (default 600)
#   REVISION           what to call the code measured (default: the git commit)
#
# Needs /usr/bin/time (package `time`), sqlite3 and jq: installed with apt-get
# when missing and running as root.
#
# Steps on each shape's tree:
#   (a) raw read: cat every capture file to /dev/null
#   (b) parse only: ttlsinv-gen parse-only (ingest's own read, hash, split and
#       parse stage on its threads; no database)
#   (c) full ingest into a new database, with `--timings`: its `timings:` line
#       (wall clock: total T s ... summaries S s) gives the summaries' share S/T
#   (f) the connection rows of (c), exported to CSV, loaded by the sqlite3
#       shell with .import into a new database with the same table and indexes
# and on (a) and (b) also:
#   (d) re-ingest of the unchanged tree
#   (e0) the extra day alone into a new database
#   (e) the extra day on top of the database of (c)
#   (g) every canned report, and the HTML report, on the database of (e)
#   (h) the database grown to LARGE_ROWS rows: (h-e0) one more day into an
#       empty database and (h-e) the same day on top of the large one; (h-g)
#       every canned report on the large database, and (h-p) each report that
#       has `--by peer` in that form: time to its first row and to its last
# The page cache is warm: each tree was just written (and read once by (a)).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD

SHAPES=${SHAPES:-a b c d}
A_TREE=${A_TREE:-4 8 4000 4}
B_TREE=${B_TREE:-4 8 4000 4}
C_TREE=${C_TREE:-1 2 1000 96}
D_TREE=${D_TREE:-1 1 200000 1}
SEED=${SEED:-1}
START=${START:-2026-01-01}
RESULTS=${RESULTS-BENCHMARKS.md}
REPORT_TIMEOUT=${REPORT_TIMEOUT:-600}
LARGE_ROWS=${LARGE_ROWS:-10000000}
LARGE_SHAPES=${LARGE_SHAPES:-a b}
LARGE_CHUNK_DAYS=${LARGE_CHUNK_DAYS:-5}
LARGE_UNTIL_a=${LARGE_UNTIL_a:-}
LARGE_UNTIL_b=${LARGE_UNTIL_b:-}
KEEP=${KEEP:-0}
REVISION=${REVISION:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')}
COMMAND="SHAPES=\"$SHAPES\" A_TREE=\"$A_TREE\" B_TREE=\"$B_TREE\" C_TREE=\"$C_TREE\" D_TREE=\"$D_TREE\" SEED=$SEED LARGE_ROWS=$LARGE_ROWS LARGE_SHAPES=\"$LARGE_SHAPES\"${LARGE_UNTIL_a:+ LARGE_UNTIL_a=$LARGE_UNTIL_a}${LARGE_UNTIL_b:+ LARGE_UNTIL_b=$LARGE_UNTIL_b} bench/run.sh"

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
LOG=$SCRATCH/log
mkdir -p "$LOG"

say() { echo "bench: $*" >&2; }
# div A B [SCALE]: A / B * SCALE, rounded; ratio A B: A / B in percent; x A B: A / B to two places.
div() { awk -v a="$1" -v b="$2" -v k="${3:-1}" 'BEGIN { printf "%.0f", a / b * k }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
x() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
gb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e9 }'; }
bytes_of() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
next_day() { date -u -d "$1 + $2 days" +%Y-%m-%d; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- measuring ----------------------------------------------------------------
# measure NAME WHAT BYTES CONNECTIONS COMMAND...: runs the command under
# /usr/bin/time -v (stdout to $LOG/NAME.out, stderr to $LOG/NAME.err) and adds a
# row to the shape's table. Sets SECONDS_TAKEN, STATUS, RSS, and ROW and NOTE
# (the row's cells before the notes, and its note).
ROWS=()
measure() {
    local name=$1 what=$2 bytes=$3 conns=$4
    shift 4
    say "$SHAPE $name: $what"
    local start=$EPOCHREALTIME
    STATUS=0
    /usr/bin/time -v -o "$LOG/$SHAPE$name.time" "$@" > "$LOG/$SHAPE$name.out" 2> "$LOG/$SHAPE$name.err" || STATUS=$?
    local end=$EPOCHREALTIME
    SECONDS_TAKEN=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOG/$SHAPE$name.time")
    local rates
    rates=$(awk -v s="$SECONDS_TAKEN" -v b="$bytes" -v c="$conns" 'BEGIN {
        mbs = b > 0 ? sprintf("%.0f", b / 1e6 / s) : "-"; cps = c > 0 ? sprintf("%.0f", c / s) : "-";
        print mbs "|" cps }')
    NOTE=""
    [[ $STATUS == 0 ]] || NOTE="exit status $STATUS"
    [[ $STATUS != 124 ]] || NOTE="stopped after $REPORT_TIMEOUT s"
    ROW="| $name | $what | $SECONDS_TAKEN | ${rates%%|*} | ${rates##*|} | ${RSS:--} |"
    ROWS+=("$ROW $NOTE |")
    say "$SHAPE $name: ${SECONDS_TAKEN} s, ${rates%%|*} MB/s, ${rates##*|} connections/s, peak RSS ${RSS} MB ${NOTE}"
}

require_ok() {
    if [[ $STATUS != 0 ]]; then
        say "$SHAPE $1 failed (exit status $STATUS):"
        tail -5 "$LOG/$SHAPE$1.out" "$LOG/$SHAPE$1.err" >&2
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
        say "$SHAPE $label: the database does not hold the expected totals"
        diff <(echo "$expected") <(echo "$found") | head -20 >&2
        exit 1
    fi
    say "$SHAPE $label: counts per date and system match expected-totals.json"
}

check_ciphers() {
    local found expected
    found=$("$BIN" --db "$DB" sql --format csv \
        "SELECT protocol, cipher_code, cipher_name, count(*) FROM tls_sessions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" | tail -n +2)
    expected=$(jq -r '.ciphers[] | [.protocol, .cipher_code, .cipher_name, .sessions] | map(tostring) | join(",")' "$TOTALS")
    if [[ $found != "$expected" ]]; then
        say "$SHAPE: the cipher histogram differs from expected-totals.json"
        diff <(echo "$expected") <(echo "$found") | head -20 >&2
        exit 1
    fi
    say "$SHAPE: cipher histogram matches expected-totals.json"
}

mapfile -t REPORT_NAMES < <("$BIN" reports | awk '/^[^ ]/ { print $1 }')
# The reports that need to be told what to check.
declare -A REPORT_ARGS=([compliance]="--standard all" [impact]="--disable TLSv1.0")
mapfile -t PEER_REPORTS < <("$BIN" reports | awk '/^[^ ]/ { name = $1 } /parameters:.*by_peer/ { print name }')

# reports STEP ROWS: measures every canned report on $DB as STEP, noting
# how many rows each printed, then the HTML report, noting its size. Keeps
# the slowest report's time in SLOWEST and name in SLOWEST_NAME.
reports() {
    local step=$1 rows=$2 name lines
    SLOWEST=0
    SLOWEST_NAME=""
    for name in "${REPORT_NAMES[@]}"; do
        measure "$step $name" "report $name${REPORT_ARGS[$name]:+ ${REPORT_ARGS[$name]}} ($rows connection rows)" 0 0 \
            timeout "$REPORT_TIMEOUT" "$BIN" --db "$DB" report "$name" ${REPORT_ARGS[$name]:-} --format csv
        lines=$(($(wc -l < "$LOG/$SHAPE$step $name.out") - 1))
        ROWS[-1]="$ROW ${NOTE:-$((lines < 0 ? 0 : lines)) rows} |"
        REPORT_ROWS[$name]=$((lines < 0 ? 0 : lines))
        REPORT_SECONDS[$name]=$SECONDS_TAKEN
        if awk -v a="$SECONDS_TAKEN" -v b="$SLOWEST" 'BEGIN { exit !(a > b) }'; then
            SLOWEST=$SECONDS_TAKEN
            SLOWEST_NAME=$name
        fi
    done
    # The HTML report of the whole period runs most of the reports above, once.
    measure "$step html" "html report of the whole period ($rows connection rows)" 0 0 \
        timeout "$REPORT_TIMEOUT" "$BIN" --db "$DB" html --out "$SCRATCH/report.html"
    ROWS[-1]="$ROW ${NOTE:-$(awk -v b="$(stat -c %s "$SCRATCH/report.html")" 'BEGIN { printf "%.2f MB", b / 1e6 }')} |"
}

# by_peer STEP ROWS: each report that has --by peer, in that form: the time
# to its first row (the CSV header and one row read) and to its last.
by_peer() {
    local step=$1 rows=$2 name start first end lines
    for name in "${PEER_REPORTS[@]}"; do
        say "$SHAPE $step $name${REPORT_ARGS[$name]:+ ${REPORT_ARGS[$name]}} --by peer"
        start=$EPOCHREALTIME
        timeout "$REPORT_TIMEOUT" "$BIN" --db "$DB" report "$name" ${REPORT_ARGS[$name]:-} --by peer --format csv \
            | { read -r _ && read -r _ && echo "$EPOCHREALTIME" > "$LOG/first"; cat > /dev/null; } || true
        end=$EPOCHREALTIME
        first=$(cat "$LOG/first" 2>/dev/null || echo "$end")
        rm -f "$LOG/first"
        lines=$(timeout "$REPORT_TIMEOUT" "$BIN" --db "$DB" report "$name" ${REPORT_ARGS[$name]:-} --by peer --format csv \
            | wc -l)
        PEER_ROWS+=("| $name --by peer | $(awk -v a="$start" -v b="$first" 'BEGIN { printf "%.3f", b - a }') | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') | $((lines - 1)) |")
    done
}

# --- one shape ----------------------------------------------------------------
declare -A SHAPE_FLAG=([a]=default [b]=clients [c]=long-lived [d]=default)
declare -A SHAPE_WHAT=([a]="(a) default" [b]="(b) high-cardinality clients, a TTLS CONN n DETAIL per connection"
    [c]="(c) a capture every 15 minutes of long-lived connections" [d]="(d) one very large file")
declare -A TREE_OF=([a]=$A_TREE [b]=$B_TREE [c]=$C_TREE [d]=$D_TREE)
declare -A PARSE_MBS CPS IMPORT_RPS SUMMARY_SHARE BYTES_PER_ROW INGEST_RSS HE_RATIO SLOW_REPORT LARGE_AT SECTIONS
declare -A REPORT_ROWS REPORT_SECONDS
PEER_ROWS=()
ISSUE21=""

shape() {
    SHAPE=$1
    local days systems connections snapshots
    read -r days systems connections snapshots <<< "${TREE_OF[$SHAPE]}"
    local more=0
    [[ $SHAPE == [ab] ]] && more=1
    TREE=$SCRATCH/$SHAPE/tree
    DB=$SCRATCH/$SHAPE/inventory.db
    rm -rf "${SCRATCH:?}/$SHAPE"
    mkdir -p "$SCRATCH/$SHAPE"
    ROWS=()
    local flag=${SHAPE_FLAG[$SHAPE]}
    say "$SHAPE: generating $((days + more)) days x $systems systems x $snapshots snapshots x $connections connections, --shape $flag"
    local gen_start=$EPOCHREALTIME
    "$GEN" generate --out "$TREE" --days $((days + more)) --systems "$systems" --connections "$connections" \
        --snapshots-per-day "$snapshots" --seed "$SEED" --start "$START" --shape "$flag" 2> "$LOG/$SHAPE-generate.txt"
    local gen_seconds
    gen_seconds=$(awk -v a="$gen_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    TOTALS=$TREE/expected-totals.json
    local files
    files=$(jq .files "$TOTALS")
    local dates base_dirs=() date
    mapfile -t dates < <(jq -r '[.per_date_system[].date] | unique | .[]' "$TOTALS")
    NEW_DAY=none
    ((more == 0)) || NEW_DAY=${dates[-1]}
    for date in "${dates[@]}"; do [[ $date == "$NEW_DAY" ]] || base_dirs+=("$TREE/$date"); done
    local base_bytes base_conns day_bytes=0 day_conns=0
    base_bytes=$(bytes_of "${base_dirs[@]}")
    base_conns=$(jq --arg d "$NEW_DAY" '[.per_date_system[] | select(.date != $d) | .connections] | add' "$TOTALS")
    if ((more)); then
        day_bytes=$(bytes_of "$TREE/$NEW_DAY")
        day_conns=$(jq --arg d "$NEW_DAY" '[.per_date_system[] | select(.date == $d) | .connections] | add' "$TOTALS")
    fi

    # (a) raw read; a first, untimed pass makes sure every file is in the page cache.
    find "${base_dirs[@]}" -type f -print0 | xargs -0 cat > /dev/null
    measure "(a)" "raw read (cat to /dev/null)" "$base_bytes" "$base_conns" \
        bash -c 'find "$@" -type f -print0 | xargs -0 cat > /dev/null' _ "${base_dirs[@]}"

    # The single capture of (d) (1.2 GB) is read as a stream: no --max-file-size needed.
    measure "(b)" "parse only, all reports, no database" "$base_bytes" "$base_conns" \
        "$GEN" parse-only "${base_dirs[@]}"
    require_ok "(b)"
    PARSE_MBS[$SHAPE]=$(div "$base_bytes" "$SECONDS_TAKEN" 1e-6)
    cat "$LOG/$SHAPE(b).out" >&2

    measure "(c)" "full ingest into a new database" "$base_bytes" "$base_conns" \
        "$BIN" --db "$DB" ingest --timings "${base_dirs[@]}"
    require_ok "(c)"
    local c_seconds=$SECONDS_TAKEN
    CPS[$SHAPE]=$(div "$base_conns" "$c_seconds")
    INGEST_RSS[$SHAPE]=$RSS
    local timings
    timings=$(grep '^timings: ' "$LOG/$SHAPE(c).err" || true)
    say "$SHAPE (c) $timings"
    SUMMARY_SHARE[$SHAPE]=$(awk -v t="$timings" 'BEGIN {
        if (match(t, /total [0-9.]+ s/)) total = substr(t, RSTART + 6, RLENGTH - 8);
        if (match(t, /summaries [0-9.]+ s/)) s = substr(t, RSTART + 10, RLENGTH - 12);
        if (total > 0) printf "%.1f", 100 * s / total; else printf "-" }')
    ROWS[-1]="$ROW summaries ${SUMMARY_SHARE[$SHAPE]} % of the wall time |"
    check_counts "(c)" '.date != $d'
    BYTES_PER_ROW[$SHAPE]=$(div "$(stat -c %s "$DB")" "$base_conns")

    local c_rows
    if ((more)); then
        measure "(d)" "re-ingest of the unchanged tree" "$base_bytes" "$base_conns" "$BIN" --db "$DB" ingest "${base_dirs[@]}"
        require_ok "(d)"
    fi

    # (f) The rows of (c) as CSV, into the same table shape with the same indexes:
    # connection_rows, where the rows are kept (connections is a view over it
    # since migration 0018), with its texts as the ids ingest stored.
    # STRICT is dropped: CSV has no NULL, and an empty field in an INTEGER column
    # of a STRICT table is an error.
    local table=connection_rows
    "$BIN" --db "$DB" export --raw-csv --table "$table" --out "$SCRATCH/$SHAPE/csv" 2> /dev/null
    local csv=$SCRATCH/$SHAPE/csv/$table.csv csv_rows import_db=$SCRATCH/$SHAPE/import.db
    csv_rows=$(($(wc -l < "$csv") - 1))
    sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_schema WHERE tbl_name = '$table' AND sql IS NOT NULL" \
        | sed -e 's/) STRICT;$/);/' -e 's/) STRICT, WITHOUT ROWID;$/) WITHOUT ROWID;/' > "$SCRATCH/$SHAPE/$table.sql"
    sqlite3 "$import_db" < "$SCRATCH/$SHAPE/$table.sql"
    measure "(f)" "sqlite3 .import of the (c) connection rows from CSV" "$(stat -c %s "$csv")" "$csv_rows" \
        sqlite3 "$import_db" ".import --csv --skip 1 $csv $table"
    require_ok "(f)"
    IMPORT_RPS[$SHAPE]=$(div "$csv_rows" "$SECONDS_TAKEN")
    local imported indexes columns
    imported=$(sqlite3 "$import_db" "SELECT count(*) FROM $table")
    [[ $imported == "$csv_rows" ]] || { say "$SHAPE (f) imported $imported rows of $csv_rows"; exit 1; }
    indexes=$(sqlite3 "$import_db" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = '$table'")
    columns=$(sqlite3 "$import_db" "SELECT count(*) FROM pragma_table_info('$table')")
    rm -rf "$SCRATCH/$SHAPE/csv" "$import_db"

    local large_note=""
    if ((more)); then
        measure "(e0)" "the extra day into a new database" "$day_bytes" "$day_conns" \
            "$BIN" --db "$SCRATCH/$SHAPE/day.db" ingest "$TREE/$NEW_DAY"
        require_ok "(e0)"
        local e0_seconds=$SECONDS_TAKEN
        rm -f "$SCRATCH/$SHAPE"/day.db*
        measure "(e)" "the extra day on top of (c), whole tree given" "$day_bytes" "$day_conns" "$BIN" --db "$DB" ingest "$TREE"
        require_ok "(e)"
        ROWS[-1]="$ROW $(ratio "$SECONDS_TAKEN" "$e0_seconds") % of (e0) |"
        check_counts "(e)" 'true'
        check_ciphers
        c_rows=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
        reports "(g)" "$c_rows"
        rm -rf "$TREE"

        # (h) the database grown a chunk of days at a time (the text of 10 M
        # rows is about 50 GB; each chunk is removed once ingested).
        if ((LARGE_ROWS > c_rows)) && [[ " $LARGE_SHAPES " == *" $SHAPE "* ]]; then
            local day_rows=$((systems * snapshots * connections))
            local large_start large_days done_days=0 chunk build_start large_bytes=0 stopped=""
            large_start=$(next_day "$NEW_DAY" 1)
            large_days=$(((LARGE_ROWS - c_rows + day_rows - 1) / day_rows))
            local until_var=LARGE_UNTIL_$SHAPE deadline=0
            [[ -z ${!until_var:-} ]] || deadline=$(date -d "${!until_var}" +%s)
            say "$SHAPE (h) growing the database by $large_days days of $day_rows rows from $large_start"
            build_start=$EPOCHREALTIME
            while ((done_days < large_days)); do
                if ((deadline > 0 && $(date +%s) >= deadline)); then
                    stopped=" (stopped at $until_var=${!until_var}, short of $LARGE_ROWS rows, for lack of time)"
                    break
                fi
                chunk=$((large_days - done_days < LARGE_CHUNK_DAYS ? large_days - done_days : LARGE_CHUNK_DAYS))
                rm -rf "$SCRATCH/chunk"
                "$GEN" generate --out "$SCRATCH/chunk" --days "$chunk" --systems "$systems" --connections "$connections" \
                    --snapshots-per-day "$snapshots" --seed $((SEED + 1 + done_days)) --shape "$flag" \
                    --start "$(next_day "$large_start" "$done_days")" 2>> "$LOG/$SHAPE-large-generate.txt"
                large_bytes=$((large_bytes + $(bytes_of "$SCRATCH/chunk")))
                "$BIN" --db "$DB" ingest -q "$SCRATCH/chunk" 2>> "$LOG/$SHAPE-large-ingest.txt" || { say "(h) ingest failed"; exit 1; }
                done_days=$((done_days + chunk))
                say "$SHAPE (h) $done_days of $large_days days in"
            done
            rm -rf "$SCRATCH/chunk"
            local build_seconds large_rows extra_day extra_bytes he0_seconds
            build_seconds=$(awk -v a="$build_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
            large_rows=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
            extra_day=$(next_day "$large_start" "$done_days")
            "$GEN" generate --out "$SCRATCH/extra" --days 1 --systems "$systems" --connections "$connections" \
                --snapshots-per-day "$snapshots" --seed $((SEED + 1 + large_days)) --start "$extra_day" \
                --shape "$flag" 2> /dev/null
            extra_bytes=$(bytes_of "$SCRATCH/extra")
            measure "(h-e0)" "one more day into a new database" "$extra_bytes" "$day_rows" \
                "$BIN" --db "$SCRATCH/$SHAPE/extra.db" ingest "$SCRATCH/extra"
            require_ok "(h-e0)"
            he0_seconds=$SECONDS_TAKEN
            rm -f "$SCRATCH/$SHAPE"/extra.db*
            measure "(h-e)" "the same day on top of $large_rows rows" "$extra_bytes" "$day_rows" \
                "$BIN" --db "$DB" ingest "$SCRATCH/extra"
            require_ok "(h-e)"
            HE_RATIO[$SHAPE]=$(ratio "$SECONDS_TAKEN" "$he0_seconds")
            ROWS[-1]="$ROW ${HE_RATIO[$SHAPE]} % of (h-e0) |"
            rm -rf "$SCRATCH/extra"
            large_rows=$(sqlite3 "$DB" "SELECT count(*) FROM connections")
            LARGE_AT[$SHAPE]=$large_rows
            reports "(h-g)" "$large_rows"
            SLOW_REPORT[$SHAPE]="$SLOWEST s ($SLOWEST_NAME)"
            if [[ $SHAPE == b ]]; then
                PEER_ROWS=()
                by_peer "(h-p)" "$large_rows"
                ISSUE21="Shape (b), $large_rows connection rows:"$'\n\n'"| report | default form: seconds | rows | \`--by peer\`: seconds to the first row | to the last | rows |"$'\n'"|---|---:|---:|---:|---:|---:|"
                local name peer
                for name in "${REPORT_NAMES[@]}"; do
                    peer="| - | - | - |"
                    for row in "${PEER_ROWS[@]}"; do
                        [[ $row == "| $name --by peer |"* ]] && peer="|${row#"| $name --by peer |"}"
                    done
                    ISSUE21+=$'\n'"| $name | ${REPORT_SECONDS[$name]} | ${REPORT_ROWS[$name]} $peer"
                done
            fi
            "$BIN" --db "$DB" check > "$LOG/$SHAPE-large-check.txt" || { say "(h) check failed"; cat "$LOG/$SHAPE-large-check.txt" >&2; exit 1; }
            BYTES_PER_ROW[$SHAPE-large]=$(div "$(stat -c %s "$DB")" "$large_rows")
            large_note="- (h) grew the database of (e) by $done_days days$stopped ($(gb "$large_bytes") GB of text, generated and ingested $LARGE_CHUNK_DAYS days at a time in $build_seconds s, generation included) to $large_rows connection rows, $(gb "$(stat -c %s "$DB")") GB (${BYTES_PER_ROW[$SHAPE-large]} bytes per row); \`ttlsinv check\` passes on it."
        fi
    fi
    rm -rf "$TREE" "$SCRATCH/$SHAPE"

    SECTIONS[$SHAPE]=$(
        echo "### Shape ${SHAPE_WHAT[$SHAPE]}"
        echo
        echo "- Tree: $((days + more)) days x $systems systems x $snapshots snapshots a day x $connections connections (\`--shape $flag\`); $files files, written by \`ttlsinv-gen generate\` in ${gen_seconds} s."
        echo "- Steps (a)-(d) and (f) use $(gb "$base_bytes") GB, $base_conns connection rows$( ((more)) && echo "; (e0) and (e) the last day: $(gb "$day_bytes") GB, $day_conns rows")."
        echo "- Database after (c): ${BYTES_PER_ROW[$SHAPE]} bytes per connection row; the counts per date and system equal expected-totals.json$( ((more)) && echo " (and after (e), with the cipher histogram)")."
        [[ -z $large_note ]] || echo "$large_note"
        echo "- (f) imports $csv_rows rows into \`connection_rows\` (the table ttlsinv keeps connection rows in; $columns columns, without STRICT) with its $indexes indexes in place, sqlite3 shell defaults."
        echo
        echo "| step | what | seconds | MB/s | connections/s | peak RSS (MB) | notes |"
        echo "|---|---|---:|---:|---:|---:|---|"
        printf '%s\n' "${ROWS[@]}"
    )
}

for s in $SHAPES; do
    shape "$s"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the results --------------------------------------------------------------
MEM_GB=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
CPU=$(lscpu | awk -F': *' '/Model name/ { print $2; exit }')
DISK=$(df -hT "$SCRATCH" | awk 'NR == 2 { print $2 ", " $3 " (" $1 ")" }')
# value SHAPE ARRAY: the shape's figure, or - when the shape was not measured.
of() { local -n values=$2; echo "${values[$1]:--}"; }
cps_ratio() { [[ -n ${CPS[$1]:-} ]] && x "${CPS[$1]}" "${IMPORT_RPS[$1]}" || echo -; }

{
    echo "<!-- bench:begin (written by bench/run.sh; edit outside the markers) -->"
    echo "Run on $(date -u +%Y-%m-%d), revision $REVISION:"
    echo
    echo '```sh'
    echo "$COMMAND"
    echo '```'
    echo
    echo "- Machine: $(nproc) cores ($CPU), ${MEM_GB} GB RAM, disk $DISK; $(rustc --version); sqlite3 $(sqlite3 --version | cut -d' ' -f1)."
    echo "- **Shared**: other work ran on the same cores (load average $LOAD_START at the start, $LOAD_END at the end; 1, 5 and 15 minutes). Seconds are inflated by it; the ratios compare figures measured in the same run."
    echo
    echo "| figure (issue 16) | (a) | (b) | (c) | (d) | target |"
    echo "|---|---:|---:|---:|---:|---|"
    echo "| ingest connections/s over \`sqlite3 .import\` rows/s, (c)/(f) | $(cps_ratio a) | $(cps_ratio b) | $(cps_ratio c) | $(cps_ratio d) | ≥ 0.5 (a), ≥ 0.35 (b) |"
    echo "| ingest connections/s, (c) | $(of a CPS) | $(of b CPS) | $(of c CPS) | $(of d CPS) | |"
    echo "| \`sqlite3 .import\` rows/s, (f) | $(of a IMPORT_RPS) | $(of b IMPORT_RPS) | $(of c IMPORT_RPS) | $(of d IMPORT_RPS) | |"
    echo "| summaries' share of ingest wall time, (c), % | $(of a SUMMARY_SHARE) | $(of b SUMMARY_SHARE) | $(of c SUMMARY_SHARE) | $(of d SUMMARY_SHARE) | ≤ 15 % |"
    echo "| parse-only MB/s, (b) | $(of a PARSE_MBS) | $(of b PARSE_MBS) | $(of c PARSE_MBS) | $(of d PARSE_MBS) | (b) ≥ 0.8 × (a) |"
    if [[ -n ${PARSE_MBS[a]:-} && -n ${PARSE_MBS[b]:-} ]]; then
        echo "| parse-only MB/s of (b) over (a) | | $(x "${PARSE_MBS[b]}" "${PARSE_MBS[a]}") | | | ≥ 0.8 |"
    fi
    echo "| one more day on the large database over the same day on an empty one, (h-e)/(h-e0), % | $(of a HE_RATIO) | $(of b HE_RATIO) | | | ≤ 120 % |"
    echo "| rows of the large database | $(of a LARGE_AT) | $(of b LARGE_AT) | | | 10 000 000 |"
    echo "| slowest canned report on the large database, (h-g) | $(of a SLOW_REPORT) | $(of b SLOW_REPORT) | | | < 1 s |"
    echo "| bytes of database per connection row, after (c) | $(of a BYTES_PER_ROW) | $(of b BYTES_PER_ROW) | $(of c BYTES_PER_ROW) | $(of d BYTES_PER_ROW) | ≤ 400 |"
    echo "| bytes of database per connection row, large database | $(of a-large BYTES_PER_ROW) | $(of b-large BYTES_PER_ROW) | | | ≤ 400 |"
    echo "| peak RSS of the full ingest (c), MB | $(of a INGEST_RSS) | $(of b INGEST_RSS) | $(of c INGEST_RSS) | $(of d INGEST_RSS) | ≤ 400 MB (d) |"
    if [[ -n $ISSUE21 ]]; then
        echo
        echo "Issue 21: every canned report in its default form and, where it has one, its \`--by peer\` form."
        echo
        echo "$ISSUE21"
    fi
    for s in $SHAPES; do
        echo
        echo "${SECTIONS[$s]}"
    done
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
