from typing import Literal

SignatureEncoding = Literal["base64", "hex"]

SIGNATURE_ENCODING_VALUES: set[SignatureEncoding] = {
    "base64",
    "hex",
}


def check_signature_encoding(value: str) -> SignatureEncoding:
    if value in SIGNATURE_ENCODING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNATURE_ENCODING_VALUES!r}"
    )
