"""Validators: national code, legal id, phones, postal code, Sheba, e-mail."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop_app.persian import (
    ValidationError,
    is_valid_national_code,
    postal_code_warnings,
    to_persian_digits,
    validate_email,
    validate_legal_id,
    validate_mobile,
    validate_national_code,
    validate_phone,
    validate_postal_code,
    validate_required,
    validate_service_code,
    validate_sheba,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def message_of(validator: object, text: str | None) -> str:
    assert callable(validator)
    with pytest.raises(ValidationError) as caught:
        validator(text)
    message = caught.value.message
    assert message == to_persian_digits(message) or "IR" in message or "@" in message
    return message


# --- national code -------------------------------------------------------------------


def national_check_digit(nine: str) -> int:
    r = sum(int(nine[i]) * (10 - i) for i in range(9)) % 11
    return r if r < 2 else 11 - r


@st.composite
def national_codes(draw: st.DrawFn) -> str:
    nine = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    code = nine + str(national_check_digit(nine))
    assume(len(set(code)) > 1 and code[3:9] != "000000")
    return code


def test_pinned_national_codes() -> None:
    assert national_check_digit("008457594") == 8
    assert validate_national_code("0084575948") == "0084575948"
    assert validate_national_code("۰۰۸۴۵۷۵۹۴۸") == "0084575948"
    assert validate_national_code(" 008-457594-8 ") == "0084575948"
    assert validate_national_code("84575948") == "0084575948"  # zeros lost in a spreadsheet
    assert validate_national_code("084575948") == "0084575948"
    assert is_valid_national_code("0084575948")
    assert not is_valid_national_code("1111111111")
    assert not is_valid_national_code("0084575949")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "کد ملی را وارد کنید."),
        (None, "کد ملی را وارد کنید."),
        ("1111111111", "کد ملی نمی‌تواند همهٔ رقم‌هایش یکسان باشد."),
        ("0000000000", "کد ملی نمی‌تواند همهٔ رقم‌هایش یکسان باشد."),
        ("0084575949", "رقم کنترل کد ملی درست نیست."),
        ("1234567", "کد ملی باید ۱۰ رقم باشد؛ ۷ رقم وارد شده است."),
        ("00845759480", "کد ملی باید ۱۰ رقم باشد؛ ۱۱ رقم وارد شده است."),
        ("008457594a", "کد ملی فقط باید رقم داشته باشد؛ «a» رقم نیست."),
        ("1230000002", "کد ملی درست نیست: رقم‌های چهارم تا نهم آن نمی‌توانند همه صفر باشند."),
    ],
)
def test_national_code_messages(text: str | None, message: str) -> None:
    assert message_of(validate_national_code, text) == message


@given(national_codes(), st.sampled_from([PERSIAN, ARABIC, str.maketrans("", "")]))
def test_generated_national_codes_validate(code: str, script: dict[int, str]) -> None:
    assert validate_national_code(code.translate(script)) == code
    assert validate_national_code(f" {code[:3]}-{code[3:9]}-{code[9]} ") == code


@given(national_codes(), st.integers(1, 9))
def test_changed_check_digit_fails(code: str, delta: int) -> None:
    wrong = code[:9] + str((int(code[9]) + delta) % 10)
    with pytest.raises(ValidationError):
        validate_national_code(wrong)


@given(national_codes())
def test_padded_codes_validate(code: str) -> None:
    stripped = code.lstrip("0")
    if len(stripped) >= 8:
        assert validate_national_code(stripped) == code


# --- legal id ------------------------------------------------------------------------


def legal_check_digit(ten: str) -> int:
    coefficients = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
    dec = int(ten[9]) + 2
    r = sum((dec + int(ten[i])) * coefficients[i] for i in range(10)) % 11
    return 0 if r == 10 else r


@pytest.mark.parametrize("code", ["10380284790", "10100387143", "77111986110", "18061055669"])
def test_known_legal_ids(code: str) -> None:
    assert validate_legal_id(code) == code
    assert validate_legal_id(code.translate(PERSIAN)) == code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10380284791", "رقم کنترل شناسهٔ ملی درست نیست."),
        ("10380285692", "رقم کنترل شناسهٔ ملی درست نیست."),
        ("11111111111", "رقم کنترل شناسهٔ ملی درست نیست."),
        ("00000000000", "شناسهٔ ملی نمی‌تواند همه صفر باشد."),
        ("1038028479", "شناسهٔ ملی باید ۱۱ رقم باشد؛ ۱۰ رقم وارد شده است."),
        ("", "شناسهٔ ملی را وارد کنید."),
    ],
)
def test_legal_id_messages(text: str, message: str) -> None:
    assert message_of(validate_legal_id, text) == message


@given(st.text(alphabet="0123456789", min_size=10, max_size=10), st.integers(1, 9))
def test_generated_legal_ids(ten: str, delta: int) -> None:
    assume(ten != "0" * 10)
    code = ten + str(legal_check_digit(ten))
    assert validate_legal_id(code) == code
    wrong = code[:10] + str((int(code[10]) + delta) % 10)
    with pytest.raises(ValidationError):
        validate_legal_id(wrong)


# --- mobile and landline -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "+98 912 123 4567",
        "+98 (0) 912 123 4567",
        "0912-123-4567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        " 0912 123 45 67 ",
    ],
)
def test_mobile_forms(text: str) -> None:
    assert validate_mobile(text) == "09121234567"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "شمارهٔ همراه را وارد کنید."),
        ("091212345", "شمارهٔ همراه باید ۱۱ رقم باشد (مثل ۰۹۱۲۱۲۳۴۵۶۷)؛ ۹ رقم وارد شده است."),
        ("02188776655", "شمارهٔ همراه باید با ۰۹ شروع شود؛ مثلاً ۰۹۱۲۱۲۳۴۵۶۷."),
        ("0912123456a", "شمارهٔ همراه فقط باید رقم داشته باشد؛ «a» رقم نیست."),
    ],
)
def test_mobile_messages(text: str, message: str) -> None:
    assert message_of(validate_mobile, text) == message


def test_foreign_mobile_rejected() -> None:
    with pytest.raises(ValidationError, match="ایران"):
        validate_mobile("+1 202 555 0100")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_generated_mobiles(rest: str) -> None:
    expected = "09" + rest
    for text in (expected, "9" + rest, "+989" + rest, "00989" + rest, "989" + rest):
        assert validate_mobile(text) == expected
        assert validate_mobile(text.translate(PERSIAN)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "021-88776655",
        "02188776655",
        "(021) 8877 6655",
        "+98 21 8877 6655",
        "۰۲۱۸۸۷۷۶۶۵۵",
        "2188776655",
    ],
)
def test_phone_forms(text: str) -> None:
    assert validate_phone(text) == "02188776655"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "شمارهٔ تلفن را وارد کنید."),
        ("88776655", "پیش‌شمارهٔ شهر را هم وارد کنید؛ مثلاً ۰۲۱۸۸۷۷۶۶۵۵."),
        ("09121234567", "این شمارهٔ همراه است؛ شمارهٔ تلفن ثابت را با پیش‌شمارهٔ شهر وارد کنید."),
        ("0218877665", "شمارهٔ تلفن باید ۱۱ رقم باشد؛ ۱۰ رقم وارد شده است."),
        ("021887766551", "شمارهٔ تلفن باید ۱۱ رقم باشد؛ ۱۲ رقم وارد شده است."),
        ("12188776655", "شمارهٔ تلفن باید با پیش‌شمارهٔ شهر شروع شود؛ مثلاً ۰۲۱۸۸۷۷۶۶۵۵."),
    ],
)
def test_phone_messages(text: str, message: str) -> None:
    assert message_of(validate_phone, text) == message


# --- postal code, service code -------------------------------------------------------


def test_postal_code() -> None:
    assert validate_postal_code("13189-14581") == "1318914581"
    assert validate_postal_code("۱۳۱۸۹ ۱۴۵۸۱") == "1318914581"
    assert (
        message_of(validate_postal_code, "131851458")
        == "کد پستی باید ۱۰ رقم باشد؛ ۹ رقم وارد شده است."
    )
    assert message_of(validate_postal_code, "") == "کد پستی را وارد کنید."


def test_postal_code_warnings() -> None:
    assert postal_code_warnings("1318914581") == []
    assert postal_code_warnings("۱۳۱۸۹-۱۴۵۸۱") == []
    assert postal_code_warnings("1318912000") == []  # the last five are not checked
    assert len(postal_code_warnings("1028914581")) == 1  # 0 and 2 in the first five
    assert len(postal_code_warnings("1318514581")) == 1  # the fifth digit is 5
    assert len(postal_code_warnings("1028514581")) == 2
    assert len(postal_code_warnings("3333333333")) == 1
    assert len(postal_code_warnings("5555555555")) == 1
    assert postal_code_warnings("123") == []  # validate_postal_code reports that
    for warning in postal_code_warnings("1028514581"):
        assert warning.endswith("بررسی کنید.")


def test_service_code() -> None:
    assert validate_service_code("۱۲۳۴۵۶۷۸۹۰۱") == "12345678901"
    assert (
        message_of(validate_service_code, "1234")
        == "شناسهٔ خدمت باید ۱۱ رقم باشد؛ ۴ رقم وارد شده است."
    )


# --- Sheba ---------------------------------------------------------------------------


def make_sheba(bban: str) -> str:
    """IR + ISO 7064 MOD 97-10 check digits + the 22 digits of ``bban``."""
    check = 98 - int(bban + "182700") % 97
    return f"IR{check:02d}{bban}"


bbans = st.text(alphabet="0123456789", min_size=22, max_size=22)


def test_sheba_generator_matches_iban_arithmetic() -> None:
    sheba = make_sheba("0570028180010653892101")
    assert sheba == "IR" + sheba[2:4] + "0570028180010653892101"
    digits = sheba[4:] + "1827" + sheba[2:4]
    assert int(digits) % 97 == 1


@given(bbans)
def test_generated_sheba_validates(bban: str) -> None:
    sheba = make_sheba(bban)
    assert validate_sheba(sheba) == sheba
    assert validate_sheba(sheba.lower()) == sheba
    assert validate_sheba(sheba[2:]) == sheba  # bare 24 digits
    spaced = " ".join(sheba[i : i + 4] for i in range(0, 26, 4))
    assert validate_sheba(spaced.translate(PERSIAN)) == sheba


@given(bbans, st.integers(2, 25), st.integers(1, 9))
def test_any_single_digit_change_fails(bban: str, position: int, delta: int) -> None:
    sheba = make_sheba(bban)
    changed = sheba[:position] + str((int(sheba[position]) + delta) % 10) + sheba[position + 1 :]
    with pytest.raises(ValidationError) as caught:
        validate_sheba(changed)
    assert "کنترل" in caught.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "شمارهٔ شبا را وارد کنید."),
        ("DE89370400440532013000", "شمارهٔ شبا باید با IR شروع شود."),
        ("IR12345", "شمارهٔ شبا پس از IR باید ۲۴ رقم داشته باشد؛ ۵ رقم وارد شده است."),
        ("IR12 3456 7890 1234 5678 9012 3X", "شمارهٔ شبا پس از IR فقط باید رقم داشته باشد."),
    ],
)
def test_sheba_messages(text: str, message: str) -> None:
    assert message_of(validate_sheba, text) == message


# --- e-mail, required ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ali@example.ir", "ali@example.ir"),
        (" Ali.Rezaei@Example.GOV.IR ", "Ali.Rezaei@example.gov.ir"),
        ("my-name+tag@my-office.co.ir", "my-name+tag@my-office.co.ir"),
        ("user۱۲@mail.ir", "user12@mail.ir"),
    ],
)
def test_email_accepted(text: str, expected: str) -> None:
    assert validate_email(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "وارد کنید"),
        ("ali reza@example.ir", "فاصله"),
        ("علی@example.ir", "لاتین"),
        ("ali.example.ir", "@"),
        ("ali@@example.ir", "@"),
        ("@example.ir", "پیش از @"),
        ("ali@example", "پس از @"),
        ("ali@example..ir", "پس از @"),
        ("ali@-example.ir", "پس از @"),
        ("ali,reza@example.ir", "«,»"),
        (".ali@example.ir", "نقطه"),
    ],
)
def test_email_rejected(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_email(text)
    assert fragment in caught.value.message


def test_required() -> None:
    assert validate_required("  علي  ", "نام") == "علی"
    with pytest.raises(ValidationError) as caught:
        validate_required(" \u200c ", "نام خانوادگی")
    assert caught.value.message == "«نام خانوادگی» را وارد کنید."
    with pytest.raises(ValueError):  # ValidationError is a ValueError
        validate_required(None, "نام")


# --- any text whatsoever -------------------------------------------------------------

_ANY_TEXT = st.text(alphabet=st.characters(), max_size=40) | st.text(
    alphabet="0123456789۰۱۲۳۴۵۶۷۸۹ +-()@.irIR", max_size=30
)


@given(_ANY_TEXT)
def test_validators_either_accept_or_explain(text: str) -> None:
    validators = (
        validate_national_code,
        validate_legal_id,
        validate_mobile,
        validate_phone,
        validate_postal_code,
        validate_sheba,
        validate_service_code,
        validate_email,
    )
    for validator in validators:
        try:
            value = validator(text)
        except ValidationError as error:
            assert error.message
        else:
            assert validator(value) == value  # what is stored validates again
    assert isinstance(postal_code_warnings(text), list)
