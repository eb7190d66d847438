"""Printed documents: the print stylesheet every HTML export carries, and PDF made from that HTML.

PDF is drawn by WeasyPrint (imported when a PDF is asked for: it loads Pango), which honours CSS paged
media: the protective marking in every page's header and footer, the record's reference and the page
number come from `@page` margin boxes, and table headers repeat on each page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from markupsafe import Markup

from bot.core.errors import InvalidInput

__all__ = ["DocumentFormat", "Printed", "css_string", "print_style", "to_pdf"]


class DocumentFormat(StrEnum):
    """Formats a document can be exported in."""

    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"

    @classmethod
    def parse(cls, value: str, allowed: tuple[DocumentFormat, ...]) -> DocumentFormat:
        """The chosen format, or a refusal naming those allowed."""
        try:
            chosen = cls(value)
        except ValueError:
            chosen = None
        if chosen is None or chosen not in allowed:
            names = ", ".join(f.value for f in allowed)
            raise InvalidInput(f"Unknown export format {value[:10]!r}: use {names}.")
        return chosen


@dataclass(frozen=True)
class Printed:
    """What every page of a printed document carries."""

    marking: str
    reference: str

    def style(self) -> Markup:
        """The page and print CSS for this document (trusted: built here, strings escaped for CSS)."""
        return print_style(marking=self.marking, reference=self.reference)


def css_string(text: str) -> str:
    """A double-quoted CSS string holding `text`, with anything that could end it or the style escaped."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " -_.,:;/()'":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def print_style(*, marking: str, reference: str) -> Markup:
    """CSS for A4 pages: marking top and bottom, reference top right, page X of Y, tables that fit."""
    m, ref = css_string(marking), css_string(reference)
    return Markup(
        "@page { size: A4; margin: 18mm 14mm 16mm 14mm;"
        f" @top-left {{ content: {m}; font: bold 9pt sans-serif; color: #8b0000; }}"
        f" @top-right {{ content: {ref}; font: 9pt sans-serif; color: #333; }}"
        f" @bottom-left {{ content: {m}; font: bold 9pt sans-serif; color: #8b0000; }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif; } }\n'
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.4em 0 1.2em; }\n"
        "th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left;"
        " overflow-wrap: break-word; }\n"
        "thead { display: table-header-group; } tr { break-inside: avoid; }\n"
        ".when, .nowrap { white-space: nowrap; } col.when { width: 11.5em; }\n"
        "img { max-width: 100%; height: auto; }\n"
        ".marking { font-weight: bold; color: #8b0000; text-align: center; letter-spacing: 0.05em; }\n"
        "h1, h2, h3 { break-after: avoid; }\n"
        "@media print { body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }"
        " .marking { display: none; } }\n"
    )


def to_pdf(html: str) -> bytes:
    """The HTML document as PDF (A4, paged by its own print CSS)."""
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf()
    return bytes(pdf or b"")
