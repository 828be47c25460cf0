"""Servers that misbehave, on loopback, for the fault tests: a TCP server that accepts and never
answers (a frozen broker or SMTP server), and a minimal SMTP sink that can stall before
acknowledging a message. Each runs in a thread and stops when its ``with`` block ends."""

import contextlib
import socket
import threading

from cms.celery import app


def use_broker(url: str) -> None:
    """Point the app's publishers at ``url`` (kombu keeps a producer pool per broker URL)."""
    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


class _Server:
    """A listening socket on 127.0.0.1 and a thread serving each connection in its own thread;
    ``close()`` shuts every connection, so no client is left waiting after the test."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self):
        self.closed.set()
        self.listener.close()
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FrozenServer(_Server):
    """Accepts every connection and never sends a byte."""

    def serve(self, conn):
        self.closed.wait()


class SmtpSink(_Server):
    """Just enough SMTP for Django's backend. ``delivered`` holds each message acknowledged with
    250 after its DATA. The first ``freeze`` connections are accepted and never greeted. With
    ``stall_first``, the first message is read to its end and then never acknowledged:
    ``stalled`` is set, and the sender waits for a reply that never comes."""

    def __init__(self, *, freeze: int = 0, stall_first: bool = False):
        self.delivered: list[bytes] = []
        self.sessions = 0
        self.freeze = freeze
        self.stall_first = stall_first
        self.stalled = threading.Event()
        self.lock = threading.Lock()
        super().__init__()

    def serve(self, conn):
        with self.lock:
            self.sessions += 1
            frozen = self.sessions <= self.freeze
        if frozen:
            self.closed.wait()
            return
        with contextlib.suppress(OSError):
            self._session(conn.makefile("rb"), conn)

    def _session(self, lines, conn):
        conn.sendall(b"220 sink ESMTP\r\n")
        for line in lines:
            command = line.strip().upper()
            if command.startswith(b"EHLO") or command.startswith(b"HELO"):
                conn.sendall(b"250 sink\r\n")
            elif command == b"DATA":
                conn.sendall(b"354 go on\r\n")
                self._message(lines, conn)
            elif command == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                conn.sendall(b"250 ok\r\n")

    def _message(self, lines, conn):
        body = b""
        while (line := lines.readline()) != b".\r\n":
            if not line:
                raise OSError("the client left mid-message")
            body += line
        with self.lock:
            stall = self.stall_first and not self.stalled.is_set()
            if stall:
                self.stalled.set()
        if stall:
            self.closed.wait()
            raise OSError("stalled until closed")
        with self.lock:
            self.delivered.append(body)
        conn.sendall(b"250 queued\r\n")
