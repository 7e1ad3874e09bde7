"""Enqueueing Celery tasks from services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(
    task: Task, *, args: Iterable[Any] = (), kwargs: dict | None = None, **options: Any
) -> None:
    """Send the task only once the surrounding transaction commits, so a worker
    never sees ids of rows that were rolled back or not yet visible."""
    args = tuple(args)
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs or {}, **options))
