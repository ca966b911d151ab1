"""SQLAlchemy 2.0 models shared by the workstation and the central server. No Qt.

Importing this package registers every table on ``Base.metadata``; Alembic's
autogenerate and ``synced_models()`` rely on that, so each new model module is
imported here.
"""

from .base import Base, Record, synced_models, utcnow
from .place import Place, Workshop
from .service_card import ServiceCard
from .settings import Setting
from .sync_local import SyncConflict, SyncOutbox, SyncState
from .trainer import Retraining, Trainer, TrainerEducation

__all__ = [
    "Base",
    "Place",
    "Record",
    "Retraining",
    "ServiceCard",
    "Setting",
    "SyncConflict",
    "SyncOutbox",
    "SyncState",
    "Trainer",
    "TrainerEducation",
    "Workshop",
    "synced_models",
    "utcnow",
]
