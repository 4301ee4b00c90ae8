"""The end-to-end stack, started once per test session: see tests/stack.py and
docs/design.md ("The e2e stack fixture")."""
from __future__ import annotations

import pytest

from bot.core import settings as config
from tests.stack import running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    yield from running_stack(tmp_path_factory.mktemp("stack"))


@pytest.fixture(autouse=True)
def fresh_settings(request):
    """Overrides the root one: a test that uses the stack runs with the stack's settings."""
    if "stack" in request.fixturenames:
        config.use(request.getfixturevalue("stack").settings)
    else:
        config.use(None)
    yield
    config.use(None)
