-- Sets apart row ?1, written by TTLS reports alone, as conn id ?2: a more detailed report of its
-- snapshot printed another connection under its conn id (see Connection::set_apart). It is
-- linked again (its stack is linked whole). Nothing moves when a row of ?2 is there already: the
-- rows are then merged as before. Run by src/store/write.rs.
UPDATE OR IGNORE connection_rows SET conn_id = ?2, identity_id = NULL WHERE connection_id = ?1;
