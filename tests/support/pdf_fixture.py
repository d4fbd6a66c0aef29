"""Tiny PDFs of our own for tests and the sample sites: text in any script (Japanese included), readable
by text extractors through a ToUnicode map. No font is embedded (extraction does not need one)."""
from __future__ import annotations


def make_pdf(lines: list[str], *, title: str | None = None) -> bytes:
    """A one-page PDF whose text is `lines`, one per line (Type0 font, Identity-H, ToUnicode CMap)."""
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    shown = "\n".join(f"<{''.join(f'{cid[c]:04X}' for c in line)}> Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 14 TL 40 800 Td\n{shown}\nET".encode()
    bfchar = []
    for start in range(0, len(chars), 100):
        chunk = chars[start:start + 100]
        bfchar.append(f"{len(chunk)} beginbfchar\n" + "\n".join(
            f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in chunk) + "\nendbfchar")
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + "\n".join(bfchar)
            + "\nendcmap CMapName currentdict /CMap defineresource pop end end").encode()
    info = f"<< /Title <FEFF{title.encode('utf-16-be').hex().upper()}> /Producer (Roadmap Monitor test) >>" if title \
        else "<< /Producer (Roadmap Monitor test) >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SampleGothic /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SampleGothic /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /SampleGothic /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        info.encode(),
    ]
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 9 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
