"""Shared fixtures: an in-process CLI runner, small corpora built in tmp_path, a corpus
snapshot for "left byte-for-byte unchanged" checks, and a local HTTP server that
misbehaves on request (tests never touch the network or ../shared)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from compare.cli import app
from compare.corpus import CACHE_DIR

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Storm hits the northern coast | Daily Planet</title>
<meta name="author" content="Lois Lane">
<meta property="og:site_name" content="Daily Planet">
<meta property="og:title" content="Storm hits the northern coast">
<meta property="article:published_time" content="2024-03-14T10:00:00Z">
<script>var tracker = "SCRIPT-PAYLOAD"; document.write("SCRIPT-PAYLOAD");</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Storm hits the northern coast</h1>
<p>A powerful storm struck the northern coast on Tuesday, officials said. At least 12 people
were injured and 3,000 homes lost power across the region.</p>
<p>The national weather service said winds reached 140 kilometres per hour near the port.
Schools will remain closed until Friday while crews inspect the damage.</p>
<script>alert("SCRIPT-PAYLOAD")</script>
<p>Emergency crews worked through the night to clear the roads. The mayor thanked the
volunteers who opened shelters for the families forced from their homes.</p>
</article>
<footer>Copyright 2024 Daily Planet. All rights reserved.</footer>
</body></html>
"""


def fuzz_examples(default: int) -> int:
    """Examples per fuzz test: small by default, COMPARE_FUZZ_SCALE=100 for a long run."""
    return default * max(1, int(os.environ.get("COMPARE_FUZZ_SCALE", "1")))


def free_port() -> int:
    """A port nothing listens on: bind to get a free one, then close it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder under root (mode and bytes), except the rebuildable cache."""
    out: dict[str, tuple[int, bytes | None]] = {}
    if not root.exists():
        return out
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if rel.parts[0] == CACHE_DIR:
            continue
        mode = p.stat().st_mode
        out[rel.as_posix()] = (mode, None if p.is_dir() else p.read_bytes())
    return out


@dataclass
class Cli:
    """Runs the app in-process; every call names its corpus explicitly."""

    runner: CliRunner

    def __call__(self, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    # A COMPARE_CORPUS set in the developer's shell must not leak into the tests.
    monkeypatch.delenv("COMPARE_CORPUS", raising=False)
    return Cli(CliRunner())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path, cli: Cli) -> Path:
    """A corpus with two small sources, 'alpha' and 'beta', added through the CLI."""
    root = tmp_path / "corpus"
    a = write(
        tmp_path / "in" / "alpha.txt",
        "Officials said 12 people were injured in the storm on Tuesday. The port was closed for two days.\n",
    )
    b = write(
        tmp_path / "in" / "beta.txt",
        "At least 12 people were hurt when the storm hit on Tuesday, officials said. "
        "Schools stayed shut until Friday.\n",
    )
    for path, sid, kind in ((a, "alpha", "news"), (b, "beta", "wire")):
        result = cli(
            "add",
            str(path),
            "--corpus",
            str(root),
            "--id",
            sid,
            "--kind",
            kind,
            "--outlet",
            sid.title(),
            "--published",
            "2024-03-12",
        )
        assert result.exit_code == 0, result.output
    return root


# A misbehaving HTTP server --------------------------------------------------------------

STOP_AFTER = 20.0  # seconds; no handler loop runs longer than this, whatever the client does


class MisbehavingHandler(BaseHTTPRequestHandler):
    """Each path is one kind of bad (or good) server behaviour."""

    server: MisbehavingServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet

    def _send(
        self,
        code: int,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, code: int = 302) -> None:
        self._send(code, b"", headers={"Location": location})

    def _stream(self, piece: bytes, pause: float) -> None:
        """Send piece after piece until the client goes away, the test ends, or time runs out."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        deadline = time.monotonic() + STOP_AFTER
        try:
            while time.monotonic() < deadline and not self.server.stopping.is_set():
                self.wfile.write(piece)
                self.wfile.flush()
                self.server.streamed += len(piece)
                if pause:
                    self.server.stopping.wait(pause)
        except OSError:
            pass  # the client hung up, as it should
        finally:
            self.server.stream_done.set()

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        path = self.path.split("?")[0]
        if path == "/page.html":
            self._send(200, ARTICLE_HTML.encode("utf-8"))
        elif path == "/plain.txt":
            self._send(
                200,
                b"Plain text served over HTTP. It has two sentences.\n",
                "text/plain; charset=utf-8",
            )
        elif path == "/slow":
            # Says nothing for longer than any client timeout used in the tests.
            self.server.stopping.wait(STOP_AFTER)
            with contextlib.suppress(OSError):
                self._send(200, b"<p>too late</p>")
        elif path == "/drip":
            self._stream(b"x", 0.05)  # a byte at a time: each read succeeds, the whole never ends
        elif path == "/endless":
            self._stream(b"<p>" + b"a" * 16381 + b"</p>", 0)
        elif path == "/statement":  # a PDF at a URL without a .pdf name
            from pdfmaker import make_pdf

            pdf = make_pdf([["Statement of the port authority", "The port reopened on Friday, the authority said."]])
            self._send(200, pdf, "application/pdf")
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"<p>start of a very large page</p>")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/ping":
            self._redirect("/pong", 301)
        elif path == "/pong":
            self._redirect("/ping", 307)
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n > 0:
                self._redirect(f"/chain/{n - 1}")
            else:
                self._send(200, ARTICLE_HTML.encode("utf-8"))
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/to-javascript":
            self._redirect("javascript:alert(1)")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/secret.txt")
        elif path == "/redirect-endless-body":
            # A redirect whose body never ends: it must not be read to the end.
            self.send_response(302)
            self.send_header("Location", "/page.html")
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            deadline = time.monotonic() + STOP_AFTER
            try:
                while time.monotonic() < deadline and not self.server.stopping.is_set():
                    self.wfile.write(b"z" * 16384)
            except OSError:
                pass
        elif path == "/bad-status":
            self.wfile.write(b"HTTP/1.1 abc nonsense\r\n\r\n")
        elif path == "/empty":
            self._send(200, b"")
        else:
            self._send(404, b"<p>not found</p>")


class MisbehavingServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), MisbehavingHandler)
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.streamed = 0  # bytes a streaming endpoint sent before the client hung up
        self.stream_done = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are the point of these tests

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture
def http_server() -> Iterator[MisbehavingServer]:
    server = MisbehavingServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()  # ends every streaming or sleeping handler
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
