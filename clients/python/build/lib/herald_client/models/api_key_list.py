from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.api_key import ApiKey


T = TypeVar("T", bound="ApiKeyList")


@_attrs_define
class ApiKeyList:
    """
    Attributes:
        data (list[ApiKey]):
        iterator (None | str):
        done (bool):
    """

    data: list[ApiKey]
    iterator: None | str
    done: bool

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        iterator: None | str
        iterator = self.iterator

        done = self.done

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "iterator": iterator,
                "done": done,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key import ApiKey  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ApiKey.from_dict(data_item_data)

            data.append(data_item)

        def _parse_iterator(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iterator = _parse_iterator(d.pop("iterator"))

        done = d.pop("done")

        api_key_list = cls(
            data=data,
            iterator=iterator,
            done=done,
        )

        return api_key_list
