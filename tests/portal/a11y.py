"""WCAG 2.1 AA basics a page's HTML shows: landmarks, one h1, labelled controls, alt texts,
the language of the page, no positive tabindex (keyboard order follows the page)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.controls: list[tuple[dict[str, str], bool]] = []  # (attrs, inside a label)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "label":
            self.open_labels += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        if tag in {"input", "select", "textarea"}:
            self.controls.append((values, self.open_labels > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels = max(0, self.open_labels - 1)


def problems(html: str, *, full_page: bool = True) -> list[str]:
    page = _Collector()
    page.feed(html)
    found: list[str] = []
    names = [tag for tag, _attrs in page.tags]
    if full_page:
        html_tags = [attrs for tag, attrs in page.tags if tag == "html"]
        if not html_tags or html_tags[0].get("lang") not in {"th", "en"}:
            found.append("<html> has no lang")
        if names.count("main") != 1:
            found.append("not exactly one <main>")
        if names.count("h1") != 1:
            found.append(f"{names.count('h1')} <h1>")
    for tag, attrs in page.tags:
        if tag == "img" and "alt" not in attrs:
            found.append("an <img> without alt")
        if attrs.get("tabindex", "0").lstrip("-").isdigit() and int(attrs.get("tabindex", "0")) > 0:
            found.append(f"positive tabindex on <{tag}>")
        if (
            tag == "nav"
            and full_page
            and not (attrs.get("aria-label") or attrs.get("aria-labelledby"))
        ):
            found.append("a <nav> without a name")
    for attrs, wrapped in page.controls:
        if attrs.get("type") in {"hidden", "submit", "button"}:
            continue
        named = wrapped or attrs.get("id", "") in page.label_for or attrs.get("aria-label")
        if not named:
            found.append(f"an unlabelled control {attrs.get('name') or attrs.get('id')}")
    return found
