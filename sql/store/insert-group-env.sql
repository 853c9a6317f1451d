-- An environment action a group action lists; the first report that counts its connections wins.
-- Run by src/store/write.rs.
INSERT INTO group_action_envs
(group_action_id, capture_id, source_line, env_action, conns) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (group_action_id, env_action) DO UPDATE SET conns = coalesce(conns, excluded.conns);
