#!/usr/bin/env python3
"""Count what the shipped sample tree holds, independently of ttlsinv.

Usage:  python3 samples/count.py [samples/tree]

Reads every capture under the tree (plain, CRLF or gzip), works out the
(capture_date, system) of each file from its path, splits the files into
NETSTAT reports, and prints the figures that samples/README.md lists and
that the integration tests assert. It also cross-checks the snapshot: every
conn id must show the same job and sockets in ALL, ALLCONN and TTLS reports,
the rule/group/env names in ALL must match the TTLS detail, and the group
connection counts must match the TLS sessions that use each group.

It is a plain reference implementation kept next to the data so that anyone
who edits a sample can recompute the README table; it is not part of the
tool. Exit status 1 when a consistency check fails.
"""
import collections
import gzip
import os
import re
import sys

MSGID = re.compile(r"^EZ[A-Z]\d{4}[IEWA] ")
HEADER = re.compile(r"^MVS TCP/IP NETSTAT CS (\S+)\s+TCPIP Name: (\S+)\s*(\d\d:\d\d:\d\d)?\s*$")
PROMPT = re.compile(r"^\S+:\S* \$ ")


def where(path):
    """(date 'YYYY-MM-DD', system) from a capture path."""
    parts = path.split(os.sep)
    for i, p in enumerate(parts):
        if re.fullmatch(r"\d{4}-\d\d-\d\d", p):
            return p, parts[i + 1]
        if re.fullmatch(r"\d{8}", p) and i > 0:
            return f"{p[:4]}-{p[4:6]}-{p[6:]}", parts[i - 1]
    m = re.search(r"\.D(\d\d)(\d\d)(\d\d)\.T\d{4}", parts[-1])
    if m:
        return f"20{m[1]}-{m[2]}-{m[3]}", parts[-2]
    raise ValueError(f"no date/system in {path}")


def read_lines(path):
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("ascii").replace("\r\n", "\n").split("\n")


def reports(lines):
    """Yields (header tuple, body lines) for each report in a capture."""
    cur, body, last_hdr = None, [], None
    for line in lines:
        text = MSGID.sub("", line)
        m = HEADER.match(text)
        if m:
            if cur is not None and text == last_hdr:
                continue  # repeated page header inside a report
            if cur is not None:
                yield cur, body
            cur, body, last_hdr = m.groups(), [], text
            continue
        if cur is None:
            continue
        if text in ("READY", "END") or PROMPT.match(text) or text.startswith("NETSTAT "):
            yield cur, body
            cur, body, last_hdr = None, [], None
            continue
        body.append(text)
    if cur is not None:
        yield cur, body


def kind(body):
    first = next((l for l in body if l.strip()), "")
    if first.startswith("Client Name:"):
        return "ALL"
    if first.startswith("User Id"):
        return "ALLCONN_SHORT" if "Local Socket" in first else "ALLCONN_LONG"
    if first.startswith("ConnID:"):
        return "TTLS"
    if first.startswith("TTLSGrpAction:"):
        return "GROUP_DETAIL"
    if first.startswith("TTLSGrpAction "):
        return "GROUP"
    return "OTHER"


class Snap:
    def __init__(self):
        self.ids = set()
        self.facts = collections.defaultdict(dict)   # id -> {job, local, foreign}
        self.listen, self.udp = set(), set()
        self.all_ttls = {}                            # id -> (rule, grp, env) from ALL
        self.all_no_ttls = set()
        self.tls = {}                                 # id -> dict from TTLS report
        self.groups = {}                              # name -> conns
        self.envs_in_groups = {}                      # env -> conns
        self.reports = collections.Counter()
        self.problems = []

    def fact(self, cid, key, value, src):
        old = self.facts[cid].get(key)
        if old is not None and old != value:
            self.problems.append(f"{cid} {key}: {old!r} vs {value!r} ({src})")
        self.facts[cid][key] = value
        self.ids.add(cid)


def parse_all(s, body):
    cid = None
    for l in body:
        m = re.match(r"Client Name: (\S+)\s+Client Id: (\S+)", l)
        if m:
            cid = m[2].upper()
            s.fact(cid, "job", m[1], "ALL")
            continue
        m = re.match(r"Local Socket: (\S+)\s+Foreign Socket: (\S+)", l)
        if m:
            s.fact(cid, "local", m[1], "ALL")
            s.fact(cid, "foreign", m[2], "ALL")
        m = re.search(r"State:\s+(\S+)", l)
        if m and m[1] == "Listen":
            s.listen.add(cid)
        m = re.match(r"\s+TTLSPolicy:\s+(\S+)", l)
        if m:
            (s.all_ttls.__setitem__(cid, [None, None, None]) if m[1] == "Yes" else s.all_no_ttls.add(cid))
        for i, k in enumerate(("TTLSRule", "TTLSGrpAction", "TTLSEnvAction")):
            m = re.match(rf"\s+{k}:\s+(\S+)", l)
            if m:
                s.all_ttls[cid][i] = m[1]


def conn_row(s, job, cid, local, foreign, state, src):
    cid = cid.upper()
    s.fact(cid, "job", job, src)
    s.fact(cid, "local", local, src)
    s.fact(cid, "foreign", foreign, src)
    if state == "Listen":
        s.listen.add(cid)
    if state == "UDP":
        s.udp.add(cid)


def parse_allconn_short(s, body):
    for l in body[2:]:
        f = l.split()
        if len(f) == 5:
            conn_row(s, *f, "ALLCONN")


def parse_allconn_long(s, body):
    rows = body[2:]
    for i in range(0, len(rows) - 2, 3):
        job, cid, state = rows[i].split()
        local = rows[i + 1].split(":", 1)[1].strip()
        foreign = rows[i + 2].split(":", 1)[1].strip()
        conn_row(s, job, cid, local, foreign, state, "ALLCONN LONG")


def parse_ttls(s, body):
    cur = None
    for l in body:
        m = re.match(r"ConnID: (\S+)$", l)
        if m:
            cur = {"id": m[1].upper()}
            s.tls[cur["id"]] = cur
            continue
        m = re.match(r"  (JobName|LocalSocket|RemoteSocket|SecLevel|Cipher|KeyShare):\s+(.*)$", l)
        if m and cur is not None and "rule" not in cur:
            cur[m[1]] = m[2].strip()
        m = re.match(r"TTLSRule: (\S+)", l)
        if m:
            cur["rule"] = m[1]
        m = re.match(r"  (TTLSGrpAction|TTLSEnvAction):\s+(\S+)", l)
        if m:
            cur[m[1]] = m[2]
    for t in s.tls.values():
        s.fact(t["id"], "job", t["JobName"], "TTLS")
        s.fact(t["id"], "local", t["LocalSocket"], "TTLS")
        s.fact(t["id"], "foreign", t["RemoteSocket"], "TTLS")


def parse_group(s, body):
    for l in body[2:]:
        f = l.split()
        if len(f) == 3:
            s.groups[f[0]] = int(f[2])


def parse_group_detail(s, body):
    grp = None
    for l in body:
        m = re.match(r"TTLSGrpAction:\s+(\S+)", l)
        if m:
            grp = m[1]
        m = re.search(r"GroupConns:\s+(\d+)", l)
        if m:
            s.groups[grp] = int(m[1])
        m = re.match(r"\s+Env: (\S+)\s+EnvConns: (\d+)", l)
        if m:
            s.envs_in_groups[m[1]] = int(m[2])


def main(root):
    snaps = collections.defaultdict(Snap)
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            key = where(os.path.relpath(path, root))
            s = snaps[key]
            for hdr, body in reports(read_lines(path)):
                k = kind(body)
                s.reports[k] += 1
                {"ALL": parse_all, "ALLCONN_SHORT": parse_allconn_short, "ALLCONN_LONG": parse_allconn_long,
                 "TTLS": parse_ttls, "GROUP": parse_group, "GROUP_DETAIL": parse_group_detail,
                 }.get(k, lambda *_: None)(s, body)

    bad = False
    rows, proto_rows, grp_rows = [], [], []
    for (date, system), s in sorted(snaps.items()):
        # consistency checks
        for cid, (rule, grp, env) in s.all_ttls.items():
            t = s.tls.get(cid)
            if t and (t["rule"], t["TTLSGrpAction"], t["TTLSEnvAction"]) != (rule, grp, env):
                s.problems.append(f"{cid}: ALL names {rule}/{grp}/{env} differ from TTLS detail")
        if s.reports["ALL"] and s.tls and set(s.all_ttls) != set(s.tls):
            s.problems.append(f"TTLSPolicy Yes in ALL {sorted(s.all_ttls)} vs TTLS {sorted(s.tls)}")
        if s.tls and s.groups:
            used = collections.Counter(t["TTLSGrpAction"] for t in s.tls.values())
            for g, n in s.groups.items():
                if used.get(g, 0) != n:
                    s.problems.append(f"group {g}: {n} conns reported, {used.get(g, 0)} TLS sessions use it")
            used_env = collections.Counter(t["TTLSEnvAction"] for t in s.tls.values())
            for e, n in s.envs_in_groups.items():
                if used_env.get(e, 0) != n:
                    s.problems.append(f"env {e}: {n} conns reported, {used_env.get(e, 0)} TLS sessions use it")
        for p in s.problems:
            print(f"INCONSISTENT {date} {system}: {p}", file=sys.stderr)
            bad = True

        ttls_ids = set(s.all_ttls) | set(s.tls)
        envs = set(s.envs_in_groups) | {t["TTLSEnvAction"] for t in s.tls.values()} | \
            {v[2] for v in s.all_ttls.values()}
        rows.append((date, system, len(s.ids), len(s.listen), len(s.udp), len(ttls_ids), len(s.tls),
                     len(s.groups), len(envs), ", ".join(f"{k}={v}" for k, v in sorted(s.reports.items()))))
        pc = collections.Counter((t["SecLevel"], t["Cipher"]) for t in s.tls.values())
        for (lvl, ciph), n in sorted(pc.items()):
            proto_rows.append((date, system, lvl, ciph, n))
        for g, n in sorted(s.groups.items()):
            grp_rows.append((date, system, g, n))

    print("| capture_date | system | connections | listeners | UDP | with TTLS policy | TLS sessions "
          "| group actions | env actions | reports |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    print()
    print("| capture_date | system | SecLevel | Cipher | sessions |")
    print("|---|---|---|---|---:|")
    for r in proto_rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    print()
    print("| capture_date | system | TTLSGrpAction | conns |")
    print("|---|---|---|---:|")
    for r in grp_rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    print()
    print("| system | distinct conn ids over all dates | seen on more than one date |")
    print("|---|---:|---|")
    for system in sorted({k[1] for k in snaps}):
        seen = collections.defaultdict(list)
        for (date, sy), s in sorted(snaps.items()):
            if sy == system:
                for cid in s.ids:
                    seen[cid].append(date[-2:])
        multi = ", ".join(f"{c} ({'/'.join(d)})" for c, d in sorted(seen.items()) if len(d) > 1)
        print(f"| {system} | {len(seen)} | {multi or '-'} |")
    return 1 if bad else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "tree")))
