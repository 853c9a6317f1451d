-- The fingerprint of a snapshot's policy, and whether the snapshot printed
-- it in part: no report of it printed every rule in use (a TTLS DETAIL
-- whose command named no connection or filter) or every rule (pasearch).
-- Run by src/store/summarize/mod.rs.
INSERT INTO snapshot_policies (snapshot_id, fingerprint, partial)
VALUES (?1, ?2, NOT EXISTS (SELECT 1 FROM captures k
                            WHERE k.snapshot_id = ?1 AND k.report_kind IN ('TTLS DETAIL', 'PASEARCH')
                              AND NOT EXISTS (SELECT 1 FROM attributes a
                                              WHERE a.owner_table = 'captures' AND a.owner_id = k.capture_id
                                                AND a.key = 'Filter')));
