"""Running a service from many threads at once, for the row-lock tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection

from dealership.errors import DomainError


def race(target: Callable[[], object], n: int = 2) -> list[tuple[str, object]]:
    """Run `target` in n threads released at once by a barrier."""
    barrier = threading.Barrier(n)
    results: list[tuple[str, object]] = []

    def run() -> None:
        close_old_connections()
        barrier.wait()
        try:
            results.append(("ok", target()))
        except DomainError as exc:
            results.append(("refused", exc.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
