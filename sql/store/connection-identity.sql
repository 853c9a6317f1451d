-- The row of conn id ?2 in snapshot ?1, with what tells its connection apart from another that
-- reused the conn id (see Connection::reuses_conn_id_of): its rank, job and sockets.
-- Run by src/store/write.rs when a record of a conn id meets a row written already.
SELECT connection_id, source_rank, job, local_ip, local_port, remote_ip, remote_port
FROM connections
WHERE snapshot_id = ?1 AND conn_id = ?2
