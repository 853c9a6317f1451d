-- Counters of a connection that fell below their earlier value under an unchanged start (a 32-bit
-- counter that wrapped, or a misprint), kept by linking for ingest to say (links-falls.sql): the
-- row, the observation it continues, the counter (as ALL names it), its values before and now,
-- and whether the value before was printed whole (in more than 10 digits: the 64-bit counter).
-- Run by src/store/summarize/links.rs.
CREATE TEMP TABLE IF NOT EXISTS counter_falls (
    connection_id INTEGER NOT NULL,
    previous_id   INTEGER,
    counter       TEXT    NOT NULL,
    before        INTEGER NOT NULL,
    now           INTEGER NOT NULL,
    before_whole  INTEGER NOT NULL,
    PRIMARY KEY (connection_id, counter)
);
