-- sitrep store schema, version 3 (docs/schema.md describes every table).
-- Plain tables (TEXT / INTEGER / REAL), foreign keys, indexes: readable with sqlite3 and datasette.
-- Every child table cascades from articles, so deleting an article removes all it produced.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- pk is an explicit INTEGER PRIMARY KEY so that rowids (which articles_fts points at) survive VACUUM.
CREATE TABLE IF NOT EXISTS articles (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    content_hash     TEXT NOT NULL UNIQUE,
    title            TEXT,
    url              TEXT,
    outlet           TEXT,
    published        TEXT,
    language         TEXT,
    dateline_place   TEXT,
    dateline_country TEXT,
    source           TEXT,
    text             TEXT NOT NULL,
    record_json      TEXT NOT NULL,
    ingested_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_id_published ON articles(id, published);  -- event date joins

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content="articles", content_rowid="pk", tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TABLE IF NOT EXISTS entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    code       TEXT,
    country    TEXT,
    role       TEXT,
    category   TEXT,
    origin     TEXT,
    maker      TEXT,
    kb_id      TEXT,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX IF NOT EXISTS entities_type_name ON entities(type, name);

CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT,
    FOREIGN KEY (article_id, entity_id) REFERENCES entities(article_id, entity_id) ON DELETE CASCADE,
    FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id, entity_id);

CREATE TABLE IF NOT EXISTS time_expressions (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    value       TEXT,
    granularity TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS time_expressions_article ON time_expressions(article_id);
CREATE INDEX IF NOT EXISTS time_expressions_value ON time_expressions(value);

CREATE TABLE IF NOT EXISTS sources_cited (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_cited_article ON sources_cited(article_id);
CREATE INDEX IF NOT EXISTS sources_cited_name ON sources_cited(name);

CREATE TABLE IF NOT EXISTS events (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    mode           TEXT,
    context        TEXT,
    source         TEXT,
    target         TEXT,
    source_actor   TEXT,
    target_actor   TEXT,
    status         TEXT NOT NULL,
    date           TEXT,
    effective_date TEXT,                 -- date, else the article's published date: what timelines sort and filter on
    location       TEXT,
    attributed_to  TEXT,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    evidence_text  TEXT,
    confidence     REAL,
    trigger        TEXT,
    note           TEXT,
    cluster_id     INTEGER               -- its happening (event_clusters.id), kept by the knowledge layer
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
-- timelines: a dyad, a country on either side (covering: date and type), a type, a date range
CREATE INDEX IF NOT EXISTS events_dyad_date ON events(source, target, effective_date);
CREATE INDEX IF NOT EXISTS events_source_date ON events(source, effective_date, type);
CREATE INDEX IF NOT EXISTS events_target_date ON events(target, effective_date, type);
-- (… and covering the timeline's happenings per period: a country's events are never looked up one by one)
CREATE INDEX IF NOT EXISTS events_source_happening ON events(source, type, effective_date, cluster_id);
CREATE INDEX IF NOT EXISTS events_target_happening ON events(target, type, effective_date, source, cluster_id);
CREATE INDEX IF NOT EXISTS events_type_happening ON events(type, effective_date, cluster_id);
CREATE INDEX IF NOT EXISTS events_effective_date ON events(effective_date);

CREATE TABLE IF NOT EXISTS arms_transfers (
    id               INTEGER PRIMARY KEY,
    article_id       TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    supplier         TEXT,
    recipient        TEXT,
    equipment        TEXT NOT NULL,
    equipment_entity TEXT,
    quantity         INTEGER,
    value            TEXT,
    status           TEXT NOT NULL,
    date             TEXT,
    effective_date   TEXT,             -- date, else the article's published date
    mode             TEXT,
    note             TEXT,
    evidence_start   INTEGER,
    evidence_end     INTEGER,
    evidence_text    TEXT
);
CREATE INDEX IF NOT EXISTS arms_transfers_article ON arms_transfers(article_id);
CREATE INDEX IF NOT EXISTS arms_transfers_dyad ON arms_transfers(supplier, recipient);
CREATE INDEX IF NOT EXISTS arms_transfers_equipment ON arms_transfers(equipment);
CREATE INDEX IF NOT EXISTS arms_transfers_supplier_date ON arms_transfers(supplier, effective_date);
CREATE INDEX IF NOT EXISTS arms_transfers_recipient_date ON arms_transfers(recipient, effective_date);

CREATE TABLE IF NOT EXISTS quotes (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker        TEXT,
    speaker_entity TEXT,
    via            TEXT,
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, content="quotes", content_rowid="id", tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS quotes_au AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Documents that could not be ingested; a later successful ingest of the same source/id removes the row.
CREATE TABLE IF NOT EXISTS failed_documents (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    doc_id    TEXT,
    code      TEXT NOT NULL,
    message   TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_documents_source ON failed_documents(source);
CREATE INDEX IF NOT EXISTS failed_documents_doc_id ON failed_documents(doc_id);
