"""All models, imported here so Alembic and the app see the whole schema."""
from ieg.models.audit import AuditEntry
from ieg.models.casework import (AddressChange, AddressChangeRecord, CaseType, Customer, CustomerAddress, CustomerMerge,
                                 EForm, Enquiry, EnquiryAlert, EnquiryEvent, EnquiryFile, InboundMail,
                                 StaffSubmission)
from ieg.models.content import (Attachment, AzAlias, DeepLink, LgslService, LinkCheckResult, Page, PageEditing,
                                PageEvent, PageFeedback, PageRedirect, PageRevision, PageService, ReviewReminder,
                                Section, SiteAlert, SiteVersion)
from ieg.models.democracy import (AgendaItem, Attendance, Committee, CommitteeMember, Councillor, CouncillorRole,
                                  CouncillorWard, DocumentFile, Interest, Meeting, MeetingDocument, PostcodeWard, Ward)
from ieg.models.directory import CommunityGroup, DirectoryCategory, GroupCategory, GroupEditor, GroupWard
from ieg.models.directory import GroupProblemReport, GroupRevision, GroupVenue
from ieg.models.evidence import AssessmentChange, BvpiCell, EvidenceItem, OutcomeAssessment
from ieg.models.mail import OutboxMessage
from ieg.models.news import NewsArticle, NewsCategory
from ieg.models.open311 import (ApiKey, InboundUpdate, Open311Request, Open311Service, ReportLocation, Webhook,
                                WebhookDelivery)
from ieg.models.participation import (Alert, Consultation, ConsultationResponse, ParticipationTarget, Subscriber,
                                      Subscription)
from ieg.models.people import (LoginAttempt, PasswordReset, RecoveryCode, SectionGrant, SignInPolicy, User, UserRole,
                               UserSession)
from ieg.models.search import SearchBestBet, SearchChange, SearchLogEntry, SearchLogPruned, SearchNode, SearchSynonym
from ieg.models.standards import StandardsVersion
from ieg.models.usage import (ChannelTarget, UsageBrowserDay, UsageDay, UsageDimensionDay, UsageMonth, UsageOpenVisit,
                              UsagePageDay, UsageSalt, UsageSpoolFile)
from ieg.models.whatson import Event, EventCancellation, EventCategory, EventWard, Vacancy
from ieg.models.files import StoredFile
from ieg.models.scheduler import JobRun, SchedulerLeader
from ieg.models.tallies import R28Tally, R28TallyChange, R29Tally, R29TallyChange

__all__ = ["AddressChange", "AddressChangeRecord", "AgendaItem", "Alert", "ApiKey", "AssessmentChange", "Attachment",
           "Attendance", "AuditEntry", "AzAlias", "BvpiCell", "CaseType", "ChannelTarget", "Committee",
           "CommitteeMember", "Consultation", "ConsultationResponse", "Councillor", "CouncillorRole", "CouncillorWard",
           "Customer", "CustomerAddress", "CustomerMerge", "DeepLink", "DocumentFile", "EForm", "Enquiry",
           "EnquiryAlert", "EnquiryEvent", "EnquiryFile", "EvidenceItem", "InboundMail", "InboundUpdate", "Interest",
           "LgslService", "LinkCheckResult", "LoginAttempt", "Meeting", "MeetingDocument", "Open311Request",
           "Open311Service", "OutboxMessage", "OutcomeAssessment", "Page", "PageEditing", "PageEvent", "PageFeedback",
           "PageRedirect", "PageRevision", "PageService", "ParticipationTarget", "PasswordReset", "PostcodeWard",
           "RecoveryCode", "ReviewReminder", "SearchBestBet", "SearchLogEntry", "SearchChange", "SearchLogPruned", "SearchNode", "SearchSynonym",
           "Section", "SectionGrant", "SignInPolicy", "SiteAlert", "SiteVersion", "StaffSubmission", "StandardsVersion", "Subscriber",
           "Subscription", "UsageBrowserDay", "UsageDay", "UsageDimensionDay", "UsageMonth", "UsageOpenVisit",
           "UsagePageDay", "UsageSalt", "UsageSpoolFile", "User", "UserRole", "UserSession", "Ward", "Webhook",
           "WebhookDelivery", "ReportLocation", "CommunityGroup", "DirectoryCategory", "GroupCategory", "GroupEditor",
           "GroupWard", "Event", "EventCancellation", "EventCategory", "EventWard", "Vacancy", "NewsArticle",
           "NewsCategory", "GroupProblemReport", "GroupRevision", "GroupVenue", "StoredFile",
           "JobRun", "SchedulerLeader", "R28Tally", "R28TallyChange", "R29Tally", "R29TallyChange"]
