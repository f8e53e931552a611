"""Web pages are stored as the prose they hold (compare/webpage.py): no Markdown escapes or
emphasis marks that the page never had, headings kept, and no publication date guessed from
the story's own dates."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli, write

from compare.corpus import load_corpus
from compare.errors import ExitCode
from compare.ingest import extract_html
from compare.segment import segment_text

# Written for these tests.
PAGE = """<html><head><title>Protest in Marlow over flood defences</title>
<meta name="date" content="2024-03-14"></head><body><article>
<h1>Protest in Marlow over flood defences</h1>
<p>Residents marched under the #MarlowFloods banner on Thursday [video below].</p>
<p>The spokesperson, @vell_watch on X, said 3*4 houses on Mill_Lane had no <b>power</b> or
<i>heating</i>, that repairs cost &lt;£5,000 each, and that C:\\claims\\_old held the forms.</p>
<h2>What the council said</h2>
<p>The council said pumps would arrive on Friday.<br>Marlow, 14 March</p>
<ul><li>Two pumps were ordered.</li><li>One road stays closed.</li></ul>
<blockquote><p>We were not warned.</p><p>Nobody came.</p></blockquote>
<p># 1 priority, the residents said, is the barrier on the river Vell.</p>
</article></body></html>"""

ANNIVERSARY = """<html><head><title>Five years after the dam collapse</title></head><body><article>
<h1>Five years after the dam collapse</h1>
<p>The dam above the town collapsed on 25 January 2019, killing 270 people, the state government said.</p>
<p>Families of the victims gathered again this week to ask for compensation from the mining company.</p>
</article></body></html>"""


def test_the_stored_text_is_the_prose_of_the_page() -> None:
    text = extract_html(PAGE, name="page.html").text
    assert text.split("\n\n") == [
        "# Protest in Marlow over flood defences",
        "Residents marched under the #MarlowFloods banner on Thursday [video below].",
        "The spokesperson, @vell_watch on X, said 3*4 houses on Mill_Lane had no power or heating, that repairs "
        "cost <£5,000 each, and that C:\\claims\\_old held the forms.",
        "## What the council said",
        "The council said pumps would arrive on Friday.",
        "Marlow, 14 March",
        "- Two pumps were ordered.\n- One road stays closed.",
        "We were not warned.",
        "Nobody came.",
        # Stored as it stands, it would be a heading of the stored Markdown and leave the claims.
        "\\# 1 priority, the residents said, is the barrier on the river Vell.",
    ]


def test_claims_quote_the_page_word_for_word(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    result = cli("add", str(write(tmp_path / "page.html", PAGE)), "--corpus", str(root), "--id", "marlow")
    assert result.exit_code == ExitCode.OK, result.output
    source = load_corpus(root).get("marlow")
    assert str(source.meta.published) == "2024-03-14"  # the page's own metadata
    claims = [c.text for c in segment_text(source.id, source.text).claims]
    said = next(c for c in claims if c.startswith("The spokesperson"))
    assert said.startswith("The spokesperson, @vell_watch on X, said 3*4 houses on Mill_Lane had no power or")
    assert said.endswith("and that C:\\claims\\_old held the forms.")  # the page's own backslashes
    assert not any(mark in c for c in claims for mark in ("\\[", "\\*", "@vell\\_", "**"))
    assert claims[-1] == "\\# 1 priority, the residents said, is the barrier on the river Vell."


def test_a_page_without_a_date_in_its_metadata_gets_none(cli: Cli, tmp_path: Path) -> None:
    loaded = extract_html(ANNIVERSARY, name="dam.html")
    assert "published" not in loaded.meta, "the date of the collapse is not the date of the page"
    root = tmp_path / "corpus"
    result = cli("add", str(write(tmp_path / "dam.html", ANNIVERSARY)), "--corpus", str(root), "--id", "dam")
    assert result.exit_code == ExitCode.OK, result.output
    assert load_corpus(root).get("dam").meta.published is None
