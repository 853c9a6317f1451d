//! Typed records: what the parsers produce and the store writes.
//!
//! Plain data only. Every record carries the 1-based line of the capture file
//! it came from, so any row in the database can be traced back to its text.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The kind of a netstat report, recognised from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportKind {
    /// `NETSTAT ALL` / `netstat -A`: one detail block per connection.
    All,
    /// `NETSTAT ALLCONN` / `netstat -a`.
    AllConn,
    /// `NETSTAT CONN` / `netstat -c` (same layout as ALLCONN).
    Conn,
    /// A connection list that nothing tells to be CONN or ALLCONN: no
    /// command echo before it, and no recently closed connection in it
    /// (which only ALLCONN lists).
    ConnOrAllConn,
    /// `NETSTAT TTLS`: negotiated security of every AT-TLS connection.
    Ttls,
    /// `NETSTAT TTLS CONN n`: as `Ttls`, of connection n alone (its command
    /// echo says so; the lines are those of `Ttls`).
    TtlsConn,
    /// `NETSTAT TTLS [CONN n] DETAIL`: as `Ttls`, plus the rule and actions.
    TtlsDetail,
    /// `NETSTAT TTLS GROUP`: a table of group actions.
    TtlsGroup,
    /// `NETSTAT TTLS GROUP DETAIL`: a block per group action.
    TtlsGroupDetail,
    /// `NETSTAT BYTEINFO` / `netstat -b`: byte counts and start time per connection.
    ByteInfo,
    /// `pasearch -t`: every AT-TLS rule and action of the Policy Agent.
    Pasearch,
    /// A report this version does not parse (kept as a capture, skipped with
    /// a note), with the NETSTAT report it looks like (`ROUTE`, `HOME`) when
    /// its command echo or its first line tell.
    Other(Option<&'static str>),
    /// A header with nothing after it.
    Empty,
    /// A request that printed NETSTAT messages and no report (`EZZ2377I Could
    /// not establish affinity with TCPIPB`), with the report it asked for
    /// when its command echo said.
    Failed(Option<&'static str>),
}

impl ReportKind {
    /// The name stored in `captures.report_kind` and shown in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::All => "ALL",
            ReportKind::AllConn => "ALLCONN",
            ReportKind::Conn => "CONN",
            ReportKind::ConnOrAllConn => "CONN/ALLCONN",
            ReportKind::Ttls => "TTLS",
            ReportKind::TtlsConn => "TTLS CONN",
            ReportKind::TtlsDetail => "TTLS DETAIL",
            ReportKind::TtlsGroup => "TTLS GROUP",
            ReportKind::TtlsGroupDetail => "TTLS GROUP DETAIL",
            ReportKind::ByteInfo => "BYTEINFO",
            ReportKind::Pasearch => "PASEARCH",
            ReportKind::Other(_) => "OTHER",
            ReportKind::Empty => "EMPTY",
            ReportKind::Failed(_) => "FAILED",
        }
    }

    /// A report this version reads, by the NETSTAT name a command asks for
    /// it (`capture::report_kind::requested`).
    pub fn is_read(name: &str) -> bool {
        matches!(name, "ALL" | "ALLCONN" | "CONN" | "BYTEINFO" | "TTLS" | "TTLS CONN")
    }
}

/// How the report was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// TSO NETSTAT with a message id (`EZZnnnnI `) before every line.
    MessageIds,
    /// The same body without ids: TSO `PROFILE NOMSGID` or z/OS UNIX `netstat`.
    Plain,
    /// The operator command `D TCPIP,,NETSTAT,...`: one `EZD0101I` message,
    /// upper case, possibly with SYSLOG prefixes (see `capture::syslog`).
    Console,
}

impl Dialect {
    /// The name stored in `captures.dialect`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::MessageIds => "msgid",
            Dialect::Plain => "plain",
            Dialect::Console => "console",
        }
    }
}

/// The header that starts every report, and what the report's own text
/// says about when and where it was taken.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportHeader {
    /// Communications Server release as printed: `V2R4`, `3.1`.
    pub release: String,
    /// TCP/IP stack (procedure) name; `Image Name` of pasearch.
    pub stack: String,
    /// Time of day: the NETSTAT header's, the SYSLOG prefix of a console
    /// header, or pasearch's `Time:`.
    pub time: Option<NaiveTime>,
    /// Date from the content (NETSTAT headers print none): the SYSLOG prefix
    /// of a console header, or pasearch's `Date:`.
    pub date: Option<NaiveDate>,
    /// System (LPAR) name from the SYSLOG prefix of a console header.
    pub system: Option<String>,
}

/// A TCP/IP socket address as NETSTAT prints it, `IP..PORT`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Socket {
    /// Address text as printed (`10.1.1.2`, `2001:db8::1`, `*` for "any").
    pub ip: String,
    /// Port, `None` when printed as `*`.
    pub port: Option<u16>,
}

/// An address as it is compared: an IPv4-mapped IPv6 address
/// (`::ffff:10.9.9.9`, as ALL prints a socket of a dual-mode stack) in its
/// IPv4 form (`10.9.9.9`), any other as printed. The text printed is kept.
pub fn ipv4_form(ip: &str) -> &str {
    match ip.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("::ffff:") && ip[7..].parse::<std::net::Ipv4Addr>().is_ok() => {
            &ip[7..]
        }
        _ => ip,
    }
}

/// Which report kind supplied a connection record: when several reports of
/// one snapshot describe the same connection, the most detailed one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConnectionSource {
    /// A NETSTAT ALL block (most detail).
    All = 1,
    /// An ALLCONN or CONN line.
    ConnList = 2,
    /// The ConnID block of a TTLS report.
    Ttls = 3,
    /// A line of a BYTEINFO report. Ranks are stored in the database, so a
    /// kind added later ranks last; ALL, which prints the same byte counts
    /// and start time, still wins.
    ByteInfo = 4,
}

/// How a column of a record merges when several reports of a snapshot
/// describe the same record. The record of the most detailed report has
/// already been chosen as the one that merges the other in (in memory by
/// `merge`, in the store by `source_rank`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeRule {
    /// The chosen record's value stands; a value it leaves empty is taken
    /// from the other.
    Fill,
}

impl MergeRule {
    /// Merges `theirs` into `mine` by this rule.
    pub fn merge<T: Clone>(self, mine: &mut Option<T>, theirs: Option<&T>) {
        match self {
            MergeRule::Fill => {
                if mine.is_none() {
                    *mine = theirs.cloned();
                }
            }
        }
    }
}

/// A column's value as the store binds it, borrowed from the record where
/// it can be. The model says what is stored; the store says how.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(std::borrow::Cow<'a, str>),
    /// A text that repeats from row to row: kept once in `texts`, the
    /// column holding its `text_id`.
    Interned(std::borrow::Cow<'a, str>),
    /// A text kept as the bytes it spells (see [`stored::hex_groups`]).
    Bytes(Vec<u8>),
    /// The packed fields of a TCP detail (see [`Kept::Packed`]): kept once
    /// in `texts` as the JSON array [`TcpDetail::write_packed`] writes, the
    /// column holding its `text_id`.
    Packed(&'a TcpDetail),
}

/// How a field of a record becomes the value of a column.
pub mod stored {
    use std::borrow::Cow;

    use chrono::{NaiveDateTime, NaiveTime, Timelike};

    use super::{Socket, Stored};

    pub fn text(value: &Option<String>) -> Stored<'_> {
        value.as_deref().map_or(Stored::Null, |v| Stored::Text(Cow::Borrowed(v)))
    }

    pub fn int(value: &Option<i64>) -> Stored<'_> {
        value.map_or(Stored::Null, Stored::Int)
    }

    /// Yes 1, No 0.
    pub fn flag(value: &Option<bool>) -> Stored<'_> {
        value.map_or(Stored::Null, |v| Stored::Int(i64::from(v)))
    }

    /// A text kept once in `texts` (see [`Stored::Interned`]).
    pub fn interned(value: &Option<String>) -> Stored<'_> {
        value.as_deref().map_or(Stored::Null, |v| Stored::Interned(Cow::Borrowed(v)))
    }

    /// Seconds from 1970-01-01T00:00:00 to the capture's local time as
    /// printed (no zone), which had no fraction.
    pub fn epoch_seconds(value: &Option<NaiveDateTime>) -> Stored<'_> {
        value.map_or(Stored::Null, |t| Stored::Int(t.and_utc().timestamp()))
    }

    /// Seconds from midnight to a time printed `hh:mm:ss`.
    pub fn seconds_of_day(value: &Option<NaiveTime>) -> Stored<'_> {
        value.map_or(Stored::Null, |t| Stored::Int(i64::from(t.num_seconds_from_midnight())))
    }

    /// The address; none when empty (BYTEINFO's monitor layout prints the
    /// local port without an address).
    pub fn socket_ip(value: &Option<Socket>) -> Stored<'_> {
        value.as_ref().filter(|s| !s.ip.is_empty()).map_or(Stored::Null, |s| Stored::Text(Cow::Borrowed(&s.ip)))
    }

    /// As [`socket_ip`], kept once in `texts`: a stack has few local addresses.
    pub fn socket_ip_interned(value: &Option<Socket>) -> Stored<'_> {
        match socket_ip(value) {
            Stored::Text(ip) => Stored::Interned(ip),
            other => other,
        }
    }

    /// The address as printed, even empty.
    pub fn socket_ip_as_printed(value: &Option<Socket>) -> Stored<'_> {
        value.as_ref().map_or(Stored::Null, |s| Stored::Text(Cow::Borrowed(&s.ip)))
    }

    /// A text of groups of 8 upper-case hex digits with a blank between
    /// (a TLS session id: `01010018 0A3D0414 ... 00000001`, 71 characters
    /// for 32 bytes), at most 8 groups, as its bytes: the view
    /// `tls_sessions` prints them back so. Any other text as printed.
    pub fn hex_groups(value: &Option<String>) -> Stored<'_> {
        let Some(text) = value.as_deref() else { return Stored::Null };
        let groups: Vec<&str> = text.split(' ').collect();
        let hex = |g: &&str| g.len() == 8 && g.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
        if groups.len() > 8 || !groups.iter().all(hex) {
            return Stored::Text(Cow::Borrowed(text));
        }
        let digits: String = groups.concat();
        let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).unwrap_or_default();
        Stored::Bytes((0..digits.len()).step_by(2).map(byte).collect())
    }

    pub fn socket_port(value: &Option<Socket>) -> Stored<'_> {
        value.as_ref().and_then(|s| s.port).map_or(Stored::Null, |p| Stored::Int(i64::from(p)))
    }
}

/// The kind of value the view `connections` shows a field of this type as,
/// under the field's name; `None` for a socket (shown as two columns,
/// `<field>_ip` and `<field>_port`) and a date and time (typed by its name
/// where it is read).
pub trait ShownAs {
    const KIND: Option<FieldKind>;
}

impl ShownAs for Option<String> {
    const KIND: Option<FieldKind> = Some(FieldKind::Text);
}

impl ShownAs for Option<i64> {
    const KIND: Option<FieldKind> = Some(FieldKind::Int);
}

impl ShownAs for Option<bool> {
    const KIND: Option<FieldKind> = Some(FieldKind::Flag);
}

/// Shown as printed, `hh:mm:ss`.
impl ShownAs for Option<NaiveTime> {
    const KIND: Option<FieldKind> = Some(FieldKind::Text);
}

impl ShownAs for Option<NaiveDateTime> {
    const KIND: Option<FieldKind> = None;
}

impl ShownAs for Option<Socket> {
    const KIND: Option<FieldKind> = None;
}

/// Declares each typed field of a connection record once: the field, its
/// merge rule, and the `connection_rows` column(s) it is stored in with how
/// its value is stored ([`stored`]; the view `connections` shows it as
/// printed). The struct, the in-memory merge
/// ([`Connection::fill_from`]), the store's upsert and its bindings all
/// come from this list, so adding a column is one line here plus the
/// migration that adds it to the table.
macro_rules! connection_record {
    ($(
        $(#[$doc:meta])*
        $field:ident: $type:ty, $rule:ident => { $($column:ident: $value:path),+ $(,)? }
    )*) => {
        /// One connection (or listener, or UDP endpoint) seen in a netstat report.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Connection {
            /// Line of the block's first line (or the table row).
            pub line: u32,
            /// Lines that printed the local and the foreign socket (0: none
            /// printed), to name where a socket another report prints
            /// otherwise came from.
            pub local_line: u32,
            pub remote_line: u32,
            /// Its counters were taken in a merge from a record of another
            /// report of its run (`merge`), which is written too, to be
            /// named where they were printed: the store keeps that record's
            /// line as the attribute [`COUNTERS_OTHER_REPORT`].
            pub counters_merged: bool,
            /// Its counters were taken so by the record that stands.
            pub counters_taken: bool,
            pub source: Option<ConnectionSource>,
            /// Connection id, upper-case hex (`000000BB`).
            pub conn_id: String,
            $( $(#[$doc])* pub $field: $type, )*
            /// The TCP internals of an ALL block that have typed columns.
            pub tcp: TcpDetail,
            /// Fields printed that have no typed column.
            pub attributes: Vec<Attribute>,
            /// Records of other reports of the same file merged into this one
            /// (see `merge`): it stands for `1 + merged` reports.
            pub merged: u32,
        }

        impl Connection {
            /// The typed columns of `connection_rows` besides the TCP detail,
            /// with their merge rules, in the order of [`Self::stored`].
            pub const COLUMNS: &'static [(&'static str, MergeRule)] =
                &[$($((stringify!($column), MergeRule::$rule),)+)*];

            /// Each field and the kind of value the view `connections`
            /// shows it as (see [`ShownAs`]), in declaration order.
            pub const SHOWN: &'static [(&'static str, Option<FieldKind>)] =
                &[$((stringify!($field), <$type as ShownAs>::KIND),)*];

            /// The values of [`Self::COLUMNS`].
            pub fn stored(&self) -> [Stored<'_>; Self::COLUMNS.len()] {
                [$($($value(&self.$field),)+)*]
            }

            /// Merges `other` into this record field by field, each by its
            /// rule (this record is the more detailed one).
            pub fn fill_from(&mut self, other: &Connection) {
                $( MergeRule::$rule.merge(&mut self.$field, other.$field.as_ref()); )*
                self.tcp.fill_from(&other.tcp);
            }
        }
    };
}

connection_record! {
    /// Job (client) name, `User Id` in ALLCONN.
    job: Option<String>, Fill => { job_text_id: stored::interned }
    local: Option<Socket>, Fill => { local_ip_text_id: stored::socket_ip_interned, local_port: stored::socket_port }
    remote: Option<Socket>, Fill => { remote_ip: stored::socket_ip_as_printed, remote_port: stored::socket_port }
    /// State as NETSTAT abbreviates it: `Listen`, `Establsh`, `UDP`, ...
    state: Option<String>, Fill => { state_text_id: stored::interned }
    bytes_in: Option<i64>, Fill => { bytes_in: stored::int }
    bytes_out: Option<i64>, Fill => { bytes_out: stored::int }
    segments_in: Option<i64>, Fill => { segments_in: stored::int }
    segments_out: Option<i64>, Fill => { segments_out: stored::int }
    /// The digits the counters above were printed in (the widest, if they
    /// differ): 10 in NETSTAT's SHORT format, which prints only the low 32
    /// bits of the stack's 64-bit counters (they wrap at 2^32), 20 in the
    /// LONG format, which prints the whole counter.
    counter_digits: Option<i64>, Fill => { counter_digits: stored::int }
    started_at: Option<NaiveDateTime>, Fill => { started_s: stored::epoch_seconds }
    last_touched: Option<NaiveTime>, Fill => { last_touched_s: stored::seconds_of_day }
    /// `TTLSPolicy: Yes/No`; `None` when the report does not say.
    ttls_policy: Option<bool>, Fill => { ttls_policy: stored::flag }
    ttls_rule: Option<String>, Fill => { ttls_rule_text_id: stored::interned }
    ttls_group_action: Option<String>, Fill => { ttls_group_action_text_id: stored::interned }
    ttls_env_action: Option<String>, Fill => { ttls_env_action_text_id: stored::interned }
}

impl Connection {
    /// Merges `other` into this record by the fields' rules
    /// ([`Connection::fill_from`]); a socket taken from it keeps the line
    /// that printed it, counters taken from it say so.
    pub fn merge_from(&mut self, other: &Connection) {
        self.counters_merged |= !self.prints_counters() && other.prints_counters();
        if self.local.is_none() {
            self.local_line = other.local_line;
        }
        if self.remote.is_none() {
            self.remote_line = other.remote_line;
        }
        self.fill_from(other);
    }

    /// Whether the record holds a byte or segment counter.
    pub fn prints_counters(&self) -> bool {
        [self.bytes_in, self.bytes_out, self.segments_in, self.segments_out].iter().any(Option::is_some)
    }

    /// Whether this record prints its local or remote socket otherwise than
    /// `other`: an address or a port both print, and they differ (one
    /// printed by one only fills the other). The store keeps such a socket
    /// as an attribute when the other record's stands.
    pub fn prints_other_sockets(&self, other: &Connection) -> bool {
        let differs = |mine: &Option<Socket>, theirs: &Option<Socket>, ip_kept: fn(&str) -> bool| {
            let (Some(mine), Some(theirs)) = (mine, theirs) else { return false };
            let ips = ip_kept(&mine.ip) && ip_kept(&theirs.ip) && ipv4_form(&mine.ip) != ipv4_form(&theirs.ip);
            ips || matches!((mine.port, theirs.port), (Some(a), Some(b)) if a != b)
        };
        // As the row stores them: an empty local address is none (`stored::socket_ip`).
        differs(&self.local, &other.local, |ip| !ip.is_empty()) || differs(&self.remote, &other.remote, |_| true)
    }

    /// Whether this TTLS record and the record `other` of another report of
    /// its snapshot, printed under one conn id, are two connections: a TCP
    /// connection keeps its job and sockets, so a job or socket both print
    /// otherwise means that the conn id was reused between the reports
    /// (NETSTAT prints TTLS at its own moment). Between records of other
    /// reports a socket printed otherwise is kept as an attribute instead.
    pub fn reuses_conn_id_of(&self, other: &Connection) -> bool {
        let ttls = |c: &Connection| c.source == Some(ConnectionSource::Ttls);
        let jobs_differ = matches!((&self.job, &other.job), (Some(a), Some(b)) if a != b);
        ttls(self) && !ttls(other) && (jobs_differ || self.prints_other_sockets(other))
    }

    /// Sets this TTLS record apart from the connection another report
    /// printed under its conn id ([`Connection::reuses_conn_id_of`]): it is
    /// known by its job and sockets ([`Connection::unnumbered_id`]), and
    /// the conn id it printed is kept as the attribute `ConnID (reused)`.
    /// Returns its new conn id, for its TLS session.
    pub fn set_apart(&mut self) -> String {
        let own = self.unnumbered_id();
        let printed = std::mem::replace(&mut self.conn_id, own);
        self.attributes.push(Attribute { line: self.line, key: REUSED_CONN_ID.to_string(), value: printed });
        self.conn_id.clone()
    }

    /// The conn id of a connection whose report prints none (BYTEINFO as
    /// z/OS prints it): `-`, the job, the local port and the foreign socket,
    /// each after a `-` (`-IZUSVR1-443-::..0`). Printed ids are hex, so it
    /// is never one of them; the merge replaces it with the printed id of
    /// the same connection when another report of the snapshot shows one.
    pub fn unnumbered_id(&self) -> String {
        let port = self.local.as_ref().and_then(|s| s.port).map_or_else(|| "*".to_string(), |p| p.to_string());
        let foreign = self.remote.as_ref().map_or_else(String::new, |s| {
            format!("{}..{}", s.ip, s.port.map_or_else(|| "*".to_string(), |p| p.to_string()))
        });
        format!("-{}-{port}-{foreign}", self.job.as_deref().unwrap_or(""))
    }

    /// The conn id was made by [`Connection::unnumbered_id`], not printed.
    pub fn is_unnumbered(&self) -> bool {
        self.conn_id.starts_with('-')
    }
}

/// The attribute of a connection row whose counters another report of its
/// snapshot printed than the one its source names (an ALLCONN line, which
/// prints none, stands over a BYTEINFO entry: review 15a F7): in the report
/// and at the line that printed them, their values as its value.
pub const COUNTERS_OTHER_REPORT: &str = "Counters (other report)";

/// The attribute of a TTLS record set apart from another connection printed
/// under its conn id ([`Connection::set_apart`]): the conn id it printed.
pub const REUSED_CONN_ID: &str = "ConnID (reused)";

/// A field that has no typed column, kept as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub line: u32,
    pub key: String,
    pub value: String,
}

/// The value of a typed TCP detail field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Int(i64),
    Real(f64),
    Text(String),
    Flag(bool),
}

/// How a TCP detail field is printed, and so how it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Zero-padded decimal: `0000002248`.
    Int,
    /// Decimal with a fraction: `7.000`.
    Real,
    /// Hex flag bytes and other short codes, kept as printed: `E4`.
    Text,
    /// `Yes` / `No`.
    Flag,
}

/// How a TCP detail field is kept in `connection_rows` (the view
/// `connections` shows each as printed, under its own name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// In a column of its name, as typed.
    AsIs,
    /// Once in `texts`, the column `<name>_text_id` naming it: flag bytes
    /// repeat from connection to connection.
    Interned,
    /// In `<name>_d`, as its difference from the field named (from 0 when
    /// that one is empty): sequence numbers and windows of one connection
    /// lie close together, so the difference takes fewer bytes.
    Delta(&'static str),
    /// With the other packed fields of the connection, in declaration
    /// order, in one JSON array (a flag 1 or 0, an empty field null) kept
    /// once in `texts` and named by [`TcpDetail::PACKED`]: fields seldom
    /// read whose values a stack's connections share (socket options, flag
    /// bytes, buffer sizes) cost a column header each, the pack one for
    /// all. Only such settings: a value that varies from connection to
    /// connection (a counter) would make the array a text of its own per
    /// connection, wider than its columns (schema 26).
    Packed,
}

/// The `connection_rows` column of a TCP detail field kept as `$kept`.
macro_rules! kept_column {
    (AsIs, $column:ident) => {
        stringify!($column)
    };
    (Interned, $column:ident) => {
        concat!(stringify!($column), "_text_id")
    };
    (Delta, $column:ident) => {
        concat!(stringify!($column), "_d")
    };
    (Packed, $column:ident) => {
        TcpDetail::PACKED
    };
}

/// Declares the TCP detail fields of an ALL block once: the NETSTAT key, the
/// column it is shown in, how it is typed and how it is kept. The store
/// builds its insert from [`TcpDetail::STORED`], and a test checks them
/// against the schema.
macro_rules! tcp_detail {
    ($($column:ident: $kind:ident = $key:literal => $kept:ident $(($base:ident))?,)*) => {
        /// TCP internals of an ALL block, one optional value per field.
        #[derive(Debug, Clone, PartialEq)]
        pub struct TcpDetail {
            values: [Option<FieldValue>; TcpDetail::COLUMNS.len()],
        }

        impl TcpDetail {
            /// Column names in the view `connections`, in declaration order.
            pub const COLUMNS: &'static [&'static str] = &[$(stringify!($column)),*];
            /// NETSTAT keys, parallel to [`Self::COLUMNS`].
            pub const KEYS: &'static [&'static str] = &[$($key),*];
            /// How each field is typed, parallel to [`Self::COLUMNS`].
            pub const KINDS: &'static [FieldKind] = &[$(FieldKind::$kind),*];
            /// The `connection_rows` column of each field and how it is
            /// kept there, parallel to [`Self::COLUMNS`] (a packed field's
            /// column is [`Self::PACKED`]).
            pub const STORED: &'static [(&'static str, Kept)] =
                &[$((kept_column!($kept, $column), Kept::$kept $((stringify!($base)))?)),*];
        }
    };
}

tcp_detail! {
    rcv_nxt: Int = "RcvNxt" => AsIs,
    snd_nxt: Int = "SndNxt" => AsIs,
    client_rcv_nxt: Int = "ClientRcvNxt" => Delta(rcv_nxt),
    client_snd_nxt: Int = "ClientSndNxt" => Delta(snd_nxt),
    init_rcv_seq_num: Int = "InitRcvSeqNum" => Delta(rcv_nxt),
    init_snd_seq_num: Int = "InitSndSeqNum" => Delta(snd_nxt),
    congestion_window: Int = "CongestionWindow" => AsIs,
    slow_start_threshold: Int = "SlowStartThreshold" => AsIs,
    incoming_window_num: Int = "IncomingWindowNum" => Delta(rcv_nxt),
    outgoing_window_num: Int = "OutgoingWindowNum" => Delta(snd_nxt),
    snd_wl1: Int = "SndWl1" => Delta(rcv_nxt),
    snd_wl2: Int = "SndWl2" => Delta(snd_nxt),
    snd_wnd: Int = "SndWnd" => AsIs,
    max_snd_wnd: Int = "MaxSndWnd" => Delta(snd_wnd),
    snd_una: Int = "SndUna" => Delta(snd_nxt),
    rtt_seq: Int = "rtt_seq" => Delta(snd_nxt),
    maximum_segment_size: Int = "MaximumSegmentSize" => Packed,
    ds_field: Text = "DSField" => Packed,
    smooth_trip_time: Real = "Smooth trip time" => AsIs,
    smooth_trip_variance: Real = "SmoothTripVariance" => AsIs,
    rexmt: Int = "ReXmt" => AsIs,
    rexmt_count: Int = "ReXmtCount" => AsIs,
    dup_acks: Int = "DupACKs" => AsIs,
    rcv_wnd: Int = "RcvWnd" => AsIs,
    sock_opt: Text = "SockOpt" => Packed,
    tcp_timer: Text = "TcpTimer" => Packed,
    tcp_sig: Text = "TcpSig" => Packed,
    tcp_sel: Text = "TcpSel" => Packed,
    tcp_det: Text = "TcpDet" => Packed,
    tcp_pol: Text = "TcpPol" => Packed,
    tcp_prf: Text = "TcpPrf" => Packed,
    tcp_prf2: Text = "TcpPrf2" => Packed,
    tcp_prf3: Text = "TcpPrf3" => Packed,
    delay_ack: Flag = "DelayAck" => Packed,
    qos_policy: Flag = "QOSPolicy" => Packed,
    routing_policy: Flag = "RoutingPolicy" => Packed,
    receive_buffer_size: Int = "ReceiveBufferSize" => Packed,
    send_buffer_size: Int = "SendBufferSize" => Packed,
    receive_data_queued: Int = "ReceiveDataQueued" => AsIs,
    send_data_queued: Int = "SendDataQueued" => AsIs,
    send_stalled: Flag = "SendStalled" => AsIs,
    ancillary_input_queue: Text = "Ancillary Input Queue" => Packed,
}

impl Default for TcpDetail {
    fn default() -> Self {
        TcpDetail { values: std::array::from_fn(|_| None) }
    }
}

impl TcpDetail {
    /// The `connection_rows` column of the packed fields ([`Kept::Packed`]).
    pub const PACKED: &'static str = "tcp_rare_text_id";

    /// The `connection_rows` columns of the TCP detail in the order of
    /// [`Self::stored`]: those of the fields kept apart, then the pack.
    pub fn columns() -> impl Iterator<Item = &'static str> {
        let apart = Self::STORED.iter().filter(|(_, kept)| *kept != Kept::Packed).map(|(column, _)| *column);
        apart.chain([Self::PACKED])
    }

    /// The field stored under a NETSTAT key, if it is a TCP detail field.
    pub fn field(key: &str) -> Option<(usize, FieldKind)> {
        let index = Self::KEYS.iter().position(|k| *k == key)?;
        Some((index, Self::KINDS[index]))
    }

    /// Fills every field that is empty here from `other`.
    pub fn fill_from(&mut self, other: &TcpDetail) {
        for (mine, theirs) in self.values.iter_mut().zip(&other.values) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }

    /// Sets the field at `index` (from [`Self::field`]).
    pub fn set(&mut self, index: usize, value: FieldValue) {
        self.values[index] = Some(value);
    }

    /// The values of the columns of [`Self::columns`], each field kept as
    /// [`Self::STORED`] says.
    pub fn stored(&self) -> impl Iterator<Item = Stored<'_>> {
        let fields = Self::STORED.iter().zip(&self.values);
        let apart = fields.filter(|((_, kept), _)| *kept != Kept::Packed).map(|((_, kept), value)| {
            let Some(value) = value else { return Stored::Null };
            match (kept, value) {
                (Kept::Interned, FieldValue::Text(text)) => Stored::Interned(std::borrow::Cow::Borrowed(text)),
                // Numbers NETSTAT prints are digits only (`parse::fields::int`):
                // the difference of two cannot overflow.
                (Kept::Delta(base), FieldValue::Int(v)) => match self.get(base) {
                    Some(FieldValue::Int(b)) => Stored::Int(v - b),
                    _ => Stored::Int(*v),
                },
                (_, FieldValue::Int(v)) => Stored::Int(*v),
                (_, FieldValue::Real(v)) => Stored::Real(*v),
                (_, FieldValue::Text(v)) => Stored::Text(std::borrow::Cow::Borrowed(v)),
                (_, FieldValue::Flag(v)) => Stored::Int(i64::from(*v)),
            }
        });
        apart.chain(std::iter::once_with(|| self.packed()))
    }

    /// The packed fields (see [`Kept::Packed`]); none when none of them
    /// was printed.
    fn packed(&self) -> Stored<'_> {
        let mut fields = Self::STORED.iter().zip(&self.values).filter(|((_, kept), _)| *kept == Kept::Packed);
        if fields.all(|(_, value)| value.is_none()) {
            return Stored::Null;
        }
        Stored::Packed(self)
    }

    /// Writes the JSON array of the packed fields to `out` (cleared first),
    /// as the view `connections` reads it back with `json_extract`: an
    /// integer, a real or a text as the field was typed, a flag 1 or 0, a
    /// field not printed null. Written straight into a buffer the caller
    /// keeps, as this runs for every connection row.
    ///
    /// # Errors
    ///
    /// None in practice: `serde_json` fails only on a writer that fails,
    /// and a `Vec` does not.
    pub fn write_packed(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.clear();
        out.push(b'[');
        let fields = Self::STORED.iter().zip(&self.values).filter(|((_, kept), _)| *kept == Kept::Packed);
        for (index, (_, value)) in fields.enumerate() {
            if index > 0 {
                out.push(b',');
            }
            match value {
                None => out.extend_from_slice(b"null"),
                Some(FieldValue::Int(v)) => serde_json::to_writer(&mut *out, v)?,
                Some(FieldValue::Real(v)) => serde_json::to_writer(&mut *out, v)?,
                Some(FieldValue::Text(v)) => serde_json::to_writer(&mut *out, v)?,
                Some(FieldValue::Flag(v)) => out.push(if *v { b'1' } else { b'0' }),
            }
        }
        out.push(b']');
        Ok(())
    }

    /// The value of one column, by name (for tests and diagnostics).
    pub fn get(&self, column: &str) -> Option<&FieldValue> {
        let index = Self::COLUMNS.iter().position(|c| *c == column)?;
        self.values[index].as_ref()
    }
}

/// Negotiated TLS protocol, from `SecLevel`: the catalog's protocol
/// version (one enum for the versions the product knows).
pub use crate::catalog::Protocol as TlsProtocol;

/// A code and the name NETSTAT prints beside it: `003C TLS_RSA_WITH_...`,
/// `0029 X25519`, `0401 TLS_SIGALG_SHA256_WITH_RSA`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedValue {
    /// Upper-case code as printed (2-char cipher codes widened to 4).
    pub code: String,
    pub name: Option<String>,
}

/// The negotiated security of one connection (a ConnID block of a TTLS report).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TlsSession {
    pub line: u32,
    pub conn_id: String,
    /// `SecLevel` exactly as printed (`TLS Version 1.2`).
    pub sec_level: Option<String>,
    /// `SecLevel` mapped to a protocol name; `None` if not recognised.
    pub protocol: Option<TlsProtocol>,
    pub cipher: Option<CodedValue>,
    pub key_share: Option<CodedValue>,
    pub cert_user_id: Option<String>,
    pub map_type: Option<String>,
    pub fips140: Option<bool>,
    pub session_id: Option<String>,
    pub sid_reuse_requested: Option<bool>,
    /// The rule that DETAIL prints after the block.
    pub rule: Option<String>,
    pub attributes: Vec<Attribute>,
}

/// An AT-TLS rule (`TTLSRule:` in TTLS DETAIL, `policyRule:` in pasearch).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rule {
    pub line: u32,
    pub name: String,
    /// pasearch `Rule Type` (`TTLS`).
    pub rule_type: Option<String>,
    /// pasearch `Status` (`Active`, `Inactive`).
    pub status: Option<String>,
    /// pasearch `Weight`.
    pub weight: Option<i64>,
    pub priority: Option<i64>,
    pub local_addr: Option<String>,
    pub local_port: Option<String>,
    pub remote_addr: Option<String>,
    pub remote_port: Option<String>,
    pub job_name: Option<String>,
    pub user_id: Option<String>,
    pub direction: Option<String>,
    pub group_action: Option<String>,
    pub env_action: Option<String>,
    pub conn_action: Option<String>,
    pub attributes: Vec<Attribute>,
}

/// An AT-TLS group action (TTLS DETAIL, TTLS GROUP, TTLS GROUP DETAIL).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupAction {
    pub line: u32,
    pub name: String,
    /// Hex id as printed (`0000003F`).
    pub group_id: Option<String>,
    /// `Conns` of TTLS GROUP or `GroupConns` of GROUP DETAIL.
    pub conns: Option<i64>,
    pub tasks: Option<i64>,
    pub work_q_elements: Option<i64>,
    pub syslog_q_elements: Option<i64>,
    pub ttls_enabled: Option<bool>,
    pub ctrace_clear_text: Option<bool>,
    pub trace: Option<i64>,
    pub syslog_facility: Option<String>,
    pub secondary_map: Option<bool>,
    pub fips140: Option<bool>,
    /// `Env:` lines of GROUP DETAIL.
    pub envs: Vec<GroupEnv>,
    pub attributes: Vec<Attribute>,
}

/// An environment action listed under a group action with its connection count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupEnv {
    pub line: u32,
    pub name: String,
    pub conns: Option<i64>,
}

/// The handshake settings environment and connection actions share (a
/// connection action's override its environment action's).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Handshake {
    pub role: Option<String>,
    pub certificate_label: Option<String>,
    pub sslv2: Option<bool>,
    pub sslv3: Option<bool>,
    pub tlsv1: Option<bool>,
    pub tlsv1_1: Option<bool>,
    pub tlsv1_2: Option<bool>,
    pub tlsv1_3: Option<bool>,
    pub middlebox_compat_mode: Option<bool>,
    pub application_controlled: Option<bool>,
    pub secondary_map: Option<bool>,
    pub timeout: Option<i64>,
    pub reset_cipher_timer: Option<i64>,
    pub trace: Option<i64>,
}

/// An AT-TLS environment action with the settings TTLS DETAIL prints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnvAction {
    pub line: u32,
    pub name: String,
    pub handshake: Handshake,
    pub keyring: Option<String>,
    pub client_auth_type: Option<String>,
    pub cert_validation_mode: Option<String>,
    pub suite_b_profile: Option<String>,
    pub renegotiation: Option<String>,
    /// Ordered lists: ciphers, curves and key share groups, signature pairs.
    pub lists: Vec<SettingItem>,
    pub attributes: Vec<Attribute>,
}

/// An AT-TLS connection action (`TTLSConnAction:` in TTLS DETAIL, a `TTLS
/// Action` of scope Connection in pasearch): settings that override the
/// environment action for the connections of one rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConnAction {
    pub line: u32,
    pub name: String,
    pub handshake: Handshake,
    pub server_certificate_label: Option<String>,
    pub client_certificate_label: Option<String>,
    pub ctrace_clear_text: Option<bool>,
    /// Ordered lists, as for environment actions.
    pub lists: Vec<SettingItem>,
    pub attributes: Vec<Attribute>,
}

/// Which list-valued setting an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Cipher,
    Group,
    SignaturePair,
}

/// One item of a list-valued setting, in printed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingItem {
    pub line: u32,
    pub kind: ListKind,
    /// The setting it belongs to, as printed (`V3CipherSuites`, `ClientECurves`).
    pub setting: String,
    /// 1-based position within the setting.
    pub position: u32,
    pub value: CodedValue,
}

/// Everything one netstat report holds. Each parser fills what its kind prints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Records {
    pub connections: Vec<Connection>,
    pub tls_sessions: Vec<TlsSession>,
    pub rules: Vec<Rule>,
    pub group_actions: Vec<GroupAction>,
    pub env_actions: Vec<EnvAction>,
    pub conn_actions: Vec<ConnAction>,
    /// Fields of the report as a whole that have no typed column (pasearch's
    /// `TTLS Instance Id`).
    pub attributes: Vec<Attribute>,
}

impl Records {
    /// Number of records of every type, for summaries.
    pub fn len(&self) -> usize {
        self.connections.len()
            + self.tls_sessions.len()
            + self.rules.len()
            + self.group_actions.len()
            + self.env_actions.len()
            + self.conn_actions.len()
    }

    /// True when the report held no record at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where and when a capture was taken: from its path (or the user), else
/// from the report's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whereabouts {
    pub system: String,
    pub date: NaiveDate,
    /// Time of day from the path (`THHMMSS`), when it has one.
    pub time: Option<NaiveTime>,
    /// The system is the name of the folder that holds the file, which is
    /// dated in its own name (`SYSA/NETSTAT.D261124`): the default rule, which
    /// takes any such folder (`/data/netstat`) for a system, so it is said.
    pub system_from_folder: bool,
    /// The report printed its time on the day after `date`: its run prints
    /// a connection that started later than `date` at that time (a nightly
    /// job submitted before midnight, filed under its start day, whose
    /// NETSTAT ran after it).
    pub next_day: bool,
    /// The system `--system` or the path named, when the report's SYSLOG
    /// prefix names another (`system`): a multi-system SYSLOG or OPERLOG
    /// extract filed under one system.
    pub filed_under: Option<String>,
    /// The default rule took for the system a folder named as the stack the
    /// report prints (`SYSA/TCPIP/2026-12-01/`, a folder per stack): the
    /// `--layout` that takes the system from the folder beyond it, to say.
    pub stack_folder: Option<&'static str>,
    /// The default rule took for the system the folder above the date
    /// folder that holds the file, whose name begins with another name a
    /// system could have (`C4/2026-12-01/SYSB.TCPIPB.txt`): that qualifier,
    /// said when files of one date folder name several.
    pub file_named_as_system: Option<String>,
    /// How much later than its printed time the report was taken (zero but
    /// for a run after the clock went back): its capture run comes later in
    /// its file than a run of its system printed up to an hour later that
    /// its file dates the same night, and a run appended later is later
    /// (see `ingest::read::file_order`, which also moves `date` to the day
    /// a run of the file was taken).
    pub put_forward: chrono::TimeDelta,
}

/// A header time more than this before the time in the file name is on the
/// next day's clock; a run taken up to this much before the run above it in
/// its file is put forward by whole hours (`ingest::read::file_order`).
pub const PAST_MIDNIGHT: chrono::TimeDelta = chrono::TimeDelta::hours(20);

impl Whereabouts {
    /// When a report whose header printed `header` was taken: its time of
    /// day (the header's, else the file name's) on the date that files it,
    /// or on the next day's clock: a run the scheduler started before
    /// midnight (`T235958` in the data set name) whose NETSTAT printed its
    /// header after it (`00:00:03`), or one [`Whereabouts::next_day`] says
    /// so of; put forward as [`Whereabouts::put_forward`] says. `None`
    /// without a time.
    #[must_use]
    pub fn taken_at(&self, header: Option<NaiveTime>) -> Option<NaiveDateTime> {
        let time = header.or(self.time)?;
        let crossed = self.next_day
            || matches!((header, self.time), (Some(printed), Some(started)) if started - printed > PAST_MIDNIGHT);
        let day =
            if crossed { self.date.checked_add_days(chrono::Days::new(1)).unwrap_or(self.date) } else { self.date };
        let at = day.and_time(time);
        Some(at.checked_add_signed(self.put_forward).unwrap_or(at))
    }
}

/// Which capture run of its file a report belongs to. A file may hold runs
/// one after another (a data set written with DISP=MOD, files put
/// together): each is a snapshot of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Run {
    /// 0 for the file's first run; one more at each report that begins another.
    pub index: u32,
    /// Of the report that begins a run after the first: why, and the first
    /// line of the earlier report that tells it.
    pub begun: Option<(u32, Begun)>,
}

/// Why a report begins another capture run of its file, after the earlier
/// report at the line [`Run::begun`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begun {
    /// It prints an entry (a connection, a group action, a pasearch rule)
    /// again that the earlier report of its kind printed.
    Reprints,
    /// Its command echo asked what the earlier report's did (the same
    /// report of the same stack, with the same filter or none): the same
    /// command run again, which lists the stack as it is later.
    AskedAgain,
    /// A console reply whose SYSLOG time is more than
    /// [`CAPTURE_GAP`] after the reply before it (the earlier
    /// report, at the time given): each reply is a command of its own.
    Later(NaiveDateTime),
    /// A `pasearch` dump whose `Date:` is another than the dump before's,
    /// or whose date and time are more than [`CAPTURE_GAP`] from it (the
    /// earlier dump, dated as given): each dump is a capture of its own.
    Dated(NaiveDateTime),
    /// Its header printed a time more than [`CAPTURE_GAP`] after the
    /// report of its kind before it (at the time given): the same command
    /// run again later and appended without an echo (`onetstat -A >> file`).
    PrintedLater(NaiveTime),
}

/// The reports of one capture follow each other within this time: an
/// operator typing the commands of one look at a stack, automation issuing
/// them at once, a report's pages. A console reply later than this after the
/// one before, or a report (or page) of a kind printed this much later than
/// the earlier one, is another capture.
pub const CAPTURE_GAP: chrono::TimeDelta = chrono::TimeDelta::minutes(30);

/// One parsed report, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedReport {
    pub header: ReportHeader,
    /// Where and when this report was taken: the file's path, or what the
    /// report says where the path is silent.
    pub whereabouts: Whereabouts,
    pub dialect: Dialect,
    pub kind: ReportKind,
    pub first_line: u32,
    pub last_line: u32,
    /// Records the parser read, before the reports of a file were merged.
    pub record_count: usize,
    /// The filter of the command echo before the report, with the echo's
    /// line (`CLIENT FTPD1` of `NETSTAT ALLCONN (CLIENT FTPD1`): a list so
    /// filtered does not show all the stack's listeners.
    pub filter: Option<(u32, String)>,
    /// A command echo came before it: the request is known, and so is its
    /// filter or that it had none (a TTLS DETAIL with no echo may be a
    /// `TTLS CONN n DETAIL`, as in the published capture set).
    pub asked: bool,
    /// The capture run of its file it belongs to.
    pub run: Run,
    /// What cut the report before its end, with its line: the console's
    /// trailer (`3 OF 4 RECORDS DISPLAYED` when its `MAX=` stopped the
    /// reply, `REPORT TRUNCATED DUE TO ...` past 65533 lines) or TSO's
    /// `IKJ56641I NETSTAT ENDED DUE TO ERROR+`: such a list does not show all
    /// the stack's connections and listeners either.
    pub cut: Option<(u32, String)>,
    pub records: Records,
}

/// One parsed capture file, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCapture {
    /// Absolute path of the file.
    pub path: std::path::PathBuf,
    /// SHA-256 of the file's bytes as stored (before any gunzip), lower-case hex.
    pub sha256: String,
    pub size: u64,
    pub mtime_ns: Option<i64>,
    /// The file's system and date: those of its first report.
    pub whereabouts: Whereabouts,
    /// Reports of one folder (and one time in their names) on one stack are
    /// one snapshot: this key names the folder and time.
    pub run_key: String,
    pub reports: Vec<ParsedReport>,
    /// Every problem of the file, also those not listed (a file lists at most 100).
    pub problem_count: usize,
    /// The earlier file this one begins with, whole: only the lines after it were read.
    pub continues: Option<Continued>,
    /// Its text as the parser reads it (see [`TextId`]).
    pub text: TextId,
}

/// The size and hash of a file's text as the parser reads it: expanded,
/// decoded, each line without its line end and trailing blanks, followed by
/// `\n` (the last line too). Two downloads of one data set (CRLF or LF, a
/// last line end or none, records padded with blanks or not, compressed or
/// not) have one text identity; plain text that is already so has the size
/// and hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextId {
    pub size: u64,
    pub sha256: String,
}

/// The earlier file a capture file begins with, as text (a data set
/// written with DISP=MOD, downloaded again: each copy holds the runs of the
/// copies before it): those lines are the runs already ingested from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Continued {
    pub original: std::path::PathBuf,
    /// The earlier file's content hash, as the store keeps it.
    pub sha256: String,
    /// The first line after it: where the new runs begin.
    pub line: u32,
    /// Whether those lines are its bytes too (else the same text with other
    /// line ends, trailing blanks or compression: see [`TextId`]).
    pub bytes: bool,
}

#[cfg(test)]
mod tests {
    use super::{stored, Stored};

    /// A session id printed in groups of 8 upper-case hex digits with a
    /// blank between is kept as its bytes; anything else as printed.
    #[test]
    fn a_session_id_in_hex_groups_is_kept_as_its_bytes() {
        let kept = |text: &str| match stored::hex_groups(&Some(text.to_string())) {
            Stored::Bytes(bytes) => Ok(bytes),
            Stored::Text(printed) => Err(printed.into_owned()),
            other => panic!("{other:?}"),
        };
        assert_eq!(kept("01010018 0A3D0414"), Ok(vec![0x01, 0x01, 0x00, 0x18, 0x0A, 0x3D, 0x04, 0x14]));
        assert_eq!(kept("6B55BD20"), Ok(vec![0x6B, 0x55, 0xBD, 0x20]));
        for other in [
            "01010018 0a3d0414",
            "01010018 0A3D041",
            "01010018  0A3D0414",
            "01010018 0A3D0414 ",
            "0A3D",
            "",
            "00000001 00000002 00000003 00000004 00000005 00000006 00000007 00000008 00000009",
            "0101001G",
        ] {
            assert_eq!(kept(other), Err(other.to_string()), "{other}");
        }
        assert_eq!(stored::hex_groups(&None), Stored::Null);
    }

    /// The packed TCP settings are written as one JSON array in declaration
    /// order (`MaximumSegmentSize`, `DSField`, `SockOpt` to `TcpPrf3`, `DelayAck`,
    /// `QOSPolicy`, `RoutingPolicy`, the buffer sizes, Ancillary Input Queue),
    /// a field not printed null, a flag 1 or 0, a text escaped as JSON; the
    /// counters are columns of their own and none of the array; a detail
    /// that printed only counters has no array. The buffer is reused: what
    /// it held before is gone.
    #[test]
    fn the_packed_settings_are_one_json_array_and_the_counters_columns() {
        use super::{FieldValue, TcpDetail};
        let mut tcp = TcpDetail::default();
        let mut set = |key: &str, value: FieldValue| tcp.set(TcpDetail::field(key).unwrap().0, value);
        set("ReXmt", FieldValue::Int(3));
        set("SendStalled", FieldValue::Flag(true));
        assert_eq!(tcp.stored().last(), Some(Stored::Null), "counters only: no array");
        let stored: Vec<Stored<'_>> = tcp.stored().collect();
        let column = |name: &str| TcpDetail::columns().position(|c| c == name).map(|i| stored[i].clone());
        assert_eq!(column("rexmt"), Some(Stored::Int(3)));
        assert_eq!(column("send_stalled"), Some(Stored::Int(1)));
        let mut set = |key: &str, value: FieldValue| tcp.set(TcpDetail::field(key).unwrap().0, value);
        set("MaximumSegmentSize", FieldValue::Int(1440));
        set("DSField", FieldValue::Text("00".into()));
        set("DelayAck", FieldValue::Flag(true));
        set("RoutingPolicy", FieldValue::Flag(false));
        set("ReceiveBufferSize", FieldValue::Int(65536));
        set("Ancillary Input Queue", FieldValue::Text(r#"N/"A\"#.into()));
        assert_eq!(tcp.stored().last(), Some(Stored::Packed(&tcp)));
        let mut out = b"what the buffer held".to_vec();
        tcp.write_packed(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"[1440,"00",null,null,null,null,null,null,null,null,null,1,null,0,65536,null,"N/\"A\\"]"#
        );
    }

    /// The declaration of a connection record makes its struct, its
    /// columns and their values, and its merge: a field declared once is
    /// stored and merged without another line anywhere.
    mod declared {
        use super::super::*;

        connection_record! {
            job: Option<String>, Fill => { job: stored::text }
            remote: Option<Socket>, Fill => { remote_ip: stored::socket_ip_as_printed, remote_port: stored::socket_port }
            bytes_in: Option<i64>, Fill => { bytes_in: stored::int }
        }

        #[test]
        fn one_declaration_gives_the_field_its_columns_and_its_merge() {
            assert_eq!(
                Connection::COLUMNS,
                [
                    ("job", MergeRule::Fill),
                    ("remote_ip", MergeRule::Fill),
                    ("remote_port", MergeRule::Fill),
                    ("bytes_in", MergeRule::Fill)
                ]
            );
            // As the view `connections` shows them: a text, a socket (two
            // columns, typed there), a count.
            assert_eq!(
                Connection::SHOWN,
                [("job", Some(FieldKind::Text)), ("remote", None), ("bytes_in", Some(FieldKind::Int))]
            );
            let remote = Some(Socket { ip: "10.1.1.2".into(), port: Some(1414) });
            let mut all = Connection { job: Some("CSQ9CHIN".into()), bytes_in: Some(2248), ..Connection::default() };
            let ttls = Connection { job: Some("OTHER".into()), remote, bytes_in: Some(7), ..Connection::default() };
            all.fill_from(&ttls);
            assert_eq!(
                all.stored(),
                [
                    Stored::Text("CSQ9CHIN".into()),
                    Stored::Text("10.1.1.2".into()),
                    Stored::Int(1414),
                    Stored::Int(2248)
                ]
            );
        }
    }
}
