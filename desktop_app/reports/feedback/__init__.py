"""The feedback documents as PDF: request receipt, answer letter, blank survey form, FAQ
sheet, and the office's services report with its charts. Each module draws one
``documents.feedback`` dataclass. No Qt; any thread."""
