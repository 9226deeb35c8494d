"""GB 11643 resident ID numbers and GB 32100 unified social credit codes, checked against
python-stdnum's check-digit arithmetic as an independent implementation. Where stdnum's
``validate`` is stricter or looser than the standards, a test here shows it and says why we differ."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import stdnum.cn.ric
import stdnum.cn.uscc
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat

from intake import ids
from intake.errors import IdentifierError

CJK = re.compile(r"[\u4e00-\u9fff]")
DIGITS = "0123456789"
FULL_WIDTH = str.maketrans(DIGITS + "X", "０１２３４５６７８９Ｘ")
TODAY = dt.date(2017, 6, 1)


def make_id(area: str, born: dt.date, seq: str = "002") -> str:
    first17 = f"{area}{born:%Y%m%d}{seq}"
    return first17 + ids.id_check_char(first17)


def make_uscc(body: str) -> str:
    return body + ids.uscc_check_char(body)


def refused_id(text: str, today: dt.date | None = None) -> str:
    """The Chinese message validate_id_number refuses ``text`` with."""
    with pytest.raises(IdentifierError) as info:
        ids.validate_id_number(text, today)
    assert CJK.search(info.value.message), info.value.message
    return info.value.message


def refused_uscc(text: str) -> str:
    with pytest.raises(IdentifierError) as info:
        ids.validate_uscc(text)
    assert CJK.search(info.value.message), info.value.message
    return info.value.message


# -- strategies ------------------------------------------------------------------------------

areas = st.text(DIGITS, min_size=6, max_size=6)
birth_dates = st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2017, 5, 31))
sequences = st.text(DIGITS, min_size=3, max_size=3)
first17s = st.text(DIGITS, min_size=17, max_size=17)
valid_ids = st.builds(make_id, areas, birth_dates, sequences)

uscc_bodies = st.builds(
    lambda head, region, org: head + region + org,
    st.text(ids.USCC_ALPHABET, min_size=2, max_size=2),
    st.text(DIGITS, min_size=6, max_size=6),
    st.text(ids.USCC_ALPHABET, min_size=9, max_size=9),
)
valid_usccs = st.builds(make_uscc, uscc_bodies)


# -- GB 11643: the check character against stdnum ---------------------------------------------


@given(first17s)
def test_id_check_char_agrees_with_stdnum(first17: str) -> None:
    # stdnum's calc_check_digit takes the whole number and ignores its last character.
    assert ids.id_check_char(first17) == stdnum.cn.ric.calc_check_digit(first17 + "0")


@given(valid_ids)
def test_every_number_with_the_right_check_character_is_accepted(number: str) -> None:
    assert ids.validate_id_number(number, TODAY) == number
    assert stdnum.cn.ric.calc_check_digit(number) == number[-1]


@given(valid_ids, st.sampled_from(ids._ID_CHECK))
def test_any_other_check_character_is_refused(number: str, wrong: str) -> None:
    assume(wrong != number[-1])
    assert "校验码" in refused_id(number[:17] + wrong, TODAY)


@given(valid_ids, st.integers(0, 16), st.sampled_from(DIGITS))
def test_a_single_mistyped_digit_is_always_caught(number: str, where: int, digit: str) -> None:
    assume(number[where] != digit)
    refused_id(number[:where] + digit + number[where + 1 :], TODAY)


@given(valid_ids, st.integers(0, 15))
def test_swapped_neighbouring_digits_are_always_caught(number: str, where: int) -> None:
    a, b = number[where], number[where + 1]
    assume(a != b)
    refused_id(number[:where] + b + a + number[where + 2 :], TODAY)


@given(valid_ids)
def test_full_width_digits_and_lower_case_x_are_normalised(number: str) -> None:
    typed = number.translate(FULL_WIDTH).lower()
    assert ids.validate_id_number(typed, TODAY) == number


def test_known_numbers() -> None:
    # From ../shared/cases: check characters 1, 4 and X.
    assert ids.validate_id_number("350583199503140021") == "350583199503140021"
    assert ids.validate_id_number("352201199309210154") == "352201199309210154"
    x = make_id("350102", dt.date(1990, 1, 1), "018")
    assert x.endswith("X"), x  # a number whose check character is X
    assert ids.validate_id_number(x.lower()) == x
    assert ids.validate_id_number(x[:6] + " " + x[6:]) == x  # spaces typed by the clerk go


def test_check_char_x_stands_for_ten() -> None:
    first17 = "35010219900101018"
    total = sum(int(c) * (2 ** (17 - i)) for i, c in enumerate(first17))
    assert (total + 10) % 11 == 1  # ISO 7064 MOD 11-2: the whole number with X=10 sums to 1
    assert ids.id_check_char(first17) == "X"


# -- GB 11643: what is refused ----------------------------------------------------------------


@pytest.mark.parametrize("length", [0, 15, 17, 19])
def test_wrong_length_is_refused(length: str) -> None:
    number = "350583199503140021" * 2
    assert "18 位" in refused_id(number[:length])


def test_first_generation_15_digit_numbers_are_refused() -> None:
    assert "18 位" in refused_id("350583950314002")


@pytest.mark.parametrize("text", ["35058319950314A021", "3505831995031400YX", "O50583199503140021"])
def test_letters_in_the_first_17_are_refused(text: str) -> None:
    assert "前 17 位" in refused_id(text)


@pytest.mark.parametrize("last", ["A", "Y", "*", "-"])
def test_only_a_digit_or_x_may_close_the_number(last: str) -> None:
    assert "第 18 位" in refused_id("35058319950314002" + last)


@pytest.mark.parametrize("born", ["19950230", "19950229", "19951301", "19950001", "19950431", "00000000"])
def test_birth_dates_that_do_not_exist_are_refused(born: str) -> None:
    first17 = "350583" + born + "002"
    message = refused_id(first17 + ids.id_check_char(first17))
    assert born in message and "不存在" in message


def test_leap_day_is_a_real_birth_date() -> None:
    number = make_id("350583", dt.date(1996, 2, 29))
    assert ids.validate_id_number(number, TODAY) == number


def test_future_and_same_day_births_are_refused_given_today() -> None:
    tomorrow = make_id("350583", TODAY + dt.timedelta(days=1))
    assert "不合理" in refused_id(tomorrow, TODAY)
    assert "不合理" in refused_id(make_id("350583", TODAY), TODAY)
    yesterday = make_id("350583", TODAY - dt.timedelta(days=1))
    assert ids.validate_id_number(yesterday, TODAY) == yesterday
    # Without a day to compare with, only the calendar is checked (the models compare with the
    # application date instead: see test_models).
    assert ids.validate_id_number(tomorrow) == tomorrow


def test_implausibly_old_birth_years_are_refused() -> None:
    assert "不合理" in refused_id(make_id("350583", dt.date(1849, 12, 31)))
    assert ids.validate_id_number(make_id("350583", dt.date(1850, 1, 1)))


def test_birth_date_is_read_from_positions_7_to_14() -> None:
    assert ids.id_birth_date("350583199503140021") == dt.date(1995, 3, 14)


def test_mask_shows_division_and_last_four() -> None:
    assert ids.mask_id_number("350583199503140021") == "350583********0021"


# -- GB 11643: where stdnum's validate differs from the standard -------------------------------


def test_stdnum_refuses_elderly_applicants_born_before_their_county_code_existed() -> None:
    # 南安市 (350583) got its code in 1993; people born there in 1950 were issued numbers with
    # the code current when the number was issued, which GB 11643 allows. stdnum checks the birth
    # year against the code's lifetime and refuses them.
    elderly = make_id("350583", dt.date(1950, 5, 5))
    with pytest.raises(InvalidComponent):
        stdnum.cn.ric.validate(elderly)
    assert stdnum.cn.ric.calc_check_digit(elderly) == elderly[-1]  # the arithmetic agrees
    assert ids.validate_id_number(elderly, TODAY) == elderly
    gulou = make_id("350102", dt.date(1960, 1, 1))  # 福州市鼓楼区: code since 1983
    with pytest.raises(InvalidComponent):
        stdnum.cn.ric.validate(gulou)
    assert ids.validate_id_number(gulou, TODAY) == gulou


def test_stdnum_refuses_division_codes_missing_from_its_table() -> None:
    # A code stdnum's table does not know (retired before the table, or newer than it) is still
    # a well-formed GB 11643 number. stdnum 2.2 even raises KeyError here instead of a
    # ValidationError, for a code inside a known province.
    unknown = make_id("359999", dt.date(1990, 1, 1))
    with pytest.raises((InvalidComponent, KeyError)):
        stdnum.cn.ric.validate(unknown)
    assert ids.validate_id_number(unknown, TODAY) == unknown


def test_stdnum_accepts_birth_dates_in_the_future() -> None:
    # stdnum is looser: it does not compare the birth date with any day; we do when given one.
    future = make_id("350583", dt.date(2030, 1, 1))
    assert stdnum.cn.ric.validate(future) == future
    refused_id(future, TODAY)


def test_stdnum_agrees_on_a_wrong_check_character() -> None:
    with pytest.raises(InvalidChecksum):
        stdnum.cn.ric.validate("350583199503140022")
    refused_id("350583199503140022")


# -- GB 32100: the check character against stdnum --------------------------------------------


@given(uscc_bodies)
def test_uscc_check_char_agrees_with_stdnum(body: str) -> None:
    assert ids.uscc_check_char(body) == stdnum.cn.uscc.calc_check_digit(body)


@given(valid_usccs)
def test_every_code_with_the_right_check_character_is_accepted(code: str) -> None:
    assert ids.validate_uscc(code) == code


@given(valid_usccs, st.sampled_from(ids.USCC_ALPHABET))
def test_any_other_uscc_check_character_is_refused(code: str, wrong: str) -> None:
    assume(wrong != code[-1])
    assert "校验码" in refused_uscc(code[:17] + wrong)


@given(valid_usccs, st.integers(0, 16), st.sampled_from(ids.USCC_ALPHABET))
def test_a_single_mistyped_uscc_character_is_always_caught(code: str, where: int, symbol: str) -> None:
    assume(code[where] != symbol)
    refused_uscc(code[:where] + symbol + code[where + 1 :])


@given(valid_usccs)
def test_uscc_lower_case_and_full_width_are_normalised(code: str) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)  # ASCII → full-width forms
    assert ids.validate_uscc(code.lower()) == code
    assert ids.validate_uscc(full_width) == code


@given(valid_usccs.filter(lambda c: c[:8].isdigit()))
def test_stdnum_validate_agrees_on_codes_with_digit_heads(code: str) -> None:
    assert stdnum.cn.uscc.validate(code) == ids.validate_uscc(code)


def test_known_codes() -> None:
    assert ids.validate_uscc("91350502MA2YC8LN0Y") == "91350502MA2YC8LN0Y"
    assert ids.validate_uscc("91110000600037341L") == "91110000600037341L"  # stdnum's own example


@pytest.mark.parametrize("head", ["N1", "N2", "N3", "Y1", "A1", "G1"])
def test_letter_registration_authority_is_accepted_where_stdnum_refuses(head: str) -> None:
    # GB 32100 position 1 is the registration-authority code, which is a letter for some
    # authorities: N for agriculture (village collective economic organisations), Y for others.
    # stdnum demands 8 leading digits.
    code = make_uscc(head + "350502" + "MA2YC8LN0")
    with pytest.raises(InvalidFormat):
        stdnum.cn.uscc.validate(code)
    assert stdnum.cn.uscc.calc_check_digit(code) == code[-1]  # the arithmetic agrees
    assert ids.validate_uscc(code) == code


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_outside_the_alphabet_are_refused(letter: str) -> None:
    assert "不允许的字符" in refused_uscc("91350502MA2YC8LN0" + letter)
    assert "不允许的字符" in refused_uscc("9135050" + letter + "MA2YC8LN0Y")


def test_division_part_must_be_digits() -> None:
    assert "行政区划" in refused_uscc(make_uscc("9135A502MA2YC8LN0"))


@pytest.mark.parametrize("length", [0, 9, 17, 19])
def test_uscc_wrong_length_is_refused(length: int) -> None:
    assert "18 位" in refused_uscc(("91350502MA2YC8LN0Y" * 2)[:length])


def test_a_pre_2015_organisation_code_is_not_a_credit_code() -> None:
    assert "18 位" in refused_uscc("MA2YC8LN-0")


# -- division codes ---------------------------------------------------------------------------


def test_division_codes() -> None:
    assert ids.validate_division("350502", 6, "县级行政区划代码") == "350502"
    assert ids.validate_division("３５０５０２００１", 9, "乡镇（街道）代码") == "350502001"
    for bad in ["35050", "3505020", "35050A", "", "350502001"]:
        with pytest.raises(IdentifierError) as info:
            ids.validate_division(bad, 6, "县级行政区划代码")
        assert info.value.message == "县级行政区划代码应为 6 位数字"
