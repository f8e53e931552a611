"""Text normalisation before storage, boilerplate stripping, and display sanitising."""

from __future__ import annotations

import unicodedata

import pytest

from compare.textnorm import clean_display, normalize_text, slugify, strip_boilerplate


def test_nfc() -> None:
    decomposed = "Cafe\u0301 in Bei\u0307rut"
    out = normalize_text(decomposed)
    assert out == unicodedata.normalize("NFC", decomposed) + "\n"
    assert "\u0301" not in out and "é" in out


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c"])
def test_line_endings_become_lf(newline: str) -> None:
    assert normalize_text(f"One line.{newline}Two line.{newline}") == "One line.\nTwo line.\n"


def test_control_characters_are_removed() -> None:
    assert (
        normalize_text("Bell\x07 and escape\x1b[31m red\x00 nul\x7f del\x9b csi")
        == "Bell and escape[31m red nul del csi\n"
    )


@pytest.mark.parametrize(
    "char",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
    ],
)
def test_bidi_and_invisible_characters_are_removed(char: str) -> None:
    assert normalize_text(f"access{char}level = user{char}") == "accesslevel = user\n"


def test_trojan_source_line_reads_as_stored() -> None:
    # An override could make "admin" display where "nimda" is stored; after normalisation
    # what is stored is what is shown.
    assert normalize_text("role: \u202enimda\u202c ok") == "role: nimda ok\n"


def test_spaces_blank_lines_and_final_newline() -> None:
    raw = "\n\n  Title  \n\n\n\nFirst\u00a0\u00a0para  \t with   spaces.  \n\n\n\nSecond.\n\n\n"
    assert normalize_text(raw) == "Title\n\nFirst para with spaces.\n\nSecond.\n"
    assert normalize_text("") == ""
    assert normalize_text(" \n\t\n\u200b") == ""


def test_idempotent_on_a_mixed_sample() -> None:
    raw = "A\r\nB\u202e\u0301\n\n\n\u00a0C\x00\n"
    once = normalize_text(raw)
    assert normalize_text(once) == once


# Boilerplate -----------------------------------------------------------------------------------

ARTICLE_TAIL = """The talks resume on Monday. Both sides confirmed it.

Share this:
Facebook | Twitter | LinkedIn
Like this:
Loading...
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment
Post Comment
Notify me of new posts by email.
Posts by Month
Select Month
Recent Posts
Archives
Categories
"""


def test_boilerplate_lines_are_stripped() -> None:
    assert normalize_text(ARTICLE_TAIL) == "The talks resume on Monday. Both sides confirmed it.\n"


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply",
        "leave a comment",
        "Your email address will not be published.",
        "Your email address will not be published. Required fields are marked *",
        "Required fields are marked *",
        "Posts by Month",
        "POSTS BY CATEGORY",
        "Share this article",
        "Share on Facebook",
        "Share: Facebook, Twitter, WhatsApp",
        "Tweet",
        "Print",
        "Email",
        "Facebook · Telegram · Reddit",
        "12 Comments",
        "Read more »",
        "Continue reading…",
        "Next post: The Houthis and the Red Sea",
        "Subscribe to our newsletter",
        "Cancel reply",
        "Click to share on X (Opens in new window)",
    ],
)
def test_each_boilerplate_line(line: str) -> None:
    assert (
        normalize_text(f"Real sentence one.\n{line}\nReal sentence two.") == "Real sentence one.\nReal sentence two.\n"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Readers left more than 400 comments on the article within an hour.",
        "The minister declined to comment on the leaked email.",
        "Leave a reply to the ministry's letter, the envoy urged, before Friday.",
        "Posts by month show a spike in March, the analysts said.",
        "He did not share this view.",
        "- Share of votes: 42 percent",
    ],
)
def test_sentences_mentioning_comments_or_sharing_are_kept(sentence: str) -> None:
    assert normalize_text(sentence + "\nLeave a Reply\n") == sentence + "\n"


def test_strip_boilerplate_can_be_turned_off() -> None:
    assert normalize_text("Text.\nLeave a Reply\n", boilerplate=False) == "Text.\nLeave a Reply\n"
    assert strip_boilerplate("a\nTweet\nb") == "a\nb"


# Display and slugs -------------------------------------------------------------------------------


def test_clean_display_is_one_safe_line() -> None:
    out = clean_display("Title\r\nwith\u202e override\x1b[2J and\ttab " + "x" * 400, limit=50)
    assert "\n" not in out and "\x1b" not in out and "\u202e" not in out and "\t" not in out
    assert len(out) == 50 and out.endswith("…")
    assert out.startswith("Title with override[2J and tab")
    assert clean_display(None) == ""


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("Hezbollah & Iran", "hezbollah-iran"),
        ("  Ça va? Déjà vu!  ", "ca-va-deja-vu"),
        ("مرحبا", ""),
        ("---", ""),
        ("A" * 100, "a" * 60),
    ],
)
def test_slugify(value: str, slug: str) -> None:
    assert slugify(value) == slug
