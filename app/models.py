"""Imports every domain's models so the metadata is complete (app, migrations, tests)."""

from app.accounts.models import Invitation  # noqa: F401
from app.audit.models import AccessLogEntry  # noqa: F401
from app.auth.models import AccountEvent, ApiToken, LoginBackoff, RecoveryCode, User, UserSession  # noqa: F401
from app.cases.details import ComplaintDetails, DisputeDetails  # noqa: F401
from app.cases.event_models import ApiEvent  # noqa: F401
from app.cases.handling_models import CannedReply, ConflictOfInterest  # noqa: F401
from app.cases.models import (  # noqa: F401
    Attachment,
    Case,
    CaseParty,
    IncidentDetails,
    ReferenceCounter,
    TimelineEvent,
)
from app.compliance.models import Decision, Measure, Objection, RegisterEvent  # noqa: F401
from app.idempotency.models import IdempotentRequest  # noqa: F401
from app.intake.access_links import AccessLink  # noqa: F401
from app.intake.receipts import PendingReceipt  # noqa: F401
from app.notify.models import DeliveryState, OutboxMessage, WebhookAttempt, WebhookEndpoint  # noqa: F401
from app.privacy.models import CaseRetention, RetentionSetting  # noqa: F401
from app.register.models import Keurmerk, Organisation, Product  # noqa: F401
from app.rfc.models import Release, Rfc, RfcAttachment, RfcEvent  # noqa: F401
from app.scheduler.models import SchedulerLease  # noqa: F401
from app.sla.models import Deadline, SlaTally  # noqa: F401
from app.sla.policy_models import CalendarSettings, ClosureDay, SlaPolicy  # noqa: F401
