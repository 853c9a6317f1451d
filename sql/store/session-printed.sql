-- What a TLS session row holds of the negotiation as printed: SecLevel, the cipher suite and the
-- key share group (code, and name where printed), to compare another print of the session in its
-- snapshot with. Run by src/store/write.rs.
SELECT t.sec_level, t.cipher_code, t.cipher_name, t.key_share_code, t.key_share_name
FROM tls_sessions t WHERE t.tls_session_id = ?1;
