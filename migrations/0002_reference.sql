-- 0002_reference: what the codes in the inventory mean and how good they are, so that SQL can join and grade them.
-- The rows are the catalog compiled into the binary (src/catalog): store::reference refills every table on open,
-- so a newer ttlsinv brings newer reference data and nothing here is edited by hand. Booleans are 0/1.

-- The grading scale shared by every table below; rank orders it, worst (unknown) first.
CREATE TABLE grades (
    grade          TEXT    PRIMARY KEY,
    rank           INTEGER NOT NULL UNIQUE
) STRICT;

-- SSL/TLS versions under the names the inventory stores; rank orders them, oldest first.
CREATE TABLE protocols (
    name           TEXT    PRIMARY KEY
                           CHECK (name IN ('SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3')),
    rank           INTEGER NOT NULL UNIQUE,
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reason   TEXT    NOT NULL
) STRICT;

-- Every named IANA cipher suite, keyed by its value in hex (the z/OS 4-character spec, '003C'), and the z/OS SSLv2
-- 1-character specs ('V2-1'). kex and auth are 'any' for TLS 1.3 suites (the group and signature pair decide), '-'
-- for the two signalling values, which are kept so their codes decode but are graded 'unknown'.
CREATE TABLE cipher_suites (
    code           TEXT    PRIMARY KEY,
    -- the z/OS 2-character spec, for the 00xx suites z/OS documents one for
    code_2char     TEXT    UNIQUE,
    name           TEXT    NOT NULL UNIQUE,
    -- the oldest version that can negotiate the suite
    protocol_min   TEXT    NOT NULL REFERENCES protocols,
    kex            TEXT    NOT NULL,
    auth           TEXT    NOT NULL,
    enc            TEXT    NOT NULL,
    enc_bits       INTEGER NOT NULL,
    mode           TEXT    NOT NULL,
    -- the HMAC hash of CBC and stream suites; only the PRF hash of AEAD suites
    mac            TEXT    NOT NULL,
    forward_secret INTEGER NOT NULL CHECK (forward_secret IN (0, 1)),
    aead           INTEGER NOT NULL CHECK (aead IN (0, 1)),
    export         INTEGER NOT NULL CHECK (export IN (0, 1)),
    null_cipher    INTEGER NOT NULL CHECK (null_cipher IN (0, 1)),
    anonymous      INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    zos_supported  INTEGER NOT NULL CHECK (zos_supported IN (0, 1)),
    -- 1 for every public-key exchange; on TLS 1.3 suites "classical by default": the key-share group decides
    quantum_vulnerable INTEGER NOT NULL CHECK (quantum_vulnerable IN (0, 1)),
    -- ciphersuite.info's grade, reproduced from its fixtures, and the weaknesses behind it
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reasons  TEXT    NOT NULL,
    -- the strictest Mozilla configuration that allows the suite
    mozilla_5_7    TEXT    NOT NULL CHECK (mozilla_5_7 IN ('modern', 'intermediate', 'old', 'none')),
    mozilla_6_0    TEXT    NOT NULL CHECK (mozilla_6_0 IN ('modern', 'intermediate', 'old', 'none')),
    nist_800_52r2  INTEGER NOT NULL CHECK (nist_800_52r2 IN (0, 1)),
    -- IANA's Recommended column; NULL for the SSLv2 specs, which IANA does not list
    iana_recommended TEXT  CHECK (iana_recommended IN ('Y', 'N', 'D'))
) STRICT;

-- Every assigned IANA supported group, keyed by the z/OS code: the IANA value in decimal, zero-padded ('0023').
CREATE TABLE named_groups (
    code           TEXT    PRIMARY KEY,
    iana_value     INTEGER NOT NULL UNIQUE,
    -- the name z/OS prints ('X25519') where z/OS lists the group, else IANA's
    name           TEXT    NOT NULL,
    iana_recommended TEXT  NOT NULL CHECK (iana_recommended IN ('Y', 'N', 'D')),
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reason   TEXT    NOT NULL,
    quantum_vulnerable INTEGER NOT NULL CHECK (quantum_vulnerable IN (0, 1))
) STRICT;

-- IANA SignatureSchemes and the TLS 1.2 hash/signature pairs IANA reserves, keyed by value in hex ('0401').
CREATE TABLE signature_pairs (
    code           TEXT    PRIMARY KEY,
    -- the name z/OS prints ('TLS_SIGALG_SHA256_WITH_RSA') where z/OS lists the pair, else IANA's
    name           TEXT    NOT NULL,
    -- NULL for the TLS 1.2 pairs IANA reserves
    iana_name      TEXT    UNIQUE,
    hash           TEXT    NOT NULL,
    signature      TEXT    NOT NULL,
    iana_recommended TEXT  CHECK (iana_recommended IN ('Y', 'N', 'D')),
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reason   TEXT    NOT NULL
) STRICT;
