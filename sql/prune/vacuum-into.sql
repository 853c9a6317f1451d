-- A compact copy of the database (the live pages only) into the file ?1;
-- src/store/prune.rs then copies it back over the database.
VACUUM INTO ?1
