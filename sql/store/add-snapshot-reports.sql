-- Reports of a snapshot counted by the writer instead of upserting its row
-- once each (see `SnapshotRows`). Run by src/store/write.rs.
UPDATE snapshots SET report_count = report_count + ?2 WHERE snapshot_id = ?1;
