"""Sending Celery tasks from the web without making the web depend on the broker."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits (at once outside one).

    If the broker is down the failure is logged, never raised: the request that triggered it has
    already saved its work, and the daily scan catches up because flags are derived from state.
    """
    transaction.on_commit(lambda: send_quietly(task, *args, **kwargs))


def send_quietly(task, *args, **kwargs) -> bool:
    """Send ``task`` now; log and return False if the broker cannot be reached.

    One attempt, no publish retries: a request waits at most about the broker's connect or
    socket timeout (``CELERY_BROKER_SOCKET_TIMEOUT``), also on a broker that accepts the
    connection and never answers.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception as error:  # kombu/redis raise several types for an unreachable broker
        logger.error("Could not queue %s: %s", task.name, error)
        return False
    return True
