"""All models, imported here so Alembic and the app see the whole schema."""
from ieg.models.audit import AuditEntry
from ieg.models.casework import (AddressChange, AddressChangeRecord, CaseType, Customer, CustomerAddress,
                                 CustomerMerge, EForm, Enquiry, EnquiryAlert, EnquiryEvent, EnquiryFile,
                                 InboundMail)
from ieg.models.content import (Attachment, AzAlias, DeepLink, LgslService, LinkCheckResult, Page, PageEditing,
                                PageEvent, PageFeedback, PageRedirect, PageRevision, PageService, ReviewReminder,
                                Section, SiteAlert, SiteVersion)
from ieg.models.evidence import AssessmentChange, BvpiCell, EvidenceItem, OutcomeAssessment
from ieg.models.mail import OutboxMessage
from ieg.models.people import (LoginAttempt, PasswordReset, RecoveryCode, SectionGrant, SignInPolicy, User,
                               UserRole, UserSession)
from ieg.models.search import SearchBestBet, SearchLogEntry, SearchQueueItem, SearchSynonym
from ieg.models.standards import StandardsVersion
from ieg.models.participation import (Alert, Consultation, ConsultationResponse, ParticipationTarget, Subscriber,
                                       Subscription)

__all__ = ["AuditEntry", "AssessmentChange", "BvpiCell", "EvidenceItem", "OutcomeAssessment", "EnquiryAlert", "StandardsVersion", "AddressChange", "AddressChangeRecord", "CustomerAddress", "CustomerMerge", "EForm", "EnquiryFile",
           "Attachment", "AzAlias", "CaseType", "Customer", "Enquiry", "EnquiryEvent", "InboundMail", "DeepLink", "LgslService", "LinkCheckResult", "LoginAttempt", "OutboxMessage",
           "Page", "PageEditing", "PageEvent", "PageFeedback", "PageRedirect", "PageRevision", "PageService",
           "ReviewReminder", "SearchBestBet", "SearchLogEntry", "SearchQueueItem",
           "SearchSynonym", "Section", "SectionGrant", "SiteAlert", "SiteVersion", "User", "UserRole",
           "UserSession", "PasswordReset", "RecoveryCode", "SignInPolicy",
           "Alert", "Consultation", "ConsultationResponse", "ParticipationTarget", "Subscriber", "Subscription"]
from ieg.models.open311 import (ApiKey, InboundUpdate, Open311Request, Open311Service,  # noqa: E402
                                Webhook, WebhookDelivery)

__all__ += ["ApiKey", "InboundUpdate", "Open311Request", "Open311Service", "Webhook", "WebhookDelivery"]
from ieg.models.usage import (ChannelTarget, UsageBrowserDay, UsageDay, UsageDimensionDay, UsageMonth,  # noqa: E402
                              UsageOpenVisit, UsagePageDay, UsageSalt, UsageSpoolFile)

__all__ += ["ChannelTarget", "UsageBrowserDay", "UsageDay", "UsageDimensionDay", "UsageMonth", "UsageOpenVisit",
            "UsagePageDay", "UsageSalt", "UsageSpoolFile"]
from ieg.models.democracy import (AgendaItem, Attendance, Committee, CommitteeMember, Councillor,  # noqa: E402
                                  CouncillorRole, CouncillorWard, DocumentFile, Interest, Meeting,
                                  MeetingDocument, PostcodeWard, Ward)

__all__ += ["AgendaItem", "Attendance", "Committee", "CommitteeMember", "Councillor", "CouncillorRole",
            "CouncillorWard", "DocumentFile", "Interest", "Meeting", "MeetingDocument", "PostcodeWard", "Ward"]
