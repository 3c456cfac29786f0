"""The session fixture that serves the fixture website (imported by the crawler's test modules).

Not a conftest: the lead owns tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FixtureSite, start_sites, stop_sites


@pytest.fixture(scope="session")
def fixture_sites() -> Iterator[tuple[FixtureSite, FixtureSite]]:
    main, other = start_sites()
    yield main, other
    stop_sites(main, other)
