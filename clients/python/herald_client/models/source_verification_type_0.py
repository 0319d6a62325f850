from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.signature_encoding import SignatureEncoding, check_signature_encoding
from ..models.source_verification_type import (
    SourceVerificationType,
    check_source_verification_type,
)

T = TypeVar("T", bound="SourceVerificationType0")


@_attrs_define
class SourceVerificationType0:
    """
    Attributes:
        type_ (SourceVerificationType):
        header (None | str):
        encoding (None | SignatureEncoding):
        prefix (None | str):
        timestamp_header (None | str):
        signed_content (None | str):
    """

    type_: SourceVerificationType
    header: None | str
    encoding: None | SignatureEncoding
    prefix: None | str
    timestamp_header: None | str
    signed_content: None | str

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        header: None | str
        header = self.header

        encoding: None | str
        if isinstance(self.encoding, str):
            encoding = self.encoding
        else:
            encoding = self.encoding

        prefix: None | str
        prefix = self.prefix

        timestamp_header: None | str
        timestamp_header = self.timestamp_header

        signed_content: None | str
        signed_content = self.signed_content

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "header": header,
                "encoding": encoding,
                "prefix": prefix,
                "timestampHeader": timestamp_header,
                "signedContent": signed_content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_source_verification_type(d.pop("type"))

        def _parse_header(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        header = _parse_header(d.pop("header"))

        def _parse_encoding(data: object) -> None | SignatureEncoding:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                encoding_type_0 = check_signature_encoding(data)

                return encoding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SignatureEncoding, data)

        encoding = _parse_encoding(d.pop("encoding"))

        def _parse_prefix(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prefix = _parse_prefix(d.pop("prefix"))

        def _parse_timestamp_header(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        timestamp_header = _parse_timestamp_header(d.pop("timestampHeader"))

        def _parse_signed_content(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        signed_content = _parse_signed_content(d.pop("signedContent"))

        source_verification_type_0 = cls(
            type_=type_,
            header=header,
            encoding=encoding,
            prefix=prefix,
            timestamp_header=timestamp_header,
            signed_content=signed_content,
        )

        return source_verification_type_0
