"""The JSON members of each request body: which form field each fills, its JSON kind, and what the
document says about it beyond the form's validators (app/api/openapi.py derives the schemas)."""

from dataclasses import dataclass, field

from app.compliance.ladder import OUTCOMES as OUTCOMES_BY_TYPE
from app.intake.forms.breach_update import BREACH_FIELDS
from app.register.models import GEGEVENSDIENSTEN
from app.rfc.workflow import STATUSES as RFC_STATUSES

STRING, INTEGER, TRI_STATE, STRINGS, MOMENT = "string", "integer", "tri_state", "strings", "moment"
BOOLEAN = "boolean"  # true or false, never unknown: a yes/no field or a checkbox

# Every outcome of any case type; the decision form offers those of the case's type.
OUTCOMES = tuple(dict.fromkeys(code for codes in OUTCOMES_BY_TYPE.values() for code in codes))


@dataclass(frozen=True)
class Member:
    """One JSON member (a dotted path into nested objects) and the form field it fills.

    `doc`: the document's description; `schema`: what the document says that the form's validators
    cannot (a rule checked in the form's code as an `x-` extension, a format, a list of values the form
    takes per case); `required`: refused when absent by a check in code rather than a validator."""

    path: str
    field: str
    kind: str = STRING
    doc: str = ""
    schema: dict = field(default_factory=dict)
    required: bool = False


NOT_IN_FUTURE = {"x-not-in-future": True}
FOR_DATA_BREACH = "Required for data_breach."

REPORTER = (
    Member("reporter.name", "reporter_name"),
    Member("reporter.email", "reporter_email", schema={"format": "email"}),
    Member("reporter.phone", "reporter_phone"),
    Member("reporter.organisation", "reporter_organisation"),
    Member(
        "reporter.accessLinks",
        "access_links",
        BOOLEAN,
        doc=(
            "The reporter may ask, on the follow-up page, for a one-time link to the report sent to this e-mail "
            "address when the follow-up code is lost."
        ),
    ),
)
INCIDENT = (
    *REPORTER,
    Member(
        "participantId", "participant_id", INTEGER, doc="The participant involved (`GET /register`); null when unknown."
    ),
    Member(
        "productId",
        "product_id",
        INTEGER,
        doc="A product of that participant.",
        schema={"x-belongs-to": "participantId"},
    ),
    Member("gegevensdienst", "gegevensdienst"),
    Member("category", "category"),
    Member("severity", "severity"),
    Member("title", "title"),
    Member("description", "description"),
    Member(
        "discoveredAt",
        "discovered_at",
        MOMENT,
        doc="Not in the future. For data_breach the AP clock (72 hours) runs from this moment.",
        schema=NOT_IN_FUTURE,
    ),
    Member(
        "startedAt",
        "started_at",
        MOMENT,
        doc="Not in the future, not after discoveredAt.",
        schema={**NOT_IN_FUTURE, "x-not-after": "discoveredAt"},
    ),
    Member("ongoing", "ongoing", TRI_STATE),
    Member(
        "impact",
        "impact",
        STRINGS,
        doc=f"{FOR_DATA_BREACH} At least one.",
        schema={"x-required-for-category": "data_breach"},
    ),
    Member("nature", "nature", STRINGS, doc="What happened to the data."),
    Member(
        "personalData.categories",
        "data_categories",
        STRINGS,
        doc="Which personal data (`health` is a special category).",
    ),
    Member("personalData.specialCategories", "special_categories", TRI_STATE),
    Member("personalData.bsn", "bsn_involved", TRI_STATE, doc="Citizen service numbers (BSN) involved."),
    Member(
        "personalData.affectedMin",
        "affected_min",
        INTEGER,
        doc=FOR_DATA_BREACH,
        schema={"x-required-for-category": "data_breach"},
    ),
    Member(
        "personalData.affectedMax",
        "affected_max",
        INTEGER,
        doc=f"{FOR_DATA_BREACH} At least affectedMin.",
        schema={"x-required-for-category": "data_breach", "x-at-least": "personalData.affectedMin"},
    ),
    Member("personalData.groups", "affected_groups", STRINGS, doc="Whose data."),
    Member("personalData.minors", "minors_involved", TRI_STATE, doc="Minors among the people affected."),
    Member("personalData.encrypted", "encrypted", TRI_STATE),
    Member("consequences", "consequences"),
    Member("measuresTaken", "measures_taken"),
    Member("peopleInformed", "people_informed", TRI_STATE),
    Member(
        "apNotified",
        "ap_notified",
        TRI_STATE,
        doc=f"{FOR_DATA_BREACH} True or false.",
        schema={"x-required-for-category": "data_breach"},
    ),
    Member("apNotifiedBy", "ap_notified_by"),
    Member(
        "apNotifiedAt",
        "ap_notified_at",
        MOMENT,
        doc="Required when apNotified is true; not in the future, not before discoveredAt.",
        schema={**NOT_IN_FUTURE, "x-not-before": "discoveredAt", "x-required-when": "apNotified"},
    ),
    Member("apReference", "ap_reference"),
    Member("affectedSchools", "affected_schools"),
    Member("contactPerson", "contact_person"),
)
COMPLAINT = (
    *REPORTER,
    Member("participantId", "participant_id", INTEGER, doc="The participant complained about."),
    Member("title", "title"),
    Member("description", "description"),
    Member(
        "occurredOn",
        "occurred_on",
        doc="Not in the future; over a year ago is usually not admissible.",
        schema=NOT_IN_FUTURE,
    ),
    Member("raisedWithParticipant", "raised_with_participant", BOOLEAN, doc="First raised with the participant."),
    Member("desiredOutcome", "desired_outcome"),
    Member(
        "contactShared", "contact_shared", BOOLEAN, doc="The participant may see the complainant's contact details."
    ),
)
DISPUTE = (
    Member("respondentParticipantId", "respondent_id", INTEGER, doc="Not the caller's organisation."),
    Member("title", "title"),
    Member("description", "description"),
    Member("agreement", "agreement", doc="The afspraak concerned."),
    Member("priorAttempt", "prior_attempt", doc="How the parties tried to resolve it together first."),
    Member("desiredOutcome", "desired_outcome", doc="The decision asked for."),
)
FOLLOW_UP = (Member("reference", "reference", schema={"example": "INC-2026-00042"}), Member("code", "code"))
MESSAGE = (Member("body", "body"),)

# A data leak's later steps (AVG art. 33(4)): the AP notified, and updated answers.
AP_NOTIFICATION = (
    Member(
        "notifiedAt",
        "ap_notified_at",
        MOMENT,
        doc=(
            "When the AP was told: not in the future, not before discoveredAt. The AP clock is met at this "
            "moment and its reminders stop."
        ),
        schema={**NOT_IN_FUTURE, "x-not-before": "discoveredAt"},
    ),
    Member("apReference", "ap_reference", doc="The AP's reference of the notification."),
    Member("notifiedBy", "ap_notified_by", doc="Who notified the AP."),
)
# The breach members of an incident report, with the same paths (personalData.affectedMin, ...).
BREACH_ANSWERS = tuple(member for member in INCIDENT if member.field in BREACH_FIELDS)

ASSIGN = (
    Member(
        "assignee",
        "assignee",
        required=True,
        schema={"format": "email"},
        doc=(
            "The e-mail address of an active supervisor or coordinator without a conflict of interest "
            "with a party of the case."
        ),
    ),
)
TRANSITION = (
    Member(
        "to",
        "to",
        doc=(
            "received > triage > in_progress <> waiting > decided > closed; triage > rejected; "
            "any open status > withdrawn. Any other move answers 409."
        ),
    ),
    Member("reason", "reason", doc="Required for rejected, waiting and withdrawn; the parties read it."),
    Member(
        "waitingOn",
        "waiting_on",
        doc=(
            "For waiting: `parties` (default), `reporter` or `party:<organisation id>`, whose reply resumes the case."
        ),
    ),
)
DECISION = (
    Member(
        "outcome",
        "outcome",
        schema={"enum": list(OUTCOMES)},
        doc=(
            "complaint and objection: upheld, partly_upheld, not_upheld; dispute: settled, advice, referred; "
            "incident: resolved; any type: withdrawn."
        ),
    ),
    Member("reasoning", "reasoning", doc="Every side reads it."),
    Member("cause", "cause", doc="Incidents: what caused it."),
    Member("remedialAction", "remedial_action", doc="Incidents: what the participant did about it."),
    Member(
        "confirmMissingHearing",
        "confirm_missing",
        BOOLEAN,
        doc=(
            "Decide although not every side was heard (a party's requested response is still open, a party "
            "was never asked for a response, or a complaint's participant was never informed). Without it "
            "such a decision is refused with 409 and a `missing` list."
        ),
    ),
)
MEASURE = (
    Member(
        "kind",
        "kind",
        required=True,
        doc=("suspension, emergency_suspension and revocation are proposed: a second coordinator approves them."),
    ),
    Member("participantId", "participant_id", INTEGER, required=True, doc="A participant that is a party to the case."),
    Member(
        "keurmerkId", "keurmerk_id", INTEGER, doc="One of that participant's keurmerken; null or absent: all of them."
    ),
    Member("reasoning", "reasoning", doc="Absent: the decision's reasoning."),
    Member("publicReason", "public_reason", doc="The register's short text."),
    Member("publish", "publish", BOOLEAN, doc="Shown in the public register."),
    Member("startsOn", "starts_on", doc="Not in the past; default today.", schema={"x-not-in-past": True}),
    Member(
        "endsOn",
        "ends_on",
        doc=("After startsOn; only for (emergency) suspension, improvement_plan and notice_of_default."),
        schema={"x-after": "startsOn"},
    ),
    Member(
        "dueAt",
        "due_at",
        MOMENT,
        doc=(
            "In the future. Required for improvement_plan and notice_of_default; only for those, "
            "request_explanation (default: 10 business days) and emergency_suspension."
        ),
        schema={"x-in-future": True},
    ),
)
REJECT = (Member("reason", "reason", doc="Only the foundation reads it."),)

VISIBILITY = (
    Member(
        "visibility",
        "visibility",
        schema={"example": "parties"},
        doc=(
            "Participants: `parties` (all parties and the foundation) or `internal` (the foundation only: "
            "no other party reads it; the own organisation does). `party:<own organisation id>` still means "
            "`internal` but is deprecated since 1.1.0 (the answer carries Deprecation and Sunset headers). "
            "Case handlers: `internal` (the foundation only), `reporter`, `party:<id>` of any party, or `parties`."
        ),
    ),
)
CASE_MESSAGE = (Member("body", "body"), *VISIBILITY)
WEBHOOK = (
    Member(
        "url",
        "url",
        doc="Where to POST each event: https (plain http only to a loopback address, in development and tests).",
        schema={"format": "uri"},
    ),
    Member("events", "events", STRINGS, doc="The event types to receive."),
)

# The RFC desk (app/rfc): a submission, and a handler's status change.
RFC = (
    Member("title", "title"),
    Member("variant", "variant"),
    Member("type", "type", doc="The proposed type; the desk decides the type."),
    Member("priority", "priority", doc="The proposed priority; the desk (or the CAB) decides the priority."),
    Member("agreement", "agreement", doc="The agreement concerned: its name or a link."),
    Member(
        "gegevensdienst",
        "gegevensdienst",
        doc="A data service of the afsprakenstelsel; any other value answers 422.",
        schema={"enum": list(GEGEVENSDIENSTEN)},
    ),
    Member("referenceComponent", "reference_component"),
    Member("product", "product", doc="The submitter's product concerned."),
    Member("side", "side", doc="Source (bron) or consumer (afnemer) side."),
    Member("description", "description", doc="The proposed change."),
    Member("example", "example", doc="A practical example."),
    Member("rationale", "rationale", doc="Why it is needed."),
    Member(
        "desiredMoment",
        "desired_moment",
        doc="The desired moment of introduction (a date): today or later.",
        schema={"format": "date", "x-not-in-past": True},
    ),
)
RFC_TRANSITION = (
    Member(
        "to",
        "to",
        schema={"enum": list(RFC_STATUSES)},
        doc=(
            "The change process: requested > qualified > to_prioritise (blocker, critical and trivial: straight to "
            "in_progress) > to_handle > in_progress > change_proposal > to_review > to_change > changed > "
            "pre_release > released; changed or pre_release > to_correct > corrected > pre_release; any open "
            "status > rejected or on_hold, and on_hold back to where it was. Any other move answers 409."
        ),
    ),
    Member("reason", "reason", doc="Required for rejected and on_hold; the submitter reads it."),
    Member("advice", "advice", doc="For rejected: where the submitter can go instead."),
)
