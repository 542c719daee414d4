"""The letter's text, the settings' Markdown, as Word paragraphs (for docx_letter.py): the same
subset as the HTML letter: paragraphs, headings, bullet and numbered lists, emphasis, code and
links (their text, then the address in brackets); no raw HTML, no images."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt


def markdown_into(document: Any, text: str, clean: Callable[[str], str]) -> None:
    """The settings' Markdown as Word paragraphs: paragraphs, headings, bullet and numbered
    lists, emphasis, code and links (their text, then the address in brackets). No raw HTML,
    no images: the same subset as the HTML letter."""
    from docx.shared import Cm

    tokens = MarkdownIt("commonmark", {"html": False}).disable("image").parse(text or "")
    lists: list[str] = []  # the open lists: "List Bullet" or "List Number"
    item_style: str | None = None  # the style of a list item's first paragraph
    quote = 0
    paragraph = None
    heading = False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_style = lists[-1]
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("paragraph_open", "heading_open"):
            paragraph = document.add_paragraph(style=item_style)
            item_style = None
            heading = kind == "heading_open"
            if heading:
                paragraph.paragraph_format.keep_with_next = True
            if quote or (lists and paragraph.style.name == "Normal"):
                paragraph.paragraph_format.left_indent = Cm(0.8 * (quote + len(lists)))
        elif kind == "inline" and paragraph is not None:
            _inline(paragraph, token.children or [], clean, heading=heading)
        elif kind in ("fence", "code_block"):
            document.add_paragraph(clean(token.content.rstrip("\n")))


def _inline(paragraph: Any, children: list[Any], clean: Callable[[str], str], *, heading: bool) -> None:
    bold = italic = code = 0
    link = ""
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            if link:
                paragraph.add_run(f" ({clean(link)})")
            link = ""
        elif kind in ("softbreak",):
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline"):
            run = paragraph.add_run(clean(child.content))
            run.bold = bool(bold) or heading or None
            run.italic = bool(italic) or None
            if kind == "code_inline" or code:
                run.font.name = "Courier New"
