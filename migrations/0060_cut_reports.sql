-- 0060_cut_reports: coverage says `cut` of a day a console reply of which
-- the console's MAX= cut (the report's attribute `Cut`, kept since 0047's
-- version): the few such attributes found without reading every report's.
CREATE INDEX IF NOT EXISTS attributes_cut ON attributes (owner_table, owner_id) WHERE key = 'Cut';
