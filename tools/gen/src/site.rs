//! The made-up site: the applications every LPAR may run, the AT-TLS policy
//! that protects some of them, and what their clients negotiate.
//!
//! The names, ports and settings follow the shipped samples (and through
//! them the published z/OS captures), so that a generated tree reads like
//! the samples scaled up: CICS, DB2 DDF, MQ, TN3270, FTP, z/OSMF, IMS
//! Connect and outbound batch clients, strong and weak ciphers side by side.

/// A code and its name as NETSTAT prints them: `C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coded {
    pub code: &'static str,
    pub name: &'static str,
}

const fn coded(code: &'static str, name: &'static str) -> Coded {
    Coded { code, name }
}

const TLS_AES_128_GCM_SHA256: Coded = coded("1301", "TLS_AES_128_GCM_SHA256");
const TLS_AES_256_GCM_SHA384: Coded = coded("1302", "TLS_AES_256_GCM_SHA384");
const TLS_CHACHA20_POLY1305_SHA256: Coded = coded("1303", "TLS_CHACHA20_POLY1305_SHA256");
const ECDHE_RSA_AES128_GCM: Coded = coded("C02F", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
const ECDHE_RSA_AES256_GCM: Coded = coded("C030", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
const ECDHE_ECDSA_AES128_GCM: Coded = coded("C02B", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
const ECDHE_ECDSA_AES256_GCM: Coded = coded("C02C", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
const ECDHE_RSA_AES128_CBC256: Coded = coded("C027", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
const ECDHE_RSA_AES256_CBC384: Coded = coded("C028", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
const ECDHE_RSA_AES128_CBC_SHA: Coded = coded("C013", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
const RSA_AES128_GCM: Coded = coded("009C", "TLS_RSA_WITH_AES_128_GCM_SHA256");
const RSA_AES256_GCM: Coded = coded("009D", "TLS_RSA_WITH_AES_256_GCM_SHA384");
const RSA_AES128_CBC256: Coded = coded("003C", "TLS_RSA_WITH_AES_128_CBC_SHA256");
const RSA_AES256_CBC_SHA: Coded = coded("0035", "TLS_RSA_WITH_AES_256_CBC_SHA");
const RSA_AES128_CBC_SHA: Coded = coded("002F", "TLS_RSA_WITH_AES_128_CBC_SHA");
const RSA_3DES: Coded = coded("000A", "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
const RSA_RC4_SHA: Coded = coded("0005", "TLS_RSA_WITH_RC4_128_SHA");

const X25519: Coded = coded("0029", "X25519");
const SECP256R1: Coded = coded("0023", "secp256r1");
const SECP384R1: Coded = coded("0024", "secp384r1");
const SECP521R1: Coded = coded("0025", "secp521r1");
const X448: Coded = coded("0030", "X448");

/// Ciphers a hardening change removes from an environment action.
const WEAK_CIPHERS: &[&str] = &["0005", "000A", "002F", "0035", "C013"];

/// A protocol version, as `SecLevel` prints it and as the store names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    Ssl3,
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}

impl Protocol {
    /// The `SecLevel:` text of a TTLS report.
    pub fn sec_level(self) -> &'static str {
        match self {
            Protocol::Ssl3 => "SSL Version 3",
            Protocol::Tls10 => "TLS Version 1",
            Protocol::Tls11 => "TLS Version 1.1",
            Protocol::Tls12 => "TLS Version 1.2",
            Protocol::Tls13 => "TLS Version 1.3",
        }
    }

    /// The name `tls_sessions.protocol` holds after ingest.
    pub fn stored(self) -> &'static str {
        match self {
            Protocol::Ssl3 => "SSLv3",
            Protocol::Tls10 => "TLSv1.0",
            Protocol::Tls11 => "TLSv1.1",
            Protocol::Tls12 => "TLSv1.2",
            Protocol::Tls13 => "TLSv1.3",
        }
    }
}

/// One way a client and the server may agree, with its share of new sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    pub weight: u32,
    pub protocol: Protocol,
    pub cipher: Coded,
    /// `KeyShare:` (TLSv1.3 only; `N/A` otherwise).
    pub key_share: Option<Coded>,
}

const fn tls(weight: u32, protocol: Protocol, cipher: Coded, key_share: Option<Coded>) -> Negotiated {
    Negotiated { weight, protocol, cipher, key_share }
}

/// An AT-TLS environment action as configured when the tree starts; a
/// system keeps its own copy ([`EnvState`]) that policy changes alter.
#[derive(Debug)]
pub struct EnvAction {
    pub name: &'static str,
    pub client: bool,
    pub middlebox: bool,
    pub keyring: &'static str,
    pub label: &'static str,
    pub ciphers: &'static [Coded],
    /// SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 enabled (SSLv2 is always off).
    pub versions: [bool; 5],
    pub trace: u32,
    pub application_controlled: bool,
    pub client_auth: &'static str,
    pub client_key_shares: &'static [Coded],
    pub server_key_shares: &'static [Coded],
}

/// An AT-TLS rule with its group action and environment action.
#[derive(Debug)]
pub struct Policy {
    pub rule: &'static str,
    pub priority: u32,
    /// Index into [`GROUPS`].
    pub group: usize,
    pub env: EnvAction,
    pub cert_user: &'static str,
    /// Every way a session may come out; only those the current environment
    /// action allows are chosen.
    pub negotiated: &'static [Negotiated],
}

/// A group action: a name and the tasks NETSTAT reports for it.
#[derive(Debug)]
pub struct Group {
    pub name: &'static str,
    pub tasks: u32,
}

pub const GROUPS: &[Group] = &[
    Group { name: "DB2-GROUP-ACTION", tasks: 4 },
    Group { name: "CICS-GROUP-ACTION", tasks: 6 },
    Group { name: "TN3270-GROUP-ACTION", tasks: 4 },
    Group { name: "CSQ1-GROUP-ACTION", tasks: 4 },
    Group { name: "FTP-GROUP-ACTION", tasks: 4 },
    Group { name: "ZOSMF-GROUP-ACTION", tasks: 4 },
    Group { name: "IMS-GROUP-ACTION", tasks: 4 },
    Group { name: "BATCH-GROUP-ACTION", tasks: 4 },
    Group { name: "LEGACY-GROUP-ACTION", tasks: 2 },
];

/// Whether the system serves the application or calls out to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Listens on `port`; clients come from `peers` (a network prefix).
    Inbound,
    /// Connects to `peers` (one address) on `port`.
    Outbound,
}

/// An application that holds connections.
#[derive(Debug)]
pub struct App {
    pub job: &'static str,
    pub port: u16,
    pub direction: Direction,
    /// Inbound: the first three octets of client addresses (`10.30.5.`);
    /// outbound: the server's address.
    pub peers: &'static str,
    /// Share of the established connections of a system that run it.
    pub weight: u32,
    /// Percent of the systems that run it.
    pub presence: u8,
    /// Percent chance that a connection is still open at the next snapshot.
    pub stays: u8,
    /// Bytes received and sent per snapshot, at most.
    pub traffic: u64,
    pub buffer: u32,
    pub policy: Option<Policy>,
}

const SERVER_ALL: [bool; 5] = [false, false, false, true, false];
const SERVER_13: [bool; 5] = [false, false, false, true, true];

/// Every application a system may run, in the order systems list them.
pub const APPS: &[App] = &[
    App {
        job: "TN3270A",
        port: 992,
        direction: Direction::Inbound,
        peers: "10.20.30.",
        weight: 14,
        presence: 100,
        stays: 70,
        traffic: 400_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "TN3270-SECURE-RULE",
            priority: 20,
            group: 2,
            env: EnvAction {
                name: "TN3270-ENV-ACTION",
                client: false,
                middlebox: true,
                keyring: "TCPIP/TN3270RING",
                label: "TN3270A.SERVER.2026",
                ciphers: &[
                    TLS_AES_128_GCM_SHA256,
                    TLS_AES_256_GCM_SHA384,
                    TLS_CHACHA20_POLY1305_SHA256,
                    ECDHE_RSA_AES128_GCM,
                    ECDHE_RSA_AES256_GCM,
                    ECDHE_RSA_AES128_CBC256,
                    ECDHE_RSA_AES256_CBC384,
                ],
                versions: SERVER_13,
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[X25519, SECP256R1],
                server_key_shares: &[X25519, SECP256R1, SECP384R1],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(60, Protocol::Tls13, TLS_AES_128_GCM_SHA256, Some(X25519)),
                tls(10, Protocol::Tls13, TLS_AES_256_GCM_SHA384, Some(SECP256R1)),
                tls(15, Protocol::Tls12, ECDHE_RSA_AES128_GCM, None),
                tls(10, Protocol::Tls12, ECDHE_RSA_AES128_CBC256, None),
                // Only once a policy change lets TLSv1.1 and 3DES in.
                tls(5, Protocol::Tls11, RSA_3DES, None),
            ],
        }),
    },
    App {
        job: "TN3270A",
        port: 23,
        direction: Direction::Inbound,
        peers: "10.20.31.",
        weight: 10,
        presence: 100,
        stays: 70,
        traffic: 300_000,
        buffer: 65_536,
        policy: None,
    },
    App {
        job: "CICSPRD1",
        port: 443,
        direction: Direction::Inbound,
        peers: "10.30.5.",
        weight: 22,
        presence: 100,
        stays: 30,
        traffic: 8_000_000,
        buffer: 262_144,
        policy: Some(Policy {
            rule: "CICSPRD1-HTTPS-RULE",
            priority: 10,
            group: 1,
            env: EnvAction {
                name: "CICSPRD1-SERVER-ENV",
                client: false,
                middlebox: false,
                keyring: "CICSPRD1/CICSRING",
                label: "CICSPRD1.HTTPS.2026",
                ciphers: &[
                    ECDHE_RSA_AES128_GCM,
                    ECDHE_RSA_AES256_GCM,
                    ECDHE_ECDSA_AES128_GCM,
                    ECDHE_ECDSA_AES256_GCM,
                    ECDHE_RSA_AES128_CBC256,
                    ECDHE_RSA_AES256_CBC384,
                    RSA_AES128_GCM,
                    RSA_AES256_GCM,
                ],
                versions: SERVER_ALL,
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(60, Protocol::Tls12, ECDHE_RSA_AES128_GCM, None),
                tls(25, Protocol::Tls12, ECDHE_RSA_AES256_GCM, None),
                tls(10, Protocol::Tls12, RSA_AES128_GCM, None),
                // Only once a policy change enables TLSv1.3.
                tls(30, Protocol::Tls13, TLS_AES_128_GCM_SHA256, Some(X25519)),
            ],
        }),
    },
    App {
        job: "CICSPRD1",
        port: 1490,
        direction: Direction::Inbound,
        peers: "10.30.6.",
        weight: 8,
        presence: 60,
        stays: 90,
        traffic: 2_000_000,
        buffer: 262_144,
        policy: None,
    },
    App {
        job: "DB2ADIST",
        port: 446,
        direction: Direction::Inbound,
        peers: "10.30.5.",
        weight: 20,
        presence: 100,
        stays: 85,
        traffic: 4_000_000,
        buffer: 131_072,
        policy: None,
    },
    App {
        job: "DB2ADIST",
        port: 448,
        direction: Direction::Inbound,
        peers: "10.30.7.",
        weight: 14,
        presence: 100,
        stays: 85,
        traffic: 20_000_000,
        buffer: 131_072,
        policy: Some(Policy {
            rule: "DB2ADIST-SECURE-PORT",
            priority: 30,
            group: 0,
            env: EnvAction {
                name: "DB2ADIST-SERVER-ENV",
                client: false,
                middlebox: false,
                keyring: "DB2ADIST/DB2RING",
                label: "DB2A.DDF.SECURE",
                ciphers: &[
                    ECDHE_RSA_AES256_GCM,
                    ECDHE_RSA_AES128_GCM,
                    ECDHE_RSA_AES256_CBC384,
                    ECDHE_RSA_AES128_CBC256,
                    RSA_AES256_GCM,
                    RSA_AES128_GCM,
                ],
                versions: SERVER_ALL,
                trace: 2,
                application_controlled: false,
                client_auth: "SAFCheck",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "APPSRV1",
            negotiated: &[
                tls(80, Protocol::Tls12, ECDHE_RSA_AES256_GCM, None),
                tls(20, Protocol::Tls12, RSA_AES256_GCM, None),
            ],
        }),
    },
    App {
        job: "CSQ9CHIN",
        port: 1414,
        direction: Direction::Inbound,
        peers: "10.1.0.",
        weight: 6,
        presence: 100,
        stays: 97,
        traffic: 18_000_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "REMOTE-TO-CSQ1",
            priority: 1,
            group: 3,
            env: EnvAction {
                name: "CSQ1-INBOUND-ENVIRONMENT-ACTION",
                client: false,
                middlebox: false,
                keyring: "START1/MQRING",
                label: "ZZZZ",
                ciphers: &[RSA_AES128_CBC256],
                versions: SERVER_13,
                trace: 255,
                application_controlled: false,
                client_auth: "Required",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[tls(100, Protocol::Tls12, RSA_AES128_CBC256, None)],
        }),
    },
    App {
        job: "FTPD1",
        port: 21,
        direction: Direction::Inbound,
        peers: "10.40.2.",
        weight: 5,
        presence: 80,
        stays: 10,
        traffic: 50_000_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "FTPD1-SERVER-RULE",
            priority: 40,
            group: 4,
            env: EnvAction {
                name: "FTPD1-SERVER-ENV",
                client: false,
                middlebox: false,
                keyring: "FTPD/FTPRING",
                label: "FTPD1.SERVER",
                ciphers: &[ECDHE_RSA_AES256_GCM, ECDHE_RSA_AES128_GCM, ECDHE_RSA_AES128_CBC_SHA, RSA_AES256_CBC_SHA],
                versions: [false, false, false, true, true],
                trace: 2,
                application_controlled: true,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(70, Protocol::Tls12, ECDHE_RSA_AES256_GCM, None),
                tls(20, Protocol::Tls12, ECDHE_RSA_AES128_CBC_SHA, None),
                tls(10, Protocol::Tls12, RSA_AES256_CBC_SHA, None),
            ],
        }),
    },
    App {
        job: "SSHD",
        port: 22,
        direction: Direction::Inbound,
        peers: "10.40.3.",
        weight: 3,
        presence: 90,
        stays: 50,
        traffic: 300_000,
        buffer: 65_536,
        policy: None,
    },
    App {
        job: "JES2S001",
        port: 175,
        direction: Direction::Inbound,
        peers: "10.70.1.",
        weight: 2,
        presence: 70,
        stays: 98,
        traffic: 1_000_000,
        buffer: 65_536,
        policy: None,
    },
    App {
        job: "IZUSVR1",
        port: 10443,
        direction: Direction::Inbound,
        peers: "10.50.9.",
        weight: 6,
        presence: 80,
        stays: 60,
        traffic: 2_000_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "ZOSMF-HTTPS-RULE",
            priority: 15,
            group: 5,
            env: EnvAction {
                name: "ZOSMF-SERVER-ENV",
                client: false,
                middlebox: true,
                keyring: "IZUSVR/IZUKeyring.IZUDFLT",
                label: "DefaultzOSMFCert.IZUDFLT",
                ciphers: &[
                    TLS_AES_256_GCM_SHA384,
                    TLS_AES_128_GCM_SHA256,
                    TLS_CHACHA20_POLY1305_SHA256,
                    ECDHE_RSA_AES256_GCM,
                    ECDHE_RSA_AES128_GCM,
                ],
                versions: SERVER_13,
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1, X25519],
                server_key_shares: &[SECP256R1, X25519, SECP384R1],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(50, Protocol::Tls13, TLS_AES_256_GCM_SHA384, Some(SECP256R1)),
                tls(30, Protocol::Tls13, TLS_AES_128_GCM_SHA256, Some(X25519)),
                tls(20, Protocol::Tls12, ECDHE_RSA_AES256_GCM, None),
            ],
        }),
    },
    App {
        job: "IMSCONN",
        port: 9999,
        direction: Direction::Inbound,
        peers: "10.30.8.",
        weight: 10,
        presence: 60,
        stays: 75,
        traffic: 6_000_000,
        buffer: 131_072,
        policy: Some(Policy {
            rule: "IMSCONN-RULE",
            priority: 25,
            group: 6,
            env: EnvAction {
                name: "IMS-SERVER-ENV",
                client: false,
                middlebox: false,
                keyring: "IMS/IMSRING",
                label: "IMSCONN.SERVER",
                ciphers: &[ECDHE_ECDSA_AES128_GCM, ECDHE_ECDSA_AES256_GCM, ECDHE_RSA_AES128_GCM, ECDHE_RSA_AES256_GCM],
                versions: SERVER_ALL,
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(60, Protocol::Tls12, ECDHE_ECDSA_AES128_GCM, None),
                tls(40, Protocol::Tls12, ECDHE_RSA_AES128_GCM, None),
            ],
        }),
    },
    App {
        job: "PAYXFER",
        port: 8443,
        direction: Direction::Outbound,
        peers: "10.60.1.9",
        weight: 3,
        presence: 50,
        stays: 20,
        traffic: 8_000_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "PAYXFER-OUTBOUND-RULE",
            priority: 200,
            group: 7,
            env: EnvAction {
                name: "PAYXFER-CLIENT-ENV",
                client: true,
                middlebox: false,
                keyring: "PAYXFER/PAYRING",
                label: "PAYXFER.CLIENT",
                ciphers: &[RSA_AES256_CBC_SHA, RSA_AES128_CBC_SHA, RSA_3DES, ECDHE_RSA_AES256_GCM],
                versions: [false, true, true, true, false],
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(70, Protocol::Tls10, RSA_3DES, None),
                tls(20, Protocol::Tls12, RSA_AES256_CBC_SHA, None),
                tls(10, Protocol::Tls12, ECDHE_RSA_AES256_GCM, None),
            ],
        }),
    },
    App {
        job: "BATCHAPI",
        port: 443,
        direction: Direction::Outbound,
        peers: "10.61.4.20",
        weight: 4,
        presence: 70,
        stays: 15,
        traffic: 500_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "BATCHAPI-OUTBOUND-RULE",
            priority: 210,
            group: 7,
            env: EnvAction {
                name: "BATCHAPI-CLIENT-ENV",
                client: true,
                middlebox: false,
                keyring: "BATCHAPI/APIRING",
                label: "BATCHAPI.CLIENT",
                ciphers: &[ECDHE_RSA_AES128_GCM, ECDHE_RSA_AES256_GCM, RSA_AES128_GCM],
                versions: SERVER_ALL,
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(70, Protocol::Tls12, ECDHE_RSA_AES128_GCM, None),
                tls(30, Protocol::Tls12, RSA_AES128_GCM, None),
            ],
        }),
    },
    App {
        job: "LEGACYGW",
        port: 7001,
        direction: Direction::Inbound,
        peers: "10.80.1.",
        weight: 1,
        presence: 30,
        stays: 40,
        traffic: 200_000,
        buffer: 65_536,
        policy: Some(Policy {
            rule: "LEGACYGW-RULE",
            priority: 50,
            group: 8,
            env: EnvAction {
                name: "LEGACYGW-SERVER-ENV",
                client: false,
                middlebox: false,
                keyring: "LEGACYGW/LEGRING",
                label: "LEGACYGW.SERVER",
                ciphers: &[RSA_RC4_SHA, RSA_3DES, RSA_AES128_CBC_SHA, ECDHE_RSA_AES128_GCM],
                versions: [true, true, false, true, false],
                trace: 2,
                application_controlled: false,
                client_auth: "PassThru",
                client_key_shares: &[SECP256R1],
                server_key_shares: &[SECP256R1, SECP384R1, SECP521R1, X25519, X448],
            },
            cert_user: "N/A",
            negotiated: &[
                tls(40, Protocol::Ssl3, RSA_RC4_SHA, None),
                tls(30, Protocol::Tls10, RSA_3DES, None),
                tls(20, Protocol::Tls12, RSA_AES128_CBC_SHA, None),
                tls(10, Protocol::Tls12, ECDHE_RSA_AES128_GCM, None),
            ],
        }),
    },
    App {
        job: "RMFGAT",
        port: 8803,
        direction: Direction::Inbound,
        peers: "10.90.1.",
        weight: 2,
        presence: 60,
        stays: 90,
        traffic: 100_000,
        buffer: 65_536,
        policy: None,
    },
];

/// An environment action as one system has it now: policy changes alter it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvState {
    pub ciphers: Vec<Coded>,
    pub versions: [bool; 5],
}

impl EnvState {
    pub fn new(env: &EnvAction) -> EnvState {
        EnvState { ciphers: env.ciphers.to_vec(), versions: env.versions }
    }

    pub fn allows(&self, n: &Negotiated) -> bool {
        self.versions[n.protocol as usize] && self.ciphers.contains(&n.cipher)
    }

    /// The changes that would alter this action, in a fixed order.
    pub fn possible_changes(&self, env: &EnvAction) -> Vec<Change> {
        let mut changes = Vec::new();
        if !self.versions[Protocol::Tls11 as usize] {
            changes.push(Change::Weaken);
        }
        let weak_protocol = self.versions[..=Protocol::Tls11 as usize].iter().any(|on| *on);
        if weak_protocol || self.ciphers.iter().any(|c| WEAK_CIPHERS.contains(&c.code)) {
            changes.push(Change::Harden);
        }
        if !env.client && !self.versions[Protocol::Tls13 as usize] {
            changes.push(Change::EnableTls13);
        }
        changes
    }

    pub fn apply(&mut self, change: Change) {
        match change {
            Change::Weaken => {
                self.versions[Protocol::Tls11 as usize] = true;
                if !self.ciphers.contains(&RSA_3DES) {
                    self.ciphers.push(RSA_3DES);
                }
            }
            Change::Harden => {
                self.versions[..=Protocol::Tls11 as usize].fill(false);
                self.ciphers.retain(|c| !WEAK_CIPHERS.contains(&c.code));
            }
            Change::EnableTls13 => {
                self.versions[Protocol::Tls13 as usize] = true;
                for suite in [TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256] {
                    if !self.ciphers.contains(&suite) {
                        self.ciphers.insert(0, suite);
                    }
                }
            }
        }
    }
}

/// A change an administrator makes to an environment action now and then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// TLSv1.1 allowed and 3DES appended (a drift for the worse).
    Weaken,
    /// SSLv3, TLSv1.0 and TLSv1.1 off, weak ciphers removed.
    Harden,
    /// TLSv1.3 on, with its suites first.
    EnableTls13,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Weaken => "TLSv1.1 and 3DES allowed",
            Change::Harden => "weak protocols and ciphers removed",
            Change::EnableTls13 => "TLSv1.3 enabled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every policy keeps a way to negotiate whatever changes are made, in
    /// any order: otherwise a new connection would have no session to take.
    #[test]
    fn every_policy_can_negotiate_after_any_changes() {
        let orders = [
            [Change::Weaken, Change::Harden, Change::EnableTls13],
            [Change::Harden, Change::Weaken, Change::EnableTls13],
            [Change::EnableTls13, Change::Harden, Change::Weaken],
        ];
        for policy in APPS.iter().filter_map(|a| a.policy.as_ref()) {
            let mut state = EnvState::new(&policy.env);
            assert!(policy.negotiated.iter().any(|n| state.allows(n)), "{}", policy.rule);
            for order in orders {
                state = EnvState::new(&policy.env);
                for change in order {
                    state.apply(change);
                    assert!(policy.negotiated.iter().any(|n| state.allows(n)), "{} after {change:?}", policy.rule);
                }
            }
            for n in policy.negotiated {
                assert_eq!(n.key_share.is_some(), n.protocol == Protocol::Tls13, "{}", policy.rule);
            }
        }
    }
}
