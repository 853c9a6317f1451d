//! A negotiated session the tool cannot fully read is graded `unknown`,
//! never `secure`, and said: pinned on a small capture written here by hand,
//! with the answer worked out from its text in the test (the helpers are
//! trust.rs's).

use crate::trust::{all_block, ingest, report, HEADER};
use crate::util::{stderr, TestDir};

/// A `NETSTAT TTLS` entry of `job`'s connection on local port `port` with
/// `SecLevel` `sec_level` and `Cipher` `cipher`, as the published report
/// prints one (eleven lines).
fn entry(n: u16, job: &str, sec_level: &str, cipher: &str) -> String {
    format!(
        "ConnID: 0000b00{n}
  JobName:      {job}
  LocalSocket:  10.1.1.2..800{n}
  RemoteSocket: 10.50.0.{n}..5000{n}
  SecLevel:     {sec_level}
  Cipher:       {cipher}
  KeyShare:     N/A
  CertUserID:   N/A
  MapType:      Primary
  FIPS140:      Off
"
    )
}

/// ALL of `count` clients JOB01.. on 10.1.1.2..8001.., each `TTLSPolicy:
/// Yes` (7 lines each).
fn clients(count: u16) -> String {
    (1..=count)
        .map(|n| {
            all_block(
                &format!("JOB0{n}"),
                &format!("0000B00{n}"),
                &format!("10.1.1.2..800{n}"),
                &format!("10.50.0.{n}..5000{n}"),
                (1000, 2000),
                "03/01/2026",
                "Establsh",
                "Yes",
            )
        })
        .collect()
}

/// One run: ALL with five clients JOB01..JOB05 on 10.1.1.2..8001..8005, each
/// `TTLSPolicy: Yes` (7 lines each, after the header: lines 2-36), then the
/// header (line 37) and the TTLS report, an entry of ten lines per job from
/// line 38: JOB01 TLSv1.2 with C0FF (a code no registry lists), JOB02
/// TLSv1.2 with `0O3C` (a letter O for a zero: unreadable, line 53), JOB03
/// TLSv1.2 with 00FF (`TLS_EMPTY_RENEGOTIATION_INFO_SCSV`, a signalling
/// value, no cipher suite), JOB04 `TLS Version 1.4` (no protocol NETSTAT
/// prints, line 72) with C02F, JOB05 `SSL Version 3` with 0035.
fn five_sessions(dir: &TestDir) {
    let all = clients(5);
    let ttls = [
        entry(1, "JOB01", "TLS Version 1.2", "C0FF"),
        entry(2, "JOB02", "TLS Version 1.2", "0O3C TLS_RSA_WITH_AES_128_CBC_SHA256"),
        entry(3, "JOB03", "TLS Version 1.2", "00FF"),
        entry(4, "JOB04", "TLS Version 1.4", "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        entry(5, "JOB05", "SSL Version 3", "0035 TLS_RSA_WITH_AES_256_CBC_SHA"),
    ]
    .concat();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
}

#[test]
fn a_negotiated_session_the_tool_cannot_fully_read_is_graded_unknown_and_said() {
    let dir = TestDir::new();
    five_sessions(&dir);
    let output = ingest(&dir, "tree");
    // Two problems, each at its line, and exit 3: JOB02's `Cipher` (as
    // before) and JOB04's `SecLevel` (dropped in silence before: no
    // problem, no attribute).
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT line, reason FROM ingest_problems ORDER BY line"),
        "line,reason
53,\"`Cipher` should be `CODE NAME`, found `0O3C TLS_RSA_WITH_AES_128_CBC_SHA256` (kept as text)\"
72,\"`SecLevel` should be a protocol this tool knows (`SSL Version 2` or `3`, `TLS Version 1.0` to `1.3`), found \
`TLS Version 1.4` (kept as text)\"
"
    );
    assert_eq!(
        dir.csv("SELECT key, value, source_line FROM attributes WHERE owner_table = 'tls_sessions' ORDER BY 3"),
        "key,value,source_line\nCipher,0O3C TLS_RSA_WITH_AES_128_CBC_SHA256,53\nSecLevel,TLS Version 1.4,72\n"
    );
    // By hand, from the catalog's published grades (README, Grades): TLSv1.2
    // secure, SSLv3 insecure; C02F secure, 0035 weak; C0FF is no registry's,
    // 00FF a signalling value: unknown. Every session negotiated (a SecLevel
    // was printed). JOB01-JOB03: worst unknown (their cipher); JOB04: TLS of
    // unknown version, protocol graded unknown, so worst unknown (secure
    // before, from C02F alone); JOB02's unread cipher unknown too (NULL
    // before, worst secure). Quantum: TLS 1.2 and SSLv3 have no post-quantum
    // key exchange, so JOB01-03 and JOB05 (RSA) are vulnerable, 1 (JOB03's
    // 00FF was 0, resistant; JOB01 and JOB02 NULL); JOB04's version is
    // unknown: NULL.
    assert_eq!(
        dir.csv(
            "SELECT job, tls_state, tls_protocol, cipher_code, protocol_grade, cipher_grade, worst_grade,
                    quantum_vulnerable FROM v_connections ORDER BY job"
        ),
        "job,tls_state,tls_protocol,cipher_code,protocol_grade,cipher_grade,worst_grade,quantum_vulnerable
JOB01,negotiated,TLSv1.2,C0FF,secure,unknown,unknown,1
JOB02,negotiated,TLSv1.2,,secure,unknown,unknown,1
JOB03,negotiated,TLSv1.2,00FF,secure,unknown,unknown,1
JOB04,negotiated,,C02F,unknown,secure,unknown,
JOB05,negotiated,SSLv3,0035,insecure,weak,insecure,1
"
    );
    // Five TLS connections: 3 TLSv1.2, 1 SSLv3 and 1 of unknown version, a
    // fifth each (before: 4 rows' worth, shares 0.75 and 0.25, JOB04 in
    // none).
    assert_eq!(
        report(&dir, &["protocols"], &["protocol", "grade", "connections", "share"]),
        "protocol,grade,connections,share\nTLSv1.2,secure,3,0.6\nSSLv3,insecure,1,0.2\n,unknown,1,0.2\n"
    );
    // 4 vulnerable, 0 resistant (1 before: 00FF), 1 unknown (JOB04).
    assert_eq!(
        report(
            &dir,
            &["quantum"],
            &["tls_connections", "vulnerable_connections", "resistant_connections", "unknown_connections"]
        ),
        "tls_connections,vulnerable_connections,resistant_connections,unknown_connections\n5,4,0,1\n"
    );
}

#[test]
fn a_cipher_suite_printed_by_its_code_alone_is_named_from_the_catalog() {
    // One client of JOB01, `TTLSPolicy: Yes`, whose TTLS entry prints
    // `Cipher: 35` (the code alone, in the short form) with TLSv1.2: suite
    // 0x0035 is TLS_RSA_WITH_AES_256_CBC_SHA, as `ciphers` names it; the
    // connection and the day's summaries name it too (empty before). JOB02's
    // prints `C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`: kept as printed.
    let dir = TestDir::new();
    let all = clients(2);
    let ttls = [
        entry(1, "JOB01", "TLS Version 1.2", "35"),
        entry(2, "JOB02", "TLS Version 1.2", "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    ]
    .concat();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let named = "job,cipher_code,cipher_name
JOB01,0035,TLS_RSA_WITH_AES_256_CBC_SHA
JOB02,C02F,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
";
    assert_eq!(dir.csv("SELECT job, cipher_code, cipher_name FROM v_connections ORDER BY job"), named);
    assert_eq!(dir.csv("SELECT job, cipher_code, cipher_name FROM daily_services ORDER BY job"), named);
    assert_eq!(
        report(&dir, &["ciphers"], &["code", "name"]),
        "code,name\n0035,TLS_RSA_WITH_AES_256_CBC_SHA\nC02F,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
    );
}

#[test]
fn a_key_share_group_printed_by_its_code_alone_is_named_from_the_catalog() {
    // Two TLSv1.3 clients: JOB01's TTLS entry prints `KeyShare: 0029` (the
    // code alone), JOB02's `KeyShare: 0029 X25519`. Group 0x0029 is x25519,
    // which the catalog names as z/OS prints it, `X25519`: both connections
    // say X25519 (JOB01's was empty before, review 13a R13a-12).
    let dir = TestDir::new();
    let all = clients(2);
    let with_key_share = |n: u16, job: &str, key_share: &str| {
        entry(n, job, "TLS Version 1.3", "1301 TLS_AES_128_GCM_SHA256")
            .replace("KeyShare:     N/A", &format!("KeyShare:     {key_share}"))
    };
    let ttls = [with_key_share(1, "JOB01", "0029"), with_key_share(2, "JOB02", "0029 X25519")].concat();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv("SELECT job, key_share, key_share_name FROM v_connections ORDER BY job"),
        "job,key_share,key_share_name\nJOB01,0029,X25519\nJOB02,0029,X25519\n"
    );
}
