"""Long keys in the brief: a dotted key too long for its table column breaks after a dot or an
underscore (sim.brief.layout.KEY_CHARS) instead of running over the next column, and the PDF's
text of the key gains no character (a zero-width space would be copied with it)."""

import io

import pytest
from pypdf import PdfReader

from sim.brief.layout import KEY_CHARS, Doc

KEY = "commodities.eggs.direct_channel_capacity_kg_per_day"


def pdf_text(doc: Doc) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(doc.pdf())).pages)


def table_doc(cell: str, widths=(1.0, 6.0)) -> Doc:
    doc = Doc("en", "Keys", "Keys", "Page", "of")
    doc.table(["Parameter", "Note"], [[cell, "a note beside it"]], list(widths), ["left", "left"])
    return doc


def test_a_long_key_breaks_in_a_narrow_column_and_copies_whole():
    text = pdf_text(table_doc(KEY))
    assert "\u200b" not in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # the key on several lines, each ending after a dot or an underscore, which join to it
    parts = [line for line in lines if line and KEY.find(line) >= 0 and line != KEY]
    assert len(parts) >= 2, lines
    assert all(p[-1] in "._" for p in parts[:-1])
    assert "".join(parts) == KEY
    assert "a note beside it" in text


@pytest.mark.parametrize("cell", ["e.g. 0.5 and 20.000 kg", "pad.umkm_tax", "compare.csv"])
def test_short_tokens_and_numbers_keep_their_text(cell):
    """Tokens shorter than KEY_CHARS, numbers with a decimal or thousands point and a file
    name come out of the PDF as they went in, each word whole on its line."""
    assert all(len(w) < KEY_CHARS for w in cell.split())
    text = pdf_text(table_doc(cell, widths=(1.0, 1.0)))
    for word in cell.split():
        assert word in text.split(), (word, text)
