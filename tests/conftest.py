from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "_base"
BASE_AS_OF = date(2023, 6, 15)


@pytest.fixture
def base_data(tmp_path: Path) -> Path:
    """A fresh copy of the clean base partnership, named `data`."""
    target = tmp_path / "data"
    shutil.copytree(BASE, target)
    return target
