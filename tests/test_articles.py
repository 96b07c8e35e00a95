from datetime import date

import pytest

from kg.articles import parse_date_line, read_article
from kg.errors import KgError


def test_headline_byline_and_date_line_are_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Talks Resume in Doha\nBy Sara Lee\nApril 13, 2025\n\nThe talks resumed on Sunday.\n")
    article = read_article(path)
    assert article.headline == "Talks Resume in Doha"
    assert article.byline == "Sara Lee"
    assert article.published == date(2025, 4, 13)
    assert len(article.body) == len(article.text)
    assert "Sara Lee" not in article.body and "The talks resumed" in article.body


def test_a_byline_is_the_line_above_the_date_even_when_the_same_words_came_before(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Talks Resume in Doha\nNews Desk\nNews Desk\nApril 13, 2025\n\nThe talks resumed on Sunday.\n")
    article = read_article(path)
    assert article.byline == "News Desk" and article.published == date(2025, 4, 13)
    assert article.body.count("News Desk") == 1  # the line above the date is blanked; the one before stays text


def test_a_date_on_the_first_line_is_the_date_not_a_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("September 7, 2025\nThe envoys met on Sunday in Lima.\n")
    article = read_article(path)
    assert (article.headline, article.published) == (None, date(2025, 9, 7))


def test_published_option_is_used_only_without_a_date_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The talks resumed on Sunday.\n")
    assert read_article(path, date(2024, 1, 2)).published == date(2024, 1, 2)
    assert read_article(path).published is None


@pytest.mark.parametrize(
    "line, expected",
    [("11/23/2025", date(2025, 11, 23)), ("May 26, 2024", date(2024, 5, 26)), ("2024-05-26", date(2024, 5, 26)), ("Talks go on", None)],
    ids=["us-slashes", "month-name", "iso", "not-a-date"],
)
def test_date_lines(line, expected):
    assert parse_date_line(line) == expected


def test_invalid_utf8_names_the_byte(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Caf\xe9 talks")
    with pytest.raises(KgError) as err:
        read_article(path)
    assert str(err.value) == f"{path}: byte 3: invalid UTF-8 (0xe9)"


def test_empty_article_is_an_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    with pytest.raises(KgError, match="empty article"):
        read_article(path)


def test_line_col_points_into_the_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nSecond line here.\n")
    article = read_article(path)
    assert article.line_col(article.text.index("here")) == (3, 13)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Published: June 3, 2025", "2025-06-03"),
        ("Updated on Oct. 19, 2022", "2022-10-19"),
        ("Tue, Jun 3, 2025", "2025-06-03"),
        ("Sunday, November 23, 2025", "2025-11-23"),
        ("11/23/2025", "2025-11-23"),
        ("June 3, 2025, the talks began", None),
    ],
)
def test_labelled_and_abbreviated_date_lines(line, expected):
    found = parse_date_line(line)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    "lead",
    [
        "MUSCAT, Oman (AP) — Negotiators met on Monday.",
        "QUITO, March 4 (Reuters) - Negotiators met on Monday.",
        "QUITO, Mar. 4th  (Reuters) – Negotiators met on Monday.",
        "QUITO, March 4. /TASS/. Negotiators met on Monday.",
        "QUITO, Ecuador (REUTERS, AFP) - Negotiators met on Monday.",
        "ADDIS ABABA, Ethiopia, Nov. 14, 2024 (AFP) — Negotiators met on Monday.",
        "JEDDAH - Negotiators met on Monday.",
        "LIMA, PERU | Andina | Negotiators met on Monday.",
    ],
)
def test_a_wire_dateline_is_no_part_of_the_lead(tmp_path, lead):
    path = tmp_path / "a.txt"
    path.write_text(f"Talks resume\nMarch 4, 2025\n\n{lead}\nNATO - the alliance said nothing.\n", encoding="utf-8")
    article = read_article(path)
    assert article.text == path.read_text(encoding="utf-8") and len(article.body) == len(article.text)
    start = article.text.index(lead)
    assert article.body[start:].lstrip().startswith("Negotiators met on Monday.")
    assert "NATO - the alliance" in article.body  # only the lead's first words can be a dateline
    assert article.dateline == lead.split(",")[0].split(" -")[0].split(" |")[0].title()
