"""Resolve: turn per-article records into cross-article knowledge, incrementally.

:func:`index_record` runs inside the store's write transaction for each newly written article:
it links the article's entities to canonical entities, files the article in its near-duplicate
story, its events in event clusters and its transfers in lifecycles. It reads only the new
article's rows and the indexed candidates it could join, never the rest of the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitrep.records import Record
from sitrep.resolve import clusters
from sitrep.resolve.entities import Resolver, canon_of_article, refresh, resolve_record


@dataclass
class Touched:
    """Knowledge rows an article deletion leaves stale (recomputed after the write)."""

    canon: set[str] = field(default_factory=set)
    clusters: set[int] = field(default_factory=set)
    lifecycles: set[int] = field(default_factory=set)


def before_delete(conn: Any, article_id: str) -> Touched:
    """What deleting ``article_id`` will touch (its rows cascade away with the article)."""
    t = Touched(canon=canon_of_article(conn, article_id))
    t.clusters = {r[0] for r in conn.execute(
        "SELECT DISTINCT cluster_id FROM event_cluster_members WHERE article_id = ?", (article_id,))}
    t.lifecycles = {r[0] for r in conn.execute(
        "SELECT DISTINCT lifecycle_id FROM transfer_lifecycle_members WHERE article_id = ?", (article_id,))}
    return t


def index_record(conn: Any, record: Record, touched: Touched | None = None,
                 resolver: Resolver | None = None) -> None:
    """Add one just-written article to the knowledge tables (inside the caller's transaction).

    Clusters and lifecycles the article joins are advanced by it alone (their cost does not grow
    with their size); only what a replaced older version of the article ``touched`` is recomputed.
    """
    touched = touched or Touched()
    resolve_record(conn, record, resolver)
    clusters.index_story(conn, record)
    clusters.cluster_events(conn, record)
    clusters.track_transfers(conn, record)
    if touched.canon:
        refresh(conn, touched.canon)
    clusters.refresh_clusters(conn, touched.clusters)
    clusters.refresh_lifecycles(conn, touched.lifecycles)


def after_delete(conn: Any, touched: Touched) -> None:
    """Recompute what a deletion left stale (when no new record follows)."""
    refresh(conn, touched.canon)
    clusters.refresh_clusters(conn, touched.clusters)
    clusters.refresh_lifecycles(conn, touched.lifecycles)


def recount_all(conn: Any) -> None:
    """Recompute every event cluster's tallies and every lifecycle's state from their members
    (schema migration to v3, which added them)."""
    clusters.refresh_clusters(conn, {r[0] for r in conn.execute("SELECT id FROM event_clusters").fetchall()})
    clusters.refresh_lifecycles(conn, {r[0] for r in conn.execute("SELECT id FROM transfer_lifecycles").fetchall()})


def reindex_all(conn: Any) -> int:
    """Build the knowledge tables for every stored article (schema migration from v1); returns the count."""
    import json  # noqa: PLC0415

    from sitrep.records import record_from_dict  # noqa: PLC0415

    n = 0
    resolver = Resolver(conn)
    for (rj,) in conn.execute("SELECT record_json FROM articles ORDER BY pk").fetchall():
        index_record(conn, record_from_dict(json.loads(rj)), resolver=resolver)
        n += 1
    return n
