//! Writers of NETSTAT report text, line for line in the layout of the
//! published z/OS V2R4 captures (`tests/fixtures/published/`) and the
//! shipped samples: the same column positions, message ids, padding, the
//! blank after the foreign socket of ALL, lower-case conn ids in TTLS.
//!
//! Each line is written from a literal template copied from those files, so
//! that a reader can hold one against the other; only the TSO message id in
//! front of a line depends on how the system was captured ([`Text::line`]).

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike};

use super::site::{Coded, Direction, EnvState, Policy, APPS, GROUPS};
use super::system::{Conn, Endpoint, System, WINDOWS};

/// Report text being built, with or without TSO message ids.
#[derive(Debug, Default)]
pub struct Text {
    pub text: String,
    pub message_ids: bool,
}

/// Writes one line: `id` (a TSO message id such as `EZZ2550I`, or `""` for
/// lines that never carry one) only when the text has message ids.
macro_rules! put {
    ($out:expr, $id:expr, $($format:tt)*) => {
        $out.line($id, format_args!($($format)*))
    };
}

impl Text {
    pub fn line(&mut self, id: &str, args: fmt::Arguments<'_>) {
        if self.message_ids && !id.is_empty() {
            self.text.push_str(id);
            self.text.push(' ');
        }
        // Formatting into a String cannot fail.
        let _ = self.text.write_fmt(args);
        self.text.push('\n');
    }

    /// A report header. The release is padded so that `TCPIP Name:` starts
    /// in column 34, the stack so that the time starts in column 62.
    pub fn header(&mut self, id: &str, release: &str, stack: &str, time: NaiveTime) {
        put!(self, id, "MVS TCP/IP NETSTAT CS {release:<11}TCPIP Name: {stack:<16}{}", Hms(time));
    }
}

/// `hh:mm:ss`.
struct Hms(NaiveTime);

impl fmt::Display for Hms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.0.hour(), self.0.minute(), self.0.second())
    }
}

/// What one NETSTAT ALL block shows, for a connection or a listener.
#[derive(Debug, Clone)]
pub struct AllBlock<'a> {
    pub job: &'a str,
    pub id: u32,
    pub local: &'a str,
    pub remote: &'a str,
    pub state: &'a str,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub segments_in: u64,
    pub segments_out: u64,
    pub started: NaiveDateTime,
    pub last_touched: NaiveTime,
    pub init_rcv: u32,
    pub init_snd: u32,
    pub window: usize,
    pub mss: u32,
    pub rtt: u32,
    pub rtt_variance: u32,
    pub buffer: u32,
    /// Rule, group action and environment action under `TTLSPolicy: Yes`.
    pub ttls: Option<(&'a str, &'a str, &'a str)>,
}

impl<'a> AllBlock<'a> {
    pub fn connection(conn: &'a Conn) -> AllBlock<'a> {
        let app = &APPS[conn.app];
        let policy = app.policy.as_ref().filter(|_| conn.tls.is_some());
        AllBlock {
            job: app.job,
            id: conn.id,
            local: &conn.local,
            remote: &conn.remote,
            state: "Establsh",
            bytes_in: conn.bytes_in,
            bytes_out: conn.bytes_out,
            segments_in: segments(conn.bytes_in),
            segments_out: segments(conn.bytes_out),
            started: conn.started,
            last_touched: conn.last_touched,
            init_rcv: conn.init_rcv,
            init_snd: conn.init_snd,
            window: conn.window,
            mss: conn.mss,
            rtt: conn.rtt,
            rtt_variance: conn.rtt_variance,
            buffer: app.buffer,
            ttls: policy.map(|p| (p.rule, GROUPS[p.group].name, p.env.name)),
        }
    }

    pub fn listener(endpoint: &'a Endpoint, last_touched: NaiveTime) -> AllBlock<'a> {
        AllBlock {
            job: endpoint.job,
            id: endpoint.id,
            local: &endpoint.local,
            remote: endpoint.remote,
            state: "Listen",
            bytes_in: 0,
            bytes_out: 0,
            segments_in: 0,
            segments_out: 0,
            started: endpoint.started,
            last_touched,
            init_rcv: 0,
            init_snd: 0,
            window: 0,
            mss: 536,
            rtt: 0,
            rtt_variance: 1_500,
            buffer: 65_536,
            ttls: None,
        }
    }
}

/// Segments for a byte count: about one per 600 bytes, as in the samples.
fn segments(bytes: u64) -> u64 {
    bytes.div_ceil(600)
}

/// Milliseconds as NETSTAT prints round-trip times: `7.000`.
fn seconds(millis: u32) -> String {
    format!("{}.{:03}", millis / 1000, millis % 1000)
}

/// One NETSTAT ALL block, `Client Name:` to `Ancillary Input Queue:`.
pub fn all_block(out: &mut Text, b: &AllBlock<'_>) {
    let listening = b.state == "Listen";
    // A listener has no sequence numbers, windows or traffic.
    let live = |value: u32| if listening { 0 } else { value };
    let rcv_nxt = live(b.init_rcv.wrapping_add(b.bytes_in as u32).wrapping_add(1));
    let snd_nxt = live(b.init_snd.wrapping_add(b.bytes_out as u32).wrapping_add(1));
    let (snd_wnd, max_snd_wnd) = WINDOWS[b.window];
    let (snd_wnd, max_snd_wnd) = (live(snd_wnd), live(max_snd_wnd));
    let rcv_wnd = live(130_987);
    let (date, start) = (b.started.date(), b.started.time());
    put!(out, "EZZ2550I", "Client Name: {:<25}Client Id: {:08X}", b.job, b.id);
    // The foreign socket starts in column 39 unless the local one is too long for its column.
    let gap = if b.local.len() + 2 <= 24 { 24 - b.local.len() } else { 2 };
    put!(out, "EZZ2551I", "Local Socket: {}{:gap$}Foreign Socket: {} ", b.local, "", b.remote);
    put!(out, "EZZ2577I", "  BytesIn:            {:010}        BytesOut:           {:010}", b.bytes_in, b.bytes_out);
    let (segments_in, segments_out) = (b.segments_in, b.segments_out);
    put!(out, "EZZ2574I", "  SegmentsIn:         {segments_in:010}        SegmentsOut:        {segments_out:010}");
    put!(
        out,
        "EZZ2536I",
        "  StartDate:          {:02}/{:02}/{:04}        StartTime:          {}",
        date.month(),
        date.day(),
        date.year(),
        Hms(start)
    );
    put!(out, "EZZ2552I", "  Last Touched:       {}          State:              {}", Hms(b.last_touched), b.state);
    put!(out, "EZZ2553I", "  RcvNxt:             {rcv_nxt:010}        SndNxt:             {snd_nxt:010}");
    put!(out, "EZZ2554I", "  ClientRcvNxt:       {rcv_nxt:010}        ClientSndNxt:       {snd_nxt:010}");
    let (init_rcv, init_snd) = (live(b.init_rcv), live(b.init_snd));
    put!(out, "EZZ2555I", "  InitRcvSeqNum:      {init_rcv:010}        InitSndSeqNum:      {init_snd:010}");
    let (cwnd, threshold) = (live(18_720), live(65_535));
    put!(out, "EZZ2556I", "  CongestionWindow:   {cwnd:010}        SlowStartThreshold: {threshold:010}");
    let (incoming, outgoing) = (live(rcv_nxt.wrapping_add(rcv_wnd)), live(snd_nxt.wrapping_add(snd_wnd)));
    put!(out, "EZZ2557I", "  IncomingWindowNum:  {incoming:010}        OutgoingWindowNum:  {outgoing:010}");
    put!(out, "EZZ2558I", "  SndWl1:             {rcv_nxt:010}        SndWl2:             {snd_nxt:010}");
    put!(out, "EZZ2559I", "  SndWnd:             {snd_wnd:010}        MaxSndWnd:          {max_snd_wnd:010}");
    let rtt_seq = live(snd_nxt.wrapping_sub(85));
    put!(out, "EZZ2560I", "  SndUna:             {snd_nxt:010}        rtt_seq:            {rtt_seq:010}");
    put!(out, "EZZ2561I", "  MaximumSegmentSize: {:010}        DSField:            00", b.mss);
    put!(out, "EZZ2563I", "  Round-trip information:");
    let (rtt, variance) = (seconds(b.rtt), seconds(b.rtt_variance));
    put!(out, "EZZ2564I", "    Smooth trip time: {rtt:<18}SmoothTripVariance: {variance}");
    put!(out, "EZZ2565I", "  ReXmt:              0000000000        ReXmtCount:         0000000000");
    put!(out, "EZZ2572I", "  DupACKs:            0000000000        RcvWnd:             {rcv_wnd:010}");
    let (sock_opt, tcp_sel, tcp_det) = if listening { ("80", "20", "C0") } else { ("88", "40", "E4") };
    put!(out, "EZZ2566I", "  SockOpt:            {sock_opt}                TcpTimer:           00");
    put!(out, "EZZ2567I", "  TcpSig:             04                TcpSel:             {tcp_sel}");
    put!(out, "EZZ2568I", "  TcpDet:             {tcp_det}                TcpPol:             00");
    put!(out, "EZZ2593I", "  TcpPrf:             89                TcpPrf2:            20");
    put!(out, "EZZ2593I", "  TcpPrf3:            00");
    put!(out, "EZZ2593I", "  DelayAck:           Yes");
    put!(out, "EZZ2537I", "  QOSPolicy:          No");
    match b.ttls {
        Some((rule, group, env)) => {
            put!(out, "EZZ2545I", "  TTLSPolicy:         Yes");
            put!(out, "EZZ2546I", "    TTLSRule:         {rule}");
            put!(out, "EZZ2547I", "    TTLSGrpAction:    {group}");
            put!(out, "EZZ2548I", "    TTLSEnvAction:    {env}");
        }
        None => put!(out, "EZZ2545I", "  TTLSPolicy:         No"),
    }
    put!(out, "EZZ2542I", "  RoutingPolicy:      No");
    put!(out, "EZZ2570I", "  ReceiveBufferSize:  {:010}        SendBufferSize:     {:010}", b.buffer, b.buffer);
    put!(out, "EZZ2538I", "  ReceiveDataQueued:  0000000000");
    put!(out, "EZZ2539I", "  SendDataQueued:     0000000000");
    put!(out, "EZZ2611I", "  SendStalled:        No");
    put!(out, "EZZ2609I", "  Ancillary Input Queue: N/A");
}

/// The body of a NETSTAT ALL report: TCP connections and listeners, newest
/// (highest conn id) first. UDP endpoints are left out, as in the samples.
pub fn all(out: &mut Text, system: &System) {
    for conn in system.conns.iter().rev() {
        all_block(out, &AllBlock::connection(conn));
    }
    for listener in system.listeners.iter().rev() {
        // A listener was last touched when its newest connection arrived.
        let port = listener.app.map(|a| APPS[a].port);
        let inbound = |c: &&Conn| APPS[c.app].direction == Direction::Inbound && Some(APPS[c.app].port) == port;
        let newest = system.conns.iter().rev().find(inbound);
        let touched = newest.map_or(listener.started.time(), |c| c.started.time());
        all_block(out, &AllBlock::listener(listener, touched));
    }
}

/// Layout of an ALLCONN report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnLayout {
    /// One line per endpoint.
    Short,
    /// `User Id  Conn  State`, then the sockets on two indented lines (for
    /// IPv6 sockets, which do not fit the SHORT columns).
    Long,
}

/// The body of an ALLCONN report: TCP endpoints newest first, then UDP.
pub fn allconn(out: &mut Text, system: &System, layout: ConnLayout) {
    match layout {
        ConnLayout::Short => {
            put!(out, "EZZ2585I", "User Id  Conn     Local Socket           Foreign Socket         State");
            put!(out, "EZZ2586I", "-------  ----     ------------           --------------         -----");
        }
        ConnLayout::Long => {
            put!(out, "EZZ2585I", "User Id  Conn     State");
            put!(out, "EZZ2586I", "-------  ----     -----");
        }
    }
    let conns =
        system.conns.iter().rev().map(|c| (APPS[c.app].job, c.id, c.local.as_str(), c.remote.as_str(), "Establsh"));
    let listeners = system.listeners.iter().rev().map(|l| (l.job, l.id, l.local.as_str(), l.remote, "Listen"));
    let udp = system.udp.iter().map(|u| (u.job, u.id, u.local.as_str(), u.remote, "UDP"));
    for (job, id, local, remote, state) in conns.chain(listeners).chain(udp) {
        allconn_row(out, layout, (job, id, local, remote, state));
    }
}

/// One endpoint of an ALLCONN report: job, conn id, sockets and state.
fn allconn_row(out: &mut Text, layout: ConnLayout, (job, id, local, remote, state): (&str, u32, &str, &str, &str)) {
    match layout {
        ConnLayout::Short => put!(out, "EZZ2587I", "{job:<8} {id:08X} {local:<22} {remote:<22} {state}"),
        ConnLayout::Long => {
            put!(out, "EZZ2587I", "{job:<8} {id:08X} {state}");
            put!(out, "EZZ2589I", "  Local Socket:   {local}");
            put!(out, "EZZ2590I", "  Foreign Socket: {remote}");
        }
    }
}

/// A list-valued setting: the first item on the key's line, the others
/// below it in the value column (32).
fn list(out: &mut Text, key: &str, items: &[Coded]) {
    for (index, item) in items.iter().enumerate() {
        let key = if index == 0 { key } else { "" };
        put!(out, "", "    {key:<28}{} {}", item.code, item.name);
    }
}

const CLIENT_ECURVES: &[Coded] = &[
    Coded { code: "0021", name: "secp224r1" },
    Coded { code: "0023", name: "secp256r1" },
    Coded { code: "0024", name: "secp384r1" },
    Coded { code: "0025", name: "secp521r1" },
    Coded { code: "0019", name: "secp192r1" },
    Coded { code: "0029", name: "X25519" },
];

const SIGNATURE_PAIRS: &[Coded] = &[
    Coded { code: "0601", name: "TLS_SIGALG_SHA512_WITH_RSA" },
    Coded { code: "0603", name: "TLS_SIGALG_SHA512_WITH_ECDSA" },
    Coded { code: "0501", name: "TLS_SIGALG_SHA384_WITH_RSA" },
    Coded { code: "0503", name: "TLS_SIGALG_SHA384_WITH_ECDSA" },
    Coded { code: "0401", name: "TLS_SIGALG_SHA256_WITH_RSA" },
    Coded { code: "0403", name: "TLS_SIGALG_SHA256_WITH_ECDSA" },
    Coded { code: "0402", name: "TLS_SIGALG_SHA256_WITH_DSA" },
    Coded { code: "0301", name: "TLS_SIGALG_SHA224_WITH_RSA" },
    Coded { code: "0303", name: "TLS_SIGALG_SHA224_WITH_ECDSA" },
    Coded { code: "0302", name: "TLS_SIGALG_SHA224_WITH_DSA" },
    Coded { code: "0201", name: "TLS_SIGALG_SHA1_WITH_RSA" },
    Coded { code: "0203", name: "TLS_SIGALG_SHA1_WITH_ECDSA" },
    Coded { code: "0202", name: "TLS_SIGALG_SHA1_WITH_DSA" },
    Coded { code: "0806", name: "TLS_SIGALG_SHA512_WITH_RSASSA_PSS" },
    Coded { code: "0805", name: "TLS_SIGALG_SHA384_WITH_RSASSA_PSS" },
    Coded { code: "0804", name: "TLS_SIGALG_SHA256_WITH_RSASSA_PSS" },
];

/// The settings after `ClientAuthType:`, the same in every environment
/// action of the samples.
const ENV_TAIL: &str = "    CertValidationMode:         Any
    Renegotiation:              Default
    RenegotiationIndicator:     Optional
    RenegotiationCertCheck:     Off
    3DesKeyCheck:               Off
    ClientEDHGroupSize:         Legacy
    ServerEDHGroupSize:         Legacy
    PeerMinCertVersion:         Any
    PeerMinDHKeySize:           1024
    PeerMinDsaKeySize:          1024
    PeerMinECCKeySize:          192
    PeerMinRsaKeySize:          1024
    ServerScsv:                 Off
    GSK_V3_SESSION_TIMEOUT:     86400
    GSK_V3_SIDCACHE_SIZE:       512
    GSK_SESSION_TICKET_CLIENT_ENABLE:      On
    GSK_SESSION_TICKET_CLIENT_MAXSIZE:     8192
    GSK_SESSION_TICKET_SERVER_ENABLE:      On
    GSK_SESSION_TICKET_SERVER_ALGORITHM:   AESCBC128
    GSK_SESSION_TICKET_SERVER_COUNT:       2
    GSK_SESSION_TICKET_SERVER_TIMEOUT:     300
    GSK_SESSION_TICKET_SERVER_KEY_REFRESH: 300
    HttpCdpEnable:              Off
    HttpCdpProxyServerPort:     80
    HttpCdpResponseTimeout:     15
    HttpCdpMaxResponseSize:     204800
    HttpCdpCacheSize:           32
    HttpCdpCacheEntryMaxsize:   0
    OcspAiaEnable:              Off
    OcspProxyServerPort:        80
    OcspRetrieveViaGet:         Off
    OcspUrlPriority:            On
    OcspRequestSigalg:          0401 TLS_SIGALG_SHA256_WITH_RSA
    OcspClientCacheSize:        256
    OcspCliCacheEntryMaxsize:   0
    OcspNonceGenEnable:         Off
    OcspNonceCheckEnable:       Off
    OcspNonceSize:              8
    OcspResponseTimeout:        15
    OcspMaxResponseSize:        20480
    OcspServerStapling:         Off
";

fn on_off(on: bool) -> &'static str {
    if on {
        "On"
    } else {
        "Off"
    }
}

/// The group id a group action has on every system: its place in [`GROUPS`]
/// plus 4, so ids rise in the order of the list, as NETSTAT prints groups.
pub fn group_id(group: usize) -> u32 {
    group as u32 + 4
}

/// One `ConnID:` entry of a TTLS DETAIL report with its rule, group action
/// and environment action (`env` is the system's current state of it).
pub fn ttls_entry(out: &mut Text, conn: &Conn, policy: &Policy, env: &EnvState) {
    let Some(tls) = conn.tls else { return };
    let app = &APPS[conn.app];
    put!(out, "", "ConnID: {:08x}", conn.id);
    put!(out, "", "  JobName:      {}", app.job);
    put!(out, "", "  LocalSocket:  {}", conn.local);
    put!(out, "", "  RemoteSocket: {}", conn.remote);
    put!(out, "", "  SecLevel:     {}", tls.protocol.sec_level());
    put!(out, "", "  Cipher:       {} {}", tls.cipher.code, tls.cipher.name);
    match tls.key_share {
        Some(share) => put!(out, "", "  KeyShare:     {} {}", share.code, share.name),
        None => put!(out, "", "  KeyShare:     N/A"),
    }
    put!(out, "", "  CertUserID:   {}", policy.cert_user);
    put!(out, "", "  MapType:      Primary");
    put!(out, "", "  FIPS140:      Off");
    put!(out, "", "  SessionID:    01010018 {:08X} {:04X}0000 00000000", conn.tag, conn.remote_port);
    put!(out, "", "                00000000 00000000 {:08X} 00000001", conn.stamp);
    put!(out, "", "  SIDReuseReq:  Off");
    put!(out, "", "TTLSRule: {}", policy.rule);
    put!(out, "", "  Priority:       {}", policy.priority);
    put!(out, "", "  LocalAddr:      All");
    match app.direction {
        Direction::Inbound => {
            put!(out, "", "  LocalPort:      {}", app.port);
            put!(out, "", "  RemoteAddr:     All");
            put!(out, "", "  RemotePort:     All");
        }
        Direction::Outbound => {
            put!(out, "", "  LocalPort:      All");
            put!(out, "", "  RemoteAddr:     {}", app.peers);
            put!(out, "", "  RemotePort:     {}", app.port);
        }
    }
    put!(out, "", "  JobName:        {}", app.job);
    let direction = if app.direction == Direction::Inbound { "Inbound" } else { "Outbound" };
    put!(out, "", "  Direction:      {direction}");
    put!(out, "", "  TTLSGrpAction:  {}", GROUPS[policy.group].name);
    put!(out, "", "    GroupID:                    {:08X}", group_id(policy.group));
    put!(out, "", "    TTLSEnabled:                On");
    put!(out, "", "    CtraceClearText:            Off");
    put!(out, "", "    Trace:                      2");
    put!(out, "", "    SyslogFacility:             Daemon");
    put!(out, "", "    SecondaryMap:               Off");
    put!(out, "", "    FIPS140:                    Off");
    let e = &policy.env;
    put!(out, "", "  TTLSEnvAction:  {}", e.name);
    put!(out, "", "    HandshakeRole:              {}", if e.client { "Client" } else { "Server" });
    put!(out, "", "    SuiteBProfile:              Off");
    put!(out, "", "    MiddleBoxCompatMode:        {}", on_off(e.middlebox));
    put!(out, "", "    Keyring:                    {}", e.keyring);
    list(out, "V3CipherSuites:", &env.ciphers);
    put!(out, "", "    Trace:                      {}", e.trace);
    put!(out, "", "    SSLV2:                      Off");
    for (key, on) in ["SSLV3:", "TLSV1:", "TLSV1.1:", "TLSV1.2:", "TLSV1.3:"].iter().zip(env.versions) {
        put!(out, "", "    {key:<28}{}", on_off(on));
    }
    put!(out, "", "    ResetCipherTimer:           0");
    put!(out, "", "    ApplicationControlled:      {}", on_off(e.application_controlled));
    put!(out, "", "    HandshakeTimeout:           10");
    put!(out, "", "    CertificateLabel:           {}", e.label);
    put!(out, "", "    SecondaryMap:               Off");
    put!(out, "", "    TruncatedHMAC:              Off");
    put!(out, "", "    ClientMaxSSLFragment:       Off");
    put!(out, "", "    ServerMaxSSLFragment:       Off");
    put!(out, "", "    ClientHandshakeSNI:         Off");
    put!(out, "", "    ServerHandshakeSNI:         Off");
    list(out, "ClientECurves:", CLIENT_ECURVES);
    list(out, "ClientKeyShareGroups:", e.client_key_shares);
    list(out, "ServerKeyShareGroups:", e.server_key_shares);
    list(out, "SignaturePairs:", SIGNATURE_PAIRS);
    put!(out, "", "    ClientAuthType:             {}", e.client_auth);
    out.text.push_str(ENV_TAIL);
}

/// The TLS connections of a system, newest first, with their policy and
/// the system's current state of its environment action.
pub fn tls_connections(system: &System) -> impl Iterator<Item = (&Conn, &'static Policy, &EnvState)> {
    system.conns.iter().rev().filter(|c| c.tls.is_some()).filter_map(|c| {
        let policy = APPS[c.app].policy.as_ref()?;
        Some((c, policy, system.envs[c.app].as_ref()?))
    })
}

/// The body of a TTLS DETAIL report: one entry per TLS connection, an empty
/// line between two entries and none after the last.
pub fn ttls_detail(out: &mut Text, system: &System) {
    for (index, (conn, policy, env)) in tls_connections(system).enumerate() {
        if index > 0 {
            out.text.push('\n');
        }
        ttls_entry(out, conn, policy, env);
    }
}

/// TLS connections per group action (by [`GROUPS`] index) and, within it,
/// per environment action name in the order the system's applications list them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupUse {
    group: usize,
    conns: u64,
    envs: Vec<(&'static str, u64)>,
}

/// Every group action of the system's policy, in group id order, with the
/// connections that use it.
fn group_use(system: &System) -> Vec<GroupUse> {
    let mut groups: Vec<GroupUse> = Vec::new();
    for &a in &system.apps {
        let Some(policy) = APPS[a].policy.as_ref() else { continue };
        let conns = system.conns.iter().filter(|c| c.app == a && c.tls.is_some()).count() as u64;
        let index = match groups.iter().position(|g| g.group == policy.group) {
            Some(index) => index,
            None => {
                groups.push(GroupUse { group: policy.group, conns: 0, envs: Vec::new() });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        group.conns += conns;
        if conns > 0 {
            group.envs.push((policy.env.name, conns));
        }
    }
    groups.sort_by_key(|g| g.group);
    groups
}

/// The body of a TTLS GROUP report: a fixed-width table.
pub fn ttls_group(out: &mut Text, system: &System) {
    put!(out, "", "TTLSGrpAction                             Group ID           Conns");
    put!(out, "", "----------------------------------------  -----------------  -----");
    for g in group_use(system) {
        group_row(out, &g);
    }
}

fn group_row(out: &mut Text, g: &GroupUse) {
    put!(out, "", "{:<42}{:08X}{:>16}", GROUPS[g.group].name, group_id(g.group), g.conns);
}

/// The body of a TTLS GROUP DETAIL report; groups without connections have
/// no `Env:` line, and the report ends with an empty line.
pub fn ttls_group_detail(out: &mut Text, system: &System) {
    for g in group_use(system) {
        group_block(out, &g);
    }
    out.text.push('\n');
}

fn group_block(out: &mut Text, g: &GroupUse) {
    let group = &GROUPS[g.group];
    put!(out, "", "TTLSGrpAction:   {}", group.name);
    put!(out, "", "  GroupID:         {:08X}", group_id(g.group));
    put!(out, "", "  Tasks:           {:<21}GroupConns:      {}", group.tasks, g.conns);
    put!(out, "", "  WorkQElements:   0                    SyslogQElements: 0");
    for (env, conns) in &g.envs {
        put!(out, "", "    Env: {env:<42}EnvConns: {conns}");
    }
}

/// The writers against the shipped samples, byte for byte.
#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::site::APPS;

    const SYSA_22: &str = include_str!("../../../samples/tree/2026-11-22/SYSA/netstat.txt");
    const SYSA_23: &str = include_str!("../../../samples/tree/2026-11-23/SYSA/netstat.txt");
    const SYSB_23_ALL: &str = include_str!("../../../samples/tree/SYSB/20261123/onetstat-A.txt");
    const SYSB_23_ALLCONN: &str = include_str!("../../../samples/tree/SYSB/20261123/onetstat-a.txt");

    /// `count` lines of `sample`, from the first one that contains `marker`.
    fn sample_lines(sample: &str, marker: &str, count: usize) -> String {
        let lines: Vec<&str> = sample.lines().collect();
        let start = lines.iter().position(|l| l.contains(marker)).unwrap_or_else(|| panic!("{marker}"));
        lines[start..start + count].iter().map(|l| format!("{l}\n")).collect()
    }

    fn text(message_ids: bool) -> Text {
        Text { text: String::new(), message_ids }
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn time(text: &str) -> NaiveTime {
        NaiveTime::parse_from_str(text, "%H:%M:%S").unwrap()
    }

    /// FTPD1 `0000A233` of SYSA on 2026-11-22: in clear text.
    fn ftp_block() -> AllBlock<'static> {
        AllBlock {
            job: "FTPD1",
            id: 0xA233,
            local: "10.1.1.2..21",
            remote: "10.40.2.15..50731",
            state: "Establsh",
            bytes_in: 214,
            bytes_out: 1307,
            segments_in: 3,
            segments_out: 4,
            started: at("2026-11-22 07:56:48"),
            last_touched: time("07:58:19"),
            init_rcv: 3_377_120_045,
            init_snd: 2_001_447_189,
            window: 0,
            mss: 1440,
            rtt: 7_000,
            rtt_variance: 19_000,
            buffer: 65_536,
            ttls: None,
        }
    }

    #[test]
    fn headers() {
        let mut out = text(true);
        out.header("EZZ2350I", "V2R4", "TCPIP", time("08:00:01"));
        out.header("", "V2R4", "TCPIP", time("08:00:05"));
        out.header("EZZ2350I", "V2R5", "TCPIPB", time("07:30:11"));
        assert_eq!(
            out.text,
            "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01\n\
             MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:05\n\
             EZZ2350I MVS TCP/IP NETSTAT CS V2R5       TCPIP Name: TCPIPB          07:30:11\n"
        );
    }

    #[test]
    fn all_blocks_match_the_samples() {
        let mut out = text(true);
        all_block(&mut out, &ftp_block());
        assert_eq!(out.text, sample_lines(SYSA_22, "Client Id: 0000A233", 33));

        let tn3270 = AllBlock {
            job: "TN3270A",
            id: 0xA1F0,
            local: "10.1.1.2..992",
            remote: "10.20.30.40..52311",
            bytes_in: 6182,
            bytes_out: 412_779,
            segments_in: 13,
            segments_out: 766,
            started: at("2026-11-22 07:41:36"),
            last_touched: time("07:59:12"),
            init_rcv: 3_050_211_874,
            init_snd: 1_284_400_913,
            window: 1,
            rtt: 12_000,
            rtt_variance: 6_000,
            ttls: Some(("TN3270-SECURE-RULE", "TN3270-GROUP-ACTION", "TN3270-ENV-ACTION")),
            ..ftp_block()
        };
        let mut out = text(true);
        all_block(&mut out, &tn3270);
        assert_eq!(out.text, sample_lines(SYSA_22, "Client Id: 0000A1F0", 36));

        let listener = Endpoint {
            id: 0x36,
            job: "FTPD1",
            local: "0.0.0.0..21".to_string(),
            remote: "0.0.0.0..0",
            started: at("2026-11-21 05:23:05"),
            app: None,
        };
        let mut out = text(true);
        all_block(&mut out, &AllBlock::listener(&listener, time("07:56:48")));
        assert_eq!(out.text, sample_lines(SYSA_22, "Client Id: 00000036", 33));
    }

    #[test]
    fn a_long_local_socket_pushes_the_foreign_one_right() {
        let ipv6 = AllBlock { local: "2001:db8:20:100::10:b5..22", remote: "2001:db8:a0:7::1c..50122", ..ftp_block() };
        let mut out = text(false);
        all_block(&mut out, &ipv6);
        let second = out.text.lines().nth(1).unwrap();
        assert_eq!(format!("{second}\n"), sample_lines(SYSB_23_ALL, "Local Socket: 2001:db8:20:100::10:b5..22", 1));
    }

    #[test]
    fn allconn_rows_match_the_samples() {
        let mut out = text(true);
        put!(out, "EZZ2585I", "User Id  Conn     Local Socket           Foreign Socket         State");
        allconn_row(&mut out, ConnLayout::Short, ("FTPD1", 0xA233, "10.1.1.2..21", "10.40.2.15..50731", "Establsh"));
        let expected = sample_lines(SYSA_22, "EZZ2585I", 1) + &sample_lines(SYSA_22, "EZZ2587I FTPD1    0000A233", 1);
        assert_eq!(out.text, expected);

        let mut out = text(false);
        allconn_row(
            &mut out,
            ConnLayout::Long,
            ("SSHD", 0xAB12, "2001:db8:20:100::10:b5..22", "2001:db8:a0:7::1c..50122", "Establsh"),
        );
        allconn_row(&mut out, ConnLayout::Long, ("OSNMPD", 0x1D, "0.0.0.0..161", "*..*", "UDP"));
        let expected =
            sample_lines(SYSB_23_ALLCONN, "SSHD     0000AB12", 3) + &sample_lines(SYSB_23_ALLCONN, "OSNMPD", 3);
        assert_eq!(out.text, expected);
    }

    #[test]
    fn a_ttls_entry_matches_the_sample() {
        let policy = APPS[0].policy.as_ref().unwrap();
        let conn = Conn {
            id: 0xA1F0,
            app: 0,
            local: "10.1.1.2..992".to_string(),
            remote: "10.20.30.40..52311".to_string(),
            remote_port: 52311,
            tag: 0x0A14_1E28,
            stamp: 0x6B02_9CB0,
            started: at("2026-11-22 07:41:36"),
            last_touched: time("07:59:12"),
            bytes_in: 0,
            bytes_out: 0,
            init_rcv: 0,
            init_snd: 0,
            window: 0,
            mss: 1440,
            rtt: 0,
            rtt_variance: 0,
            tls: Some(&policy.negotiated[0]),
        };
        let mut out = text(true);
        ttls_entry(&mut out, &conn, policy, &EnvState::new(&policy.env));
        let lines = out.text.lines().count();
        assert_eq!(out.text, sample_lines(SYSA_22, "ConnID: 0000a1f0", lines));
        assert_eq!(sample_lines(SYSA_22, "ConnID: 0000a1f0", lines + 1).lines().last(), Some(""));
    }

    #[test]
    fn group_rows_and_blocks_match_the_samples() {
        let cics = GroupUse { group: 1, conns: 2, envs: vec![("CICSPRD1-SERVER-ENV", 2)] };
        let ftp = GroupUse { group: 4, conns: 0, envs: vec![] };
        let mut out = text(true);
        group_row(&mut out, &cics);
        group_row(&mut out, &ftp);
        assert_eq!(
            out.text,
            sample_lines(SYSA_23, "CICS-GROUP-ACTION     ", 1) + &sample_lines(SYSA_23, "FTP-GROUP-ACTION     ", 1)
        );
        let mut out = text(true);
        group_block(&mut out, &cics);
        group_block(&mut out, &ftp);
        let expected = sample_lines(SYSA_23, "TTLSGrpAction:   CICS-GROUP-ACTION", 5)
            + &sample_lines(SYSA_23, "TTLSGrpAction:   FTP-GROUP-ACTION", 4);
        assert_eq!(out.text, expected);
    }
}
