-- Where a connection row's counters were printed, no longer so: a record merged into it brings
-- the counters that stand (see counters-source.sql).
-- Run by src/store/write.rs.
DELETE FROM attributes WHERE owner_table = 'connections' AND owner_id = ?1 AND key = ?2
