-- 0083_pruned_unlisted: a day being pruned keeps the connections tls-adoption counts as unlisted
-- on it (seen on a day whose captures list only the connections AT-TLS maps, or a filtered list:
-- its share is not known), read from its facts before they go, which tell whether its captures
-- listed every connection (review 15b F12). NULL: pruned before this was kept, read as listed.
ALTER TABLE pruned_days ADD COLUMN unlisted_connections INTEGER;
