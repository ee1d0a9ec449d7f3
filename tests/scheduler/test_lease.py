"""The lease row: acquire, renew, refuse while held, take over after expiry, and races."""

import threading
from datetime import timedelta

from app.scheduler import lease

T0 = lease.wall_now().replace(microsecond=0)
TTL = 30


def test_free_lease_is_acquired(app):
    assert lease.try_acquire("s", "a", TTL, now=T0)
    info = lease.current("s")
    assert info.holder == "a"
    assert info.acquired_at == T0
    assert info.expires_at == T0 + timedelta(seconds=TTL)


def test_holder_renews_and_keeps_its_acquisition_time(app):
    lease.try_acquire("s", "a", TTL, now=T0)
    assert lease.try_acquire("s", "a", TTL, now=T0 + timedelta(seconds=10))
    info = lease.current("s")
    assert info.acquired_at == T0
    assert info.expires_at == T0 + timedelta(seconds=10 + TTL)


def test_renewal_also_works_after_our_own_lease_lapsed(app):
    lease.try_acquire("s", "a", TTL, now=T0)
    assert lease.try_acquire("s", "a", TTL, now=T0 + timedelta(seconds=TTL + 5))


def test_another_holder_is_refused_while_the_lease_is_held(app):
    lease.try_acquire("s", "a", TTL, now=T0)
    assert not lease.try_acquire("s", "b", TTL, now=T0 + timedelta(seconds=TTL - 1))
    assert lease.current("s") == lease.LeaseInfo("a", T0, T0 + timedelta(seconds=TTL))


def test_another_holder_takes_over_after_expiry(app):
    lease.try_acquire("s", "a", TTL, now=T0)
    later = T0 + timedelta(seconds=TTL + 1)
    assert lease.try_acquire("s", "b", TTL, now=later)
    assert lease.current("s") == lease.LeaseInfo("b", later, later + timedelta(seconds=TTL))
    # ... and the old holder, back from a pause, is now refused.
    assert not lease.try_acquire("s", "a", TTL, now=later + timedelta(seconds=1))


def test_leases_with_different_names_are_independent(app):
    assert lease.try_acquire("one", "a", TTL, now=T0)
    assert lease.try_acquire("two", "b", TTL, now=T0)


def test_holds_checks_holder_and_expiry(app):
    lease.try_acquire("s", "a", TTL, now=T0)
    assert lease.holds("s", "a", now=T0 + timedelta(seconds=1))
    assert not lease.holds("s", "b", now=T0 + timedelta(seconds=1))
    assert not lease.holds("s", "a", now=T0 + timedelta(seconds=TTL + 1))
    assert not lease.holds("other", "a", now=T0)


def test_only_the_holder_can_release(app):
    lease.try_acquire("s", "a", TTL, now=T0)
    assert not lease.release("s", "b")
    assert lease.current("s").holder == "a"
    assert lease.release("s", "a")
    assert lease.current("s") is None
    assert lease.try_acquire("s", "b", TTL, now=T0 + timedelta(seconds=1))


def test_new_holder_names_host_and_pid_and_is_unique():
    import os

    first, second = lease.new_holder(), lease.new_holder()
    assert first != second
    assert first.split(":")[1] == str(os.getpid())


def _race(app, holders, now):
    """Every holder tries to acquire at the same moment from its own thread and connection."""
    barrier = threading.Barrier(len(holders))
    results, errors = {}, []

    def contend(holder):
        try:
            with app.app_context():
                barrier.wait()
                results[holder] = lease.try_acquire("s", holder, TTL, now=now)
        except Exception as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=contend, args=(h,)) for h in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    return results


def test_racing_for_a_free_lease_has_exactly_one_winner(app):
    results = _race(app, [f"h{i}" for i in range(8)], T0)
    winners = [h for h, won in results.items() if won]
    assert len(results) == 8 and len(winners) == 1
    assert lease.current("s").holder == winners[0]


def test_racing_for_an_expired_lease_has_exactly_one_winner(app):
    lease.try_acquire("s", "dead", TTL, now=T0)
    results = _race(app, [f"h{i}" for i in range(8)], T0 + timedelta(seconds=TTL + 1))
    winners = [h for h, won in results.items() if won]
    assert len(winners) == 1
    assert lease.current("s").holder == winners[0]
