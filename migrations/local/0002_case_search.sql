-- Fast filters for the case list on a working copy with a year or more of cases.
--
-- Open cases by service or assignee: the list counts and pages them straight from an index.
CREATE INDEX case_open_service ON case_file(is_open, service_id, received_at);
CREATE INDEX case_open_assignee_received ON case_file(is_open, assignee_id, received_at);

-- Substring search over the case number, the party's name and the subject, case-insensitive
-- ("ďurica" finds "Ďurica", "00042" finds "C-2026/00042"): an FTS5 trigram index over
-- case_file, kept in step by triggers. It is an external-content index keyed by case_file's rowid, which changes only
-- under VACUUM: whoever adds a VACUUM must follow it with
-- INSERT INTO case_search(case_search) VALUES ('rebuild').
CREATE VIRTUAL TABLE case_search USING fts5(
    number, party_name, subject,
    content = 'case_file', content_rowid = 'rowid',
    tokenize = 'trigram'
);

CREATE TRIGGER case_search_insert AFTER INSERT ON case_file BEGIN
    INSERT INTO case_search (rowid, number, party_name, subject)
    VALUES (new.rowid, new.number, new.party_name, new.subject);
END;

CREATE TRIGGER case_search_update AFTER UPDATE OF number, party_name, subject ON case_file BEGIN
    INSERT INTO case_search (case_search, rowid, number, party_name, subject)
    VALUES ('delete', old.rowid, old.number, old.party_name, old.subject);
    INSERT INTO case_search (rowid, number, party_name, subject)
    VALUES (new.rowid, new.number, new.party_name, new.subject);
END;

CREATE TRIGGER case_search_delete AFTER DELETE ON case_file BEGIN
    INSERT INTO case_search (case_search, rowid, number, party_name, subject)
    VALUES ('delete', old.rowid, old.number, old.party_name, old.subject);
END;

INSERT INTO case_search (case_search) VALUES ('rebuild');
