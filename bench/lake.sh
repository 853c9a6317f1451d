#!/usr/bin/env bash
# bench/lake.sh: the canned reports on the Parquet lake (issue 17 point 3).
# Exports a database to a Parquet lake, installs DuckDB from PyPI into a
# throwaway virtual environment, runs every canned report on the database
# (ttlsinv sql --file sql/NAME.sql) and on the lake (DuckDB over
# sql/lake/setup.sql, with sql/lake/NAME.sql where DuckDB needs another
# text), compares the rows and writes the results into BENCHMARKS.md
# (between the lake markers) and to standard output. Exit status 1 when any
# report differs.
#
#   bench/lake.sh                              # a generated tree (the sizes below)
#   DB=/path/inventory.db bench/lake.sh        # an existing database (e.g. bench/run.sh KEEP=1's)
#
# Parameters (environment):
#   DB                 a database to use as it is (no tree is generated)
#   DAYS, SYSTEMS, CONNECTIONS, SNAPSHOTS_PER_DAY, SEED, START
#                      the generated tree otherwise (ttlsinv-gen generate)
#   SCRATCH            folder for the tree, database, lake and venv (default:
#                      a new one under /tmp, removed at the end unless KEEP=1)
#   RESULTS            file to write the results into (default: BENCHMARKS.md;
#                      empty: standard output only)
#   DUCKDB_VERSION     the duckdb package from PyPI (default 2.0.1)
#   DUCKDB_MEMORY      DuckDB's memory_limit (default 6GB)
#   DUCKDB_TEMP        DuckDB's max_temp_directory_size (default 8GB): what a
#                      query may spill into SCRATCH/duckdb-tmp before it stops
#                      with an error (a report that outgrows it is an error
#                      row in the results, not a full disk)
#   TTLSINV_BIN        a folder with release builds of ttlsinv and ttlsinv-gen
#                      to use instead of building this checkout's
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD

DAYS=${DAYS:-4}
SYSTEMS=${SYSTEMS:-4}
CONNECTIONS=${CONNECTIONS:-4000}
SNAPSHOTS_PER_DAY=${SNAPSHOTS_PER_DAY:-4}
SEED=${SEED:-1}
START=${START:-2026-01-01}
RESULTS=${RESULTS-BENCHMARKS.md}
DUCKDB_VERSION=${DUCKDB_VERSION:-2.0.1}
KEEP=${KEEP:-0}
REVISION=$(git rev-parse --short HEAD 2>/dev/null || echo '?')

say() { echo "lake: $*" >&2; }

DUCKDB_MEMORY=${DUCKDB_MEMORY:-6GB}
DUCKDB_TEMP=${DUCKDB_TEMP:-8GB}
if [[ -n ${TTLSINV_BIN:-} ]]; then
    BIN=$TTLSINV_BIN/ttlsinv
    GEN=$TTLSINV_BIN/ttlsinv-gen
else
    cargo build --release --locked --quiet --bin ttlsinv --bin ttlsinv-gen
    BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/ttlsinv
    GEN=${CARGO_TARGET_DIR:-$REPO/target}/release/ttlsinv-gen
fi

if [[ -z ${SCRATCH:-} ]]; then
    SCRATCH=$(mktemp -d /tmp/ttlsinv-lake.XXXXXX)
fi
mkdir -p "$SCRATCH"
cleanup() { [[ $KEEP == 1 ]] || rm -rf "$SCRATCH"; }
trap cleanup EXIT

if [[ -z ${DB:-} ]]; then
    DB=$SCRATCH/inventory.db
    rm -rf "$SCRATCH/tree" "$DB"*
    say "generating $DAYS days x $SYSTEMS systems x $SNAPSHOTS_PER_DAY snapshots x $CONNECTIONS connections"
    "$GEN" generate --out "$SCRATCH/tree" --days "$DAYS" --systems "$SYSTEMS" --connections "$CONNECTIONS" \
        --snapshots-per-day "$SNAPSHOTS_PER_DAY" --seed "$SEED" --start "$START" 2> /dev/null
    say "ingesting"
    "$BIN" --db "$DB" ingest --quiet "$SCRATCH/tree"
    SOURCE="a generated tree: DAYS=$DAYS SYSTEMS=$SYSTEMS CONNECTIONS=$CONNECTIONS SNAPSHOTS_PER_DAY=$SNAPSHOTS_PER_DAY SEED=$SEED"
else
    SOURCE="the database $DB"
fi
ROWS=$("$BIN" --db "$DB" sql --format csv --no-headers "SELECT count(*) FROM connections")
DB_MB=$(du -m "$DB" | cut -f1)

say "exporting to Parquet"
LAKE=$SCRATCH/lake
rm -rf "$LAKE"
start=$EPOCHREALTIME
"$BIN" --db "$DB" export --format parquet --all --out "$LAKE" 2> "$SCRATCH/export.txt"
export_seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
cat "$SCRATCH/export.txt" >&2
LAKE_MB=$(du -sm "$LAKE" | cut -f1)
V_ROWS=$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['tables']['v_connections']; print(t['rows'])" "$LAKE/_manifest.json")

say "installing duckdb $DUCKDB_VERSION from PyPI into a throwaway venv"
python3 -m venv "$SCRATCH/venv"
"$SCRATCH/venv/bin/pip" install --quiet "duckdb==$DUCKDB_VERSION"

say "running every canned report on both"
STATUS=0
mkdir -p "$SCRATCH/duckdb-tmp"
DUCKDB_MEMORY=$DUCKDB_MEMORY DUCKDB_TEMP=$DUCKDB_TEMP DUCKDB_TEMP_DIR=$SCRATCH/duckdb-tmp \
    "$SCRATCH/venv/bin/python" bench/lake_compare.py "$BIN" "$DB" "$LAKE" "$REPO" > "$SCRATCH/reports.md" \
    2> "$SCRATCH/compare.txt" || STATUS=$?
cat "$SCRATCH/compare.txt" >&2

{
    echo "Measured by \`bench/lake.sh\` at $REVISION on $(date -u +%Y-%m-%d), $(nproc) cores shared with other work,"
    echo "on $SOURCE: $ROWS connection rows, a $DB_MB MB database."
    echo
    echo "\`export --format parquet --all\` (release build): $export_seconds s for every table and view,"
    echo "$V_ROWS v_connections rows, a $LAKE_MB MB lake: $(awk -v m="$DB_MB" -v s="$export_seconds" 'BEGIN { printf "%.1f", m / s }') MB of database per second;"
    echo "\`$(tail -1 "$SCRATCH/export.txt")\`."
    echo
    echo "Every canned report on SQLite (\`ttlsinv sql --file sql/NAME.sql\`, process start included) and on"
    echo "DuckDB $DUCKDB_VERSION over the lake (the query alone, views of \`sql/lake/setup.sql\`; memory_limit $DUCKDB_MEMORY,"
    echo "at most $DUCKDB_TEMP of temporary storage), rows compared"
    echo "value by value in order (numbers to 9 decimal places); impact is run with"
    echo "\`--disable TLSv1.0,000A\` and compliance with two standards (TLSv1.2 and TLSv1.3; TLS 1.3 with 1301, 1302 and X25519), also \`--by peer\`:"
    echo
    cat "$SCRATCH/reports.md"
} > "$SCRATCH/results.md"
cat "$SCRATCH/results.md"

if [[ -n $RESULTS ]]; then
    python3 - "$RESULTS" "$SCRATCH/results.md" <<'EOF'
import sys
path, results = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
begin, end = "<!-- lake:begin (written by bench/lake.sh; edit outside the markers) -->\n", "<!-- lake:end -->\n"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = head + begin + results + end + tail
else:
    text += "\n## Reports on the Parquet lake (DuckDB)\n\n" + begin + results + end
open(path, "w").write(text)
EOF
fi
exit $STATUS
