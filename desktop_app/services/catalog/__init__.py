"""The service catalog: service identity cards (شناسنامه خدمت), their list, JSON/Excel exchange,
printing, and SLA statements. No Qt; any thread.
"""
