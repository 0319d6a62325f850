from typing import Literal

ListMessagesWithDeliveries = Literal["false", "true"]

LIST_MESSAGES_WITH_DELIVERIES_VALUES: set[ListMessagesWithDeliveries] = {
    "false",
    "true",
}


def check_list_messages_with_deliveries(value: str) -> ListMessagesWithDeliveries:
    if value in LIST_MESSAGES_WITH_DELIVERIES_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_MESSAGES_WITH_DELIVERIES_VALUES!r}"
    )
