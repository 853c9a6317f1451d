-- One observation of a connection from before the days being summarized, read back to learn what
-- its earlier days told of its protection: the observation before it, its capture date and TLS state,
-- and what it negotiated (protocol, cipher suite, key share), as v_connection_core gives them.
-- Run by src/store/summarize/days.rs.
SELECT previous_connection_id, capture_date, tls_state, tls_protocol, cipher_code, key_share
FROM v_connection_core
WHERE connection_id = ?1;
