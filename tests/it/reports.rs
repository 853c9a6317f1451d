//! Every canned report on the ingested `samples/`, with values worked out
//! by hand from the story table in `samples/README.md`.

use std::sync::OnceLock;

use crate::util::{ingested_samples, project, project_columns, stderr, TestDir};

/// The samples, ingested once for all tests of this module (reports only read).
pub(crate) fn samples() -> &'static TestDir {
    static DIR: OnceLock<TestDir> = OnceLock::new();
    DIR.get_or_init(|| ingested_samples("reports"))
}

/// Runs a report as CSV and keeps only the named columns.
pub(crate) fn report(args: &[&str], columns: &[&str]) -> String {
    let mut full = vec!["report"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "csv"]);
    let output = samples().run(&full);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    project_columns(&String::from_utf8(output.stdout).unwrap(), columns)
}

#[test]
fn tls_adoption_counts_connections_not_listeners() {
    let columns = [
        "date",
        "system",
        "connections",
        "tls_connections",
        "tls_share",
        "unknown_policy",
        "tlsv1_3",
        "tlsv1_2",
        "tlsv1_0",
    ];
    assert_eq!(
        report(&["tls-adoption"], &columns),
        "date,system,connections,tls_connections,tls_share,unknown_policy,tlsv1_3,tlsv1_2,tlsv1_0
2026-11-22,SYSA,6,5,0.833,0,1,4,0
2026-11-22,SYSB,4,3,0.75,0,1,1,1
2026-11-23,SYSA,6,5,0.833,0,1,4,0
2026-11-23,SYSB,5,3,0.6,0,1,1,1
2026-11-24,SYSA,7,6,0.857,0,1,5,0
2026-11-24,SYSB,3,1,0.333,0,1,0,0
2026-11-24,SYSC,1,0,0,1,0,0,0
"
    );
    // Bytes are traffic in the day, never printed counters added up. SYSB's
    // unprotected connections, from the ALL captures' BytesIn: JES2S001
    // (0000002E, started 11/20, one connection all three days) printed
    // 30915526, 71280443, 109633018; SSHD (0000AB12) 48220 on the 23rd;
    // FTPDB (0000B7E3) 1759 on the 24th. So 30915526; 71280443 - 30915526
    // + 48220 = 40413137; 109633018 - 71280443 + 1759 = 38354334.
    let bytes = report(&["tls-adoption", "--system", "SYSB"], &["date", "bytes_in_unprotected"]);
    assert_eq!(bytes, "date,bytes_in_unprotected\n2026-11-22,30915526\n2026-11-23,40413137\n2026-11-24,38354334\n");
}

#[test]
fn tls_adoption_splits_by_port_and_filters() {
    let columns = ["date", "system", "port", "connections", "tls_connections"];
    assert_eq!(
        report(&["tls-adoption", "--by", "port", "--system", "sysb", "--from", "2026-11-24"], &columns),
        "date,system,port,connections,tls_connections
2026-11-24,SYSB,21,1,0
2026-11-24,SYSB,175,1,0
2026-11-24,SYSB,443,1,1
"
    );
}

#[test]
fn protocols_with_grades_and_shares() {
    assert_eq!(
        report(&["protocols", "--to", "2026-11-22"], &["date", "system", "protocol", "grade", "connections", "share"]),
        "date,system,protocol,grade,connections,share
2026-11-22,SYSA,TLSv1.3,recommended,1,0.2
2026-11-22,SYSA,TLSv1.2,secure,4,0.8
2026-11-22,SYSB,TLSv1.3,recommended,1,0.333
2026-11-22,SYSB,TLSv1.2,secure,1,0.333
2026-11-22,SYSB,TLSv1.0,weak,1,0.333
"
    );
}

#[test]
fn ciphers_with_every_grade() {
    let columns = ["system", "code", "connections", "grade", "mozilla_5_7", "mozilla_6_0", "nist", "iana", "aead"];
    assert_eq!(
        report(&["ciphers", "--from", "2026-11-24"], &columns),
        "system,code,connections,grade,mozilla_5_7,mozilla_6_0,nist,iana,aead
SYSA,C02F,2,secure,intermediate,intermediate,1,Y,1
SYSA,003C,1,weak,old,none,0,N,0
SYSA,1301,1,recommended,modern,modern,1,Y,1
SYSA,C027,1,weak,old,none,1,N,0
SYSA,C030,1,secure,intermediate,intermediate,1,Y,1
SYSB,1302,1,recommended,modern,modern,1,Y,1
"
    );
}

#[test]
fn weak_crypto_lists_each_service_worst_first() {
    // CSQ9CHIN's 000000BB is one connection seen on three days (same start
    // time, growing counters); PAYXFER made two (9F9C on the 22nd, AB3A on
    // the 23rd): the most connections first among services of one grade.
    let columns =
        ["system", "job", "direction", "port", "protocols", "ciphers", "worst_grade", "peers", "connections", "dates"];
    assert_eq!(
        report(&["weak-crypto"], &columns),
        "system,job,direction,port,protocols,ciphers,worst_grade,peers,connections,dates
SYSB,PAYXFER,outbound,8443,TLSv1.0,000A,weak,1,2,2
SYSA,CSQ9CHIN,inbound,1414,TLSv1.2,003C,weak,1,1,3
SYSA,TN3270A,inbound,992,TLSv1.2,C027,weak,1,1,1
"
    );
    // Per peer, in the order of the service's key (system, stack, job,
    // direction, port) and then the peer: SYSA's two before SYSB's.
    assert_eq!(
        report(&["weak-crypto", "--by", "peer"], &["job", "remote_ip"]),
        "job,remote_ip\nCSQ9CHIN,10.1.0.2\nTN3270A,10.20.30.40\nPAYXFER,10.60.1.9\n"
    );
}

#[test]
fn cleartext_shows_where_to_put_at_tls_next() {
    // JES2S001's 0000002E is one connection on all three days (StartDate
    // 11/20/2026 22:45:13 each time): counted once, with the bytes it moved
    // by the last capture, BytesIn 109633018 + BytesOut 160227740. FTPD1:
    // 0000A233 (214 + 1307) and 0000C1B8 (187 + 1122). DB2ADIST 0000B0C2
    // 88312 + 530881; SSHD 0000AB12 48220 + 310574; FTPDB 0000B7E3 1759 + 4988.
    // `dates` are those of the cleartext connections: FTPD1's on 22 and 24
    // November (0000A233, 0000C1B8), JES2S001's all three, DB2ADIST's and
    // SSHD's the 23rd, FTPDB's the 24th; a service with no cleartext
    // connection (TCPIP 1024, ...) the days its listener was seen.
    let columns = [
        "system",
        "port",
        "job",
        "listening",
        "clear_connections",
        "tls_connections",
        "unknown_policy",
        "clear_bytes",
        "dates",
    ];
    assert_eq!(
        report(&["cleartext"], &columns),
        "system,port,job,listening,clear_connections,tls_connections,unknown_policy,clear_bytes,dates
SYSA,21,FTPD1,1,2,0,0,2830,2
SYSB,175,JES2S001,1,1,0,0,269860758,3
SYSA,446,DB2ADIST,1,1,0,0,619193,1
SYSB,22,SSHD,1,1,0,0,358794,1
SYSB,21,FTPDB,1,1,2,0,6747,1
SYSA,1024,TCPIP,1,0,0,0,,3
SYSA,10007,OMVS,1,0,0,0,,3
SYSC,992,TN3270C,1,0,0,0,,1
SYSC,1414,CSQ2CHIN,1,0,0,1,,1
"
    );
}

#[test]
fn capacity_peaks_and_top_peers() {
    let columns = ["date", "job", "port", "snapshots", "connections", "peak_connections", "top_peer"];
    assert_eq!(
        report(&["capacity", "--system", "SYSA", "--port", "443"], &columns),
        "date,job,port,snapshots,connections,peak_connections,top_peer
2026-11-22,CICSPRD1,443,1,2,2,10.30.5.21
2026-11-23,CICSPRD1,443,1,2,2,10.30.5.21
2026-11-24,CICSPRD1,443,1,2,2,10.30.5.22
"
    );
    // The traffic of each day, from the printed counters of JES2S001's one
    // connection (started 11/20, before the first capture): BytesIn 30915526,
    // 71280443, 109633018 and BytesOut 48770211, 102447865, 160227740.
    let bytes = report(
        &["capacity", "--system", "SYSB", "--port", "175"],
        &["date", "job", "connections", "bytes_in", "bytes_out", "started_earlier"],
    );
    assert_eq!(
        bytes,
        "date,job,connections,bytes_in,bytes_out,started_earlier
2026-11-22,JES2S001,1,30915526,48770211,1
2026-11-23,JES2S001,1,40364917,53677654,0
2026-11-24,JES2S001,1,38352575,57779875,0
"
    );
}

#[test]
fn policy_inventory_shows_what_each_rule_allows() {
    let columns = ["system", "last_seen", "rule", "local_port", "env_action", "protocols_on", "client_auth"];
    assert_eq!(
        report(&["policy-inventory"], &columns),
        "system,last_seen,rule,local_port,env_action,protocols_on,client_auth
SYSA,2026-11-24,DB2ADIST-SECURE-PORT,448,DB2ADIST-SERVER-ENV,TLSv1.2,SAFCheck
SYSA,2026-11-24,TN3270-SECURE-RULE,992,TN3270-ENV-ACTION,TLSv1.1 TLSv1.2 TLSv1.3,PassThru
SYSA,2026-11-24,CICSPRD1-HTTPS-RULE,443,CICSPRD1-SERVER-ENV,TLSv1.2,PassThru
SYSA,2026-11-24,REMOTE-TO-CSQ1,1414,CSQ1-INBOUND-ENVIRONMENT-ACTION,TLSv1.2 TLSv1.3,Required
SYSB,2026-11-23,PAYXFER-OUTBOUND-RULE,All,PAYXFER-CLIENT-ENV,TLSv1.0 TLSv1.1 TLSv1.2,Full
SYSB,2026-11-24,ZOSMF-HTTPS-RULE,443,ZOSMF-SERVER-ENV,TLSv1.2 TLSv1.3,PassThru
SYSB,2026-11-23,FTPDB-SERVER-RULE,21,FTPDB-SERVER-ENV,TLSv1.2,PassThru
"
    );
    let tn3270 = report(&["policy-inventory", "--port", "992"], &["ciphers"]);
    assert_eq!(
        tn3270,
        "ciphers\n1301:recommended 1302:recommended 1303:recommended C02F:secure C030:secure C027:weak C028:weak 000A:weak\n"
    );
}

#[test]
fn policy_drift_shows_the_change_put_in_on_purpose() {
    let columns = ["system", "after", "object", "name", "setting", "change", "old_value", "new_value"];
    assert_eq!(
        report(&["policy-drift", "--system", "SYSA"], &columns),
        "system,after,object,name,setting,change,old_value,new_value
SYSA,2026-11-24T08:00:01,env_action,TN3270-ENV-ACTION,TLSV1.1,changed,Off,On
SYSA,2026-11-24T08:00:01,env_action,TN3270-ENV-ACTION,V3CipherSuites,changed,1301 1302 1303 C02F C030 C027 C028,1301 1302 1303 C02F C030 C027 C028 000A
"
    );
    // On SYSB the FTP server's session went clear and PAYXFER stopped: their
    // rules and environment actions are no longer printed by TTLS DETAIL, so
    // they are unused (NETSTAT cannot show a removal). Their group actions
    // are still listed by the day's TTLS GROUP report (ttls-group.txt:
    // FTPB-GROUP-ACTION and BATCH-GROUP-ACTION with 0 connections): present.
    let sysb = report(&["policy-drift", "--system", "SYSB"], &["after", "object", "name", "change"]);
    assert_eq!(
        sysb,
        "after,object,name,change
2026-11-24T07:30:10,env_action,FTPDB-SERVER-ENV,unused
2026-11-24T07:30:10,env_action,PAYXFER-CLIENT-ENV,unused
2026-11-24T07:30:10,rule,FTPDB-SERVER-RULE,unused
2026-11-24T07:30:10,rule,PAYXFER-OUTBOUND-RULE,unused
"
    );
}

/// A change is dated by its later capture: SYSA's change of the 24th
/// (samples/README.md, "Deliberate drift") is in a period that starts on the
/// 24th, with its old values read from the capture of the 23rd (first header
/// of 2026-11-23/SYSA/netstat.txt: 08:00:02), before the period; a period
/// that ends on the 23rd has no change of SYSA.
#[test]
fn policy_drift_reads_the_old_values_from_a_capture_before_the_period() {
    let columns = ["before", "after", "name", "setting", "old_value", "new_value"];
    assert_eq!(
        report(&["policy-drift", "--system", "SYSA", "--from", "2026-11-24"], &columns),
        "before,after,name,setting,old_value,new_value
2026-11-23T08:00:02,2026-11-24T08:00:01,TN3270-ENV-ACTION,TLSV1.1,Off,On
2026-11-23T08:00:02,2026-11-24T08:00:01,TN3270-ENV-ACTION,V3CipherSuites,1301 1302 1303 C02F C030 C027 C028,1301 1302 1303 C02F C030 C027 C028 000A
"
    );
    assert_eq!(
        report(&["policy-drift", "--system", "SYSA", "--from", "2026-11-22", "--to", "2026-11-23"], &columns),
        "before,after,name,setting,old_value,new_value\n"
    );
}

#[test]
fn allowed_not_used_lists_removable_risk_weakest_first() {
    assert_eq!(
        report(&["allowed-not-used", "--system", "SYSA"], &["kind", "code", "grade", "rules", "actions"]),
        "kind,code,grade,rules,actions
cipher,000A,weak,TN3270-SECURE-RULE,TN3270-ENV-ACTION
cipher,009C,weak,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT\",\"CICSPRD1-SERVER-ENV,DB2ADIST-SERVER-ENV\"
cipher,009D,weak,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT\",\"CICSPRD1-SERVER-ENV,DB2ADIST-SERVER-ENV\"
cipher,C028,weak,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,TN3270-SECURE-RULE\",\"CICSPRD1-SERVER-ENV,DB2ADIST-SERVER-ENV,TN3270-ENV-ACTION\"
protocol,TLSv1.1,weak,TN3270-SECURE-RULE,TN3270-ENV-ACTION
group,0025,secure,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1\",\"CICSPRD1-SERVER-ENV,CSQ1-INBOUND-ENVIRONMENT-ACTION,DB2ADIST-SERVER-ENV\"
cipher,1302,recommended,TN3270-SECURE-RULE,TN3270-ENV-ACTION
cipher,1303,recommended,TN3270-SECURE-RULE,TN3270-ENV-ACTION
cipher,C02B,recommended,CICSPRD1-HTTPS-RULE,CICSPRD1-SERVER-ENV
cipher,C02C,recommended,CICSPRD1-HTTPS-RULE,CICSPRD1-SERVER-ENV
group,0023,recommended,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1,TN3270-SECURE-RULE\",\"CICSPRD1-SERVER-ENV,CSQ1-INBOUND-ENVIRONMENT-ACTION,DB2ADIST-SERVER-ENV,TN3270-ENV-ACTION\"
group,0024,recommended,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1,TN3270-SECURE-RULE\",\"CICSPRD1-SERVER-ENV,CSQ1-INBOUND-ENVIRONMENT-ACTION,DB2ADIST-SERVER-ENV,TN3270-ENV-ACTION\"
group,0030,recommended,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1\",\"CICSPRD1-SERVER-ENV,CSQ1-INBOUND-ENVIRONMENT-ACTION,DB2ADIST-SERVER-ENV\"
"
    );
}

#[test]
fn regressions_show_the_endpoints_degraded_on_purpose() {
    let services = ["system", "job", "port", "peers", "regressions", "worse", "example_peer"];
    assert_eq!(
        report(&["regressions"], &services),
        "system,job,port,peers,regressions,worse,example_peer
SYSA,TN3270A,992,1,1,TLSv1.3 to TLSv1.2; AEAD to CBC; recommended to weak,10.20.30.40
SYSB,FTPDB,21,1,1,AT-TLS to cleartext,10.50.7.12
"
    );
    let columns = ["system", "job", "port", "remote_ip", "before", "after", "worse"];
    assert_eq!(
        report(&["regressions", "--by", "peer"], &columns),
        "system,job,port,remote_ip,before,after,worse
SYSA,TN3270A,992,10.20.30.40,2026-11-23T08:00:02,2026-11-24T08:00:01,TLSv1.3 to TLSv1.2; AEAD to CBC; recommended to weak
SYSB,FTPDB,21,10.50.7.12,2026-11-23T07:30:08,2026-11-24T07:30:10,AT-TLS to cleartext
"
    );
}

#[test]
fn coverage_lists_dates_kinds_and_gaps() {
    let columns = ["system", "date", "status", "report_kinds", "connections", "tls_sessions", "files"];
    assert_eq!(
        report(&["coverage", "--system", "SYSB"], &columns),
        "system,date,status,report_kinds,connections,tls_sessions,files
SYSB,2026-11-22,captured,\"ALL, ALLCONN, TTLS DETAIL, TTLS GROUP\",4,3,4
SYSB,2026-11-23,captured,\"ALL, ALLCONN, TTLS DETAIL, TTLS GROUP\",5,3,4
SYSB,2026-11-24,captured,\"ALL, ALLCONN, TTLS DETAIL, TTLS GROUP\",3,1,4
"
    );
}

#[test]
fn coverage_shows_gaps_and_files_that_could_not_be_ingested() {
    let dir = TestDir::new();
    let allconn = crate::util::fixture("published/netstat-allconn-port1414.txt");
    dir.write("c/2022-05-30/SYSA/allconn.txt", &allconn);
    dir.write("c/2022-06-01/SYSA/allconn.txt", allconn.replace("16:55:18", "16:55:19"));
    dir.write("c/undated/allconn.txt", allconn.replace("16:55:18", "16:55:20"));
    assert_eq!(dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]).status.code(), Some(3));
    let output = dir.run(&["report", "coverage", "--format", "csv"]);
    let columns = ["system", "date", "status", "connections", "files", "problems"];
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout).unwrap(), &columns),
        "system,date,status,connections,files,problems
SYSA,2022-05-30,captured,1,1,0
SYSA,2022-05-31,missing,,,
SYSA,2022-06-01,captured,1,1,0
,,not ingested,,1,1
"
    );
}

/// A period is the days of the whole answer that fall in it: a stack
/// captured before the period and not in it is missing on the period's
/// days, not left out (review 14a F5: `--from` the day SYSB's job stopped
/// showed SYSA alone). SYSA is captured on 05-30, 05-31, 06-01 and 06-03,
/// SYSB on 05-30 alone: SYSB is missing from 05-31 to 06-03 (the last day
/// any stack was captured), SYSA on 06-02.
#[test]
fn coverage_of_a_period_lists_the_stacks_captured_before_it() {
    let dir = TestDir::new();
    let allconn = crate::util::fixture("published/netstat-allconn-port1414.txt");
    for (date, time) in
        [("2022-05-30", "16:55:18"), ("2022-05-31", "16:55:19"), ("2022-06-01", "16:55:20"), ("2022-06-03", "16:55:21")]
    {
        dir.write(&format!("c/{date}/SYSA/allconn.txt"), allconn.replace("16:55:18", time));
    }
    dir.write("c/2022-05-30/SYSB/allconn.txt", &allconn);
    assert_eq!(dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]).status.code(), Some(0));
    let coverage = |period: &[&str]| {
        let args: Vec<&str> = ["report", "coverage", "--format", "csv"].iter().chain(period).copied().collect();
        let output = dir.run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        project_columns(&String::from_utf8(output.stdout).unwrap(), &["system", "date", "status"])
    };
    assert_eq!(
        coverage(&["--from", "2022-06-01"]),
        "system,date,status
SYSA,2022-06-01,captured
SYSA,2022-06-02,missing
SYSA,2022-06-03,captured
SYSB,2022-06-01,missing
SYSB,2022-06-02,missing
SYSB,2022-06-03,missing
"
    );
    assert_eq!(
        coverage(&["--from", "2022-06-02", "--to", "2022-06-02"]),
        "system,date,status
SYSA,2022-06-02,missing
SYSB,2022-06-02,missing
"
    );
    assert_eq!(
        coverage(&["--from", "2022-05-31", "--to", "2022-05-31", "--system", "SYSB"]),
        "system,date,status
SYSB,2022-05-31,missing
"
    );
    assert_eq!(
        coverage(&["--to", "2022-05-30"]),
        "system,date,status
SYSA,2022-05-30,captured
SYSB,2022-05-30,captured
"
    );
    // After the last capture of any stack nothing is known to be missing.
    assert_eq!(coverage(&["--from", "2022-06-04"]), "system,date,status\n");
}

#[test]
fn report_errors_name_the_report_and_what_it_takes() {
    let output = samples().run(&["report", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no report named `nope`; the reports are: tls-adoption, protocols,"));
    let output = samples().run(&["report", "coverage", "--port", "21"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("report coverage does not take --port; it takes: --from, --to, --system, --stack"));
    let output = samples().run(&["report", "coverage", "--by", "stack"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("report coverage does not take --by stack; it takes: --from, --to, --system, --stack"),
        "{}",
        stderr(&output)
    );
    let output = samples().run(&["report", "tls-adoptoin"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "ttlsinv: no report named `tls-adoptoin`: did you mean tls-adoption? (`ttlsinv reports` lists them)\n"
    );
    let sql = samples().run(&["report", "regressions", "--show-sql"]);
    assert_eq!(
        String::from_utf8(sql.stdout).unwrap(),
        std::fs::read_to_string(project("sql/regressions.sql")).unwrap()
    );
}

/// The SQL examples of the README run on the samples and return rows.
#[test]
fn readme_sql_examples_run() {
    let readme = std::fs::read_to_string(project("README.md")).unwrap();
    let examples: Vec<&str> =
        readme.split("```sql\n").skip(1).filter_map(|block| block.split_once("```")).map(|(sql, _)| sql).collect();
    assert!(examples.len() >= 6, "found {} examples", examples.len());
    for sql in examples {
        let rows = samples().csv(sql);
        assert!(rows.lines().count() > 1, "no rows from README example:\n{sql}");
    }
}
