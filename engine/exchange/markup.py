"""HTML in a source's text (OpenAEV message bodies, Blueprint's rich-text MSEL cells)
reduced to plain text: tags dropped, blocks on lines of their own."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# a cell that holds markup, not a '<' in prose ("temperature < 5")
TAG = re.compile(r"</?(?:p|div|br|b|i|u|em|strong|span|li|ul|ol|a|h[1-6]|table|tr|td|font)\b[^>]*>", re.I)


class _Text(HTMLParser):
    """The text of an HTML message body: tags dropped, blocks on lines of their own."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS and tag not in ("li", "tr", "br"):  # list items and rows stay together
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(value: str) -> str:
    """``value`` as plain text: HTML reduced, runs of blank lines and spaces squeezed."""
    if "<" not in value and "&" not in value:
        text = value
    else:
        p = _Text()
        p.feed(value)
        p.close()
        text = "".join(p.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def maybe_html(value: str) -> str:
    """A spreadsheet cell as text: reduced when it holds HTML tags, else as it is."""
    return html_text(value) if TAG.search(value) else value
