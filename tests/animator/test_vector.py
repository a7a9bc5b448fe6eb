"""Vector stills: `-o x.svg` and `-o x.pdf` write the final frame as files an XML or PDF reader accepts,
with the optimizers' paths in them as vector strokes."""

import re
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import replace

import pytest
from matplotlib.colors import to_hex, to_rgb

from animator import render
from animator.style import color_for
from landscapes.engine.trajectories import run
from landscapes.scenes.model import builtin_scene

SIZE = (480, 270)


@pytest.fixture(scope="module")
def paths():
    scene = builtin_scene()
    whole = replace(scene.playback, animated_points=None)
    return run(replace(scene, optimizers=scene.optimizers[:3], steps=20, playback=whole))


def test_svg_is_well_formed_xml_with_each_path_as_a_stroke(tmp_path, paths):
    output = render(paths, tmp_path / "still.svg", size=SIZE)
    root = ElementTree.parse(output).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = map(float, root.get("viewBox").split())
    assert width / height == pytest.approx(480 / 270)
    strokes = [element.get("style", "") for element in root.iter("{http://www.w3.org/2000/svg}path")]
    for index in range(3):
        colour = to_hex(color_for(index))
        # the path itself (many points) and its legend line
        assert sum(f"stroke: {colour}" in style for style in strokes) >= 2, colour


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """The objects of a PDF, found through its cross-reference table, as a reader finds them."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[start : start + 4] == b"xref"
    header = re.match(rb"xref\s+(\d+)\s+(\d+)\s+", data[start:])
    first, count = int(header.group(1)), int(header.group(2))
    entries = data[start + header.end() :].split(b"\n")[:count]
    objects = {}
    for number, entry in enumerate(entries, first):
        offset, _, kind = entry.split()[:3]
        if kind == b"n":
            assert re.match(rb"%d 0 obj" % number, data[int(offset) :]), number
            end = data.index(b"endobj", int(offset))
            objects[number] = data[int(offset) : end]
    return objects


def test_pdf_has_a_valid_cross_reference_table_and_the_paths_as_strokes(tmp_path, paths):
    output = render(paths, tmp_path / "still.pdf", size=SIZE)
    objects = pdf_objects(output.read_bytes())
    assert any(b"/Type /Page" in body and b"/MediaBox" in body for body in objects.values())
    content = b""
    for body in objects.values():
        if b"/FlateDecode" in body and b"stream" in body:
            raw = body.split(b"stream", 1)[1].lstrip(b"\r\n")
            content += zlib.decompressobj().decompress(raw)
    strokes = {
        tuple(float(v) for v in found.split()): None
        for found in re.findall(rb"([\d.]+ [\d.]+ [\d.]+) RG", content)
    }
    for index in range(3):
        target = to_rgb(color_for(index))
        assert any(
            max(abs(a - b) for a, b in zip(stroke, target, strict=True)) < 1e-6 for stroke in strokes
        ), index
    assert len(re.findall(rb" l\b", content)) > 50  # line segments of the paths and contours
