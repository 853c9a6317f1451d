//! One LPAR of the made-up site and how its connections evolve from one
//! snapshot to the next: listeners stay, established connections persist
//! with their application's odds and are replaced by new ones, and now and
//! then an administrator changes an environment action.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::rng::Rng;
use super::site::{Direction, EnvState, Negotiated, APPS};

/// How a system's NETSTAT output was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A TSO batch job: one file per snapshot, message ids on ALL and
    /// ALLCONN, `READY` and command echoes between the reports.
    Tso,
    /// z/OS UNIX `onetstat`: one file per report, no message ids, shell
    /// prompts around each report.
    Shell,
}

/// What kind of site the generated tree shows (issue 16's shapes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// (a) A site of a few hundred client addresses per application,
    /// connections that persist with their application's odds, a TTLS
    /// DETAIL report per snapshot. With `--systems 1 --days 1 --connections
    /// 200000` it is (d), one very large file (system 0 is a TSO batch job:
    /// one file per snapshot).
    #[default]
    Default,
    /// (b) High-cardinality clients: every new inbound connection comes from
    /// an address (and port) never seen before on the system, so clients
    /// come and go between days, and the TTLS data of a snapshot is one
    /// `TTLS CONN n DETAIL` report per connection appended in one file.
    Clients,
    /// (c) For captures every 15 minutes (`--snapshots-per-day 96`): the
    /// same long-lived connections from one snapshot to the next, 2 in 1 000
    /// closing in each interval.
    LongLived,
}

impl Shape {
    /// The name `--shape` takes and `expected-totals.json` gives.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Default => "default",
            Shape::Clients => "clients",
            Shape::LongLived => "long-lived",
        }
    }
}

/// Of 1 000 connections, those that survive one interval of [`Shape::LongLived`].
const LONG_LIVED_STAY_PER_MILLE: u64 = 998;

/// A listener or UDP endpoint: there for the whole life of the stack.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub id: u32,
    pub job: &'static str,
    pub local: String,
    pub remote: &'static str,
    pub started: NaiveDateTime,
    /// The application that owns a listener; `None` for the stack's own.
    pub app: Option<usize>,
}

/// An established TCP connection.
#[derive(Debug, Clone)]
pub struct Conn {
    pub id: u32,
    /// Index into [`APPS`].
    pub app: usize,
    pub local: String,
    pub remote: String,
    pub remote_port: u16,
    /// The remote IPv4 address as a number (a random tag for IPv6), as the
    /// TTLS `SessionID` carries it.
    pub tag: u32,
    /// Last word of the `SessionID`.
    pub stamp: u32,
    pub started: NaiveDateTime,
    pub last_touched: NaiveTime,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub init_rcv: u32,
    pub init_snd: u32,
    /// Index into [`WINDOWS`].
    pub window: usize,
    pub mss: u32,
    /// Round-trip time and its variance in milliseconds.
    pub rtt: u32,
    pub rtt_variance: u32,
    pub tls: Option<&'static Negotiated>,
}

/// `SndWnd` and `MaxSndWnd` pairs seen in the published captures.
pub const WINDOWS: [(u32, u32); 3] = [(62_336, 64_256), (64_240, 64_240), (29_200, 29_200)];
const SEGMENT_SIZES: [u32; 3] = [1_440, 1_460, 1_380];

/// A policy change, for the expected totals.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyChange {
    pub date: NaiveDate,
    pub system: String,
    pub env_action: &'static str,
    pub change: &'static str,
}

/// Percent chance, per system and day, of a policy change.
const CHANGE_PERCENT: u8 = 10;

/// The fewest connections per snapshot a plan may ask for: the listeners
/// and UDP endpoints of a system must leave room for established ones.
pub const MIN_CONNECTIONS: u32 = 40;

/// One system (LPAR) with one TCP/IP stack.
#[derive(Debug)]
pub struct System {
    pub name: String,
    pub style: Style,
    pub release: &'static str,
    pub stack: &'static str,
    /// The second of the minute at which this system's capture job starts.
    pub second: u32,
    /// The applications this system runs (indices into [`APPS`]).
    pub apps: Vec<usize>,
    /// Environment action state per application with a policy (by [`APPS`] index).
    pub envs: Vec<Option<EnvState>>,
    /// TCP listeners and UDP endpoints, ascending conn ids.
    pub listeners: Vec<Endpoint>,
    pub udp: Vec<Endpoint>,
    /// Established connections, ascending conn ids (new ones are appended).
    pub conns: Vec<Conn>,
    index: u32,
    shape: Shape,
    /// Inbound clients seen so far (their addresses, in [`Shape::Clients`]).
    clients: u32,
    home: String,
    /// IPv6 address of z/OS UNIX systems, where some SSH clients come over IPv6.
    home6: Option<String>,
    established: usize,
    next_id: u32,
    rng: Rng,
}

impl System {
    /// System number `index` (0-based) of the site, with `connections`
    /// endpoints per snapshot. Even systems are captured by TSO, odd ones
    /// from the z/OS UNIX shell.
    pub fn new(index: u32, seed: u64, connections: u32, start: NaiveDate, shape: Shape) -> System {
        let mut rng = Rng::new(seed, u64::from(index));
        let style = if index.is_multiple_of(2) { Style::Tso } else { Style::Shell };
        let release = ["V2R4", "V2R5", "3.1"][(index as usize / 2) % 3];
        let stack = match style {
            Style::Tso => "TCPIP",
            Style::Shell => "TCPIPB",
        };
        let home = format!("10.{}.{}.2", index / 250 + 1, index % 250 + 1);
        let home6 = (style == Style::Shell).then(|| format!("2001:db8:{:x}::10", index + 1));
        let apps: Vec<usize> = (0..APPS.len()).filter(|a| rng.percent(APPS[*a].presence)).collect();
        let envs = (0..APPS.len())
            .map(|a| APPS[a].policy.as_ref().filter(|_| apps.contains(&a)).map(|p| EnvState::new(&p.env)))
            .collect();
        let ipl = NaiveDateTime::new(start, NaiveTime::MIN) - Duration::days(rng.range(1, 30) as i64)
            + Duration::seconds(rng.range(4 * 3600, 6 * 3600) as i64);
        let mut system = System {
            name: if index < 1000 { format!("SYS{index:03}") } else { format!("SYS{index:05}") },
            style,
            release,
            stack,
            second: 0,
            apps,
            envs,
            listeners: Vec::new(),
            udp: Vec::new(),
            conns: Vec::new(),
            index,
            shape,
            clients: 0,
            home,
            home6,
            established: 0,
            next_id: 0x19,
            rng,
        };
        system.second = system.rng.range(1, 30) as u32;
        system.open_endpoints(ipl);
        let endpoints = system.listeners.len() + system.udp.len();
        system.established = (connections as usize).saturating_sub(endpoints);
        // Established connections get ids above every endpoint's.
        system.next_id = 0x100 + system.rng.range(0, 0xFFF) as u32;
        system
    }

    /// The stack's own listeners, one per port of an inbound application,
    /// and the UDP endpoints, all opened at IPL.
    fn open_endpoints(&mut self, ipl: NaiveDateTime) {
        let mut ports: Vec<u16> = Vec::new();
        let mut opened = ipl;
        let mut listen = |system: &mut System, job, local: String, app| {
            opened += Duration::seconds(system.rng.range(5, 90) as i64);
            let id = system.take_id();
            system.listeners.push(Endpoint { id, job, local, remote: "0.0.0.0..0", started: opened, app });
        };
        listen(self, "TCPIP", "127.0.0.1..1024".to_string(), None);
        listen(self, "OMVS", "0.0.0.0..10007".to_string(), None);
        for a in self.apps.clone() {
            let app = &APPS[a];
            if app.direction == Direction::Inbound && !ports.contains(&app.port) {
                ports.push(app.port);
                listen(self, app.job, format!("0.0.0.0..{}", app.port), Some(a));
            }
        }
        if let Some(ssh) = self.listeners.iter_mut().find(|l| l.job == "SSHD" && self.home6.is_some()) {
            ssh.local = "::..22".to_string();
            ssh.remote = "::..0";
        }
        for (job, port) in [("SYSLOGD", 514), ("OSNMPD", 161)] {
            let id = self.take_id();
            let local = format!("0.0.0.0..{port}");
            self.udp.push(Endpoint { id, job, local, remote: "*..*", started: ipl, app: None });
        }
    }

    fn take_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += self.rng.range(1, 4) as u32;
        id
    }

    /// Makes a policy change now and then; called at the start of every day
    /// but the first.
    pub fn maybe_change_policy(&mut self, date: NaiveDate) -> Option<PolicyChange> {
        if !self.rng.percent(CHANGE_PERCENT) {
            return None;
        }
        let with_policy: Vec<usize> = self.apps.iter().copied().filter(|a| self.envs[*a].is_some()).collect();
        if with_policy.is_empty() {
            return None;
        }
        let app = with_policy[self.rng.below(with_policy.len() as u64) as usize];
        let env = &APPS[app].policy.as_ref()?.env;
        let state = self.envs[app].as_mut()?;
        let changes = state.possible_changes(env);
        let change = *changes.get(self.rng.below(changes.len() as u64) as usize)?;
        state.apply(change);
        Some(PolicyChange { date, system: self.name.clone(), env_action: env.name, change: change.as_str() })
    }

    /// Moves the system to the snapshot taken at `at`, `interval` after the
    /// one before: some connections close, the rest carry more bytes, and
    /// new ones take the place of those that closed.
    pub fn advance(&mut self, at: NaiveDateTime, interval: Duration) {
        let mut conns = std::mem::take(&mut self.conns);
        match self.shape {
            Shape::LongLived => conns.retain(|_| self.rng.below(1000) < LONG_LIVED_STAY_PER_MILLE),
            Shape::Default | Shape::Clients => conns.retain(|c| self.rng.percent(APPS[c.app].stays)),
        }
        for conn in &mut conns {
            let traffic = APPS[conn.app].traffic;
            conn.bytes_in += self.rng.below(traffic / 8);
            conn.bytes_out += self.rng.below(traffic);
            conn.last_touched = (at - Duration::seconds(self.rng.range(1, 300) as i64)).time();
        }
        self.conns = conns;
        while self.conns.len() < self.established {
            let conn = self.open(at, interval);
            self.conns.push(conn);
        }
    }

    fn open(&mut self, at: NaiveDateTime, interval: Duration) -> Conn {
        let app_index = self.apps[self.rng.weighted(self.apps.iter().map(|a| APPS[*a].weight))];
        let app = &APPS[app_index];
        let rng = &mut self.rng;
        let ephemeral = rng.range(1024, 65_535) as u16;
        let v6 = app.job == "SSHD" && rng.percent(50);
        let (local, remote, remote_port, tag) = match (app.direction, &self.home6) {
            (Direction::Inbound, Some(home6)) if v6 => {
                let peer = rng.range(1, 0xFFFF);
                (
                    format!("{home6}..{}", app.port),
                    format!("2001:db8:a0:7::{peer:x}..{ephemeral}"),
                    ephemeral,
                    rng.next_u64() as u32,
                )
            }
            (Direction::Inbound, _) if self.shape == Shape::Clients => {
                self.clients += 1;
                let peer = client_address(self.index, self.clients);
                (format!("{}..{}", self.home, app.port), format!("{peer}..{ephemeral}"), ephemeral, ipv4(&peer))
            }
            (Direction::Inbound, _) => {
                let octet = rng.range(2, 254) as u32;
                let peer = format!("{}{octet}", app.peers);
                (format!("{}..{}", self.home, app.port), format!("{peer}..{ephemeral}"), ephemeral, ipv4(&peer))
            }
            (Direction::Outbound, _) => {
                let local = format!("{}..{ephemeral}", self.home);
                (local, format!("{}..{}", app.peers, app.port), app.port, ipv4(app.peers))
            }
        };
        let age = rng.range(1, interval.num_seconds().clamp(60, 4 * 3600) as u64);
        let started = at - Duration::seconds(age as i64);
        let bytes_in = rng.below(app.traffic / 8) + 200;
        let bytes_out = rng.below(app.traffic) + 1_000;
        let tls = app.policy.as_ref().map(|policy| {
            let env = self.envs[app_index].as_ref().expect("every system app with a policy has its env state");
            let allowed: Vec<&'static Negotiated> = policy.negotiated.iter().filter(|n| env.allows(n)).collect();
            allowed[self.rng.weighted(allowed.iter().map(|n| n.weight))]
        });
        let rng = &mut self.rng;
        let conn = Conn {
            id: self.next_id,
            app: app_index,
            local,
            remote,
            remote_port,
            tag,
            stamp: 0x6B00_0000 + (started.and_utc().timestamp() as u32 & 0x00FF_FFFF),
            started,
            last_touched: (at - Duration::seconds(rng.range(1, age.min(300)) as i64)).time(),
            bytes_in,
            bytes_out,
            init_rcv: rng.next_u64() as u32,
            init_snd: rng.next_u64() as u32,
            window: rng.below(WINDOWS.len() as u64) as usize,
            mss: SEGMENT_SIZES[rng.below(SEGMENT_SIZES.len() as u64) as usize],
            rtt: rng.range(1, 40) as u32 * 1000,
            rtt_variance: rng.range(1, 40) as u32 * 500,
            tls,
        };
        self.next_id += self.rng.range(1, 4) as u32;
        conn
    }
}

/// The address of the `n`th client of system `index` in [`Shape::Clients`]:
/// distinct for 253³ clients per system and 100 systems, no octet 0 or 255.
fn client_address(index: u32, n: u32) -> String {
    let octet = |k: u32| n / 253u32.pow(k) % 253 + 1;
    format!("{}.{}.{}.{}", 100 + index % 100, octet(2), octet(1), octet(0))
}

/// An IPv4 address as a 32-bit number (`10.20.30.40` is `0x0A141E28`).
fn ipv4(address: &str) -> u32 {
    address.split('.').fold(0, |acc, octet| (acc << 8) | octet.parse::<u32>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_session_id_words() {
        assert_eq!(ipv4("10.20.30.40"), 0x0A14_1E28);
        assert_eq!(ipv4("10.60.1.9"), 0x0A3C_0109);
    }

    #[test]
    fn connections_keep_their_number_and_ids_stay_unique_and_ascending() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut system = System::new(3, 9, 120, start, Shape::Default);
        let mut seen_ids = std::collections::HashSet::new();
        let mut kept = 0;
        for snapshot in 0..20 {
            let before: Vec<u32> = system.conns.iter().map(|c| c.id).collect();
            let at = NaiveDateTime::new(start, NaiveTime::MIN) + Duration::hours(snapshot * 6);
            system.advance(at, Duration::hours(6));
            let mut ids: Vec<u32> = system.listeners.iter().chain(&system.udp).map(|e| e.id).collect();
            ids.extend(system.conns.iter().map(|c| c.id));
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), 120);
            assert!(system.conns.windows(2).all(|w| w[0].id < w[1].id));
            kept += system.conns.iter().filter(|c| before.contains(&c.id)).count();
            seen_ids.extend(system.conns.iter().map(|c| c.id));
        }
        assert!(kept > 0, "some connections persist");
        assert!(seen_ids.len() > system.conns.len(), "some come and go");
    }
}
