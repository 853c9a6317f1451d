-- The id of a text kept once in `texts` (0018_narrow_connections), added
-- when new. Run by src/store/write.rs.
INSERT INTO texts (text) VALUES (?1)
ON CONFLICT (text) DO UPDATE SET text = excluded.text
RETURNING text_id;
