"""SQLAlchemy 2.0 models shared by the workstation and the central server. No Qt.

Importing this package registers every table on ``Base.metadata``; Alembic's
autogenerate and ``synced_models()`` rely on that, so each new model module is
imported here.
"""

from .account import AuditEntry, User
from .base import Base, Record, live, synced_models, utcnow
from .certificate import Certificate, CertificateInquiry, ExamScore
from .course import Course, CourseTrainer, CourseTransition, SkillStandard
from .equipment import Equipment, EquipmentMove
from .feedback import Faq, PublicRequest, SurveyAnswer, SurveyQuestion, WorkCalendar
from .participation import (
    Allocation,
    BankStatementLine,
    Benefactor,
    Gift,
    GiftItem,
    ParticipationArea,
    Volunteer,
    VolunteerHours,
)
from .place import Place, Workshop
from .registration import (
    Counseling,
    Enrollment,
    RegistrationDraft,
    RegistrationPayment,
    Trainee,
    enrolled,
    holds_seat,
)
from .rules import FieldRuleError, check_value, check_values
from .service_card import ServiceCard
from .settings import Setting
from .sync_local import SyncConflict, SyncOutbox, SyncProblem, SyncState
from .trainer import Retraining, Trainer, TrainerEducation
from .workshop_training import (
    CERTIFICATE_SERIES,
    Attendance,
    TrainingWorkshop,
    WorkshopCertificate,
    WorkshopInvitation,
    WorkshopLetter,
    WorkshopParticipant,
    WorkshopSession,
    WorkshopTemplate,
)

__all__ = [
    "CERTIFICATE_SERIES",
    "Allocation",
    "Attendance",
    "AuditEntry",
    "BankStatementLine",
    "Base",
    "Benefactor",
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
    "FieldRuleError",
    "Gift",
    "GiftItem",
    "ParticipationArea",
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
    "SyncProblem",
    "SyncState",
    "Trainee",
    "Trainer",
    "TrainerEducation",
    "TrainingWorkshop",
    "User",
    "Volunteer",
    "VolunteerHours",
    "WorkCalendar",
    "Workshop",
    "WorkshopCertificate",
    "WorkshopInvitation",
    "WorkshopLetter",
    "WorkshopParticipant",
    "WorkshopSession",
    "WorkshopTemplate",
    "check_value",
    "check_values",
    "enrolled",
    "holds_seat",
    "live",
    "synced_models",
    "utcnow",
]
