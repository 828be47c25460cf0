"""Reading a large query's records one batch ahead of the code that writes them out."""

import queue
import threading
from collections.abc import Iterator


def read_ahead(cursor, chunk_size: int) -> Iterator[tuple]:
    """The records of an executed server-side cursor, fetched ``chunk_size`` at a time by a
    helper thread that stays one batch ahead: PostgreSQL makes the next batch (in its own
    process) while this thread writes the last one out, instead of each waiting for the other.
    The helper ends before this generator does, however it ends (the last record, an error, or
    a caller that stops reading), so the cursor is never closed under it."""
    reader = _Reader(cursor, chunk_size)
    reader.start()
    try:
        while batch := reader.next_batch():
            yield from batch
    finally:
        reader.stop()


class _Reader(threading.Thread):
    def __init__(self, cursor, chunk_size: int):
        super().__init__(name="read-ahead", daemon=True)
        self.cursor, self.chunk_size = cursor, chunk_size
        self.batches: queue.Queue = queue.Queue(maxsize=2)
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                batch = self.cursor.fetchmany(self.chunk_size)
                self._hand_over(batch)
                if not batch:
                    return
        except BaseException as error:  # raised again in the thread that reads
            self._hand_over(error)

    def _hand_over(self, item) -> None:
        while not self.stopping.is_set():
            try:
                self.batches.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def next_batch(self) -> list:
        """The next batch of records; empty after the last."""
        item = self.batches.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def stop(self) -> None:
        self.stopping.set()
        self.join()
