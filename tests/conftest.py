"""The cast: one user per role, in two teams, and helpers every test module shares."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.core.models import Role, Team, User

PASSWORD = "kefu-test-pass-123"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that commit for real (live server, worker processes): they flush the
    database after themselves, so `make test` runs them in a separate, final pass."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", [])
        if (marker is not None and marker.kwargs.get("transaction")) or (
            "transactional_db" in fixtures or "live_server" in fixtures
        ):
            item.add_marker(pytest.mark.transactional)


@pytest.fixture(autouse=True)
def django_db_serialized_rollback() -> bool:
    """Every test that commits starts from the migrated data (seeded policies, templates).
    Autouse: a committing test without it would flush and recreate content types under new
    ids, and the next test restoring the serialized data would collide with them."""
    return True


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Cached policies and calendar of an earlier test's rolled-back rows must not leak in."""
    from kefu.core.cache import reset

    reset()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """The cast logs in with force_login or a known password: a cheap hash keeps tests fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _login_throttling_off(settings) -> None:
    """`Client.login` authenticates without a request, which django-axes refuses; the tests
    of login throttling turn it back on (tests/reliability/test_login_throttling.py)."""
    settings.AXES_ENABLED = False


def make_user(username: str, role: str, team: Team | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, team=team)
    return user


@pytest.fixture
def team(db) -> Team:
    return Team.objects.create(name="售后一组")


@pytest.fixture
def other_team(db) -> Team:
    return Team.objects.create(name="售后二组")


@pytest.fixture
def agent(team) -> User:
    return make_user("agent", Role.AGENT, team)


@pytest.fixture
def teammate(team) -> User:
    return make_user("teammate", Role.AGENT, team)


@pytest.fixture
def other_team_agent(other_team) -> User:
    return make_user("other_agent", Role.AGENT, other_team)


@pytest.fixture
def tech_support(team) -> User:
    return make_user("tech", Role.TECH_SUPPORT, team)


@pytest.fixture
def supervisor(team) -> User:
    return make_user("supervisor", Role.SUPERVISOR, team)


@pytest.fixture
def manager(db) -> User:
    return make_user("manager", Role.MANAGER)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", Role.ADMIN)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def statutory_calendar(db) -> None:
    """China's statutory holidays and make-up workdays for 2025 and 2026."""
    from kefu.sla.services import import_statutory_calendar

    import_statutory_calendar(actor=None, years=[2025, 2026])
