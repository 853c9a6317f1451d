-- 0034_capacity_top_peer: a capacity day whose bytes were not captured (ALLCONN
-- alone: bytes_in and bytes_out NULL) has no top peer; it named the lowest
-- address with top_peer_bytes 0. The summaries now leave both NULL
-- (src/store/summarize/days.rs); the rows written before are corrected here.
UPDATE daily_capacity SET top_peer = NULL, top_peer_bytes = NULL
WHERE bytes_in IS NULL AND bytes_out IS NULL AND top_peer_bytes IS NOT NULL;
