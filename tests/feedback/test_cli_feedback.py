"""``miz print survey-form / request-receipt / faq`` and ``miz report services``."""

from __future__ import annotations

from desktop_app.cli import main
from desktop_app.services.feedback.faq import FaqData, save_faq
from desktop_app.services.feedback.requests import RequestData, register_request

from .test_surveys_faq_print import contains, pdf_text


def test_print_and_report_commands(ctx, card_id, data_dir, tmp_path, capsys):
    view = register_request(
        ctx, RequestData(service_card_id=card_id, anonymous=True, body="شکایت از صف طولانی")
    )
    save_faq(ctx, FaqData(card_id, "ساعت کاری چیست؟", "شنبه تا چهارشنبه"))
    ctx.close()
    common = ["--data-dir", str(data_dir)]
    assert (
        main(["print", "survey-form", "12345678901", "-o", str(tmp_path / "s.pdf"), *common]) == 0
    )
    assert contains(pdf_text(tmp_path / "s.pdf"), "فرم نظرسنجی")
    code = view.tracking_code.lower()
    assert main(["print", "request-receipt", code, "-o", str(tmp_path / "r.pdf"), *common]) == 0
    assert view.tracking_code in pdf_text(tmp_path / "r.pdf")
    assert main(["print", "faq", "12345678901", "-o", str(tmp_path / "f.pdf"), *common]) == 0
    assert contains(pdf_text(tmp_path / "f.pdf"), "ساعت کاری")
    assert (
        main(["report", "services", "--year", "1405", "-o", str(tmp_path / "y.pdf"), *common]) == 0
    )
    assert (
        main(
            [
                "report",
                "services",
                "--year",
                "1405",
                "--month",
                "9",
                "-o",
                str(tmp_path / "y.xlsx"),
                *common,
            ]
        )
        == 0
    )
    assert (tmp_path / "y.xlsx").stat().st_size > 0
    capsys.readouterr()
    assert main(["print", "request-receipt", "X-R999", "-o", str(tmp_path / "n.pdf"), *common]) == 1
    assert "پیدا نشد" in capsys.readouterr().err
    assert (
        main(["report", "services", "--year", "2026", "-o", str(tmp_path / "b.pdf"), *common]) == 1
    )
