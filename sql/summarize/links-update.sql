-- An observation's link to the one it continues, and its traffic.
-- Run by src/store/summarize/links.rs.
UPDATE connection_rows SET previous_id = ?2, identity_id = ?3, traffic_bytes_in = ?4,
    traffic_bytes_out = ?5, traffic_segments_in = ?6, traffic_segments_out = ?7
WHERE connection_id = ?1
