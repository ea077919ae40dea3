"""Whole numbers from requests: only ASCII digits of bounded length, never a crash (pure, then over HTTP)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.labs.models import Lab
from talkshow_app.numbers import MAX_ID, coerce_id, parse_id, parse_int, require_int
from tests.labs.conftest import make_discipline  # noqa: F401  (a fixture the lab form needs)
from tests.labs.test_manage import choices, valid_form  # noqa: F401  (fixture and form data)

ODD = [
    "²",  # superscript two: "²".isdigit() is True, int("²") raises
    "٣",  # Arabic-Indic three: int() reads it as 3
    "١٢",
    "३",  # Devanagari three
    "１２",  # full-width digits
    "1e3",
    " 1",
    "1 ",
    "1\n",
    "+1",
    "1_000",
    "0x10",
    "1.0",
    str(10**30),
    "9" * 5000,
    "",
    "-",
    "--1",
]


def arabic_indic(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


@pytest.mark.parametrize("text", ODD + ["-1", None, 3, b"3", ["3"]])
def test_only_plain_ascii_digits_in_range_are_numbers(text):
    assert parse_int(text, lowest=0, highest=10**12, max_digits=12) is None
    with pytest.raises(ValueError):
        require_int(text, lowest=0, highest=10**12, max_digits=12)


def test_plain_numbers_are_read_within_their_bounds():
    assert parse_int("0", lowest=0, highest=10) == 0
    assert parse_int("007", lowest=0, highest=10) == 7
    assert parse_int("10", lowest=0, highest=10) == 10
    assert parse_int("11", lowest=0, highest=10) is None
    assert parse_int("1899", lowest=1900, highest=2200) is None
    assert parse_int("-3", lowest=-5, highest=5) == -3  # a sign only where the range allows negatives
    assert parse_int("-3", lowest=0, highest=5) is None
    assert parse_int("123456789", lowest=0, highest=10**12) == 123456789
    assert parse_int("1234567890", lowest=0, highest=10**12) is None  # more than max_digits (9)
    assert require_int("42", lowest=0, highest=100) == 42


def test_ids_fit_a_database_integer():
    assert parse_id("1") == 1 and parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id("0") is None and parse_id(str(MAX_ID + 1)) is None and parse_id("٣") is None
    assert coerce_id(5) == 5 and coerce_id("5") == 5 and coerce_id("0") == 0
    for bad in ("٣", "²", " 5", "5.0", str(MAX_ID + 1), None, True):
        with pytest.raises(ValueError):
            coerce_id(bad)


@given(st.text(max_size=40))
def test_any_text_is_a_number_in_range_or_none_and_never_raises(text):
    value = parse_int(text, lowest=-50, highest=5000, max_digits=6)
    if value is None:
        return
    assert -50 <= value <= 5000
    assert text.isascii() and text.lstrip("-").isdigit() and str(value) == str(int(text))


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_every_plain_number_in_range_is_read_back(number):
    assert parse_int(str(number), lowest=0, highest=10**9) == number


@pytest.mark.parametrize("raw", ["²:1", "1:²", "٣:1", "1:٣", "99999999999999999999999:1", "1:99999999999999999999999", ":", "x"])
def test_an_odd_user_id_in_the_session_means_logged_out_not_a_500(client, make_user, raw):
    make_user(role=Role.EDITOR)
    with client.session_transaction() as session:
        session["_user_id"] = raw
        session["_fresh"] = True
    response = client.get("/organiser/archive")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("field", ["student_capacity", "start_year"])
def test_lab_numbers_in_other_scripts_are_refused(client, db, login, make_user, choices, field):
    login(make_user(role=Role.ORGANISER))
    value = arabic_indic(30 if field == "student_capacity" else 2021)
    response = client.post("/organiser/labs/new", data=valid_form(choices, **{field: value}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and "Vul een heel getal in." in page
    assert db.session.scalar(select(func.count(Lab.id))) == 0


def test_lab_choices_by_id_in_other_scripts_are_refused(client, db, login, make_user, choices):
    login(make_user(role=Role.ORGANISER))
    response = client.post("/organiser/labs/new", data=valid_form(choices, themes=[arabic_indic(choices["theme"].id)]))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="themes-error"' in page and "Kies uit de lijst." in page
    assert db.session.scalar(select(func.count(Lab.id))) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/organiser/archive/99999999999999999999999",
        "/organiser/archive/" + str(MAX_ID + 1),
        "/organiser/talkshows/99999999999999999999999",
        "/organiser/questions/99999999999999999999999",
        "/organiser/offers/99999999999999999999999/edit",
        "/organiser/archive/٣",
        "/organiser/archive/²",
    ],
)
def test_ids_in_paths_that_no_database_holds_are_not_found(client, login, make_user, path):
    login(make_user(role=Role.ADMIN))
    assert client.get(path).status_code == 404
