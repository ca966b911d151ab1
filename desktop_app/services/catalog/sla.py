"""The default text of a service level agreement statement, from a card and the office.

``default_sla_text`` fills a ``reports.sla.SlaText`` the way the published
statements read (seeds 002 and 003), naming the service, the agency, its channels,
fees and legal basis from the card and the office settings. The desk a person is sent
to is that of the card's own agency (``service_desk``): a Welfare card printed at a
TVTO office names the Welfare desk, not this office's. The clerk edits the
result before ``reports.sla.write_sla`` prints it. No Qt; any thread.
"""

from __future__ import annotations

import re

from desktop_app.documents.office import OfficeSettings
from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.persian import format_rial, normalize
from desktop_app.persian.bidi import code
from desktop_app.reports.sla import SlaText
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings


@access.operation(access.SIGNED_IN)
def sla_for_card(ctx: AppContext, card: ServiceCardData) -> SlaText:
    """The default statement of ``card``, with this office's settings."""
    return default_sla_text(card, load_office_settings(ctx))


def belongs_to_office(card: ServiceCardData, office: OfficeSettings) -> bool:
    """True if ``card`` is a service of this office's own agency (or names none)."""
    own = _agency_key(card.agency)
    if not own:
        return True
    names = (office.agency, office.parent_agency, office.office_name)
    return own in {_agency_key(name) for name in names if name}


def _agency_key(name: str) -> str:
    """An agency name compared without spaces or ZWNJ («حرفه ای» = «حرفه‌ای»)."""
    return re.sub(r"[\s\u200c]", "", normalize(name))


def service_desk(card: ServiceCardData, office: OfficeSettings) -> str:
    """Where a person goes for ``card``: the desk of the card's own agency (its unit and
    phone from the card); this office's desk only when the card belongs to it."""
    if belongs_to_office(card, office):
        return f"میز خدمت {office.office_name}" if office.office_name else "میز خدمت"
    unit = f"{card.contact_unit} " if card.contact_unit else ""
    phone = f" (تلفن {code(card.phone)})" if card.phone else ""
    return f"میز خدمت {unit}{card.agency}{phone}"


#: Phrases that mean "no documents are needed" in a card's documents field.
_NO_DOCUMENTS = re.compile(r"(لازم|نیاز|ضرور)\S*\s*(نیست|ندارد)|^(ندارد|هیچ|-|—)$")


def documents_sentence(card: ServiceCardData) -> str:
    """The applicant's duty about documents; reads right when the field is empty or says
    that none are needed."""
    documents = normalize(card.required_documents).rstrip(".").strip()
    if documents and _NO_DOCUMENTS.search(documents):
        return (
            "برای این خدمت مدرکی لازم نیست؛ متقاضی دریافت خدمت مکلف است اطلاعات درست و "
            "کامل را تنها از طریق سامانه و یا به صورت حضوری به دستگاه ارائه نماید."
        )
    named = f"مدارک لازم ({documents})" if documents else "مدارک اعلام شده در شناسنامه خدمت"
    return (
        f"متقاضی دریافت خدمت مکلف است {named} را تنها از طریق سامانه "
        "و یا به صورت حضوری به دستگاه ارائه نماید."
    )


def default_sla_text(card: ServiceCardData, office: OfficeSettings) -> SlaText:
    agency = card.agency or office.agency
    desk = service_desk(card, office)
    electronic = any(stage.electronic for stage in card.stages)
    where = (
        f"از طریق {card.system_name}" + (f" به نشانی {card.urls[0]}" if card.urls else "") + " و "
        if electronic and card.system_name
        else ""
    )
    introduction = (
        f"بدینوسیله توافقنامه سطح خدمت «{card.title}» {agency} به آگاهی مراجعین محترم "
        f"می‌رسد. این خدمت {where}به صورت حضوری در {desk} قابل دسترس عموم است. "
        "شرح خدمت، فرایند انجام کار، شناسنامه خدمت، هزینه‌ها و مدارک مورد نیاز در "
        "شناسنامه این خدمت به صورت کامل بیان شده است."
    )
    goal = (
        "این بخش دلایل اجرای توافقنامه سطح خدمت را بیان می‌کند. هدف از توافقنامه سطح "
        f"خدمت، ارائه با کیفیت خدمت ارائه شده توسط {agency} برای خدمت‌گیرندگان است. این "
        "بیانیه سطح توافق دو جانبه در خصوص خدمت، روش‌های نظارت و مسئولیت‌های دستگاه را "
        "در صورت لزوم مشخص می‌کند."
    )
    law = f" ({card.regulations})" if card.regulations else ""
    responsibilities = "\n".join(
        [
            f"امکان ثبت و پیگیری نظرات، پیشنهادات و شکایات متقاضیان درباره این خدمت از طریق "
            f"{desk} به صورت تمام وقت، در ۷ روز هفته و ۲۴ ساعت شبانه‌روز فراهم است و به محض "
            "ثبت درخواست، نتیجه پیگیری در کوتاه‌ترین زمان ممکن به متقاضی اعلام می‌شود.",
            f"{agency} بر اساس قوانین و مقررات مربوط{law} این خدمت را ارائه می‌کند و "
            "مسئولیت قانونی خود را در قبال شهروند متقاضی خدمت می‌پذیرد.",
            "نظرات سازنده شما برای افزایش کیفیت ارائه خدمت و در صورت لزوم اصلاح فرایندها "
            "مؤثر خواهد بود؛ در صورت امکان در نظرسنجی مشارکت فرمایید.",
        ]
    )
    obligations = "\n".join(
        [
            f"{agency} مکلف است زیرساخت و بستر ارتباطی مناسب جهت ارائه خدمت به ارباب رجوع "
            "را فراهم آورد.",
            f"{agency} مکلف و ملزم است از انتشار اطلاعات کاربران و متقاضیان دریافت خدمت "
            "خودداری نماید.",
            documents_sentence(card),
        ]
    )
    if card.fees:
        rows = [
            f"{fee.description or 'هزینه ارائه خدمت'}: "
            + (format_rial(fee.amount) if fee.amount is not None else "طبق اعلام دستگاه")
            + (" (قابل پرداخت به صورت الکترونیکی)" if fee.electronic else "")
            for fee in card.fees
        ]
        fees = (
            "هزینه‌ها و پرداخت‌ها مطابق با مبالغی است که در شناسنامه خدمت با عنوان "
            "هزینه ارائه خدمت بیان شده است:\n" + "\n".join(rows)
        )
    else:
        fees = "ارائه این خدمت برای خدمت‌گیرندگان هزینه‌ای ندارد."
    period = (
        "دوره عملکرد خاصی برای این خدمت وجود ندارد و در واقع دوره دائمی است؛ شیوه انجام "
        "خدمت از زمان ابلاغ بخشنامه‌ها و دستورالعمل‌ها اجرا می‌شود و عطف به ما سبق نمی‌شود."
    )
    termination = (
        "تنها در صورت تغییر دستورالعمل‌ها، بخشنامه‌ها و شیوه انجام کار، این توافقنامه "
        "خاتمه می‌یابد و توافقنامه جدیدی جایگزین آن می‌شود. در زمان فسخ و پایان خدمت، "
        "ارائه‌کننده ابتدا یک نسخه پشتیبان از اطلاعات بهره‌بردار تهیه می‌کند و سپس نسبت "
        "به قطع خدمت اقدام خواهد کرد."
    )
    return SlaText(
        service_title=card.title,
        agency=agency,
        introduction=introduction,
        goal=goal,
        responsibilities=responsibilities,
        obligations=obligations,
        fees=fees,
        period=period,
        termination=termination,
    )
