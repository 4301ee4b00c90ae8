"""The end-to-end stack, started once per test session: see tests/stack.py and
docs/design.md ("The e2e stack fixture")."""
from __future__ import annotations

import pytest

from tests.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    s = Stack(tmp_path_factory.mktemp("stack"))
    try:
        s.start()
    except BaseException:
        s.stop()
        raise
    yield s
    s.stop()
