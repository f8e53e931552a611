"""Fetch one URL defensively: http(s) only, timeout, size cap, redirect limit, type check."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from .errors import InputError, NetworkError

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown")
USER_AGENT = "compare/0.1 (+multi-source comparison workbench)"
CHUNK = 64 * 1024


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise NetworkError(f"{req.full_url}: redirect to a non-http(s) URL refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, *, max_bytes: int, timeout: float, max_redirects: int = 5) -> tuple[bytes, str, str]:
    """Return (body, content type, final URL). The whole fetch is bounded by `timeout`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url}: only http and https URLs can be added")
    handler = _LimitedRedirects()
    handler.max_redirections = max_redirects
    opener = urllib.request.build_opener(handler)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type().lower()
            if content_type not in ALLOWED_TYPES:
                raise InputError(f"{url}: unsupported content type '{content_type}' (expected HTML or plain text)")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: larger than the size cap of {max_bytes:,} bytes")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise NetworkError(f"{url}: timed out after {timeout:g} s")
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"{url}: larger than the size cap of {max_bytes:,} bytes")
                chunks.append(chunk)
            return b"".join(chunks), content_type, response.geturl()
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise NetworkError(f"{url}: too many redirects") from None
        raise NetworkError(f"{url}: HTTP error {exc.code}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise NetworkError(f"{url}: timed out after {timeout:g} s") from None
        raise NetworkError(f"{url}: cannot connect ({reason})") from None
    except (TimeoutError, socket.timeout):
        raise NetworkError(f"{url}: timed out after {timeout:g} s") from None
    except (ConnectionError, OSError) as exc:
        if isinstance(exc, (InputError, NetworkError)):
            raise
        raise NetworkError(f"{url}: connection failed ({exc})") from None
