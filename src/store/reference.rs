//! The statements that copy the built-in catalog into the reference tables of
//! migration 0002, all in one place.
//!
//! The tables are emptied and refilled rather than updated: they hold nothing
//! but the catalog, so a newer binary replaces the data of an older one
//! whole, rows it dropped included.

use rusqlite::{params, Transaction};

use crate::catalog::{Catalog, Grade, IanaRecommended, Protocol};

/// Children first, so that no foreign key to `grades` or `protocols` is left
/// dangling.
const DELETE_ALL: &str = include_str!("../../sql/reference/delete-all.sql");

const INSERT_GRADE: &str = include_str!("../../sql/reference/insert-grade.sql");

const INSERT_PROTOCOL: &str = include_str!("../../sql/reference/insert-protocol.sql");

const INSERT_CIPHER_SUITE: &str = include_str!("../../sql/reference/insert-cipher-suite.sql");

const INSERT_NAMED_GROUP: &str = include_str!("../../sql/reference/insert-named-group.sql");

const INSERT_SIGNATURE_PAIR: &str = include_str!("../../sql/reference/insert-signature-pair.sql");

/// Empties the reference tables and fills them from [`Catalog::get`].
pub(crate) fn seed_reference(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let catalog = Catalog::get();
    tx.execute_batch(DELETE_ALL)?;

    let mut insert = tx.prepare(INSERT_GRADE)?;
    for grade in Grade::ALL {
        insert.execute(params![grade.as_str(), grade.rank()])?;
    }

    let mut insert = tx.prepare(INSERT_PROTOCOL)?;
    for protocol in Protocol::ALL {
        insert.execute(params![
            protocol.as_str(),
            protocol.rank(),
            protocol.grade().as_str(),
            protocol.grade_reason()
        ])?;
    }

    let mut insert = tx.prepare(INSERT_CIPHER_SUITE)?;
    for s in catalog.cipher_suites() {
        insert.execute(params![
            s.code,
            s.code_2char,
            s.name,
            s.protocol_min.as_str(),
            s.kex,
            s.auth,
            s.enc,
            s.enc_bits,
            s.mode,
            s.mac,
            s.forward_secret,
            s.aead,
            s.export,
            s.null_cipher,
            s.anonymous,
            s.zos_supported,
            s.quantum_vulnerable,
            s.grade.as_str(),
            s.grade_reasons,
            s.mozilla_5_7.as_str(),
            s.mozilla_6_0.as_str(),
            s.nist_800_52r2,
            s.iana_recommended.map(IanaRecommended::as_str),
        ])?;
    }

    let mut insert = tx.prepare(INSERT_NAMED_GROUP)?;
    for g in catalog.named_groups() {
        insert.execute(params![
            g.code,
            g.iana_value,
            g.name,
            g.iana_recommended.as_str(),
            g.grade.as_str(),
            g.grade_reason,
            g.quantum_vulnerable
        ])?;
    }

    let mut insert = tx.prepare(INSERT_SIGNATURE_PAIR)?;
    for p in catalog.signature_pairs() {
        insert.execute(params![
            p.code,
            p.name,
            p.iana_name,
            p.hash,
            p.signature,
            p.iana_recommended.map(IanaRecommended::as_str),
            p.grade.as_str(),
            p.grade_reason
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    fn database() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        conn.execute_batch(include_str!("../../migrations/0002_reference.sql")).unwrap();
        conn
    }

    fn count(conn: &Connection, table: &str) -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).unwrap()
    }

    #[test]
    fn seeding_twice_refills_every_table() {
        let mut conn = database();
        for _ in 0..2 {
            let tx = conn.transaction().unwrap();
            seed_reference(&tx).unwrap();
            tx.commit().unwrap();
        }
        let catalog = Catalog::get();
        assert_eq!(count(&conn, "grades"), 5);
        assert_eq!(count(&conn, "protocols"), 6);
        assert_eq!(count(&conn, "cipher_suites"), catalog.cipher_suites().count() as i64);
        assert_eq!(count(&conn, "named_groups"), catalog.named_groups().count() as i64);
        assert_eq!(count(&conn, "signature_pairs"), catalog.signature_pairs().count() as i64);
    }

    #[test]
    fn rows_join_and_compare_by_grade_rank() {
        let mut conn = database();
        let tx = conn.transaction().unwrap();
        seed_reference(&tx).unwrap();
        tx.commit().unwrap();
        let (grade, forward_secret, protocol_rank): (String, i64, i64) = conn
            .query_row(
                "SELECT c.grade, c.forward_secret, p.rank FROM cipher_suites c
                 JOIN protocols p ON p.name = c.protocol_min WHERE c.code = '003C'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!((grade.as_str(), forward_secret, protocol_rank), ("weak", 0, 5));
        let weaker: String = conn
            .query_row(
                "SELECT g.name FROM named_groups g JOIN grades r ON r.grade = g.grade
                 WHERE g.code IN ('0019', '0029') ORDER BY r.rank LIMIT 1",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(weaker, "secp192r1");
        let iana: Option<String> = conn
            .query_row("SELECT iana_recommended FROM signature_pairs WHERE code = '0302'", [], |row| row.get(0))
            .unwrap();
        assert_eq!(iana, None);
    }
}
