"""SQLAlchemy 2.0 models shared by the workstation and the central server. No Qt.

Importing this package registers every table on ``Base.metadata``; Alembic's
autogenerate and ``synced_models()`` rely on that, so each new model module is
imported here.
"""

from .account import AuditEntry, User
from .base import Base, Record, synced_models, utcnow
from .certificate import Certificate, CertificateInquiry, ExamScore
from .course import Course, CourseTrainer, CourseTransition, SkillStandard
from .equipment import Equipment, EquipmentMove
from .feedback import Faq, PublicRequest, SurveyAnswer, SurveyQuestion, WorkCalendar
from .place import Place, Workshop
from .registration import (
    Counseling,
    Enrollment,
    RegistrationDraft,
    RegistrationPayment,
    Trainee,
)
from .service_card import ServiceCard
from .settings import Setting
from .sync_local import SyncConflict, SyncOutbox, SyncState
from .trainer import Retraining, Trainer, TrainerEducation

__all__ = [
    "AuditEntry",
    "Base",
    "Certificate",
    "CertificateInquiry",
    "Counseling",
    "Course",
    "CourseTrainer",
    "CourseTransition",
    "Enrollment",
    "Equipment",
    "EquipmentMove",
    "ExamScore",
    "Faq",
    "Place",
    "PublicRequest",
    "Record",
    "RegistrationDraft",
    "RegistrationPayment",
    "Retraining",
    "ServiceCard",
    "Setting",
    "SkillStandard",
    "SurveyAnswer",
    "SurveyQuestion",
    "SyncConflict",
    "SyncOutbox",
    "SyncState",
    "Trainee",
    "Trainer",
    "TrainerEducation",
    "User",
    "WorkCalendar",
    "Workshop",
    "synced_models",
    "utcnow",
]
