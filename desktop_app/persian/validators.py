"""Validators for the codes and numbers clerks type: national code, legal-entity id,
mobile and landline numbers, postal code, Sheba, service code, e-mail, required fields.

Each ``validate_*`` function takes the raw text as typed (any digit script, spaces around
or inside, dashes; parentheses too in phone numbers) and returns the value as stored
(Latin digits, no separators), or raises ``ValidationError`` whose ``message`` tells the
clerk in Persian exactly what is wrong. Empty text raises "... را وارد کنید."; a caller
whose field is optional checks for empty text before validating.

Pure functions without shared state: any thread may call them.
"""

from __future__ import annotations

import re

from .bidi import isolate
from .digits import to_ascii_digits, to_persian_digits
from .errors import ValidationError
from .text import ZWJ, ZWNJ, normalize, normalize_code

__all__ = [
    "is_valid_national_code",
    "postal_code_warnings",
    "validate_email",
    "validate_legal_id",
    "validate_mobile",
    "validate_national_code",
    "validate_phone",
    "validate_postal_code",
    "validate_required",
    "validate_service_code",
    "validate_sheba",
]

_LEGAL_ID_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_DOMAIN_LABEL = re.compile(r"[^\W_]+(?:-+[^\W_]+)*")
_LOCAL_PUNCTUATION = ".!#$%&'*+-/=?^_`{|}~"

EMAIL_EXAMPLE = isolate("name@example.ir")


def _fa(value: object) -> str:
    return to_persian_digits(value)


def _digits(text: str | None, label: str) -> str:
    """Clean ``text`` like ``normalize_code`` and insist on digits only."""
    code = normalize_code(text)
    if not code:
        raise ValidationError(f"{label} را وارد کنید.")
    if not (code.isascii() and code.isdigit()):
        bad = next(c for c in code if not ("0" <= c <= "9"))
        raise ValidationError(f"{label} فقط باید رقم داشته باشد؛ «{bad}» رقم نیست.")
    return code


def _exact_length(code: str, label: str, length: int) -> str:
    if len(code) != length:
        raise ValidationError(
            f"{label} باید {_fa(length)} رقم باشد؛ {_fa(len(code))} رقم وارد شده است."
        )
    return code


def _national_code_check(code: str) -> int:
    """The check digit the first nine digits of a national code call for."""
    r = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return r if r < 2 else 11 - r


def validate_national_code(text: str | None) -> str:
    """Validate a national code (کد ملی) and return its ten digits.

    Eight or nine digits are taken as a code that lost its leading zeros (a spreadsheet
    does that) and are padded. Rejected: other lengths, non-digits, ten equal digits,
    codes whose six digits after the three-digit city prefix are all zero, and a wrong
    check digit.
    """
    label = "کد ملی"
    code = _digits(text, label)
    if not 8 <= len(code) <= 10:
        _exact_length(code, label, 10)
    code = code.zfill(10)
    if len(set(code)) == 1:
        raise ValidationError("کد ملی نمی‌تواند همهٔ رقم‌هایش یکسان باشد.")
    if code[3:9] == "000000":
        raise ValidationError("کد ملی درست نیست: رقم‌های چهارم تا نهم آن نمی‌توانند همه صفر باشند.")
    if int(code[9]) != _national_code_check(code):
        raise ValidationError("رقم کنترل کد ملی درست نیست.")
    return code


def is_valid_national_code(text: str | None) -> bool:
    """True when ``validate_national_code`` accepts ``text``."""
    try:
        validate_national_code(text)
    except ValidationError:
        return False
    return True


def validate_legal_id(text: str | None) -> str:
    """Validate the national id of a legal entity (شناسهٔ ملی اشخاص حقوقی), 11 digits."""
    label = "شناسهٔ ملی"
    code = _exact_length(_digits(text, label), label, 11)
    if code == "0" * 11:
        raise ValidationError("شناسهٔ ملی نمی‌تواند همه صفر باشد.")
    digits = [int(c) for c in code]
    dec = digits[9] + 2
    r = sum((dec + digits[i]) * _LEGAL_ID_COEFFICIENTS[i] for i in range(10)) % 11
    if (0 if r == 10 else r) != digits[10]:
        raise ValidationError("رقم کنترل شناسهٔ ملی درست نیست.")
    return code


def _without_iran_prefix(text: str | None, label: str) -> str:
    """Digits of a phone number with +98 / 0098 / 98 turned into the leading 0."""
    stripped = normalize_code(text).replace("(", "").replace(")", "")
    plus = stripped.startswith("+")
    code = _digits(stripped.removeprefix("+"), label)
    if plus or code.startswith("00"):
        code = code.removeprefix("00")
        if not code.startswith("98"):
            raise ValidationError(f"فقط {label} ایران پذیرفته می‌شود (پیش‌شمارهٔ ‎+98).")
        return "0" + code[2:].removeprefix("0")
    return code


def validate_mobile(text: str | None) -> str:
    """Validate a mobile number and return it as ``09XXXXXXXXX``.

    Accepts ``09121234567``, ``9121234567``, ``+989121234567``, ``00989121234567``,
    ``989121234567``, with spaces, dashes or parentheses, in any digit script.
    """
    label = "شمارهٔ همراه"
    code = _without_iran_prefix(text, label)
    if len(code) == 12 and code.startswith("989"):
        code = "0" + code[2:]
    elif len(code) == 10 and code.startswith("9"):
        code = "0" + code
    if len(code) != 11:
        raise ValidationError(
            f"شمارهٔ همراه باید ۱۱ رقم باشد (مثل ۰۹۱۲۱۲۳۴۵۶۷)؛ {_fa(len(code))} رقم وارد شده است."
        )
    if not code.startswith("09"):
        raise ValidationError("شمارهٔ همراه باید با ۰۹ شروع شود؛ مثلاً ۰۹۱۲۱۲۳۴۵۶۷.")
    return code


def validate_phone(text: str | None) -> str:
    """Validate a landline number with its area code and return 11 digits (``02188776655``).

    Accepts dashes, spaces, parentheses and +98 / 0098. Mobile numbers are rejected:
    they have their own field and ``validate_mobile``.
    """
    label = "شمارهٔ تلفن"
    code = _without_iran_prefix(text, label)
    if len(code) == 12 and code.startswith("98"):
        code = "0" + code[2:]  # 98 without + or 00
    elif len(code) == 10 and not code.startswith("0"):
        code = "0" + code  # the area code lost its leading zero
    if code.startswith("09"):
        raise ValidationError("این شمارهٔ همراه است؛ شمارهٔ تلفن ثابت را با پیش‌شمارهٔ شهر وارد کنید.")
    if len(code) == 8 and not code.startswith("0"):
        raise ValidationError("پیش‌شمارهٔ شهر را هم وارد کنید؛ مثلاً ۰۲۱۸۸۷۷۶۶۵۵.")
    _exact_length(code, label, 11)
    if not code.startswith("0") or code[1] not in "12345678":
        raise ValidationError("شمارهٔ تلفن باید با پیش‌شمارهٔ شهر شروع شود؛ مثلاً ۰۲۱۸۸۷۷۶۶۵۵.")
    return code


def validate_postal_code(text: str | None) -> str:
    """Validate a postal code (کد پستی): exactly ten digits."""
    label = "کد پستی"
    return _exact_length(_digits(text, label), label, 10)


def postal_code_warnings(code: str) -> list[str]:
    """Doubts about a ten-digit postal code, as Persian sentences; empty when none.

    No official rule for postal codes is published; these are the structural habits of
    real codes (the first five digits have no 0 and no 2, the fifth is not 5, the code is
    not one digit repeated), so they only warn. Text that is not ten digits gives no
    warnings: ``validate_postal_code`` reports it.
    """
    code = normalize_code(code)
    if len(code) != 10 or not (code.isascii() and code.isdigit()):
        return []
    warnings: list[str] = []
    if len(set(code)) == 1:
        warnings.append("همهٔ رقم‌های کد پستی یکسان است؛ کد را دوباره بررسی کنید.")
    elif "0" in code[:5] or "2" in code[:5]:
        warnings.append("در پنج رقم اول کد پستی معمولاً ۰ و ۲ نمی‌آید؛ کد را دوباره بررسی کنید.")
    if code[4] == "5" and len(set(code)) > 1:
        warnings.append("رقم پنجم کد پستی معمولاً ۵ نیست؛ کد را دوباره بررسی کنید.")
    return warnings


def validate_sheba(text: str | None) -> str:
    """Validate an Iranian IBAN (شمارهٔ شبا) and return ``IR`` + 24 digits.

    Accepts ``ir`` in any case, spaces and dashes, any digit script, or the 24 digits
    alone (``IR`` is added). Checks ISO 7064 MOD 97-10 like every IBAN.
    """
    label = "شمارهٔ شبا"
    code = normalize_code(text).upper()
    if not code:
        raise ValidationError(f"{label} را وارد کنید.")
    if code[:1].isalpha():
        if not code.startswith("IR"):
            raise ValidationError("شمارهٔ شبا باید با IR شروع شود.")
        code = code[2:]
    if not (code.isascii() and code.isdigit()):
        raise ValidationError("شمارهٔ شبا پس از IR فقط باید رقم داشته باشد.")
    if len(code) != 24:
        raise ValidationError(
            f"شمارهٔ شبا پس از IR باید ۲۴ رقم داشته باشد؛ {_fa(len(code))} رقم وارد شده است."
        )
    # Move "IR" and the two check digits to the end; I = 18, R = 27.
    if int(code[2:] + "1827" + code[:2]) % 97 != 1:
        raise ValidationError("رقم‌های کنترل شمارهٔ شبا درست نیست؛ شماره را دوباره بررسی کنید.")
    return "IR" + code


def validate_service_code(text: str | None) -> str:
    """Validate a service code (شناسهٔ خدمت): exactly eleven digits."""
    label = "شناسهٔ خدمت"
    return _exact_length(_digits(text, label), label, 11)


def validate_email(text: str | None) -> str:
    """Check an e-mail address pragmatically and return it with a lower-case domain.

    One ``@``, something before it, a domain of dot-separated labels (letters, digits,
    inner hyphens) with at least one dot, no spaces. Persian letters are rejected: they
    are almost always typed with the keyboard left in Persian.
    """
    address = to_ascii_digits(normalize(text)).replace(ZWNJ, "").replace(ZWJ, "")
    if not address:
        raise ValidationError("نشانی ایمیل را وارد کنید.")
    if " " in address:
        raise ValidationError("نشانی ایمیل نباید فاصله داشته باشد.")
    if _ARABIC_SCRIPT.search(address):
        raise ValidationError(
            "نشانی ایمیل را با حروف لاتین بنویسید؛ زبان صفحه‌کلید را انگلیسی کنید."
        )
    if address.count("@") != 1:
        raise ValidationError(f"نشانی ایمیل باید یک @ داشته باشد؛ مثلاً {EMAIL_EXAMPLE}.")
    local, domain = address.split("@")
    if not local:
        raise ValidationError("پیش از @ در نشانی ایمیل چیزی نوشته نشده است.")
    bad = next((c for c in local if not (c.isalnum() or c in _LOCAL_PUNCTUATION)), None)
    if bad is not None:
        raise ValidationError(f"نشانی ایمیل نمی‌تواند «{bad}» داشته باشد.")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValidationError("نقطه در بخش پیش از @ نشانی ایمیل جای درستی ندارد.")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(part) for part in labels):
        raise ValidationError(f"بخش پس از @ در نشانی ایمیل درست نیست؛ مثلاً {EMAIL_EXAMPLE}.")
    return f"{local}@{domain.lower()}"


def validate_required(text: str | None, field_label: str) -> str:
    """Return ``normalize(text)``, or raise "«{field_label}» را وارد کنید." when it is empty."""
    value = normalize(text)
    if not value:
        raise ValidationError(f"«{field_label}» را وارد کنید.")
    return value
