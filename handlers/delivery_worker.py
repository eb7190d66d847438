"""The background delivery of one process: a delivering thread woken by commits, and a lease heartbeat."""

from __future__ import annotations

import logging
import threading

from handlers.delivery import HEARTBEAT, Deliverer

log = logging.getLogger(__name__)


class DeliveryWorker:
    """A background thread that delivers the outbox soon after each change and retries on a timer."""

    def __init__(self, deliverer: Deliverer, *, interval: float = 2.0) -> None:
        self.deliverer = deliverer
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="efrp-delivery", daemon=True)
        self._heartbeat = threading.Thread(target=self._beat, name="efrp-delivery-lease", daemon=True)

    def start(self) -> None:
        """Start delivering in the background."""
        self._thread.start()
        self._heartbeat.start()

    def kick(self) -> None:
        """Deliver now rather than at the next tick."""
        self._wake.set()

    def stop(self, *, timeout: float = 10.0) -> None:
        """Finish the current round and stop."""
        self._stop.set()
        self._wake.set()
        for thread in (self._thread, self._heartbeat):
            if thread.is_alive():
                thread.join(timeout)

    def _run(self) -> None:
        wait = self.interval
        while not self._stop.is_set():
            self._wake.wait(wait)
            self._wake.clear()
            try:
                while self.deliverer.deliver_due() and not self._stop.is_set():
                    pass
            except Exception:  # the loop must survive a database blip; the rows stay owed
                log.exception("delivery round failed; will retry")
            # Paced-out rows are due again when their bucket refills: look then, not at the next tick.
            soon = self.deliverer.pacer.soonest()
            wait = self.interval if soon is None else min(self.interval, soon + 0.01)

    def _beat(self) -> None:
        # Renews the leases of rows claimed but not yet finished, so a short lease is safe while this
        # process lives, and a dead process's rows are taken over soon after it stops beating.
        while not self._stop.wait(HEARTBEAT.total_seconds()):
            try:
                self.deliverer.renew_leases()
            except Exception:  # a missed beat is retried at the next one; the lease covers several
                log.exception("renewing delivery leases failed; will retry")
