"""PDF pages as text and as images, with pypdfium2 and no imaging library."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium


def page_texts(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def render(pdf: Path, index: int, scale: float = 1.0) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of one page."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        bitmap = doc[index].render(scale=scale, rev_byteorder=True)  # RGB(A) order
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        channels = stride // width
        raw = bytes(bitmap.buffer)
        rows = []
        for y in range(height):
            row = raw[y * stride:(y + 1) * stride]
            rows.append(b"".join(row[x * channels:x * channels + 3] for x in range(width)))
        return width, height, b"".join(rows)
    finally:
        doc.close()


def ink_ratio(rgb: bytes) -> float:
    """Share of pixels that are not near-white: 0 means a blank page."""
    pixels = len(rgb) // 3
    dark = sum(1 for i in range(0, len(rgb), 3) if rgb[i] + rgb[i + 1] + rgb[i + 2] < 600)
    return dark / pixels


def save_png(path: Path, width: int, height: int, rgb: bytes) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    lines = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(lines, 6)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def bookmarks(pdf: Path) -> list[tuple[int, str, int | None]]:
    """The PDF's outline: (level, title, page index) for each bookmark."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [(item.level, item.get_title(), item.get_dest().get_index() if item.get_dest() else None)
                for item in doc.get_toc()]
    finally:
        doc.close()
