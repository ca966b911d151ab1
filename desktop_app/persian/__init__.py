"""Persian-language rules of Miz, without Qt: digits, text normalization, Jalali dates,
validators for the codes clerks type, and the ``ValidationError`` they raise.

Everything public is re-exported here, so callers write
``from desktop_app.persian import parse_jalali, validate_national_code``.
All functions are pure and keep no shared state: any thread may call them.
"""

from .collation import PERSIAN_ALPHABET, sort_key
from .dates import (
    JALALI_MAX_YEAR,
    JALALI_MIN_YEAR,
    JALALI_MONTHS,
    JALALI_WEEKDAYS,
    age_on,
    format_jalali,
    format_jalali_long,
    from_jalali,
    is_jalali_leap,
    jalali_month_days,
    jalali_weekday,
    parse_jalali,
    to_jalali,
    today,
)
from .digits import (
    DECIMAL_SEPARATOR,
    MINUS_SIGN,
    THOUSANDS_SEPARATOR,
    format_decimal,
    format_number,
    format_percent,
    format_rial,
    to_ascii_digits,
    to_persian_digits,
)
from .errors import ValidationError
from .privacy import mask_code
from .text import ZWNJ, matches, normalize, normalize_code, search_key
from .validators import (
    is_valid_national_code,
    postal_code_warnings,
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

__all__ = [
    "DECIMAL_SEPARATOR",
    "JALALI_MAX_YEAR",
    "JALALI_MIN_YEAR",
    "JALALI_MONTHS",
    "JALALI_WEEKDAYS",
    "MINUS_SIGN",
    "PERSIAN_ALPHABET",
    "THOUSANDS_SEPARATOR",
    "ZWNJ",
    "ValidationError",
    "age_on",
    "format_decimal",
    "format_jalali",
    "format_jalali_long",
    "format_number",
    "format_percent",
    "format_rial",
    "from_jalali",
    "is_jalali_leap",
    "is_valid_national_code",
    "jalali_month_days",
    "jalali_weekday",
    "mask_code",
    "matches",
    "normalize",
    "normalize_code",
    "parse_jalali",
    "postal_code_warnings",
    "search_key",
    "sort_key",
    "to_ascii_digits",
    "to_jalali",
    "to_persian_digits",
    "today",
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
