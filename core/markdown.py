"""Markdown written by staff, rendered to HTML that is safe to show to anyone."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML in the source is escaped, not passed through.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

# No <img>: a picture in Markdown could be loaded from another origin.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML: no scripts, no event handlers, no javascript: links."""
    html = _parser.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has removed everything unsafe


def markdown_to_text(text: str) -> str:
    """Markdown as plain text for an email's text part: emphasis and code marks dropped,
    a link as "its text (its address)" (an address alone once), lists kept with their
    bullets or numbers, quotes with "> ", paragraphs apart by a blank line."""
    tokens = _parser.parse(text or "")
    return "\n\n".join(_blocks(tokens, 0, len(tokens)))


def _closing(tokens, start: int) -> int:
    """The index of the token that closes tokens[start]."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _blocks(tokens, start: int, stop: int) -> list[str]:
    blocks = []
    index = start
    while index < stop:
        token = tokens[index]
        if token.type == "inline":
            blocks.append(_inline(token.children or []))
        elif token.type in ("fence", "code_block", "html_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "hr":
            blocks.append("* * *")
        elif token.nesting == 1:
            end = _closing(tokens, index)
            if token.type in ("bullet_list_open", "ordered_list_open"):
                blocks.append(_list(tokens, index, end))
            elif token.type == "blockquote_open":
                inner = "\n\n".join(_blocks(tokens, index + 1, end))
                blocks.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
            else:  # a paragraph or a heading: its inline text
                blocks += _blocks(tokens, index + 1, end)
            index = end
        index += 1
    return [block for block in blocks if block]


def _list(tokens, start: int, end: int) -> str:
    ordered = tokens[start].type == "ordered_list_open"
    number = int(tokens[start].attrGet("start") or 1)
    tight = any(t.hidden for t in tokens[start:end] if t.type == "paragraph_open")
    items = []
    index = start + 1
    while index < end:
        close = _closing(tokens, index)
        marker = f"{number}. " if ordered else "- "
        number += 1
        body = ("\n" if tight else "\n\n").join(_blocks(tokens, index + 1, close))
        lines = body.split("\n")
        indent = " " * len(marker)
        items.append(
            "\n".join([marker + lines[0], *(indent + line if line else "" for line in lines[1:])])
        )
        index = close + 1
    return ("\n" if tight else "\n\n").join(items)


def _inline(children) -> str:
    out: list[str] = []
    links: list[tuple[str, int]] = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif token.type == "image":
            out.append(token.content)
        elif token.type == "link_open":
            links.append((token.attrGet("href") or "", len(out)))
        elif token.type == "link_close" and links:
            href, begin = links.pop()
            label = "".join(out[begin:])
            if href and href not in (label, f"mailto:{label}"):
                out.append(f" ({href})")
    return "".join(out)
