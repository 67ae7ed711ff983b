"""Geoparsing: detection, disambiguation, metonymy, unresolved names and exact offsets (own sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderwatch.admin import admin_at, unit_features
from borderwatch.geoparse import geoparse
from borderwatch.ingest import read_articles
from borderwatch.model import GeoPrecision, Place


def places(text: str) -> list:
    return [m for m in geoparse("t", text) if m.place is not None]


def resolved(text: str) -> dict[str, tuple]:
    """mention text -> (name, kind, country, locative) of its first occurrence."""
    out: dict[str, tuple] = {}
    for m in places(text):
        out.setdefault(m.text, (m.place.name, m.place.kind, m.place.country, m.locative))
    return out


def unresolved(text: str) -> list[str]:
    return [m.text for m in geoparse("t", text) if m.place is None]


def test_offsets_always_slice_the_mention() -> None:
    text = "Shops in Peshawar shut after the Torkham crossing closed; traders in Chaman protested."
    found = geoparse("t", text)
    assert [m.text for m in found] == ["Peshawar", "Torkham", "Chaman"]
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("seed", "name", "kind"),
    [
        ("000_6ba3f4b9a8b26c97.txt", "Torkham", "crossing"),
        ("000_6ba3f4b9a8b26c97.txt", "Spin Boldak", "town"),
        ("002_a4cb2d2772a32ed2.txt", "Karachi", "city"),
        ("002_a4cb2d2772a32ed2.txt", "Peshawar", "city"),
        ("003_5f7e29d4badce7c8.txt", "Kalat", "district"),
    ],
)
def test_design_card_names_in_the_seeds(seeds_dir: Path, seed: str, name: str, kind: str) -> None:
    [article] = read_articles([seeds_dir / seed])
    found = [m for m in geoparse(article.id, article.text) if m.place is not None and m.place.name == name]
    assert found, f"{name} not found in {seed}"
    assert found[0].place.kind == kind
    assert found[0].place.country in ("PK", "AF", "AF/PK")


def test_kalat_district_is_the_pakistani_one_and_qalat_in_zabul_the_afghan_one() -> None:
    got = resolved("Troops raided hideouts in Kalat district of Balochistan. In Zabul, Qalat was calm.")
    assert got["Kalat district"][:3] == ("Kalat", "district", "PK")
    assert got["Qalat"][2] == "AF"


def test_containing_place_picks_the_afghan_kalat() -> None:
    got = resolved("Fighting was reported near Kalat in Zabul province on Friday.")
    assert got["Kalat"][2] == "AF"


def test_khyber_pass_is_not_khyber_pakhtunkhwa() -> None:
    got = resolved("Lorries queued on the Khyber Pass while Khyber Pakhtunkhwa officials met in Peshawar.")
    assert got["Khyber Pass"][1] == "other"
    assert got["Khyber Pakhtunkhwa"][1] == "province"


def test_upper_kurram_longest_match_and_dera_ismail_khan() -> None:
    got = resolved("Clashes spread from Upper Kurram to Dera Ismail Khan.")
    assert got["Upper Kurram"][0] == "Upper Kurram"
    assert got["Dera Ismail Khan"][0] == "Dera Ismail Khan"
    assert "Ismail" not in got and "Kurram" not in got


def test_dateline_in_capitals_and_possessive() -> None:
    got = resolved("PESHAWAR: Pakistan's border with Afghanistan stayed shut.")
    assert got["PESHAWAR"][0] == "Peshawar"
    assert got["Pakistan"][0] == "Pakistan"


def test_hyphen_and_spelling_variants() -> None:
    got = resolved("Traders at Spin-Boldak and in Nangahar said the Peshwar market was slow.")
    assert got["Spin-Boldak"][0] == "Spin Boldak"
    assert got["Nangahar"][0] == "Nangarhar"
    assert got["Peshwar"][0] == "Peshawar"


def test_demonyms_and_ordinary_words_are_not_places() -> None:
    text = "Afghan and Pakistani traders said a tank was seen in march; Waziristani elders met the police."
    assert places(text) == []


def test_places_inside_person_names_are_not_places() -> None:
    text = "The envoy Mohammad Sadiq Khan met Sardar Ahmad Kabul Wal, a tribal elder."
    assert "Kabul" not in resolved(text)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Islamabad accused Kabul of sheltering militants.", "Islamabad"),
        ("Islamabad accused Kabul of sheltering militants.", "Kabul"),
        ("Pakistan and Afghanistan agreed to reopen trade.", "Pakistan"),
        ("Kabul's foreign ministry issued a statement.", "Kabul"),
        ("Balochistan's chief minister visited the site.", "Balochistan"),
        ("The Tehreek-e-Taliban Pakistan claimed the attack.", "Pakistan"),
        ("The Pakistan Army said two soldiers died.", "Pakistan"),
    ],
)
def test_metonymy_is_recorded_but_not_locative(text: str, mention: str) -> None:
    found = [m for m in places(text) if m.text == mention]
    assert found, f"{mention} not recorded"
    assert found[0].locative is False


def test_location_uses_stay_locative() -> None:
    got = resolved("The ministry in Kabul said shelling hit villages inside Afghanistan near Torkham.")
    assert got["Kabul"][3] is True
    assert got["Afghanistan"][3] is True


def test_border_name_also_names_both_countries() -> None:
    found = places("Firing was reported along the Pakistan-Afghanistan border.")
    names = {m.place.name for m in found}
    assert {"Durand Line", "Pakistan", "Afghanistan"} <= names


def test_unknown_place_in_place_context_is_unresolved_not_guessed() -> None:
    text = "Gunmen attacked a checkpost in Zarghunkot village near Torkham."
    assert "Zarghunkot" in unresolved(text)
    assert all(m.place is None or m.place.name == "Torkham" for m in geoparse("t", text) if m.text != "Zarghunkot")


def test_precision_codes() -> None:
    found = {m.text: m for m in places("Shelling hit Torkham, Khost province and Quetta railway station.")}
    assert found["Torkham"].geo_precision == GeoPrecision.POINT
    assert found["Khost province"].geo_precision == GeoPrecision.AREA
    assert found["Quetta railway station"].geo_precision == GeoPrecision.NEAR
    assert found["Quetta railway station"].place.name == "Quetta"


def test_article_with_no_places() -> None:
    assert geoparse("t", "Officials said talks would continue next week.") == []


def test_odd_unicode_keeps_offsets() -> None:
    text = "\ufeff“Torkham” closed. پشاور میں Peshawar\u200b traders—and Chaman’s—waited. Qalāt too 🙂 Kandahar."
    found = places(text)
    assert {m.place.name for m in found} >= {"Torkham", "Peshawar", "Chaman", "Qalat", "Kandahar"}
    for m in found:
        assert text[m.start : m.end] == m.text


def test_folding_keeps_length_and_word_boundaries() -> None:
    from borderwatch.geoparse import fold_text

    text = "Spin‑Boldak—Qalāt ‘Zhob’ پشاورKabul Kabul\u200bTorkham"
    folded = fold_text(text)
    assert len(folded) == len(text) and folded.isascii()
    assert folded.startswith("Spin Boldak Qalat 'Zhob' ")
    # a letter of another script glued to a name still makes it part of a longer word
    assert "Kabul" in {m.text for m in places(text)}
    assert all(m.start != text.index("Kabul") for m in places(text))


def test_one_megabyte_article() -> None:
    paragraph = "Traders in Peshawar waited as the Torkham crossing stayed shut for a third day. " * 12
    text = (paragraph + "\n") * (1_000_000 // len(paragraph))
    found = places(text)
    assert len(found) == 2 * 12 * (1_000_000 // len(paragraph))
    assert text[found[-1].start : found[-1].end] == found[-1].text


def test_explain_lists_candidates() -> None:
    [kalat] = [m for m in geoparse("t", "Police patrolled Kalat on Monday.", explain=True) if m.text == "Kalat"]
    assert "candidates:" in kalat.explanation
    assert "Qalat" in kalat.explanation


def test_tehsil_with_its_type_word_and_district() -> None:
    got = resolved("Troops moved into Spinwam tehsil of North Waziristan, and a curfew held in Makeen.")
    assert got["Spinwam tehsil"][:3] == ("Spinwam", "tehsil", "PK")
    assert got["Makeen"][1] == "tehsil"


def test_a_misspelt_small_place_is_guessed_only_where_the_article_is() -> None:
    # 'Shighnen' is one letter off Shighnan, a district of Badakhshan
    assert "Shighnen" not in resolved("Elders from Shighnen met officials in Kandahar on Monday.")
    assert resolved("Elders from Shighnen met officials in Badakhshan on Monday.")["Shighnen"][0] == "Shighnan"


@pytest.mark.parametrize("where", ["Kurram", "Bajaur"])
def test_a_five_letter_word_is_no_far_city_misspelt(where: str) -> None:
    # 'Bagan' is a village of Kurram, spelt close to Baghlan, a city far to the north
    assert "Bagan" not in resolved(f"Militants attacked a post near Bagan in {where} on Monday.")
    assert resolved("Troops reached Peshwar on Monday.")["Peshwar"][0] == "Peshawar"  # longer: a misspelling


def test_a_containing_place_named_nearby_beats_every_other_preference() -> None:
    # bare, Khost is the Afghan province; in Harnai it is the Pakistani tehsil of that name
    assert resolved("Shelling hit Khost on Monday.")["Khost"][:3] == ("Khost", "province", "AF")
    got = resolved("Shelling hit Khost in Harnai, Balochistan, on Monday.")
    assert got["Khost"][:3] == ("Khost", "tehsil", "PK")


def test_a_place_far_from_the_region_needs_the_text_to_support_it() -> None:
    assert "Perth" not in resolved("A delegation flew to Perth on Monday.")
    assert resolved("A delegation flew from Kabul to Perth, Australia.")["Perth"][2] == "AU"
    assert resolved("Talks resumed in Doha on Monday.")["Doha"][2] == "QA"  # a national capital


def test_communities_and_languages_are_not_even_unresolved_places() -> None:
    assert unresolved("Officials toured the Buddhist area and Pashto village schools near Swat.") == []


@pytest.mark.parametrize("word", ["Punjabis", "Sindhis", "Christians", "Ahmadis", "Shias", "Hazaras"])
def test_demonyms_and_communities_are_never_places(word: str) -> None:
    assert [m.text for m in places(f"{word} gathered in Quetta on Friday.")] == ["Quetta"]
    assert word not in resolved(f"Police said {word} were attacked near the border in Chaman.")


def test_a_border_name_before_a_town_is_no_first_name() -> None:
    got = resolved("Lorries waited at the Pak-Afghan border Torkham for a week.")
    assert got["Pak-Afghan border"][0] == "Durand Line"
    assert got["Torkham"][1] == "crossing"
    assert resolved("Fencing went on along the Pakistan-Afghan border last year.")["Pakistan-Afghan border"][0] == (
        "Durand Line"
    )


def test_direction_words_in_lower_case_begin_unit_names() -> None:
    got = resolved("Schools shut in upper Kurram and lower Dir; elders of central Kurram met in Parachinar.")
    assert got["upper Kurram"][:2] == ("Upper Kurram", "tehsil")
    assert got["lower Dir"][:2] == ("Lower Dir", "district")
    assert got["central Kurram"][:2] == ("Central Kurram", "tehsil")
    assert "central Kabul" not in resolved("Traffic was heavy in central Kabul.")  # no such unit: Kabul alone
    assert resolved("Traffic was heavy in central Kabul.")["Kabul"][0] == "Kabul"


def test_pashto_greater_and_lesser_join_the_place_they_qualify() -> None:
    found = [m for m in places("A mortar landed in Loi Mamund, Bajaur, on Friday.") if m.place.name == "Mamund"]
    assert [m.text for m in found] == ["Loi Mamund"]
    assert found[0].place.kind == "tehsil"
    assert "Mamund" not in resolved("The elder Haji Mamund Khan spoke to reporters.")


def test_a_division_is_named_after_its_district() -> None:
    got = resolved("Jirga members from the Malakand division travelled to Peshawar.")
    assert got["Malakand division"][:3] == ("Malakand", "district", "PK")


def test_another_spelling_of_a_place_where_the_article_is() -> None:
    # 'Rudat' is Rodat, a district of Nangarhar, and 'Takht-i-Nasrati' the tehsil Takht E Nasrati of Karak
    got = resolved("Mortars fell in Rudat district of Nangarhar province.")
    assert got["Rudat district"][:2] == ("Rodat", "district")
    got = resolved("Police posts in Takht-i-Nasrati tehsil of Karak district came under fire.")
    assert got["Takht-i-Nasrati tehsil"][:2] == ("Takht E Nasrati", "tehsil")
    # not where the article is, not in a place-like context, or a person: no guess
    assert "Rudat district" not in resolved("Mortars fell in Rudat district of Kandahar province.")
    assert "Rudat" not in resolved("Rudat said in Nangarhar province that the roads were open.")


def test_a_crossing_named_after_its_two_towns_names_them_too() -> None:
    found = places("Lorries queued for days at the Chaman-Spin Boldak crossing before it reopened.")
    by_name = {m.place.name: m for m in found}
    assert by_name["Friendship Gate"].place.kind == "crossing"
    assert by_name["Spin Boldak"].text == "Spin Boldak" and by_name["Spin Boldak"].place.kind == "town"
    assert by_name["Chaman"].place.country == "PK"
    assert [m.place.name for m in places("Trade resumed at the Torkham crossing.")] == ["Torkham"]


def test_a_day_or_month_beside_a_place_is_no_part_of_a_name() -> None:
    assert resolved("A bomb went off near Peshawar Thursday, police said.")["Peshawar"][0] == "Peshawar"
    assert unresolved("A bomb went off near Peshawar Thursday, police said.") == []
    assert "Torkham" in resolved("Since January Torkham has stayed shut, traders said.")


def test_an_officials_title_after_a_place_names_his_office() -> None:
    got = resolved("The Zhob Deputy Commissioner and the Khyber Pakhtunkhwa Chief Minister visited the site.")
    assert got["Zhob"][0] == "Zhob" and got["Zhob"][3] is False
    assert got["Khyber Pakhtunkhwa"][3] is False


def test_an_organisation_or_a_train_is_not_an_unknown_place() -> None:
    assert unresolved("Details were carried in Dawn News and in Pajhwok Times.") == []
    assert unresolved("Gunmen stopped the Khushal Express train near Gulzar village.") == ["Gulzar"]


def test_lower_case_directions_only_before_the_two_countries_units() -> None:
    assert "south Sudan" not in resolved("Aid flights went on to south Sudan.")
    assert unresolved("Troops cleared Zarghun Post village near Wana.") == ["Zarghun Post"]


def test_a_bazaar_or_fort_named_after_its_town_is_near_the_town() -> None:
    found = {m.text: m for m in places("A blast hit Mir Ali Bazaar, and shots were fired near Jamrud Fort.")}
    assert found["Mir Ali Bazaar"].place.name == "Mir Ali"
    assert found["Mir Ali Bazaar"].geo_precision == GeoPrecision.NEAR
    assert found["Jamrud Fort"].place.name == "Jamrud"


@pytest.mark.parametrize(
    "written", ["Dand-e-Patan", "Dand-i-Patan", "Dand Wa Patan", "Dand-wa-Patan", "Dand-E-Patan", "Dand e Patan"]
)
def test_a_compound_joined_by_a_connector_is_the_gazetteer_name_without_it(written: str) -> None:
    text = f"Mortar rounds landed on houses in {written} late on Sunday, elders said."
    found = places(text)
    assert [(m.text, m.place.name, m.place.kind, m.place.country) for m in found] == [
        (written, "Dand Patan", "district", "AF")
    ]


def test_no_piece_of_a_compound_resolves_alone() -> None:
    # 'Patan' is a place of its own, 'Mohammad' and 'Islam' pieces of group names: none is a mention here
    text = "Fighters of Jaish-e-Mohammad and Lashkar-e-Islam met in Gora-e-Patan near the Dir road."
    got = [m.text for m in places(text)]
    assert "Patan" not in got and "Mohammad" not in got and "Islam" not in got
    assert "Gora-e-Patan" in unresolved(text)


def test_a_compound_matches_a_close_spelling_with_the_same_consonants() -> None:
    got = resolved("A shopkeeper was shot in Takht-e-Bahi bazaar. Another raid hit Dasht-e-Archy the same day.")
    assert got["Takht-e-Bahi"][:3] == ("Takht Bhai", "tehsil", "PK")
    assert got["Dasht-e-Archy"][0] == "Dasht-e Archi"
    assert got["Dasht-e-Archy"][2] == "AF"


def test_a_compound_with_izafat_respelt_and_a_compound_joined_by_wa() -> None:
    got = resolved("Traders from Qala-e-Naw reached Zaranj, in Sistan wa Baluchestan's border region.")
    assert got["Qala-e-Naw"][:3] == ("Qala i Naw", "town", "AF")
    assert got["Sistan wa Baluchestan"][:3] == ("Sistan va Baluchestan", "province", "IR")


@pytest.mark.parametrize(
    "text",
    [
        "Artillery shelling in Patan damaged two houses on Friday.",
        "Shelling hit Patan city overnight.",  # a type word does not outweigh the region either
        "Pakistan accused India of backing the militants. Later, shelling hit Patan.",  # India acting, not a location
    ],
)
def test_a_name_shared_with_a_neighbour_is_the_home_place_without_support(text: str) -> None:
    got = resolved(text)
    assert got["Patan"][2] == "PK"


@pytest.mark.parametrize(
    "text",
    [
        "A bus overturned near Patan, Gujarat, on Monday.",
        "Indian police said a bus overturned near Patan on Monday.",
        "Pilgrims returning to India were stuck in Patan after the floods.",
    ],
)
def test_a_neighbour_named_nearby_supports_its_own_place(text: str) -> None:
    assert resolved(text)["Patan"][2] == "IN"


def test_a_neighbour_named_far_away_does_not_support_its_place() -> None:
    text = "Pilgrims were stuck in India. " + "Officials met to discuss trade and visas. " * 10 + "Shelling hit Patan."
    assert resolved(text)["Patan"][2] == "PK"


@pytest.mark.parametrize(
    "text",
    [
        "A clerk at the Pak-Afghan frontier city Chaman told the press the gate would stay shut.",
        "Porters at Pak-Afghan border Chaman said trade had stopped.",
        "Traders in the border town Chaman said the gate stayed shut.",
        "A doctor at the frontier city Peshawar said six of the wounded had died.",
    ],
)
def test_a_town_after_a_locative_phrase_with_a_place_noun_stays_a_location(text: str) -> None:
    town = "Peshawar" if "Peshawar" in text else "Chaman"
    assert resolved(text)[town][3] is True


def test_a_city_speaking_is_still_a_government() -> None:
    assert resolved("Relations soured as Islamabad accused Kabul of sheltering militants.")["Islamabad"][3] is False


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Kohistan", {"Upper Kohistan", "Lower Kohistan"}),  # not Kuhsan in Herat, whose old name it is
        ("Dir", {"Upper Dir", "Lower Dir"}),  # not the town of Dir alone
        ("Chitral", {"Chitral"}),
        ("South Waziristan", {"Upper South Waziristan", "Lower South Waziristan"}),
        ("Kurram", {"Kurram"}),  # never split: the district itself
    ],
)
def test_a_district_split_since_is_its_whole_area(name: str, parts: set[str]) -> None:
    [found] = places(f"Two policemen were shot dead in {name} on Tuesday, officials said.")
    assert (found.text, found.place.name, found.place.kind, found.place.country) == (name, name, "district", "PK")
    assert found.place.precision == GeoPrecision.AREA
    assert admin_at(found.place.lat, found.place.lon, "PK").admin2 in parts


def test_a_former_district_point_lies_inside_its_successors() -> None:
    from shapely.geometry import Point, shape

    polygons = [
        shape(f["geometry"]) for f in unit_features() if f["properties"]["admin2"] in ("Upper Dir", "Lower Dir")
    ]
    [dir_district] = [m.place for m in places("Schools in Dir district stayed shut.")]
    assert any(p.contains(Point(dir_district.lon, dir_district.lat)) for p in polygons)


def test_the_seat_town_and_other_provinces_units_of_a_former_districts_name() -> None:
    assert resolved("A shop in Chitral town was looted.")["Chitral"][:2] == ("Chitral", "town")
    got = resolved("Fighting spread to Kohistan district of Badakhshan.")
    assert got["Kohistan district"][:3] == ("Kohistan", "district", "AF")


def test_a_former_district_contains_what_its_successors_contain() -> None:
    # two imported villages of one (made-up) name: only a containing place picks one
    def village(admin2: str, lat: float, lon: float) -> Place:
        return Place(
            f"gn:9{int(lat * 100)}", "Gharbanda", "village", "PK", lat, lon, GeoPrecision.POINT,
            "GeoNames dump (test)", "Khyber Pakhtunkhwa", admin2,
        )  # fmt: skip

    mine = (village("Lower Kohistan", 35.05, 73.05), village("Swat", 35.2, 72.4))
    found = geoparse("t", "A landslide buried Gharbanda village of Kohistan district.", user_places=mine)
    [gharbanda] = [m for m in found if m.text.startswith("Gharbanda")]
    assert gharbanda.place is not None and gharbanda.place.admin2 == "Lower Kohistan"
    alone = [
        m for m in geoparse("t", "A landslide buried Gharbanda village.", user_places=mine) if m.text == "Gharbanda"
    ]
    assert alone[0].place is None  # no containing place named: never guessed


def test_a_units_name_after_its_direction_word_is_no_misspelling_of_a_place_elsewhere() -> None:
    # made-up places: 'Saranwal' is the name of the tehsil 'Lower Saranwal', not a misspelt 'Saranwali' in Swat
    kp = "Khyber Pakhtunkhwa"
    mine = (
        Place("user:1", "Lower Saranwal", "tehsil", "PK", 34.2, 71.2, GeoPrecision.AREA, "user", kp, "Khyber"),
        Place("user:2", "Saranwali", "town", "PK", 34.9, 72.3, GeoPrecision.POINT, "user", kp, "Swat"),
    )
    found = geoparse("t", "Clashes in Saranwal, Khyber Pakhtunkhwa, left two dead.", user_places=mine)
    saranwal = [m for m in found if m.text == "Saranwal"]
    assert saranwal and saranwal[0].place is None  # listed as unresolved, never another place


@pytest.mark.parametrize("written", ["Shigal district", "Sheigal"])
def test_a_compound_districts_short_name_in_the_press(written: str) -> None:
    got = resolved(f"Mortars landed in {written} of Kunar on Monday.")
    assert got[written][:2] == ("Shigal wa Sheltan", "district")


@pytest.mark.parametrize("town", ["Chaman", "Bannu"])
def test_a_town_is_no_government(town: str) -> None:
    # "X has been ..." makes a country or a capital a government acting, never a town
    assert resolved(f"Trade through {town} has been suspended since Monday.")[town][3] is True
    assert resolved("Kabul has said it will respond.")["Kabul"][3] is False
