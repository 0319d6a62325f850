"""Contains all the data models used in inputs/outputs"""

from .api_key import ApiKey
from .api_key_created import ApiKeyCreated
from .api_key_in import ApiKeyIn
from .api_key_list import ApiKeyList
from .application import Application
from .application_in import ApplicationIn
from .application_in_metadata import ApplicationInMetadata
from .application_list import ApplicationList
from .application_metadata import ApplicationMetadata
from .application_patch import ApplicationPatch
from .application_patch_metadata import ApplicationPatchMetadata
from .attempt import Attempt
from .attempt_list import AttemptList
from .attempt_request_headers import AttemptRequestHeaders
from .attempt_status import AttemptStatus
from .attempt_trigger import AttemptTrigger
from .circuit_state import CircuitState
from .delivery import Delivery
from .delivery_list import DeliveryList
from .delivery_status import DeliveryStatus
from .endpoint import Endpoint
from .endpoint_circuit import EndpointCircuit
from .endpoint_headers import EndpointHeaders
from .endpoint_in import EndpointIn
from .endpoint_in_headers import EndpointInHeaders
from .endpoint_in_metadata import EndpointInMetadata
from .endpoint_list import EndpointList
from .endpoint_metadata import EndpointMetadata
from .endpoint_ordering import EndpointOrdering
from .endpoint_patch import EndpointPatch
from .endpoint_patch_headers import EndpointPatchHeaders
from .endpoint_patch_metadata import EndpointPatchMetadata
from .endpoint_secret_out import EndpointSecretOut
from .endpoint_stats import EndpointStats
from .endpoint_stats_attempts import EndpointStatsAttempts
from .endpoint_stats_counts import EndpointStatsCounts
from .endpoint_stats_latency_ms import EndpointStatsLatencyMs
from .error_code import ErrorCode
from .event_type import EventType
from .event_type_in import EventTypeIn
from .event_type_in_schema import EventTypeInSchema
from .event_type_list import EventTypeList
from .event_type_schema_type_0 import EventTypeSchemaType0
from .export_in import ExportIn
from .export_in_format import ExportInFormat
from .feed_ack import FeedAck
from .feed_consumer import FeedConsumer
from .feed_page import FeedPage
from .field_error import FieldError
from .first_attempt import FirstAttempt
from .first_attempt_status import FirstAttemptStatus
from .get_endpoint_stats_window import GetEndpointStatsWindow
from .ingest_accepted import IngestAccepted
from .job import Job
from .job_list import JobList
from .job_progress import JobProgress
from .job_status import JobStatus
from .list_attempts_status import ListAttemptsStatus
from .list_messages_status import ListMessagesStatus
from .list_messages_with_deliveries import ListMessagesWithDeliveries
from .logged_message import LoggedMessage
from .logged_message_list import LoggedMessageList
from .message import Message
from .message_batch_in import MessageBatchIn
from .message_in import MessageIn
from .message_in_payload import MessageInPayload
from .portal_access import PortalAccess
from .portal_access_in import PortalAccessIn
from .problem import Problem
from .publish_message_batch_result import PublishMessageBatchResult
from .published_message import PublishedMessage
from .read_events_start import ReadEventsStart
from .recover_in import RecoverIn
from .recover_preview import RecoverPreview
from .recover_started import RecoverStarted
from .replay_in import ReplayIn
from .rotate_secret_in import RotateSecretIn
from .source import Source
from .source_event_type_type_0 import SourceEventTypeType0
from .source_event_type_type_1 import SourceEventTypeType1
from .source_event_type_type_2 import SourceEventTypeType2
from .source_in import SourceIn
from .source_list import SourceList
from .source_request import SourceRequest
from .source_request_headers import SourceRequestHeaders
from .source_request_list import SourceRequestList
from .source_request_status import SourceRequestStatus
from .source_verification import SourceVerification
from .source_verification_in import SourceVerificationIn
from .source_verification_type import SourceVerificationType
from .stats_bucket import StatsBucket
from .whoami import Whoami

__all__ = (
    "ApiKey",
    "ApiKeyCreated",
    "ApiKeyIn",
    "ApiKeyList",
    "Application",
    "ApplicationIn",
    "ApplicationInMetadata",
    "ApplicationList",
    "ApplicationMetadata",
    "ApplicationPatch",
    "ApplicationPatchMetadata",
    "Attempt",
    "AttemptList",
    "AttemptRequestHeaders",
    "AttemptStatus",
    "AttemptTrigger",
    "CircuitState",
    "Delivery",
    "DeliveryList",
    "DeliveryStatus",
    "Endpoint",
    "EndpointCircuit",
    "EndpointHeaders",
    "EndpointIn",
    "EndpointInHeaders",
    "EndpointInMetadata",
    "EndpointList",
    "EndpointMetadata",
    "EndpointOrdering",
    "EndpointPatch",
    "EndpointPatchHeaders",
    "EndpointPatchMetadata",
    "EndpointSecretOut",
    "EndpointStats",
    "EndpointStatsAttempts",
    "EndpointStatsCounts",
    "EndpointStatsLatencyMs",
    "ErrorCode",
    "EventType",
    "EventTypeIn",
    "EventTypeInSchema",
    "EventTypeList",
    "EventTypeSchemaType0",
    "ExportIn",
    "ExportInFormat",
    "FeedAck",
    "FeedConsumer",
    "FeedPage",
    "FieldError",
    "FirstAttempt",
    "FirstAttemptStatus",
    "GetEndpointStatsWindow",
    "IngestAccepted",
    "Job",
    "JobList",
    "JobProgress",
    "JobStatus",
    "ListAttemptsStatus",
    "ListMessagesStatus",
    "ListMessagesWithDeliveries",
    "LoggedMessage",
    "LoggedMessageList",
    "Message",
    "MessageBatchIn",
    "MessageIn",
    "MessageInPayload",
    "PortalAccess",
    "PortalAccessIn",
    "Problem",
    "PublishedMessage",
    "PublishMessageBatchResult",
    "ReadEventsStart",
    "RecoverIn",
    "RecoverPreview",
    "RecoverStarted",
    "ReplayIn",
    "RotateSecretIn",
    "Source",
    "SourceEventTypeType0",
    "SourceEventTypeType1",
    "SourceEventTypeType2",
    "SourceIn",
    "SourceList",
    "SourceRequest",
    "SourceRequestHeaders",
    "SourceRequestList",
    "SourceRequestStatus",
    "SourceVerification",
    "SourceVerificationIn",
    "SourceVerificationType",
    "StatsBucket",
    "Whoami",
)
