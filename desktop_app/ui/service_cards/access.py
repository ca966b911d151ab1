"""Sections 6–7 of the card form: the system and its addresses, and the five stages of
the service, each electronic and/or not, with its channels and, where it is not
electronic, the reasons for the visit; and which office a visit goes to. UI thread only."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ...documents.service_card_data import (
    CHANNELS,
    REASONS,
    STAGES,
    VISIT_LEVELS,
    ServiceCardData,
    Stage,
    stage_channels,
)
from ..listing.binding import Field
from ..widgets import CheckGroup, RowColumn, RowsEditor, TextLineEdit
from .parts import CardPart, TextRow, texts


class StageEditor(QFrame):
    """One row of section 7: a stage with its kind, channels and reasons."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("stageRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(STAGES[key])
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        self.electronic = QCheckBox("الکترونیکی")
        self.non_electronic = QCheckBox("غیر الکترونیکی")
        self.channels = CheckGroup(
            ((k, CHANNELS[k]) for k in stage_channels(key)),
            columns=3,
            other_key="other",
            other_hint="نحوه دسترسی (سایر)",
        )
        self.counter_contract = TextLineEdit()
        self.counter_contract.setPlaceholderText("شماره قرارداد واگذاری خدمات به دفاتر پیشخوان")
        self.counter_contract.setAccessibleName("شماره قرارداد دفاتر پیشخوان")
        self.reasons = CheckGroup(
            REASONS.items(), columns=4, other_key="other", other_hint="علت دیگر مراجعه حضوری"
        )
        reasons_label = QLabel("ذکر ضرورت مراجعه حضوری (غیر الکترونیکی):")
        reasons_label.setStyleSheet("color: #455a64;")

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(10)
        grid.addWidget(title, 0, 0, 1, 2)
        kind = QVBoxLayout()
        kind.setSpacing(6)
        kind.addWidget(self.electronic)
        kind.addWidget(self.non_electronic)
        kind.addStretch(1)
        grid.addLayout(kind, 1, 0)
        grid.addWidget(self.channels, 1, 1)
        row = 2
        if "counters" in stage_channels(key):
            grid.addWidget(self.counter_contract, row, 1)
            row += 1
        else:
            self.counter_contract.hide()
        grid.addWidget(reasons_label, row, 1)
        grid.addWidget(self.reasons, row + 1, 1)
        grid.setColumnStretch(1, 1)
        self.non_electronic.toggled.connect(self._enable_reasons)
        self._enable_reasons()

    def _enable_reasons(self) -> None:
        # the reasons apply to a non-electronic stage; what was ticked is kept meanwhile
        self.reasons.setEnabled(self.non_electronic.isChecked())

    def show_stage(self, stage: Stage) -> None:
        self.electronic.setChecked(stage.electronic)
        self.non_electronic.setChecked(stage.non_electronic)
        self.channels.set_values(stage.channels)
        self.channels.set_other_text(stage.channel_other)
        self.counter_contract.setText(stage.counter_contract)
        self.reasons.set_values(stage.reasons)
        self.reasons.set_other_text(stage.reason_other)

    def stage(self) -> Stage:
        return Stage(
            key=self.key,
            electronic=self.electronic.isChecked(),
            non_electronic=self.non_electronic.isChecked(),
            channels=self.channels.values(),
            counter_contract=self.counter_contract.text(),
            channel_other=self.channels.other_text(),
            reasons=self.reasons.values(),
            reason_other=self.reasons.other_text(),
        )


def _urls() -> RowsEditor:
    editor = RowsEditor(
        [RowColumn("text", "نشانی", stretch=True)], TextRow, add_label="افزودن نشانی"
    )
    editor.setMinimumHeight(130)
    return editor


SYSTEM = (
    Field("system_name", "نام سامانه مربوط به خدمت", TextLineEdit),
    Field(
        "urls",
        "آدرس دقیق و مستقیم خدمت در وبگاه",
        _urls,
        show=lambda urls: [TextRow(url) for url in urls],
        read=texts,
    ),
)


class AccessPart(CardPart):
    def build(self) -> None:
        self.bind(self.section("۶- نحوه دسترسی به خدمت"), SYSTEM)

        stages = self.section("۷- مراحل خدمت")
        self.stages = {key: StageEditor(key) for key in STAGES}
        for editor in self.stages.values():
            stages.body.addWidget(editor)
        visits = Field(
            "visit_levels", "مراجعه به دستگاه", partial(CheckGroup, VISIT_LEVELS.items(), columns=3)
        )
        self.bind(stages, (visits,))

    def show(self, card: ServiceCardData) -> None:
        for key, editor in self.stages.items():
            editor.show_stage(card.stage(key))

    def fill(self, card: ServiceCardData) -> None:
        card.stages = [editor.stage() for editor in self.stages.values()]
