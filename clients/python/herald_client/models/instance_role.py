from typing import Literal

InstanceRole = Literal["all", "api", "worker"]

INSTANCE_ROLE_VALUES: set[InstanceRole] = {
    "all",
    "api",
    "worker",
}


def check_instance_role(value: str) -> InstanceRole:
    if value in INSTANCE_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INSTANCE_ROLE_VALUES!r}"
    )
