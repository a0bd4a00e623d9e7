"""Article bodies: Markdown to HTML that is safe to show anyone, and to plain text for search."""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h\d|tr|td|th|pre|blockquote|dd|dt)>|<br\s*/?>", re.IGNORECASE)
# A heading in the body is a section of the article: the article's title is the page's <h1>.
_H1 = re.compile(r"<(/?)h1>")


def render_markdown(text: str) -> str:
    """Sanitised HTML for an article body: no script, style, event handler or foreign URL scheme."""
    raw = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        _H1.sub(r"<\1h2>", raw),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(body_html: str) -> str:
    """The readable text of rendered HTML: what is indexed and what snippets are cut from."""
    # Inline tags join what they mark to its neighbours: Thai has no space between words.
    text = _TAG.sub("", _BLOCK_END.sub("\n", body_html))
    return " ".join(html.unescape(text).split())
