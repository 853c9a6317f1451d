"""Runs every canned report on the SQLite database (ttlsinv sql) and on the
Parquet lake (DuckDB over sql/lake/setup.sql), compares the rows and prints a
Markdown table with both times. Called by bench/lake.sh.

    python lake_compare.py TTLSINV DB LAKE REPO
"""
import decimal
import json
import os
import re
import subprocess
import sys
import time

import duckdb

TTLSINV, DB, LAKE, REPO = sys.argv[1:5]

# The parameters the two reports that need one are run with (the JSON their
# SQL takes, as `ttlsinv report` builds it from --disable and --standard).
PARAMS = {
    "impact": {"disable": json.dumps([{"kind": "protocol", "code": "TLSv1.0"}, {"kind": "cipher", "code": "000A"}])},
    "compliance": {"standards": json.dumps([
        {"name": "tls12-up", "allow": {"protocol": ["TLSv1.2", "TLSv1.3"]}},
        {"name": "tls13-x25519", "allow": {"protocol": ["TLSv1.3"], "cipher": ["1301", "1302"], "group": ["0029"]}},
    ])},
}

# Reports run a second time in another form: (name, label, extra parameters).
FORMS = [
    ("compliance", "compliance --by peer", {"by_peer": 1}),
    ("compliance", "compliance --by day", {"by_day": 1}),
    ("compliance", "compliance --from", {"from": "2000-01-01"}),
    ("weak-crypto", "weak-crypto --by peer", {"by_peer": 1}),
    ("cleartext", "cleartext --by peer", {"by_peer": 1}),
    ("capacity", "capacity --by peer", {"by_peer": 1}),
    ("regressions", "regressions --by peer", {"by_peer": 1}),
    # a day before most captures: those after it and the day after are listed
    # on their days, with no missing day between (a mistyped year)
    ("coverage", "coverage -p today", {"today": "2026-01-02"}),
]


def report_names():
    out = subprocess.run([TTLSINV, "reports"], check=True, capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]


def report_sql(name, lake):
    if lake:
        try:
            with open(f"{REPO}/sql/lake/{name}.sql") as f:
                return f.read(), True
        except FileNotFoundError:
            pass
    with open(f"{REPO}/sql/{name}.sql") as f:
        return f.read(), False


def norm(value):
    """One value as both engines can agree on it: numbers as numbers
    (rounded to 9 places), everything else as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        # SQLite has no booleans: a report gives 1/0 (a comparison as a
        # column is a boolean in DuckDB, and differs here).
        return f"{value} (a DuckDB boolean)"
    if isinstance(value, (int,)):
        return value
    if isinstance(value, (float, decimal.Decimal)):
        x = float(value)
        return int(x) if x == int(x) else round(x, 9)
    return str(value)


def sqlite_rows(name, params):
    args = [TTLSINV, "--db", DB, "sql", "--format", "json", "--file", f"{REPO}/sql/{name}.sql"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    start = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - start
    rows = json.loads(out) if out.strip() else []
    return [tuple(norm(v) for v in row.values()) for row in rows], seconds


def duck_rows(con, name, params):
    sql, own = report_sql(name, True)
    # A parameter is a colon after neither a colon nor a letter: the text
    # '::ffff:%.%.%.%' (an IPv4-mapped address) holds none.
    param = r"(?<![:\w]):([a-z_]+)"
    names = sorted(set(re.findall(param, re.sub(r"--[^\n]*", "", sql))))
    sql = re.sub(param, r"$\1", sql)
    values = {n: params.get(n) for n in names}
    start = time.perf_counter()
    rows = con.execute(sql, values).fetchall()
    seconds = time.perf_counter() - start
    return [tuple(norm(v) for v in row) for row in rows], seconds, own


def main():
    con = duckdb.connect()
    # Bounded, so that a plan that blows up is an error row, not a full disk
    # (bench/lake.sh sets these; the defaults are for a run by hand).
    con.execute(f"SET memory_limit = '{os.environ.get('DUCKDB_MEMORY', '6GB')}'")
    con.execute(f"SET temp_directory = '{os.environ.get('DUCKDB_TEMP_DIR', LAKE + '.duckdb-tmp')}'")
    con.execute(f"SET max_temp_directory_size = '{os.environ.get('DUCKDB_TEMP', '8GB')}'")
    con.execute(f"SET VARIABLE ttlsinv_lake = '{LAKE}'")
    with open(f"{REPO}/sql/lake/setup.sql") as f:
        con.execute(f.read())
    print("| report | rows | SQLite s | DuckDB s | same rows | DuckDB SQL |")
    print("|---|---:|---:|---:|---|---|")
    failed = 0
    runs = [(name, name, PARAMS.get(name, {})) for name in report_names()]
    runs += [(name, label, {**PARAMS.get(name, {}), **extra}) for name, label, extra in FORMS]
    for name, label, params in runs:
        expected, sqlite_seconds = sqlite_rows(name, params)
        try:
            got, duck_seconds, own = duck_rows(con, name, params)
            # A report's ORDER BY may leave ties: in another order, the same
            # rows are still the same rows (said so).
            key = repr
            if got == expected:
                same = "yes"
            elif sorted(got, key=key) == sorted(expected, key=key):
                same = "yes (ties of its ORDER BY in another order)"
            else:
                same = "NO"
            if same == "NO":
                failed += 1
                missing = [r for r in expected if r not in got][:2]
                extra = [r for r in got if r not in expected][:2]
                print(f"{label}: SQLite only {missing}, DuckDB only {extra}", file=sys.stderr)
            print(f"| {label} | {len(expected)} | {sqlite_seconds:.3f} | {duck_seconds:.3f} | {same} | "
                  f"{'sql/lake/' + name + '.sql' if own else 'sql/' + name + '.sql as it is'} |")
        except duckdb.Error as e:
            failed += 1
            print(f"{label}: DuckDB error: {e}", file=sys.stderr)
            print(f"| {label} | {len(expected)} | {sqlite_seconds:.3f} | - | error | |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
