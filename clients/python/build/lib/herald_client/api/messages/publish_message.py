from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.message_in import MessageIn
from ...models.problem import Problem
from ...models.published_message import PublishedMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    app: str,
    *,
    body: MessageIn,
    wait: float | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["idempotency-key"] = idempotency_key

    params: dict[str, Any] = {}

    params["wait"] = wait

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/apps/{app}/messages".format(
            app=quote(str(app), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PublishedMessage | None:
    if response.status_code == 200:
        response_200 = PublishedMessage.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = PublishedMessage.from_dict(response.json())

        return response_202

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
) -> Response[Problem | PublishedMessage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    body: MessageIn,
    wait: float | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | PublishedMessage]:
    """Publish a message

     202 once stored and queued. With `wait=S` (at most 30), 200 with the first attempts once every
    matched endpoint has had one, or 202 with what is known when S runs out. `eventId` or an
    `Idempotency-Key` header makes a repeat within 24 h return the first message.

    Args:
        app (str):
        wait (float | Unset):
        idempotency_key (str | Unset):
        body (MessageIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublishedMessage]
    """

    kwargs = _get_kwargs(
        app=app,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    *,
    client: AuthenticatedClient,
    body: MessageIn,
    wait: float | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | PublishedMessage | None:
    """Publish a message

     202 once stored and queued. With `wait=S` (at most 30), 200 with the first attempts once every
    matched endpoint has had one, or 202 with what is known when S runs out. `eventId` or an
    `Idempotency-Key` header makes a repeat within 24 h return the first message.

    Args:
        app (str):
        wait (float | Unset):
        idempotency_key (str | Unset):
        body (MessageIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublishedMessage
    """

    return sync_detailed(
        app=app,
        client=client,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    body: MessageIn,
    wait: float | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | PublishedMessage]:
    """Publish a message

     202 once stored and queued. With `wait=S` (at most 30), 200 with the first attempts once every
    matched endpoint has had one, or 202 with what is known when S runs out. `eventId` or an
    `Idempotency-Key` header makes a repeat within 24 h return the first message.

    Args:
        app (str):
        wait (float | Unset):
        idempotency_key (str | Unset):
        body (MessageIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublishedMessage]
    """

    kwargs = _get_kwargs(
        app=app,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    *,
    client: AuthenticatedClient,
    body: MessageIn,
    wait: float | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | PublishedMessage | None:
    """Publish a message

     202 once stored and queued. With `wait=S` (at most 30), 200 with the first attempts once every
    matched endpoint has had one, or 202 with what is known when S runs out. `eventId` or an
    `Idempotency-Key` header makes a repeat within 24 h return the first message.

    Args:
        app (str):
        wait (float | Unset):
        idempotency_key (str | Unset):
        body (MessageIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublishedMessage
    """

    return (
        await asyncio_detailed(
            app=app,
            client=client,
            body=body,
            wait=wait,
            idempotency_key=idempotency_key,
        )
    ).parsed
