"""The server-drawn charts: well-formed SVG, scaled to a round top, text escaped."""
import xml.etree.ElementTree as ET

from ieg.usage import charts


def test_bars_are_scaled_to_a_round_top_and_escaped():
    svg = charts.bars(["Jan <26>", "Feb 26"], [450, 900], lines=[300, 600])
    root = ET.fromstring(svg)
    assert root.get("aria-hidden") == "true"
    ns = "{http://www.w3.org/2000/svg}"
    bars = root.findall(f"{ns}rect")
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[1] == 2 * heights[0] == 0.9 * (charts.HEIGHT - charts.TOP - charts.BOTTOM)  # 900 of 1,000
    assert [t.text for t in root.findall(f"{ns}text")][-2:] == ["Jan <26>", "Feb 26"]
    assert "Jan &lt;26&gt;" in svg and len(root.findall(f"{ns}polyline")) == 1


def test_nice_top():
    assert [charts.nice_top(v) for v in (0, 7, 13, 260, 900, 1001)] == [1, 10, 20, 500, 1000, 2000]
