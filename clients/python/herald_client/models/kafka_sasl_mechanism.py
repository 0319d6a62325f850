from typing import Literal

KafkaSaslMechanism = Literal["plain", "scram-sha-256", "scram-sha-512"]

KAFKA_SASL_MECHANISM_VALUES: set[KafkaSaslMechanism] = {
    "plain",
    "scram-sha-256",
    "scram-sha-512",
}


def check_kafka_sasl_mechanism(value: str) -> KafkaSaslMechanism:
    if value in KAFKA_SASL_MECHANISM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KAFKA_SASL_MECHANISM_VALUES!r}"
    )
