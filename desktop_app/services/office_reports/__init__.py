"""The office's numbers at a glance (the «گزارش‌ها» section): people served per service
and Jalali month, per office below, from a registry of counted sources.

- ``sources``: ``CountedSource`` and the registry (``register_source``); the built-in
  sources (registrations, certificates, inquiries, requests, complaints, surveys);
- ``report``: the ``documents.feedback.ServicesReport`` of a year or a month, its PDF and
  Excel, and the count a service card's «آمار تعداد خدمت‌گیرندگان» is offered from.

No Qt; any thread.
"""
