"""Personal data in free text: dates of birth, full names and home addresses refused; places and event dates
kept. Both directions, on real-looking (invented) panel text."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.personal_data import Kind, find_personal_data, first_names

TODAY = date(2026, 11, 23)

DOB, NAME, ADDRESS = Kind.DATE_OF_BIRTH, Kind.FULL_NAME, Kind.ADDRESS

REFUSED: list[tuple[str, Kind, str]] = [
    ("(DOB 03/04/2011)", DOB, "DOB 03/04/2011"),
    ("dob: 3/4/11", DOB, "dob: 3/4/11"),
    ("D.O.B. 03.04.2011", DOB, "D.O.B. 03.04.2011"),
    ("date of birth 3 April 2011", DOB, "date of birth 3 April 2011"),
    ("Birth date unknown", DOB, "Birth date unknown"),
    ("seen with a boy, 03/04/2011", DOB, "03/04/2011"),
    ("3.4.11", DOB, "3.4.11"),
    ("03-04-2011", DOB, "03-04-2011"),
    ("2011-04-03", DOB, "2011-04-03"),
    ("2011/04/03", DOB, "2011/04/03"),
    ("3rd April 2011", DOB, "3rd April 2011"),
    ("the 3rd of April 2011", DOB, "3rd of April 2011"),
    ("April 3 2011", DOB, "April 3 2011"),
    ("April 3rd, 2011", DOB, "April 3rd, 2011"),
    ("3 Apr 11", DOB, "3 Apr 11"),
    ("born 2011", DOB, "born 2011"),
    ("she was born on 3 April", DOB, "born on 3 April"),
    ("born in March 2012", DOB, "born in March 2012"),
    ("his birthday is 14th May", DOB, "birthday is 14th May"),
    ("ref 03042011", DOB, "03042011"),
    ("20110403", DOB, "20110403"),
    ("12/11/2009 is when he came to the UK", DOB, "12/11/2009"),
    ("Jayden Smith's group", NAME, "Jayden Smith's"),
    ("home of Jayden Smith", NAME, "Jayden Smith"),
    ("Amara Okafor and two friends", NAME, "Amara Okafor"),
    ("with Tyrone O'Neill", NAME, "Tyrone O'Neill"),
    ("the JAYDEN SMITH crew", NAME, "JAYDEN SMITH"),
    ("Jayden P. Smith", NAME, "Jayden P. Smith"),
    ("older males including Kyle McDonald", NAME, "Kyle McDonald"),
    ("Mohammed Ali's car", NAME, "Mohammed Ali's"),
    ("Olivia Brown-Hughes was missing overnight", NAME, "Olivia Brown-Hughes"),
    ("Zuzanna Kowalska's brother", NAME, "Zuzanna Kowalska's"),
    ("the flat Liam Murphy rents", NAME, "Liam Murphy"),
    ("Ayesha Khan, Year 10", NAME, "Ayesha Khan"),
    ("12 Acacia Ave", ADDRESS, "12 Acacia Ave"),
    ("home of Jayden Smith, 12 Acacia Ave", ADDRESS, "12 Acacia Ave"),
    ("Flat 3, 4 Mill Road", ADDRESS, "Flat 3"),
    ("they meet at 27 Downs Park Road", ADDRESS, "27 Downs Park Road"),
    ("at 4b Sandringham Road", ADDRESS, "4b Sandringham Road"),
    ("apartment 12 in the new block", ADDRESS, "apartment 12"),
    ("cuckooing at 56, Wilton Way", ADDRESS, "56, Wilton Way"),
    ("1 Kingsland High Street", ADDRESS, "1 Kingsland High Street"),
]

KEPT: list[str] = [
    "Fields Estate",
    "Stairwell, block C, Fields Estate",
    "Fields Estate, E8",
    "London Fields",
    "Victoria Park",
    "Mile End",
    "St Mary's School",
    "St. Mary's Church youth club",
    "Burger King on the High Street",
    "the skate park",
    "Westfield shopping centre",
    "the 254 bus",
    "the 38 and 242 buses along Mare Street",
    "route 55 from Old Street",
    "Year 9 pupils",
    "Year 10 girls from Grace Academy",
    "Victoria Line platform at Highbury",
    "Queen Elizabeth Hospital",
    "Jack Petchey Centre",
    "Chelsea Football Club fans",
    "Kings Cross station",
    "Rose Garden in Clissold Park",
    "the Elizabeth Line",
    "meeting on 03/12/2026",
    "incident on 14.10.2025 at 10.30",
    "review on 2027-01-05",
    "from 1 March 2025 to 30 June 2025",
    "Friday 4th December",
    "met on 3 April",
    "after the 21st of November",
    "three boys aged 14 and 15",
    "born and raised in Hackney",
    "YP-100234 and CS123456 were seen together",
    "Police ref 01/234567/26",
    "CAD 1234 28/10/26",
    "open 24/7",
    "between 3 and 4 pm",
    "2 adults, 3 young people",
    "about 12 young people on Mare Street",
    "three flats on Acacia Avenue",
    "a flat on Acacia Avenue",
    "the youth worker and the DSL",
    "Youth Service, Children's Social Care",
    "Hackney Police",
    "Education",
    "Amara",
    "A boy called Jayden",
    "Mark the date",
    "Will attend the next panel",
    "Grace period ended",
    "The Rio Ferdinand Foundation",
    "£20 a day",
    "version 2.3.1",
    "Ofsted 2019 report",
    "since 2011 the estate has had problems",
    "E8",
    "Clissold Park, N16 9HJ",
    "Hackney Downs, E5 8NP",
    "the McDonald's on Mare Street",
    "Lidl car park",
    "the canal towpath near Broadway Market",
    "Snapchat group \u201cE5 ting\u201d",
    "CCTV shows 15 young people at 21:00",
    "Amber Rating agreed at the last panel",
    "Summer Holidays programme at the leisure centre",
    "Grace Period for the tenancy",
]


@pytest.mark.parametrize(("text", "kind", "shown"), REFUSED, ids=[t for t, _, _ in REFUSED])
def test_personal_data_is_found(text: str, kind: Kind, shown: str) -> None:
    found = find_personal_data(text, today=TODAY)
    assert found is not None, text
    assert found.kind is kind
    assert found.text == shown


@pytest.mark.parametrize("text", KEPT)
def test_places_and_event_dates_are_kept(text: str) -> None:
    assert find_personal_data(text, today=TODAY) is None


def test_the_table_is_broad() -> None:
    assert len(REFUSED) + len(KEPT) >= 60
    assert {kind for _, kind, _ in REFUSED} == set(Kind)


def test_a_date_is_a_possible_birth_date_only_in_a_young_persons_lifetime() -> None:
    assert find_personal_data("03/04/2011", today=TODAY) is not None
    assert find_personal_data("03/04/2011", today=date(2040, 1, 1)) is None  # 28 years back: an event
    assert find_personal_data("03/04/2025", today=TODAY) is None  # last year: an event
    assert find_personal_data("03/04/2025", today=date(2031, 1, 1)) is not None


def test_the_first_names_are_a_curated_list_of_a_few_hundred() -> None:
    names = first_names()
    assert 300 <= len(names) <= 1000
    assert {"jayden", "amara", "mohammed", "olivia", "zuzanna"} <= names
