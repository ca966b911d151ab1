"""Participation PDFs: the receipt, the letter of appreciation, the report with charts
and the benefactor's annual statement. No Qt; any thread; input is plain data from
``services.participation``."""
