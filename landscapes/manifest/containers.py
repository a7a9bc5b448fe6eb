"""The byte layouts that carry a manifest: PNG text chunks, GIF extensions, WebP chunks, ffmetadata.

Pure functions over bytes, so both the writer (the GIF and WebP sinks) and the reader use the same
description of each format.
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from collections.abc import Iterator, Sequence

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GIF_TRAILER, EXTENSION, IMAGE = 0x3B, 0x21, 0x2C
GRAPHIC_CONTROL, COMMENT = 0xF9, 0xFE
MAX_GIF_DELAY = 0xFFFF  # centiseconds, the field's largest value


def png_text(data: bytes) -> dict[str, str]:
    """The text chunks (tEXt, zTXt, iTXt) of a PNG, keyword → text."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    texts: dict[str, str] = {}
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        keyword, _, rest = body.partition(b"\0")
        if kind == b"tEXt":
            texts[keyword.decode("latin-1")] = rest.decode("latin-1")
        elif kind == b"zTXt":
            texts[keyword.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            compressed, rest = rest[0], rest[2:]
            _language, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            texts[keyword.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode("utf-8")
        elif kind == b"IEND":
            break
    return texts


def gif_blocks(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(kind, label, start, end) of each block after a GIF's header and global colour table.

    `kind` is EXTENSION or IMAGE; `label` the extension's label (0 for images).
    """
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF file")
    packed = data[10]
    position = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    while position < len(data) and data[position] != GIF_TRAILER:
        start, kind = position, data[position]
        if kind == EXTENSION:
            label = data[position + 1]
            position += 2
        elif kind == IMAGE:
            label, packed = 0, data[position + 9]
            position += 10 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0) + 1
        else:
            raise ValueError(f"broken GIF: unexpected byte {kind:#04x} at {position}")
        position = _skip_sub_blocks(data, position)
        yield kind, label, start, position


def _skip_sub_blocks(data: bytes, position: int) -> int:
    while (size := data[position]) != 0:
        position += size + 1
    return position + 1


def gif_header_end(data: bytes) -> int:
    """Where a GIF's first block starts: after the header, screen descriptor and global colour table."""
    packed = data[10]
    return 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)


def gif_comments(data: bytes) -> list[str]:
    """The text of each comment extension of a GIF."""
    return [
        _sub_block_data(data, start + 2).decode("latin-1")
        for kind, label, start, _ in gif_blocks(data)
        if kind == EXTENSION and label == COMMENT
    ]


def gif_delays(data: bytes) -> list[int]:
    """Each frame's delay in centiseconds, from its graphic control extension."""
    return [
        struct.unpack("<H", data[start + 4 : start + 6])[0]
        for kind, label, start, _ in gif_blocks(data)
        if kind == EXTENSION and label == GRAPHIC_CONTROL
    ]


def _sub_block_data(data: bytes, position: int) -> bytes:
    parts = []
    while (size := data[position]) != 0:
        parts.append(data[position + 1 : position + 1 + size])
        position += size + 1
    return b"".join(parts)


def comment_extension(text: str) -> bytes:
    """A GIF comment extension holding `text` (ASCII) in sub-blocks of at most 255 bytes."""
    payload = text.encode("ascii")
    chunks = [payload[i : i + 255] for i in range(0, len(payload), 255)]
    return bytes([EXTENSION, COMMENT]) + b"".join(bytes([len(c)]) + c for c in chunks) + b"\0"


def rewrite_gif(data: bytes, delays: Sequence[int] | None = None, comment: str | None = None) -> bytes:
    """The GIF with each frame's delay set from `delays` (centiseconds, one per frame, in order) and
    a comment extension holding `comment` placed before the first frame."""
    out = bytearray(data)
    if delays is not None:
        controls = [
            start
            for kind, label, start, _ in gif_blocks(data)
            if kind == EXTENSION and label == GRAPHIC_CONTROL
        ]
        if len(controls) != len(delays):
            raise ValueError(f"the GIF has {len(controls)} frames, but {len(delays)} delays were given")
        for start, delay in zip(controls, delays, strict=True):
            out[start + 4 : start + 6] = struct.pack("<H", min(max(delay, 0), MAX_GIF_DELAY))
    if comment is not None:
        at = gif_header_end(data)
        out[at:at] = comment_extension(comment)
    return bytes(out)


# WebP: a RIFF container. The manifest goes in an XMP chunk as the packet's dc:description.
_XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
    "{text}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)
_XMP_TEXT = re.compile(r'<rdf:li xml:lang="x-default">(.*?)</rdf:li>', re.DOTALL)
VP8X_XMP_FLAG = 0x04


def webp_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(fourcc, payload start, payload end) of each chunk of a WebP file."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP file")
    position = 12
    while position + 8 <= len(data):
        fourcc, size = struct.unpack("<4sI", data[position : position + 8])
        yield fourcc, position + 8, position + 8 + size
        position += 8 + size + (size & 1)


def add_webp_manifest(data: bytes, text: str) -> bytes:
    """The extended-format (VP8X) WebP with an XMP chunk holding `text`, its flag set, sizes updated."""
    chunks = list(webp_chunks(data))
    if not chunks or chunks[0][0] != b"VP8X":
        raise ValueError("only an extended-format WebP (VP8X) can carry metadata")
    packet = _XMP.format(text=html.escape(text, quote=False)).encode("utf-8")
    out = bytearray(data) + b"XMP " + struct.pack("<I", len(packet)) + packet + b"\0" * (len(packet) & 1)
    out[chunks[0][1]] |= VP8X_XMP_FLAG
    out[4:8] = struct.pack("<I", len(out) - 8)
    return bytes(out)


def webp_manifest(data: bytes) -> str | None:
    """The text `add_webp_manifest` put in a WebP, or None."""
    for fourcc, start, end in webp_chunks(data):
        if fourcc == b"XMP ":
            match = _XMP_TEXT.search(data[start:end].decode("utf-8", "replace"))
            if match:
                return html.unescape(match[1])
    return None


def ffmetadata_escape(text: str) -> str:
    """`text` escaped for an ffmetadata value (`=`, `;`, `#`, `\\` and newlines take a backslash)."""
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


def ffmetadata_tags(text: str) -> list[tuple[str, str]]:
    """The global key=value tags of ffmpeg's ffmetadata output, unescaped, in order."""
    tags: list[tuple[str, str]] = []
    for line in _logical_lines(text):
        if line.startswith("["):
            break
        if line.startswith((";", "#")):
            continue
        key, value = _split_unescaped(line)
        if value is not None:
            tags.append((key, value))
    return tags


def _logical_lines(text: str) -> Iterator[str]:
    """Lines of ffmetadata, still escaped; a backslash-newline continues the line."""
    line: list[str] = []
    characters = iter(text)
    for character in characters:
        if character == "\\":
            line.append(character + next(characters, ""))
        elif character == "\n":
            yield "".join(line)
            line = []
        else:
            line.append(character)
    if line:
        yield "".join(line)


def _split_unescaped(line: str) -> tuple[str, str | None]:
    """`key=value` with escapes resolved; (line, None) when there is no unescaped `=`."""
    parts: list[list[str]] = [[]]
    characters = iter(line)
    for character in characters:
        if character == "\\":
            parts[-1].append(next(characters, ""))
        elif character == "=" and len(parts) == 1:
            parts.append([])
        else:
            parts[-1].append(character)
    texts = ["".join(part) for part in parts]
    return (texts[0], texts[1]) if len(texts) == 2 else (texts[0], None)


SVG_DESCRIPTION = "{http://purl.org/dc/elements/1.1/}description"
PDF_SUBJECT = re.compile(rb"/Subject\s*([(<])")
PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def svg_description(data: bytes) -> str | None:
    """The Dublin Core description in an SVG's metadata (where matplotlib writes `Description`)."""
    from xml.etree import ElementTree

    found = ElementTree.fromstring(data).find(f".//{SVG_DESCRIPTION}")
    return found.text if found is not None else None


def pdf_subject(data: bytes) -> str | None:
    """The `/Subject` of a PDF's document information: a literal `(…)` string or a UTF-16 hex `<FEFF…>`."""
    found = PDF_SUBJECT.search(data)
    if found is None:
        return None
    start = found.end()
    if found.group(1) == b"<":
        hex_text = data[start : data.index(b">", start)]
        raw = bytes.fromhex(hex_text.decode("ascii"))
        return raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    return _pdf_literal(data, start).decode("latin-1")


def _pdf_literal(data: bytes, position: int) -> bytes:
    """The bytes of a PDF literal string whose opening parenthesis ends just before `position`."""
    out, depth = bytearray(), 1
    while True:
        byte = data[position : position + 1]
        if not byte:
            raise ValueError("unterminated PDF string")
        position += 1
        if byte == b"\\":
            code = data[position : position + 1]
            position += 1
            if code in PDF_ESCAPES:
                out += PDF_ESCAPES[code]
            elif code.isdigit():
                digits = re.match(rb"[0-7]{1,3}", data[position - 1 : position + 2]).group()
                out.append(int(digits, 8) & 0xFF)
                position += len(digits) - 1
            elif code not in (b"\n", b"\r"):
                out += code
            continue
        depth += {b"(": 1, b")": -1}.get(byte, 0)
        if depth == 0:
            return bytes(out)
        out += byte
