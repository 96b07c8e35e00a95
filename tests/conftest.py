"""Shared, costly fixtures: the real English model and a real on-disk store built once per run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store") / "kg-store"
    result = CliRunner().invoke(cli, ["build", str(ARTICLES), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def articles_copy(tmp_path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES, target)
    return target


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """The system's Chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    chromium = require_tool("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--headless=new", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def run(*args: str) -> CliRunner:
    """Invoke `kg` in-process and return the result (stdout and stderr kept apart)."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def require_tool(name: str) -> str:
    """The path of an outside program a test drives (serdi, rapper, chromium, ...).

    Missing, it skips the test on a developer's machine and fails it under CI=true, where `.ci/run`
    installs it: CI never passes by skipping.
    """
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
