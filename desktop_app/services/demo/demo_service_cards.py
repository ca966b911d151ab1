"""Demo data: the three real service identity cards of the seed documents.

Entered as printed on the paper forms (seeds 000, 001 and 004): every ticked box
and every value, with the forms' own wording and spelling. Where the paper leaves
a field empty, or shows only the form's template ("WWW.", "..."), the card leaves
it empty too. Where the scanned text is ambiguous, the reading is noted beside
the value. No Qt; any thread (``miz demo``).
"""

from __future__ import annotations

from desktop_app.documents.service_card_data import FeeRow, ServiceCardData, Stage, SystemLink
from desktop_app.services.accounts import access
from desktop_app.services.catalog.service_cards import find_card, save_card
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError

_WELFARE = "وزارت تعاون، کار و رفاه اجتماعی"


def _stages(**given: Stage) -> list[Stage]:
    keys = ("information", "request", "follow_up", "production", "delivery")
    return [given.get(key, Stage(key=key)) for key in keys]


def golestan_skill_training() -> ServiceCardData:
    """Seed 000: technical and vocational skill training courses (Golestan)."""
    return ServiceCardData(
        title="برگزاری دوره های آموزشی مهارتی فنی و حرفه ای",
        service_code="18051045000",
        agency="اداره کل آموزش فنی و حرفه ای استان گلستان",
        parent_agency="سازمان آموزش فنی و حرفه ای کشور",
        description=(
            "این فرآیند برای ارائه خدمت به منظور درج اطلاعات دوره، اماکن، تجهیزات کارگاهی، "
            "ثبت نام کارآموزان در دوره، ارائه خدمات مشاوره به متقاضیان شرکت در دوره می باشد "
            "که این خدمات از طریق سامانه های زیر صورت می گیرد:\n"
            "ایجاد فرآیند یکپارچه جهت درج، ویرایش، تائید و یا رد دوره ها در سطح مراکز، "
            "ادارت کل و ستاد\n"
            "اطلاعات مربیان شامل اطلاعات شخصی، شغلی، تحصیلی و بازآموزی\n"
            "ثبت نام کارآموزان\n"
            "تجهیزات کارگاهها"
        ),
        audiences=["G2C", "G2B", "G2G"],
        nature="sovereign",
        level="national",
        life_events=["birth", "education", "documents"],
        triggers=["request", "agency_decision"],
        required_documents="اطلاعات شخصی و شغلی، فایل عکس",
        regulations=(
            "به استناد مواد ۱۰۷ تا ۱۱۲ قانون کار و قانون الزام به فراگیری آموزشهای فنی "
            "و حرفه ای مصوب ۱۳۷۶"
        ),
        recipients_count=29000,
        recipients_period="year",
        avg_duration="بسته به نوع آموزش دارد.",
        frequency_period="year",  # "... بار در: سال" with the count left blank
        in_person_visits="-",
        fees=[
            FeeRow(
                description="هزینه خرید کارت اعتباری جهت ثبت نام در دوره",
                amount=50000,
                electronic=True,
            )
        ],
        system_name="سامانه ثبت نام دوره های آموزشی فنی و حرفه ای",
        urls=[
            "https://portaltvto.com",
            "http://reg.portaltvto.com/dore/grid/student",
            "http://pay.portaltvto.com",
        ],
        stages=_stages(
            information=Stage(key="information", electronic=True),
            request=Stage(key="request", electronic=True),
            production=Stage(key="production", electronic=True),
            delivery=Stage(
                key="delivery",
                electronic=True,
                non_electronic=True,
                reasons=["other"],
                reason_other="حضور در کارگاههای آموزشی جهت گذراندن دوره آموزشی",
            ),
        ),
        visit_levels=[],  # "مراجعه به دستگاه: ☐ ملی ☐ استانی ☐ شهرستانی": none ticked
        internal_links=[
            SystemLink(
                system="سامانه ملی استانداردهای مهارت سازمان، سامانه آزمون، سامانه پرداخت",
                fields="عنوان استاندارد آموزش، اطلاعات فردی کارآموزان، کد ملی کارآموزان",
                inquiry="online",  # the one ticked box of the row, under "برخط"
            )
        ],
        processes=[
            "مراجعه متقاضی به سایت پورتال سازمان جهت ثبت نام در دوره آموزشی به آدرس : "
            "portalvtvo.com",
            "انتخاب استان و نوع دوره آموزشی (دولتی ، آزاد ) توسط متقاضی",
            "انتخاب دوره آموزشی مورد نظر",
            "دریافت کارت اعتباری از طریق ورود به سامانه پرداخت آنلاین جهت خرید کارت اعتباری "
            "به مبلغ ۵۰۰۰ تومان",
            "دریافت کد سفارش ، کد پیگیری ، کد شماره پرونده ، کد پرداخت",
            "ورود شماره پرونده و شناسه پرداخت",
            "شروع روند ثبت نام : تکمیل اطلاعات فردی ، ارسال عکس پرسنلی ، تکمیل اطلاعات "
            "تحصیلی ، تکمیل اطلاعات تکمیلی ، تکمیل فرمهای مرتبط با ثبت نام",
            "تأیید نهایی",
            "دریافت فرم معرفی به مرکز یا آموزشگاه",
        ],
    )


def welfare_facilitator_training() -> ServiceCardData:
    """Seed 001: training for self-help groups and local facilitators (Welfare Org.)."""
    return ServiceCardData(
        title="ارایه آموزش به گروه های خودیار، همیار و تسهیگران محلی",
        service_code="",  # "این فیلد توسط سازمان مدیریت و برنامه ریزی کشور تکمیل می شود"
        agency="سازمان بهزیستی کشور - معاونت امور توانبخشی - دفتر توانمندسازی معلولین",
        parent_agency=_WELFARE,
        description=(
            "این فرایند برای ارایه خدمت به منظور ارتقاء دانش و مهارت تسهیگران محلی، اعضای "
            "گروه های خودیار و سایر اعضای سازمان های غیر دولتی به صورت آموزش کارگاهی و طی "
            "یک دوره 12 روزه طراحی گردیده است. افراد پس از طی دوره آموزشی قادر خواهند بود "
            "اجرای برنامه توانبخشی مبتنی بر جامعه را در سطح محلی مدیریت و اجرا کنند."
        ),
        audiences=["G2B"],
        nature="sovereign",
        level="national",
        life_events=["education"],
        triggers=["other"],
        trigger_other="مداخله در جامعه",
        required_documents=(
            "عضویت در گروه های خودیار که گروه های رسمی می باشند نیازمند ارایه مدرک نمی "
            "باشد. اعضای گروه های غیر دولتی رسمی می بایست مدارک ضروری مبتنی بر عضویت در "
            "سازمان غیر دولتی را داشته باشند."
        ),
        regulations=(
            "استراتژی اول و دهم برنامه راهبردی سازمان\n"
            "دستورالعمل رویکرد چند بخشی در برنامه توانبخشی مبتنی بر جامعه\n"
            "دستورالعمل واگذار خدمات توانبخشی مبتنی بر جامعه به تسهیگران محلی از طریق "
            "سازمان های غیر دولتی"
        ),
        recipients_count=3000,  # "سالانه تعداد 3000 تسهیگر محلی"
        recipients_period="year",
        avg_duration="12 روز آموزش کارگاهی",
        frequency_count=2,
        frequency_period="year",
        fees=[
            FeeRow(
                description="سرانه آموزش هر نفر در هر دوره آموزشی",
                amount=6000000,
            )
        ],
        stages=_stages(
            request=Stage(
                key="request",
                non_electronic=True,
                reasons=["verify_identity", "verify_documents"],
            ),
            follow_up=Stage(key="follow_up", non_electronic=True),
            production=Stage(
                key="production",
                non_electronic=True,
                reasons=["verify_identity", "verify_documents"],
            ),
            delivery=Stage(
                key="delivery",
                non_electronic=True,
                reasons=["other"],
                reason_other=(
                    "جهت شرکت در دوره آموزشی و شرکت در کارگاه های عملی نیاز به حضور افراد "
                    "می باشد. تمامی برنامه های آموزشی بر اساس تکنیک های آموزش موثر طراحی "
                    "گردیده است."
                ),
            ),
        ),
        external_links=[
            SystemLink(
                agency="سازمان دهبارها و شهرداری ها",
                fields="تایید حضور دهباران به عنوان تسهیل گر محلی",
            ),
            SystemLink(
                agency="شبکه مراقبت های بهداشتی اولیه",
                fields="تایید حضور بهبوزان به عنوان تسهیلگران محلی",
            ),
        ],
        processes=[
            "تدوین برنامه آموزشی",
            "دعوت از تسهیلگران محلی و اعضای گروه های خودیار و سازمان های غیر دولتی",
            "تامین ملزومات آموزشی (مکان آموزش، تدارکات ضروری)",
            "ارایه آموزش",
            "ارزشیابی",
        ],
    )


_ATM_CHANNELS = (
    "دستگاههای خودپرداز، درگاههای اینترنتی برخی از بانکها، موبایل پیمنت، سامانههای نرم افزاری"
)
_IN_PERSON = (
    "در صورت تمایل خیر میتواند به صورت حضوری مشارکت خود را به مراکز یا ادارات بهزیستی تقدیم نماید."
)


def welfare_donations() -> ServiceCardData:
    """Seed 004: people's participation and volunteer services (Welfare Org.)."""
    return ServiceCardData(
        title="ساماندهی مشارکتهای مردمی و خدمات داوطلبانه بهزیستی",
        service_code="19071058105",
        agency="سازمان بهزیستی کشور",
        parent_agency=_WELFARE,
        description=(
            "جهت مشارکت نقدی، غیر نقدی یا خدماتی به جامعه هدف سازمان بهزیستی افراد می "
            "توانند یا به صورت حضوری به مراکز و ادارات بهزیستی در سراسر کشور مراجعه "
            "نمایند یا مشارکت نقدی خود را از طریق شیوههای گوناگون مبتنی بر تکنولوژی نظیر "
            "سایت سازمان، دستگاههای خودپرداز و... به مددجویان سازمان اختصاص دهند."
        ),
        audiences=["G2C"],
        nature="sovereign",
        level="national",
        triggers=["request"],
        required_documents="مدرکی لازم نیست.",
        regulations="ماده واحده لایحه قانونی راجع به تشکیل سازمان بهزیستی کشور",
        stages=_stages(
            information=Stage(
                key="information",
                electronic=True,
                non_electronic=True,
                reasons=["other"],
                reason_other=(
                    "خیرین از طریق مراجعه به ادارات بهزیستی میتوانند از شیوه-های گوناگون "
                    "مشارکت نقدی مطلع شوند."
                ),
            ),
            request=Stage(
                key="request",
                electronic=True,
                channels=["other"],
                channel_other=_ATM_CHANNELS,
                non_electronic=True,
                reasons=["other"],
                reason_other=_IN_PERSON,
            ),
            # The paper repeats the "request" row; its second copy (the "other" channel
            # text written but its box not ticked) stands where the delivery row belongs.
            delivery=Stage(
                key="delivery",
                electronic=True,
                channel_other=_ATM_CHANNELS,
                non_electronic=True,
                reasons=["other"],
                reason_other=_IN_PERSON,
            ),
            production=Stage(
                key="production",
                channels=["other"],
                channel_other=(
                    "برداشت ریاست سازمان از شماره حساب ۹۰۱۹۰ بانک ملت شعبه دکتر قریب به نام "
                    "مشارکتهای مردمی سازمان بهزیستی کشور جهت هزینه کرد در حوزههای تخصصی "
                    "سازمان"
                ),
            ),
        ),
        processes=["فرایند انتخاب شیوهی جذب مشارکتهای مردمی"],
    )


SEED_CARDS = (golestan_skill_training, welfare_facilitator_training, welfare_donations)


@access.operation(access.ENTER)
def fill_service_cards(ctx: AppContext) -> None:
    """Save the three seed cards (once: a card whose code is already there is skipped)."""
    for make in SEED_CARDS:
        card = make()
        if card.service_code:
            try:
                find_card(ctx, card.service_code)
                continue
            except NotFoundError:  # not there yet
                pass
        save_card(ctx, card)
