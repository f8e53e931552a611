"""Fetch one URL defensively: http(s) only, timeout, size cap, redirect limit, type check."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from .errors import InputError, NetworkError

ALLOWED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
    "application/pdf",
)
USER_AGENT = "compare/0.1 (+multi-source comparison workbench)"
CHUNK = 64 * 1024


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        # urllib refuses a file:// target itself, but as an HTTPError that reads like a
        # redirect loop; check the scheme first so the message names the real problem.
        location = headers.get("location") or headers.get("uri") or ""
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, location)).scheme.lower()
        if location and scheme not in ("http", "https"):
            fp.close()
            raise NetworkError(f"{req.full_url}: redirect to a non-http(s) URL refused")
        # urllib reads a redirect's body to the end before following it; a hostile server
        # can make that body endless, and it is never used: drop it unread.
        fp.close()
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise NetworkError(f"{req.full_url}: redirect to a non-http(s) URL refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, *, max_bytes: int, timeout: float, max_redirects: int = 5) -> tuple[bytes, str, str]:
    """Return (body, content type, final URL). The whole fetch is bounded by `timeout`."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- parses the port, raising ValueError for a bad one
    except ValueError:
        raise InputError(f"{url}: not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{url}: only http and https URLs can be added")
    if not parts.hostname:
        raise InputError(f"{url}: not a valid URL (no host name)")
    handler = _LimitedRedirects()
    handler.max_redirections = max_redirects
    opener = urllib.request.build_opener(handler)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type().lower()
            if content_type not in ALLOWED_TYPES:
                raise InputError(f"{url}: unsupported content type '{content_type}' (expected HTML, plain text or PDF)")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: larger than the size cap of {max_bytes:,} bytes")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise NetworkError(f"{url}: timed out after {timeout:g} s")
                # read1 returns what has arrived; read(CHUNK) would wait for a full chunk,
                # so a server dripping a byte at a time could outlast the deadline.
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"{url}: larger than the size cap of {max_bytes:,} bytes")
                chunks.append(chunk)
            return b"".join(chunks), content_type, response.geturl()
    except http.client.InvalidURL:
        # Spaces or control characters in the URL: refused by http.client before sending.
        raise InputError(f"{url}: not a valid URL") from None
    except http.client.HTTPException as exc:
        # A malformed status line, too many or too long headers: not an OSError, but still
        # the server's fault, so a clean network error rather than a traceback.
        raise NetworkError(f"{url}: bad response from the server ({type(exc).__name__})") from None
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (301, 302, 303, 307, 308):
            raise NetworkError(f"{url}: too many redirects") from None
        raise NetworkError(f"{url}: HTTP error {exc.code}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise NetworkError(f"{url}: timed out after {timeout:g} s") from None
        raise NetworkError(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:  # socket.timeout is an alias of it
        raise NetworkError(f"{url}: timed out after {timeout:g} s") from None
    except (ConnectionError, OSError) as exc:
        if isinstance(exc, (InputError, NetworkError)):
            raise
        raise NetworkError(f"{url}: connection failed ({exc})") from None
