-- 0094_unknown_grade_to_fix: a negotiated protocol, cipher suite or key share group that no registry
-- grades (`unknown`, the lowest rank: a code no registry lists, one that could not be read, a
-- SecLevel of a version the tool does not know) is flagged `weak` in the daily summaries, as one
-- graded weak or insecure is, so that weak-crypto, its alerts and the HTML's count list it: it ranked
-- lowest and was then in no list of what to fix (review 17a F13). The rows summarized before are
-- flagged here, those of pruned days too (they cannot be summarized again).
UPDATE daily_endpoints SET weak = 1 WHERE weak = 0 AND 'unknown' IN (protocol_grade, cipher_grade, key_share_grade);
UPDATE daily_services SET weak = 1 WHERE weak = 0 AND 'unknown' IN (protocol_grade, cipher_grade, key_share_grade);
