"""What a use case changed, by kind: the one vocabulary of ``ui.tasks``' ``data_changed``.

A write names the kinds it changes (``TaskRunner.submit(..., changes={Change.PLACES})``);
every view refreshes itself when a kind it shows is announced (``ListConfig.kinds``).
Members are strings, so a view may still test ``"places" in kinds``; a new kind is one
line here, and a misspelt one is a type error instead of a view that never refreshes.
No Qt; any thread.
"""

from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    EVERYTHING = "*"  # a restored database or a sync pull: every view reloads
    SETTINGS = "settings"
    WORKSTATION = "workstation"
    SYNC = "sync"
    AUDIT = "audit"
    USERS = "users"
    SERVICE_CARDS = "service_cards"
    PLACES = "places"
    WORKSHOPS = "workshops"
    EQUIPMENT = "equipment"
    STANDARDS = "standards"
    COURSES = "courses"
    TRAINERS = "trainers"
    TRAINEES = "trainees"
    ENROLLMENTS = "enrollments"
    COUNSELING = "counseling"
    EXAM_SCORES = "exam_scores"
    CERTIFICATES = "certificates"
    CERTIFICATE_INQUIRIES = "certificate_inquiries"
    BENEFACTORS = "benefactors"
    GIFTS = "gifts"  # gifts (receipts), their cancellation and the office's intention areas
    VOLUNTEERS = "volunteers"  # volunteers and their hours
    ALLOCATIONS = "allocations"
    BANK_STATEMENT_LINES = "bank_statement_lines"
    # facilitator training workshops (issue 19); ``WORKSHOPS`` above is a place's room
    TRAINING_WORKSHOPS = "training_workshops"
    WORKSHOP_TEMPLATES = "workshop_templates"
    WORKSHOP_SESSIONS = "workshop_sessions"
    WORKSHOP_PARTICIPANTS = "workshop_participants"
    WORKSHOP_INVITATIONS = "workshop_invitations"
    WORKSHOP_LETTERS = "workshop_letters"
    WORKSHOP_CERTIFICATES = "workshop_certificates"
    ATTENDANCE = "attendance"  # attendance marks of workshops and courses
    PUBLIC_REQUESTS = "public_requests"
    SURVEYS = "surveys"
    FAQ = "faq"
    WORK_CALENDAR = "work_calendar"
