"""Scale: parallel workers, Parquet records, `sitrep load`, and the Ray engine's parity with the local one."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources

import pytest

from sitrep import api
from sitrep.records import DocError, Record
from sitrep.scale import parquet
from sitrep.scale.load import load_parquet
from sitrep.settings import Settings
from sitrep.store import open_store

SAMPLES = str(resources.files("sitrep.data").joinpath("samples/articles.jsonl"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The samples with two bad lines inside: one not JSON (line 4), one without text (line 9)."""
    rows = [json.loads(line) for line in open(SAMPLES, encoding="utf-8") if line.strip()]
    lines = [json.dumps({k: r[k] for k in ("id", "title", "url", "outlet", "published", "text")}) for r in rows]
    lines.insert(3, "{not json")
    lines.insert(8, json.dumps({"id": "notext", "title": "nothing here"}))
    p = tmp_path_factory.mktemp("scale") / "corpus.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def local_records(corpus):
    return list(api.extract([str(corpus)], Settings(batch_size=4, workers=1)))


def _dicts(items):
    return [it.to_dict() for it in items]


def test_two_workers_give_identical_records_in_input_order(corpus, local_records):
    par = list(api.extract([str(corpus)], Settings(batch_size=4, workers=2)))
    assert _dicts(par) == _dicts(local_records)
    ids = [it.id for it in par]
    assert ids[:5] == ["s01", "s02", "s03", "corpus-4", "s04"]
    errors = [(it.id, it.code) for it in par if isinstance(it, DocError)]
    assert errors == [("corpus-4", "E107"), ("notext", "E108")]
    assert sum(isinstance(it, Record) for it in par) == 13


def test_parquet_round_trip_is_lossless(tmp_path, local_records):
    path = tmp_path / "records.parquet"
    assert parquet.write_parquet(local_records, path, rows_per_group=4) == 15
    back = list(parquet.read_parquet(tmp_path))
    assert _dicts(back) == _dicts(local_records)


def test_load_parquet_into_store_equals_ingest(tmp_path, corpus, local_records):
    parquet.write_parquet(local_records, tmp_path / "part-0.parquet")
    loaded = load_parquet(tmp_path, str(tmp_path / "loaded.db"))
    assert (loaded.new, loaded.failed) == (13, 2)
    ingested = api.ingest([str(corpus)], str(tmp_path / "ingested.db"))
    assert (ingested.new, ingested.failed) == (13, 2)
    with open_store(str(tmp_path / "loaded.db"), readonly=True) as a, \
            open_store(str(tmp_path / "ingested.db"), readonly=True) as b:
        assert a.stats() == b.stats()
        assert a.events() == b.events()
        assert a.record("s05") == b.record("s05")
    again = load_parquet(tmp_path, str(tmp_path / "loaded.db"))
    assert (again.new, again.present) == (0, 13)


def test_load_cli_reports_missing_folder(tmp_path):
    from click.testing import CliRunner

    from sitrep.cli import cli

    res = CliRunner().invoke(cli, ["load", str(tmp_path / "nothing"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code != 0
    assert "E100" in str(res.exception) or "no Parquet" in res.output


@pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                    reason="Ray not installed: pip install 'sitrep[ray]' to run the Ray engine parity test")
def test_ray_engine_parity_with_local(corpus, local_records, tmp_path):
    import ray

    from sitrep.scale import ray_engine

    good = tmp_path / "good.jsonl"  # Ray reads JSON lines with pyarrow: only well-formed lines
    good.write_text("\n".join(ln for ln in corpus.read_text(encoding="utf-8").splitlines() if ln.startswith('{"')),
                    encoding="utf-8")
    try:
        out = ray_engine.extract_to_parquet([str(good)], tmp_path / "out", Settings(batch_size=4, workers=1))
        got = list(parquet.read_parquet(out))
    finally:
        ray.shutdown()
    want = [it for it in local_records if not (isinstance(it, DocError) and it.code == "E107")]
    assert [it.id for it in got] == [it.id for it in want]  # input order kept
    strip = lambda d: {k: v for k, v in d.items() if k != "source"}  # noqa: E731 — sources name the reader
    assert [strip(d) for d in _dicts(got) if "error" not in d] == \
           [strip(d) for d in _dicts(want) if "error" not in d]
    assert [(it.id, it.code) for it in got if isinstance(it, DocError)] == [("notext", "E108")]


def test_local_ray_plan_never_reserves_more_cpus_than_exist():
    from sitrep.scale.ray_engine import local_plan

    assert local_plan(2, cpus=2) == (2, 2)
    assert local_plan(8, cpus=2) == (2, 2)  # 8 actors asked on 2 cores: 2 actors, Ray gets 2 CPUs
    assert local_plan(1, cpus=4) == (1, 4)
    assert local_plan(0, cpus=1) == (1, 1)
