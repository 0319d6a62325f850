from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.signature_encoding import SignatureEncoding, check_signature_encoding
from ..models.source_verification_type import (
    SourceVerificationType,
    check_source_verification_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SourceVerificationPatch")


@_attrs_define
class SourceVerificationPatch:
    """
    Attributes:
        type_ (SourceVerificationType | Unset):
        secret (str | Unset):
        header (None | str | Unset):
        encoding (None | SignatureEncoding | Unset):
        prefix (None | str | Unset):
        timestamp_header (None | str | Unset):
        signed_content (None | str | Unset):
    """

    type_: SourceVerificationType | Unset = UNSET
    secret: str | Unset = UNSET
    header: None | str | Unset = UNSET
    encoding: None | SignatureEncoding | Unset = UNSET
    prefix: None | str | Unset = UNSET
    timestamp_header: None | str | Unset = UNSET
    signed_content: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        secret = self.secret

        header: None | str | Unset
        if isinstance(self.header, Unset):
            header = UNSET
        else:
            header = self.header

        encoding: None | str | Unset
        if isinstance(self.encoding, Unset):
            encoding = UNSET
        elif isinstance(self.encoding, str):
            encoding = self.encoding
        else:
            encoding = self.encoding

        prefix: None | str | Unset
        if isinstance(self.prefix, Unset):
            prefix = UNSET
        else:
            prefix = self.prefix

        timestamp_header: None | str | Unset
        if isinstance(self.timestamp_header, Unset):
            timestamp_header = UNSET
        else:
            timestamp_header = self.timestamp_header

        signed_content: None | str | Unset
        if isinstance(self.signed_content, Unset):
            signed_content = UNSET
        else:
            signed_content = self.signed_content

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if secret is not UNSET:
            field_dict["secret"] = secret
        if header is not UNSET:
            field_dict["header"] = header
        if encoding is not UNSET:
            field_dict["encoding"] = encoding
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if timestamp_header is not UNSET:
            field_dict["timestampHeader"] = timestamp_header
        if signed_content is not UNSET:
            field_dict["signedContent"] = signed_content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: SourceVerificationType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_source_verification_type(_type_)

        secret = d.pop("secret", UNSET)

        def _parse_header(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        header = _parse_header(d.pop("header", UNSET))

        def _parse_encoding(data: object) -> None | SignatureEncoding | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                encoding_type_0 = check_signature_encoding(data)

                return encoding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SignatureEncoding | Unset, data)

        encoding = _parse_encoding(d.pop("encoding", UNSET))

        def _parse_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prefix = _parse_prefix(d.pop("prefix", UNSET))

        def _parse_timestamp_header(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timestamp_header = _parse_timestamp_header(d.pop("timestampHeader", UNSET))

        def _parse_signed_content(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signed_content = _parse_signed_content(d.pop("signedContent", UNSET))

        source_verification_patch = cls(
            type_=type_,
            secret=secret,
            header=header,
            encoding=encoding,
            prefix=prefix,
            timestamp_header=timestamp_header,
            signed_content=signed_content,
        )

        return source_verification_patch
