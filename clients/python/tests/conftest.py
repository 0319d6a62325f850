"""A live Herald for the tests: the one at $HERALD_URL (with $HERALD_API_KEY), or one started here
from this repository (node apps/server/src/main.ts start, on an embedded PostgreSQL in a temp dir)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from herald import Herald

REPO = Path(__file__).resolve().parents[3]
API_KEY = "python-client-test-key-0123456789"


def _node() -> str:
    # the repository pins Node 24 as a devDependency; the system's may be older
    pinned = REPO / "node_modules" / ".bin" / "node"
    return str(pinned) if pinned.exists() else "node"


@pytest.fixture(scope="session")
def herald_server() -> Iterator[tuple[str, str]]:
    if os.environ.get("HERALD_URL") and os.environ.get("HERALD_API_KEY"):
        yield os.environ["HERALD_URL"], os.environ["HERALD_API_KEY"]
        return
    data_dir = tempfile.mkdtemp(prefix="herald-python-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        NODE_ENV="development",  # deliveries to 127.0.0.1 are allowed
        PORT="0",
        HOST="127.0.0.1",
        HERALD_DATA_DIR=data_dir,
        HERALD_API_KEY=API_KEY,
        HERALD_LOG_LEVEL="warn",
        HERALD_RATE_LIMIT_PER_MINUTE="0",
        HERALD_WORKER_POLL_INTERVAL_MS="100",
    )
    proc = subprocess.Popen(
        [_node(), "apps/server/src/main.ts", "start"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the embedded PostgreSQL goes with it
    )
    output: list[str] = []
    url: list[str] = []
    ready = threading.Event()
    banner = [False]

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            found = re.search(r"API and dashboard\s+(http://\S+)", line)
            if found:
                url.append(found.group(1))
            banner[0] = banner[0] or bool(re.search(r"ready in \d+ ms", line))
            # the banner says "ready in" first and the URL on a later line
            if banner[0] and url:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(90) or not url:
            raise RuntimeError("Herald did not start within 90 s:\n" + "".join(output))
        yield url[0], API_KEY
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def herald(herald_server: tuple[str, str]) -> Iterator[Herald]:
    with Herald(*herald_server) as client:
        yield client


class Receiver:
    """A real HTTP receiver on 127.0.0.1 that keeps every request's raw body and headers."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self._cond = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with outer._cond:
                    outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    outer._cond.notify_all()
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[tuple[dict[str, str], bytes]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self.requests)} of {count} webhooks within {timeout} s")
                self._cond.wait(left)
            return list(self.requests)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()
