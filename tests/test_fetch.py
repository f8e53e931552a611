"""URL fetching against a local server that misbehaves: every failure is a clean error."""

from __future__ import annotations

import pytest
from conftest import ARTICLE_HTML, STOP_AFTER, MisbehavingServer, free_port

from compare.errors import InputError, NetworkError
from compare.fetch import fetch_url
from compare.ingest import load_url

TIMEOUT = 1.0  # seconds; every misbehaving endpoint stalls far longer than this
CAP = 100_000


def fetch(server: MisbehavingServer, path: str, **kw: object) -> tuple[bytes, str, str]:
    options: dict[str, object] = {"max_bytes": CAP, "timeout": TIMEOUT, **kw}
    return fetch_url(server.url(path), **options)  # type: ignore[arg-type]


def test_a_good_page(http_server: MisbehavingServer) -> None:
    body, ctype, final = fetch(http_server, "/page.html")
    assert body == ARTICLE_HTML.encode("utf-8")
    assert ctype == "text/html"
    assert final == http_server.url("/page.html")


def test_plain_text(http_server: MisbehavingServer) -> None:
    loaded = load_url(http_server.url("/plain.txt"), max_bytes=CAP, timeout=TIMEOUT)
    assert loaded.text == "Plain text served over HTTP. It has two sentences.\n"
    assert loaded.meta == {"url": http_server.url("/plain.txt")}


def test_a_few_redirects_are_followed(http_server: MisbehavingServer) -> None:
    _, _, final = fetch(http_server, "/chain/3")
    assert final == http_server.url("/chain/0")


def test_slow_server_times_out(http_server: MisbehavingServer) -> None:
    with pytest.raises(NetworkError) as info:
        fetch(http_server, "/slow")
    assert info.value.message == f"{http_server.url('/slow')}: timed out after 1 s"


def test_dripping_server_is_bounded_by_the_deadline(http_server: MisbehavingServer) -> None:
    # A byte every 50 ms: no single read times out, but the whole fetch must. The server
    # gives up after STOP_AFTER seconds (about 400 bytes); a client that honours its
    # deadline hangs up long before, whatever the machine's speed.
    with pytest.raises(NetworkError) as info:
        fetch(http_server, "/drip", timeout=0.5)
    assert info.value.message == f"{http_server.url('/drip')}: timed out after 0.5 s"
    assert http_server.stream_done.wait(STOP_AFTER + 5)
    assert http_server.streamed < STOP_AFTER / 0.05 / 2


def test_endless_body_stops_at_the_size_cap(http_server: MisbehavingServer) -> None:
    with pytest.raises(InputError) as info:
        fetch(http_server, "/endless")
    assert info.value.message == f"{http_server.url('/endless')}: larger than the size cap of 100,000 bytes"
    assert http_server.stream_done.wait(STOP_AFTER + 5)  # the client hung up: the server stopped


def test_wrong_content_type(http_server: MisbehavingServer) -> None:
    with pytest.raises(InputError) as info:
        fetch(http_server, "/image.png")
    assert info.value.message == (
        f"{http_server.url('/image.png')}: unsupported content type 'image/png' (expected HTML, plain text or PDF)"
    )


def test_huge_content_length_is_refused_before_reading(http_server: MisbehavingServer) -> None:
    with pytest.raises(InputError) as info:
        fetch(http_server, "/huge")
    assert info.value.message == f"{http_server.url('/huge')}: larger than the size cap of 100,000 bytes"


@pytest.mark.parametrize("path", ["/loop", "/ping"])
def test_redirect_loop(http_server: MisbehavingServer, path: str) -> None:
    with pytest.raises(NetworkError) as info:
        fetch(http_server, path)
    assert info.value.message == f"{http_server.url(path)}: too many redirects"
    assert len(http_server.requests) <= 12


def test_redirect_limit(http_server: MisbehavingServer) -> None:
    with pytest.raises(NetworkError) as info:
        fetch(http_server, "/chain/10", max_redirects=3)
    assert info.value.message.endswith(": too many redirects")
    assert len(http_server.requests) <= 4


@pytest.mark.parametrize("path", ["/to-file", "/to-javascript", "/to-ftp"])
def test_redirect_to_another_scheme_is_refused(http_server: MisbehavingServer, path: str) -> None:
    with pytest.raises(NetworkError) as info:
        fetch(http_server, path)
    assert info.value.message == f"{http_server.url(path)}: redirect to a non-http(s) URL refused"


def test_redirect_with_an_endless_body_is_not_read_to_the_end(
    http_server: MisbehavingServer,
) -> None:
    body, _, final = fetch(http_server, "/redirect-endless-body")
    assert final == http_server.url("/page.html")
    assert body == ARTICLE_HTML.encode("utf-8")


def test_not_found(http_server: MisbehavingServer) -> None:
    with pytest.raises(NetworkError) as info:
        fetch(http_server, "/missing")
    assert info.value.message == f"{http_server.url('/missing')}: HTTP error 404"


def test_malformed_status_line(http_server: MisbehavingServer) -> None:
    with pytest.raises(NetworkError) as info:
        fetch(http_server, "/bad-status")
    assert info.value.message.startswith(f"{http_server.url('/bad-status')}: ")


def test_empty_page_is_refused_by_the_loader(http_server: MisbehavingServer) -> None:
    with pytest.raises(InputError) as info:
        load_url(http_server.url("/empty"), max_bytes=CAP, timeout=TIMEOUT)
    assert info.value.message == f"{http_server.url('/empty')}: empty or whitespace-only input"


def test_closed_port() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(NetworkError) as info:
        fetch_url(url, max_bytes=CAP, timeout=TIMEOUT)
    assert info.value.message.startswith(f"{url}: cannot connect (")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https URLs can be added"),
        ("ftp://127.0.0.1/x", "only http and https URLs can be added"),
        ("http:///no-host", "not a valid URL (no host name)"),
        ("http://[::1/", "not a valid URL"),
        ("http://127.0.0.1:99999/", "not a valid URL"),
        ("http://127.0.0.1/a b", "not a valid URL"),
    ],
)
def test_urls_refused_before_any_connection(url: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        fetch_url(url, max_bytes=CAP, timeout=TIMEOUT)
    assert info.value.message == f"{url}: {message}"
