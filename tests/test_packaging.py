"""Packaging: every file the package reads at run time is declared as package data for the wheel."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import sitrep
from sitrep.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "sitrep"


def _package_data() -> list[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["tool"]["setuptools"]["package-data"]["sitrep"]


def test_every_data_file_is_package_data() -> None:
    globs = _package_data()
    missing = []
    for path in PKG.rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PKG).as_posix()
        # setuptools globs do not cross "/" with "*": match segment by segment
        if not any(fnmatch.fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs):
            missing.append(rel)
    assert not missing, f"files the wheel would leave out (add a glob to package-data): {missing}"


def test_version_is_single_sourced() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in meta["project"]["dynamic"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "sitrep.__version__"}
    from click.testing import CliRunner

    out = CliRunner().invoke(cli, ["--version"])
    assert out.exit_code == 0 and out.output.strip() == f"sitrep, version {sitrep.__version__}"


def test_publishable_metadata() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["readme"]["file"] == "README.md" and project["readme"]["content-type"] == "text/markdown"
    assert any(c.startswith("Programming Language :: Python :: 3.11") for c in project["classifiers"])
    assert "ftm" in project["optional-dependencies"]
