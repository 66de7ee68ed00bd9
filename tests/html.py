"""Small readers of rendered HTML for tests, on the standard library's parser."""

from html.parser import HTMLParser


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent=None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.text = ""
        self.parent = parent

    def is_inside(self, ancestor: "Element") -> bool:
        element = self.parent
        while element is not None:
            if element is ancestor:
                return True
            element = element.parent
        return False

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _Collector(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self._open[-1] if self._open else None)
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data


def parse(html: str | bytes) -> list[Element]:
    """Every element of the document in order, each with its attributes and text."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def find_inside(html: str | bytes, container: dict, tag: str) -> list[Element]:
    """The `tag` elements inside the one element that has the attributes `container`
    (with its tag under "tag")."""
    elements = parse(html)
    wanted = dict(container)
    container_tag = wanted.pop("tag")
    (outer,) = [
        element
        for element in elements
        if element.tag == container_tag
        and all(element.attrs.get(name) == value for name, value in wanted.items())
    ]
    return [element for element in elements if element.tag == tag and element.is_inside(outer)]


def find_all(html: str | bytes, tag: str, **attrs: str) -> list[Element]:
    return [
        element
        for element in parse(html)
        if element.tag == tag
        and all(element.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())
    ]


def text_of(html: str | bytes) -> str:
    """The visible text of a page, whitespace collapsed (script and style left out)."""
    parts: list[str] = []

    class TextParser(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                parts.append(data)

    if isinstance(html, bytes):
        html = html.decode()
    parser = TextParser(convert_charrefs=True)
    parser.feed(html)
    return " ".join(" ".join(parts).split())


def changelist_names(html: str | bytes) -> list[str]:
    """The names an admin change list shows in its `name` column, in order."""
    return [" ".join(cell.text.split()) for cell in find_all(html, "th", class_="field-name")]


def form_data(html: str | bytes, form_id: str) -> dict[str, str | list[str]]:
    """What a browser posts for the form with this id, as it stands: every named input,
    the checked boxes and radios, the selected options, and each textarea's text with its
    line breaks as CRLF (HTML's form submission normalises them so). Buttons and files are
    left out."""
    elements = parse(html)
    (form,) = [e for e in elements if e.tag == "form" and e.attrs.get("id") == form_id]
    data: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        data.setdefault(name, []).append(value)

    for element in elements:
        name = element.attrs.get("name")
        if not name or not element.is_inside(form) or "disabled" in element.attrs:
            continue
        if element.tag == "input":
            kind = (element.attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if "checked" in element.attrs:
                    add(name, element.attrs.get("value") or "on")
                continue
            add(name, element.attrs.get("value") or "")
        elif element.tag == "textarea":
            # The parser keeps the newline HTML drops after <textarea>.
            text = element.text.removeprefix("\n")
            add(name, text.replace("\r\n", "\n").replace("\n", "\r\n"))
        elif element.tag == "select":
            options = [e for e in elements if e.tag == "option" and e.is_inside(element)]
            chosen = [o for o in options if "selected" in o.attrs]
            if not chosen and options and "multiple" not in element.attrs:
                chosen = options[:1]
            for option in chosen:
                value = option.attrs.get("value")
                add(name, option.text if value is None else value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
