from typing import Literal

SourceVerificationType = Literal[
    "github", "hmac-sha256", "none", "standard-webhooks", "stripe"
]

SOURCE_VERIFICATION_TYPE_VALUES: set[SourceVerificationType] = {
    "github",
    "hmac-sha256",
    "none",
    "standard-webhooks",
    "stripe",
}


def check_source_verification_type(value: str) -> SourceVerificationType:
    if value in SOURCE_VERIFICATION_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SOURCE_VERIFICATION_TYPE_VALUES!r}"
    )
