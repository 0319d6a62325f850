from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source import Source
from ...models.source_patch import SourcePatch
from ...types import Response


def _get_kwargs(
    app: str,
    source: str,
    *,
    body: SourcePatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/apps/{app}/sources/{source}".format(
            app=quote(str(app), safe=""),
            source=quote(str(source), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Source | None:
    if response.status_code == 200:
        response_200 = Source.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Source]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    app: str,
    source: str,
    *,
    client: AuthenticatedClient,
    body: SourcePatch,
) -> Response[Problem | Source]:
    """Change a source (verification, event type, limits; a broker source's broker fields)

     The fields given are changed. An HTTP source takes its verification and limits; a broker source the
    broker fields of its own type, checked as on create: its URL (a password given as `***` keeps the
    stored one, on the same host), for Kafka its brokers, SASL (a password given as `***`, or no `sasl`,
    keeps the stored one only with the same brokers and username; `null`: none) and TLS, its queue,
    topic and group, stream and durable or group, and its dead-letter target (`null`: the default). A
    field of another type, or another `type`, is a 422 naming it. The workers restart the consumer at
    their next scan; new coordinates start where the broker starts a new consumer, while a change of
    credentials or dead-letter target keeps the position.

    Args:
        app (str):
        source (str):
        body (SourcePatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Source]
    """

    kwargs = _get_kwargs(
        app=app,
        source=source,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    source: str,
    *,
    client: AuthenticatedClient,
    body: SourcePatch,
) -> Problem | Source | None:
    """Change a source (verification, event type, limits; a broker source's broker fields)

     The fields given are changed. An HTTP source takes its verification and limits; a broker source the
    broker fields of its own type, checked as on create: its URL (a password given as `***` keeps the
    stored one, on the same host), for Kafka its brokers, SASL (a password given as `***`, or no `sasl`,
    keeps the stored one only with the same brokers and username; `null`: none) and TLS, its queue,
    topic and group, stream and durable or group, and its dead-letter target (`null`: the default). A
    field of another type, or another `type`, is a 422 naming it. The workers restart the consumer at
    their next scan; new coordinates start where the broker starts a new consumer, while a change of
    credentials or dead-letter target keeps the position.

    Args:
        app (str):
        source (str):
        body (SourcePatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Source
    """

    return sync_detailed(
        app=app,
        source=source,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    app: str,
    source: str,
    *,
    client: AuthenticatedClient,
    body: SourcePatch,
) -> Response[Problem | Source]:
    """Change a source (verification, event type, limits; a broker source's broker fields)

     The fields given are changed. An HTTP source takes its verification and limits; a broker source the
    broker fields of its own type, checked as on create: its URL (a password given as `***` keeps the
    stored one, on the same host), for Kafka its brokers, SASL (a password given as `***`, or no `sasl`,
    keeps the stored one only with the same brokers and username; `null`: none) and TLS, its queue,
    topic and group, stream and durable or group, and its dead-letter target (`null`: the default). A
    field of another type, or another `type`, is a 422 naming it. The workers restart the consumer at
    their next scan; new coordinates start where the broker starts a new consumer, while a change of
    credentials or dead-letter target keeps the position.

    Args:
        app (str):
        source (str):
        body (SourcePatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Source]
    """

    kwargs = _get_kwargs(
        app=app,
        source=source,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    source: str,
    *,
    client: AuthenticatedClient,
    body: SourcePatch,
) -> Problem | Source | None:
    """Change a source (verification, event type, limits; a broker source's broker fields)

     The fields given are changed. An HTTP source takes its verification and limits; a broker source the
    broker fields of its own type, checked as on create: its URL (a password given as `***` keeps the
    stored one, on the same host), for Kafka its brokers, SASL (a password given as `***`, or no `sasl`,
    keeps the stored one only with the same brokers and username; `null`: none) and TLS, its queue,
    topic and group, stream and durable or group, and its dead-letter target (`null`: the default). A
    field of another type, or another `type`, is a 422 naming it. The workers restart the consumer at
    their next scan; new coordinates start where the broker starts a new consumer, while a change of
    credentials or dead-letter target keeps the position.

    Args:
        app (str):
        source (str):
        body (SourcePatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Source
    """

    return (
        await asyncio_detailed(
            app=app,
            source=source,
            client=client,
            body=body,
        )
    ).parsed
