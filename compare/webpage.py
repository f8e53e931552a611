"""The main text of a web page as compare stores it: plain prose, with Markdown headings.

trafilatura finds the main text. Its Markdown output is not used as stored text: it
escapes punctuation ("@vell\\_watch", "\\[video below\\]") and marks bold and italics
("**"), so quoted evidence would not match the page, and what it escapes changes between
versions. Its XML output holds the same text unescaped, with headings, paragraphs, line
breaks and list items marked, which is all the segmenter needs.
"""

from __future__ import annotations

import re

from lxml import etree

_SPACES = re.compile(r"[^\S\n]+")
_HEADING_LEVEL = re.compile(r"^h([1-6])$")
# A paragraph of the page that starts like a Markdown heading keeps Markdown's escape:
# stored unescaped, it would become a heading of ours and leave the claims.
_HEADING_LIKE = re.compile(r"^(#{1,6})(?=[ \t]+\S)")
_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "cell", "div", "main", "graphic"})


def _inline(element: etree._Element) -> str:
    """The element's text, a line break for each <lb/>, spaces collapsed."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _blocks(element: etree._Element) -> list[str]:
    tag = element.tag
    if tag == "head":
        match = _HEADING_LEVEL.match(element.get("rend") or "")
        text = _one_line(_inline(element))
        return [f"{'#' * int(match.group(1) if match else 2)} {text}"] if text else []
    if tag == "list":
        items = [_one_line(_inline(item)) for item in element if item.tag == "item"]
        return ["\n".join(f"- {item}" for item in items if item)] if any(items) else []
    if any(child.tag in _BLOCKS for child in element):
        out = [_one_line(element.text)]
        for child in element:
            out += _blocks(child)
            out.append(_one_line(child.tail))
        return [block for block in out if block]
    # A line break inside a paragraph starts a paragraph: a page's <br> separates lines
    # that read as blocks (a dateline, a caption, a byline).
    return [_HEADING_LIKE.sub(r"\\\1", line) for line in _inline(element).split("\n")]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def text_from_xml(xml: str) -> str:
    """trafilatura's XML output -> paragraphs separated by blank lines, headings as '# '."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    root = etree.fromstring(xml.encode("utf-8"), parser=parser)
    main = root.find("main")
    blocks = _blocks(main if main is not None else root)
    return "\n\n".join(block for block in blocks if block.strip())
