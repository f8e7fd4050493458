-- sitrep knowledge tables (schema version 2): what the store knows across articles.
-- Filled incrementally by sitrep.resolve as each batch is written (docs/schema.md, "Knowledge").

-- One row per canonical entity: the same person, organisation, state, place or system across articles.
CREATE TABLE IF NOT EXISTS canon_entities (
    id            TEXT PRIMARY KEY,          -- e.g. person:valery-gerasimov, country:RUS, equipment:s-400
    type          TEXT NOT NULL,             -- PERSON, ORG, COUNTRY, LOCATION, EQUIPMENT
    name          TEXT NOT NULL,             -- display name (catalogue name, else the fullest name used)
    surname       TEXT,                      -- PERSON: normalised last name
    given         TEXT,                      -- PERSON: normalised first name(s), or NULL if never seen
    code          TEXT,                      -- COUNTRY: ISO3
    country       TEXT,                      -- PERSON/ORG/LOCATION: ISO3 most often given
    role          TEXT,                      -- PERSON: the title most often used
    category      TEXT,
    origin        TEXT,
    maker         TEXT,
    kb_id         TEXT,
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    first_seen    TEXT,                      -- earliest published date of an article mentioning it
    last_seen     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS canon_entities_type ON canon_entities(type, mention_count);
CREATE INDEX IF NOT EXISTS canon_entities_code ON canon_entities(code);
CREATE INDEX IF NOT EXISTS canon_entities_created ON canon_entities(created_at);

-- Lookup keys of canonical entities: name:<normalised alias>, sur:<surname>, blk:<surname prefix>,
-- des:<equipment designation>, kb:<kb_id>, code:<ISO3>.
CREATE TABLE IF NOT EXISTS canon_keys (
    key      TEXT NOT NULL,
    canon_id TEXT NOT NULL REFERENCES canon_entities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, canon_id)
);
CREATE INDEX IF NOT EXISTS canon_keys_canon ON canon_keys(canon_id);

-- Every name a canonical entity goes by, with how many article entities used it.
CREATE TABLE IF NOT EXISTS canon_aliases (
    canon_id TEXT NOT NULL REFERENCES canon_entities(id) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    count    INTEGER NOT NULL DEFAULT 0,
    primary_count INTEGER NOT NULL DEFAULT 0,  -- how many of them had it as their main name
    PRIMARY KEY (canon_id, alias)
);

-- Which canonical entity each per-article entity is.
CREATE TABLE IF NOT EXISTS entity_links (
    article_id TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    canon_id   TEXT NOT NULL,
    method     TEXT NOT NULL,               -- new, kb, code, exact, surname, fuzzy, override
    score      REAL,
    mentions   INTEGER NOT NULL DEFAULT 0,  -- mentions of the entity in the article
    published  TEXT,
    PRIMARY KEY (article_id, entity_id),
    FOREIGN KEY (article_id, entity_id) REFERENCES entities(article_id, entity_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS entity_links_canon ON entity_links(canon_id, published);

-- User decisions, kept across re-ingest: merge (source into target) and split (alias out of source
-- into target). Applied whenever an entity is resolved.
CREATE TABLE IF NOT EXISTS entity_overrides (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL,               -- merge | split
    source     TEXT NOT NULL,               -- canonical id merged away / split from
    target     TEXT NOT NULL,               -- canonical id it goes to
    alias      TEXT,                        -- split: the normalised name that moves
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_overrides_source ON entity_overrides(action, source);

-- Near-duplicate articles (the same story republished): MinHash signatures and LSH bands.
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature  BLOB NOT NULL,               -- 128 little-endian uint64 MinHash values
    story_id   TEXT NOT NULL,               -- id of the first-stored article of its near-duplicate group
    similarity REAL                         -- estimated Jaccard with that article (1 for itself)
);
CREATE INDEX IF NOT EXISTS article_minhash_story ON article_minhash(story_id);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band       INTEGER NOT NULL,
    hash       INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS lsh_bands_key ON lsh_bands(band, hash);
CREATE INDEX IF NOT EXISTS lsh_bands_article ON lsh_bands(article_id);

-- One happening reported by one or more articles (same type, dyad, overlapping dates, location).
CREATE TABLE IF NOT EXISTS event_clusters (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    source        TEXT,
    target        TEXT,
    dyad          TEXT NOT NULL,           -- "A-B" (sorted for symmetric types), "A-" when no target
    date_start    TEXT,                    -- ISO day
    date_end      TEXT,
    location      TEXT,
    status        TEXT,
    n_events      INTEGER NOT NULL DEFAULT 0,
    n_articles    INTEGER NOT NULL DEFAULT 0,
    n_outlets     INTEGER NOT NULL DEFAULT 0,
    n_independent INTEGER NOT NULL DEFAULT 0, -- distinct near-duplicate stories among its articles
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_clusters_key ON event_clusters(type, dyad, date_start);
CREATE INDEX IF NOT EXISTS event_clusters_dyad ON event_clusters(dyad, date_start);
CREATE INDEX IF NOT EXISTS event_clusters_updated ON event_clusters(updated_at);
CREATE INDEX IF NOT EXISTS event_clusters_source ON event_clusters(source, date_start);
CREATE INDEX IF NOT EXISTS event_clusters_target ON event_clusters(target, date_start);
CREATE TABLE IF NOT EXISTS event_cluster_members (
    event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    cluster_id INTEGER NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_cluster_members_cluster ON event_cluster_members(cluster_id);
CREATE INDEX IF NOT EXISTS event_cluster_members_article ON event_cluster_members(article_id);

-- What each cluster counts, kept as articles arrive (so a new report costs the same however big the
-- cluster is): kind 'article' (article id), 'outlet' (outlet, else article id), 'story'
-- (near-duplicate story id), 'status' (event status); n = events of that value in the cluster.
CREATE TABLE IF NOT EXISTS event_cluster_tallies (
    cluster_id INTEGER NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    n          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster_id, kind, value)
);

-- Arms-transfer lifecycles: one (supplier, recipient, system) followed across articles.
CREATE TABLE IF NOT EXISTS transfer_lifecycles (
    id               INTEGER PRIMARY KEY,
    supplier         TEXT,
    recipient        TEXT,
    equipment_key    TEXT NOT NULL,        -- canonical entity id of the system, else "name:<normalised>"
    equipment        TEXT NOT NULL,        -- display name
    stage            TEXT,                 -- furthest status reached (cancelled if the latest report says so)
    first_date       TEXT,
    last_date        TEXT,
    n_reports        INTEGER NOT NULL DEFAULT 0,
    n_articles       INTEGER NOT NULL DEFAULT 0,
    stage_changed_at TEXT,
    furthest         TEXT,                 -- furthest stage any report reached (interest … delivered, rumored)
    latest_status    TEXT,                 -- status of the latest report (by date, then status)
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transfer_lifecycles_key ON transfer_lifecycles(recipient, equipment_key);
CREATE INDEX IF NOT EXISTS transfer_lifecycles_supplier ON transfer_lifecycles(supplier);
CREATE INDEX IF NOT EXISTS transfer_lifecycles_updated ON transfer_lifecycles(updated_at);
CREATE TABLE IF NOT EXISTS transfer_lifecycle_members (
    transfer_id  INTEGER PRIMARY KEY REFERENCES arms_transfers(id) ON DELETE CASCADE,
    lifecycle_id INTEGER NOT NULL REFERENCES transfer_lifecycles(id) ON DELETE CASCADE,
    article_id   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transfer_lifecycle_members_lc ON transfer_lifecycle_members(lifecycle_id);
CREATE INDEX IF NOT EXISTS transfer_lifecycle_members_article ON transfer_lifecycle_members(article_id);
