from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "_base"
BASE_AS_OF = date(2023, 6, 15)


def pytest_configure(config: pytest.Config) -> None:
    """Tests read messages in English (the source language) unless they ask for another:
    ``$DIGICTL_LANG`` for the CLI (and the processes it starts), ``i18n.use`` for code
    called directly — from before the test modules are imported, since some build
    expected sentences at import. Tests of the other languages pass ``--lang`` or use
    ``i18n.speaking``."""
    from digictl import i18n

    os.environ["DIGICTL_LANG"] = "en"
    i18n.use("en")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Each test starts in English, whatever the one before it ran in (a CLI run with
    ``--lang`` switches the process's language)."""
    from digictl import i18n

    i18n.use("en")


@pytest.fixture
def base_data(tmp_path: Path) -> Path:
    """A fresh copy of the clean base partnership, named `data`."""
    target = tmp_path / "data"
    shutil.copytree(BASE, target)
    return target
