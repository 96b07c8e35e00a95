from datetime import date

import pytest

from kg.extract.dates import latest_date, resolve

SUNDAY = date(2025, 4, 13)


@pytest.mark.parametrize(
    "text, future, expected",
    [
        ("met on Saturday", False, "2025-04-12"),
        ("will meet next Saturday", True, "2025-04-19"),
        ("is to meet on Wednesday", True, "2025-04-16"),
        ("convene on Sunday", True, "2025-04-13"),
        ("last month", False, "2025-03"),
        ("in October", False, "2024-10"),
        ("in mid-June", True, "2025-06"),
        ("on Sunday, November 23, 2025", False, "2025-11-23"),
        ("signed in March 2023", False, "2023-03"),
        ("talks began on 25 October", False, "2024-10-25"),
        ("due on the 3rd of May", True, "2025-05-03"),
        ("the 2016 peace deal", False, "2016"),
        ("the handshake 25 years ago", False, "2000"),
        ("a truce signed ten years earlier", False, "2015"),
        ("at war since 2020", False, None),
        ("no date at all", False, None),
    ],
    ids=lambda v: str(v),
)
def test_resolve(text, future, expected):
    assert resolve(text, SUNDAY, future) == expected


def test_relative_dates_stay_unresolved_without_a_publication_date():
    assert resolve("met on Saturday", None, False) is None
    assert resolve("last month", None, False) is None
    assert resolve("on October 7, 2023", None, False) == "2023-10-07"


def test_a_bare_month_takes_the_year_of_the_latest_date_stated_when_there_is_no_date_line():
    body = "The October 7, 2023 attack began the war. The two met in Egypt in October, before the October 7, 2025 anniversary."
    stated = latest_date(body)
    assert stated == date(2025, 10, 7)
    assert resolve("they met in Egypt in October", None, False, stated) == "2025-10"
    assert resolve("they met on Monday", None, False, stated) is None  # a weekday needs the publication date
