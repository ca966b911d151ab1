"""The form of a new request from the public (counter or phone). Saving registers it
(tracking code, deadline) and offers its receipt. UI thread only."""

from __future__ import annotations

from functools import partial

from ...documents.feedback import REQUEST_CHANNELS, REQUEST_KINDS
from ...services.feedback.requests import (
    REQUEST_LENGTHS,
    RequestData,
    RequestView,
    register_request,
)
from ..listing import ChoiceBox, RecordFormDialog
from ..listing.binding import Field
from ..widgets import DigitLineEdit, TextAreaEdit, TextLineEdit
from .widgets import CheckField, card_box


class RequestForm(RecordFormDialog):
    new_title = "ثبت نظر، پیشنهاد یا شکایت"
    data_class = RequestData
    lengths = REQUEST_LENGTHS
    fields = (
        Field("kind", "نوع", partial(ChoiceBox, REQUEST_KINDS.items())),
        Field("channel", "راه دریافت", partial(ChoiceBox, REQUEST_CHANNELS.items())),
        Field("department", "واحد", TextLineEdit),
        Field("anonymous", "ناشناس", partial(CheckField, "درخواست‌دهنده نامش را نمی‌گوید")),
        Field("contact_name", "نام درخواست‌دهنده", TextLineEdit),
        Field("contact_phone", "تلفن", partial(DigitLineEdit, max_digits=14)),
        Field("employee_name", "کارمند مورد شکایت", TextLineEdit),
        Field("body", "متن درخواست", partial(TextAreaEdit, required=True, lines=4), True),
    )

    def build(self) -> None:
        self.card = card_box(self.ctx, self.runner)
        self.add_row("service_card_id", "خدمت", self.card, required=True)
        super().build()
        self.bound["employee_name"].setPlaceholderText(  # type: ignore[attr-defined]
            "فقط اگر شکایت از کارمند معینی است؛ فقط سرپرست آن را می‌بیند"
        )
        anonymous = self.bound["anonymous"]
        assert isinstance(anonymous, CheckField)
        anonymous.toggled.connect(self._show_contact)

    def _show_contact(self, anonymous: bool) -> None:
        self.rows["contact_name"].setVisible(not anonymous)
        self.rows["contact_phone"].setVisible(not anonymous)

    def typed_data(self) -> RequestData:
        data = super().typed_data()
        data.service_card_id = self.card.value()
        return data

    def store(self, data: RequestData) -> RequestView:
        return register_request(self.ctx, data)
