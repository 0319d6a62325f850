from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.signature_encoding import SignatureEncoding, check_signature_encoding
from ..models.source_verification_type import (
    SourceVerificationType,
    check_source_verification_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SourceVerificationIn")


@_attrs_define
class SourceVerificationIn:
    """
    Attributes:
        type_ (SourceVerificationType):
        secret (str | Unset):
        header (str | Unset):
        encoding (SignatureEncoding | Unset):
        prefix (str | Unset):
        timestamp_header (str | Unset):
        signed_content (str | Unset):
    """

    type_: SourceVerificationType
    secret: str | Unset = UNSET
    header: str | Unset = UNSET
    encoding: SignatureEncoding | Unset = UNSET
    prefix: str | Unset = UNSET
    timestamp_header: str | Unset = UNSET
    signed_content: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        secret = self.secret

        header = self.header

        encoding: str | Unset = UNSET
        if not isinstance(self.encoding, Unset):
            encoding = self.encoding

        prefix = self.prefix

        timestamp_header = self.timestamp_header

        signed_content = self.signed_content

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
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
        type_ = check_source_verification_type(d.pop("type"))

        secret = d.pop("secret", UNSET)

        header = d.pop("header", UNSET)

        _encoding = d.pop("encoding", UNSET)
        encoding: SignatureEncoding | Unset
        if isinstance(_encoding, Unset):
            encoding = UNSET
        else:
            encoding = check_signature_encoding(_encoding)

        prefix = d.pop("prefix", UNSET)

        timestamp_header = d.pop("timestampHeader", UNSET)

        signed_content = d.pop("signedContent", UNSET)

        source_verification_in = cls(
            type_=type_,
            secret=secret,
            header=header,
            encoding=encoding,
            prefix=prefix,
            timestamp_header=timestamp_header,
            signed_content=signed_content,
        )

        return source_verification_in
