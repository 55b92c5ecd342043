"""The brief's layout: a Typst document built from paragraphs, lists, tables and SVG figures,
compiled to PDF by the Typst compiler that the ``typst`` package ships.

Typst typesets: A4 pages, page numbers, a table of contents, links to labelled headings,
hyphenation in the document's language where Typst has patterns for it (English; Typst 0.15
has none for Indonesian, so Indonesian lines break between words until it has), long keys
broken after their dots and underscores (:data:`KEY_CHARS`) and vector figures. Every text
goes into the source as a Typst string literal (``#"..."``), so no character of the text can be
read as markup. The PDF's metadata holds the title, "kad-sim" as author and no date or path.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import typst

# colours of the verdicts (the same as the figures') and of muted notes
GREEN, RED, MUTED = "#1b7837", "#b2182b", "#555555"


def lit(text: str) -> str:
    """A Typst string literal of ``text``: shown verbatim wherever it is placed."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def content(text: str) -> str:
    """``text`` as Typst content (a string literal in a content block)."""
    return f"[#{lit(text)}]"


class Doc:
    """A Typst source under construction; :meth:`pdf` compiles it with its figures."""

    def __init__(self, lang: str, title: str, header: str, page_word: str, of_word: str):
        self.lang = lang
        self.parts: list[str] = []
        self.files: dict[str, Path] = {}
        self.preamble = PREAMBLE.format(
            title=lit(title), lang=lang, header=lit(header), page=lit(page_word),
            of=lit(of_word), key_chars=KEY_CHARS,
        )  # fmt: skip

    # ------------------------------------------------------------------ blocks
    def raw(self, source: str) -> None:
        self.parts.append(source)

    def title(self, title: str, subtitle: str) -> None:
        self.raw(
            f'#text(size: 20pt, weight: "bold")[#{lit(title)}]\n\n'
            f"#text(size: 12.5pt)[#{lit(subtitle)}]\n#v(0.4em)"
        )

    def heading(
        self, text: str, level: int = 1, label: str | None = None, outlined: bool = True
    ) -> None:
        tag = f" <{label}>" if label else ""
        opts = "" if outlined else ", outlined: false"
        self.raw(f"#heading(level: {level}{opts})[#{lit(text)}]{tag}")

    def para(self, text: str, size: float | None = None, muted: bool = False) -> None:
        style = []
        if size:
            style.append(f"size: {size}pt")
        if muted:
            style.append(f'fill: rgb("{MUTED}")')
        body = f"#{lit(text)}"
        self.raw(f"#text({', '.join(style)})[{body}]" if style else body)

    def rich(self, pieces: Sequence[tuple[str, str]], size: float | None = None) -> None:
        """A paragraph of (style, text) pieces; style is "", "b" (bold), "link:<label>"."""
        out = []
        for style, text in pieces:
            if style == "b":
                out.append(f"#strong[#{lit(text)}]")
            elif style.startswith("link:"):
                out.append(f"#link(<{style[5:]}>)[#{lit(text)}]")
            else:
                out.append(f"#{lit(text)}")
        body = "".join(out)
        self.raw(f"#text(size: {size}pt)[{body}]" if size else body)

    def points(self, items: Sequence[tuple[str, str | Sequence[str]]]) -> None:
        """A numbered list of (bold lead, text) points; a text given as a list is an intro
        followed by a bulleted list of the rest."""
        rows = []
        for head, text in items:
            if isinstance(text, str):
                rows.append(f"[#strong[#{lit(head + '.')}] #{lit(text)}]")
                continue
            sub = ", ".join(content(x) for x in text[1:])
            rows.append(
                f"[#strong[#{lit(head + '.')}] #{lit(text[0])}\n#list(spacing: 0.45em, {sub})]"
            )
        self.raw(f"#enum(spacing: 0.9em, {', '.join(rows)})")

    def bullets(self, items: Sequence[str], size: float | None = None) -> None:
        rows = ", ".join(content(x) for x in items)
        block = f"#list(spacing: 0.6em, {rows})"
        self.raw(f"#text(size: {size}pt)[{block}]" if size else block)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence],
        widths: Sequence[float],
        align: Sequence[str] | None = None,
        size: float = 8.5,
        bold_last: bool = False,
    ) -> None:
        """A table; a cell is a string or (text, colour, bold)."""
        align = align or ["left"] + ["right"] * (len(header) - 1)
        cols = ", ".join(f"{w}fr" for w in widths)
        head = ", ".join(f"[#strong[#{lit(h)}]]" for h in header)
        cells = []
        for i, row in enumerate(rows):
            last = bold_last and i == len(rows) - 1
            for cell in row:
                cells.append(self._cell(cell, last))
        self.raw(
            f"#block(breakable: true)[#set text(size: {size}pt)\n#set par(justify: false)\n"
            f"#table(columns: ({cols},), align: ({', '.join(align)},),\n"
            f"table.header({head}),\n{', '.join(cells)})]"
        )

    @staticmethod
    def _cell(cell, bold: bool) -> str:
        if isinstance(cell, tuple):
            text, colour, strong = cell
        else:
            text, colour, strong = cell, None, bold
        body = f"#{lit(text)}"
        if colour:
            body = f'#text(fill: rgb("{colour}"))[{body}]'
        if strong:
            body = f"#strong[{body}]"
        return f"[{body}]"

    def figure(self, svg: Path, caption: str, width: float = 100, label: str | None = None) -> None:
        name = f"fig{len(self.files)}.svg"
        self.files[name] = svg
        tag = f" <{label}>" if label else ""
        self.raw(f'#figure(image("{name}", width: {width}%), caption: [#{lit(caption)}]){tag}')

    def pagebreak(self) -> None:
        self.raw("#pagebreak(weak: true)")

    def outline(self, title: str) -> None:
        self.raw(f"#outline(title: [#{lit(title)}], depth: 2)")

    # ------------------------------------------------------------------ output
    def source(self) -> str:
        return self.preamble + "\n\n".join(self.parts) + "\n"

    def pdf(self) -> bytes:
        """Compile the document (figures copied beside the source) to PDF bytes."""
        with tempfile.TemporaryDirectory(prefix="kad-brief-") as tmp:
            root = Path(tmp)
            for name, path in self.files.items():
                (root / name).write_bytes(Path(path).read_bytes())
            main = root / "brief.typ"
            main.write_text(self.source(), encoding="utf-8")
            return typst.compile(str(main), root=str(root), timestamp=0)


# Dotted keys and names with underscores (commodities.eggs.direct_channel_capacity_kg_per_day,
# run_experiments.py) of at least this many characters may break after each "." and "_": each
# part is set in a box of its own, unhyphenated, so that a line may end between two parts with
# no character added (a zero-width space would be copied with the key out of the PDF). Without
# it, a long key ran over the next column of a table and stretched a justified line's spaces.
KEY_CHARS = 16
PREAMBLE = """#set document(title: {title}, author: "kad-sim", date: none)
#set page(
  paper: "a4",
  margin: (x: 2.0cm, top: 2.2cm, bottom: 2.0cm),
  header: context {{
    if counter(page).get().first() > 1 [
      #set text(size: 7.5pt, fill: rgb("#555555"))
      #{header}
    ]
  }},
  footer: context [
    #set text(size: 8pt, fill: rgb("#555555"))
    #h(1fr) #{page} #counter(page).display("1") #{of} #counter(page).final().first()
  ],
)
#set text(font: ("Libertinus Serif", "New Computer Modern"), size: 10pt, lang: "{lang}",
  hyphenate: true)
#set par(justify: true, leading: 0.58em, spacing: 0.9em)
#set heading(numbering: none)
#show heading.where(level: 1): it => {{ v(0.5em); text(size: 13.5pt, it); v(0.2em) }}
#show heading.where(level: 2): it => text(size: 11pt, it)
#show link: set text(fill: rgb("#1f4e79"))
#show regex("[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+"): it => {{
  if it.text.len() < {key_chars} {{ it }} else {{
    it.text.matches(regex("[^._]+[._]?")).map(m => box(text(hyphenate: false, m.text))).join()
  }}
}}
#show figure.caption: set text(size: 8.5pt)
#set table(
  stroke: (x, y) => if y == 0 {{ (bottom: 0.7pt) }} else {{ (bottom: 0.2pt + rgb("#bbbbbb")) }},
  inset: (x: 4pt, y: 3pt),
)

"""


def write_pdf(doc: Doc, path: Path) -> Path:
    """Compile ``doc`` and write it to ``path`` atomically (temporary file, then rename)."""
    from sim.experiment import atomic_write_bytes

    atomic_write_bytes(path, doc.pdf())
    return path
