"""The HTML map: offline assets, escaped article text, one GeoJSON layer set (no browser needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from borderwatch.render import STATIC, incident_features, render_map, script_json

HOSTILE = (
    "</script><script>window.pwned=1</script> {{ 7*7 }} {% if 1 %}x{% endif %} "
    "`tick` \"dq\" 'sq' <img src=x onerror=alert(1)>"
)


def incident(**kw) -> dict:
    base = {
        "id": "evt-1", "type": "attack", "date": "2024-03-18", "date_precision": "day", "place": "Chaman",
        "lat": 30.92, "lon": 66.45, "geo_precision": 1, "fatalities": 2, "fatalities_low": 2, "fatalities_high": 2,
        "injured": None, "actors": ["TTP"], "n_sources": 1, "segment_name": "S", "side": "PK", "distance_km": 5.0,
        "role": "main", "evidence": HOSTILE,
        "sources": [{"outlet": "Example", "url": "javascript:alert(1)", "article_id": "a1", "evidence": HOSTILE}],
    }  # fmt: skip
    return {**base, **kw}


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json({"q": HOSTILE, "ls": "\u2028"})
    assert "</script>" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text)["q"] == HOSTILE


def test_map_is_offline_and_article_text_is_inert(tmp_path: Path) -> None:
    html = render_map([incident()], [], tmp_path / "map.html").read_text(encoding="utf-8")
    # no script or stylesheet from the network
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=\"?https?:", html)
    # the hostile quote appears only inside the escaped JSON, never as markup or template output
    assert "window.pwned=1</script>" not in html
    assert "<img src=x" not in html
    payload = re.search(r'id="bw-data">(.*?)</script>', html, re.S).group(1)
    assert "{{ 7*7 }}" in payload and "{% if 1 %}" in payload  # kept verbatim: never run as a template
    data = json.loads(payload)
    [feature] = data["incidents"]["features"]
    assert feature["properties"]["sources"][0]["evidence"] == HOSTILE  # intact, for textContent
    assert feature["geometry"]["coordinates"] == [66.45, 30.92]  # GeoJSON order: lon, lat


def test_vendored_scripts_can_be_inlined() -> None:
    for path in STATIC.glob("*.js"):
        assert "</script" not in path.read_text(encoding="utf-8").lower(), path.name


def test_incidents_without_coordinates_are_left_off_the_map() -> None:
    features = incident_features([incident(), incident(id="evt-2", lat=None, lon=None)])
    assert [f["properties"]["id"] for f in features] == ["evt-1"]
    assert features[0]["properties"]["start"] == features[0]["properties"]["end"] == "2024-03-18"
    assert "injured" not in features[0]["properties"]  # null fields are left out of the page


def test_map_data_follows_the_border_zone() -> None:
    from borderwatch.query import segment_report
    from borderwatch.render import map_data

    near = incident(id="evt-near", segment_id="S22", segment_name="Kandahar | Nushki", distance_km=5.0)
    far = incident(id="evt-far", place="Karachi", segment_id="S22", segment_name="Kandahar | Nushki", distance_km=551.0)
    data = map_data([near, far], segment_report(incidents=[near, far]))
    props = {f["properties"]["id"]: f["properties"] for f in data["incidents"]["features"]}
    assert props["evt-near"]["segment_id"] == "S22" and "zone" not in props["evt-near"]
    assert "segment_id" not in props["evt-far"] and props["evt-far"]["zone"] == "interior"
    counts = {f["properties"]["id"]: f["properties"]["incidents"] for f in data["segments"]["features"]}
    assert counts["S22"] == 1 and data["zone_km"] == 50


def test_the_uncertainty_circle_is_as_large_as_the_unit_named() -> None:
    from borderwatch.gazetteer import load_gazetteer
    from borderwatch.render import uncertainty

    def place(name: str, kind: str) -> str:
        return next(p.id for p in load_gazetteer().lookup(name) if p.kind == kind)

    province, _ = uncertainty({"gazetteer_id": place("Khyber Pakhtunkhwa", "province"), "geo_precision": 3})
    district, _ = uncertainty({"gazetteer_id": place("Kalat", "district"), "geo_precision": 3})
    assert province > 150_000 > district > 20_000
    assert uncertainty({"gazetteer_id": place("Pakistan", "country"), "geo_precision": 3}) == (None, True)
    assert uncertainty({"gazetteer_id": place("Peshawar", "city"), "geo_precision": 1}) == (None, False)
    assert uncertainty({"geo_precision": 2}) == (5_000, False)  # no unit: the precision code's radius


def test_incident_columns_carry_what_the_page_filters_counts_and_draws() -> None:
    from borderwatch.render import TYPE_COLOURS, incident_columns

    features = incident_features(
        [
            incident(),
            incident(id="evt-2", type="riot", date=None, date_precision="unknown", place="Kabul", segment_id="S09",
                     fatalities=None),
            incident(id="evt-3", date="2024-02", date_precision="month", segment_id="S09"),
        ]
    )  # fmt: skip
    col = incident_columns(features)
    types = list(TYPE_COLOURS)
    assert col["types"] == types and len(col["lat"]) == 3
    assert col["type"] == [types.index("attack"), types.index("other"), types.index("attack")]  # unknown: other
    assert col["start"] == [20240318, 0, 20240201] and col["end"] == [20240318, 0, 20240229]  # 0: undated
    assert [col["names"][k] for k in col["place"]] == ["Chaman", "Kabul", "Chaman"]
    assert col["seg"] == [-1, 0, 0] and col["segments"] == ["S09"]
    assert col["fat"] == [2, 0, 2] and col["lat"] == [30.92] * 3 and col["lon"] == [66.45] * 3
    assert col["cl"] == [0, 0, 0]


def test_a_big_map_packs_popup_fields_in_blocks_and_keeps_them_intact(tmp_path: Path, monkeypatch) -> None:
    import base64
    import gzip

    from borderwatch import render

    monkeypatch.setattr(render, "PACK_ABOVE", 0)
    monkeypatch.setattr(render, "DETAIL_CHUNK", 2)
    html = render_map([incident(id=f"evt-{k}") for k in range(3)], [], tmp_path / "big.html").read_text("utf-8")
    assert "pwned" not in html and "{{ 7*7 }}" not in html  # only base64 text: nothing to parse as markup

    def unpack(name: str):
        text = re.search(rf'id="{name}">(.*?)</script>', html, re.S).group(1)
        return json.loads(gzip.decompress(base64.b64decode(text)))

    data = unpack("bw-data-gz")
    assert data["incidents"]["features"] == [] and data["incidents"]["blocks"] == 2
    assert len(data["columns"]["lat"]) == 3
    blocks = [unpack("bw-details-0"), unpack("bw-details-1")]
    assert [[p["id"] for p in block] for block in blocks] == [["evt-0", "evt-1"], ["evt-2"]]
    assert blocks[1][0]["sources"][0]["evidence"] == HOSTILE
    assert 'id="bw-details-2"' not in html


def test_the_popup_shows_the_casualty_split_only_where_a_report_gave_it() -> None:
    split = incident(attackers_killed=3, missing=None, abducted=4)
    [plain, given] = [f["properties"] for f in incident_features([incident(), split])]
    assert not {"attackers_killed", "missing", "abducted"} & set(plain)
    assert (given["attackers_killed"], given["abducted"]) == (3, 4) and "missing" not in given
    script = (STATIC / "borderwatch.js").read_text(encoding="utf-8")
    assert all(f"props.{key}]" in script for key in ("attackers_killed", "missing", "abducted"))
