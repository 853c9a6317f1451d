-- Counters of a connection that fell below their earlier value under an unchanged start (a 32-bit
-- counter that wrapped, or a misprint), kept by linking for ingest to say (links-falls.sql): the
-- row, the observation it continues, the counter (as ALL names it), its values before and now,
-- whether the value before was printed whole (in more than 10 digits: the 64-bit counter), and
-- the counter of the same reading whose growth shows the connection moved on (a 10-digit fall is
-- then a wrap from wherever it started, review 18a F9; NULL: none).
-- Run by src/store/summarize/links.rs.
CREATE TEMP TABLE IF NOT EXISTS counter_falls (
    connection_id INTEGER NOT NULL,
    previous_id   INTEGER,
    counter       TEXT    NOT NULL,
    before        INTEGER NOT NULL,
    now           INTEGER NOT NULL,
    before_whole  INTEGER NOT NULL,
    grown         TEXT,
    PRIMARY KEY (connection_id, counter)
);
