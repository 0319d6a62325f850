"""Contains all the data models used in inputs/outputs"""

from .amqp_destination import AmqpDestination
from .amqp_source_in import AmqpSourceIn
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
from .attempt_response_headers_type_0 import AttemptResponseHeadersType0
from .attempt_status import AttemptStatus
from .attempt_trigger import AttemptTrigger
from .circuit_state import CircuitState
from .cluster import Cluster
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
from .http_source_in import HttpSourceIn
from .ingest_accepted import IngestAccepted
from .instance import Instance
from .instance_role import InstanceRole
from .instance_status import InstanceStatus
from .job import Job
from .job_list import JobList
from .job_params import JobParams
from .job_progress import JobProgress
from .job_status import JobStatus
from .kafka_destination import KafkaDestination
from .kafka_sasl import KafkaSasl
from .kafka_sasl_mechanism import KafkaSaslMechanism
from .kafka_source_in import KafkaSourceIn
from .kafka_tls_type_1 import KafkaTlsType1
from .list_attempts_status import ListAttemptsStatus
from .list_messages_status import ListMessagesStatus
from .list_messages_with_deliveries import ListMessagesWithDeliveries
from .logged_message import LoggedMessage
from .logged_message_list import LoggedMessageList
from .message import Message
from .message_batch_in import MessageBatchIn
from .message_in import MessageIn
from .message_in_payload import MessageInPayload
from .nats_destination import NatsDestination
from .nats_source_in import NatsSourceIn
from .portal_access import PortalAccess
from .portal_access_in import PortalAccessIn
from .portal_branding import PortalBranding
from .problem import Problem
from .publish_message_batch_result import PublishMessageBatchResult
from .published_message import PublishedMessage
from .read_events_start import ReadEventsStart
from .recover_in import RecoverIn
from .recover_preview import RecoverPreview
from .recover_started import RecoverStarted
from .redis_destination import RedisDestination
from .redis_source_in import RedisSourceIn
from .replay_in import ReplayIn
from .rotate_secret_in import RotateSecretIn
from .signature_encoding import SignatureEncoding
from .source import Source
from .source_consumer import SourceConsumer
from .source_consumer_state import SourceConsumerState
from .source_event_type_type_0 import SourceEventTypeType0
from .source_event_type_type_1 import SourceEventTypeType1
from .source_event_type_type_2 import SourceEventTypeType2
from .source_list import SourceList
from .source_patch import SourcePatch
from .source_request import SourceRequest
from .source_request_headers import SourceRequestHeaders
from .source_request_list import SourceRequestList
from .source_request_status import SourceRequestStatus
from .source_type import SourceType
from .source_verification_in import SourceVerificationIn
from .source_verification_patch import SourceVerificationPatch
from .source_verification_type import SourceVerificationType
from .source_verification_type_0 import SourceVerificationType0
from .stats_bucket import StatsBucket
from .whoami import Whoami

__all__ = (
    "AmqpDestination",
    "AmqpSourceIn",
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
    "AttemptResponseHeadersType0",
    "AttemptStatus",
    "AttemptTrigger",
    "CircuitState",
    "Cluster",
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
    "HttpSourceIn",
    "IngestAccepted",
    "Instance",
    "InstanceRole",
    "InstanceStatus",
    "Job",
    "JobList",
    "JobParams",
    "JobProgress",
    "JobStatus",
    "KafkaDestination",
    "KafkaSasl",
    "KafkaSaslMechanism",
    "KafkaSourceIn",
    "KafkaTlsType1",
    "ListAttemptsStatus",
    "ListMessagesStatus",
    "ListMessagesWithDeliveries",
    "LoggedMessage",
    "LoggedMessageList",
    "Message",
    "MessageBatchIn",
    "MessageIn",
    "MessageInPayload",
    "NatsDestination",
    "NatsSourceIn",
    "PortalAccess",
    "PortalAccessIn",
    "PortalBranding",
    "Problem",
    "PublishedMessage",
    "PublishMessageBatchResult",
    "ReadEventsStart",
    "RecoverIn",
    "RecoverPreview",
    "RecoverStarted",
    "RedisDestination",
    "RedisSourceIn",
    "ReplayIn",
    "RotateSecretIn",
    "SignatureEncoding",
    "Source",
    "SourceConsumer",
    "SourceConsumerState",
    "SourceEventTypeType0",
    "SourceEventTypeType1",
    "SourceEventTypeType2",
    "SourceList",
    "SourcePatch",
    "SourceRequest",
    "SourceRequestHeaders",
    "SourceRequestList",
    "SourceRequestStatus",
    "SourceType",
    "SourceVerificationIn",
    "SourceVerificationPatch",
    "SourceVerificationType",
    "SourceVerificationType0",
    "StatsBucket",
    "Whoami",
)
