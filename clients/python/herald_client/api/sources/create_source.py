from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.amqp_source_in import AmqpSourceIn
from ...models.http_source_in import HttpSourceIn
from ...models.kafka_source_in import KafkaSourceIn
from ...models.nats_source_in import NatsSourceIn
from ...models.problem import Problem
from ...models.redis_source_in import RedisSourceIn
from ...models.source import Source
from ...types import Response


def _get_kwargs(
    app: str,
    *,
    body: AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/apps/{app}/sources".format(
            app=quote(str(app), safe=""),
        ),
    }

    if isinstance(body, HttpSourceIn):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, AmqpSourceIn):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, KafkaSourceIn):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NatsSourceIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Source | None:
    if response.status_code == 201:
        response_201 = Source.from_dict(response.json())

        return response_201

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
    *,
    client: AuthenticatedClient,
    body: AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn,
) -> Response[Problem | Source]:
    """Create an inbound source

    Args:
        app (str):
        body (AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Source]
    """

    kwargs = _get_kwargs(
        app=app,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    *,
    client: AuthenticatedClient,
    body: AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn,
) -> Problem | Source | None:
    """Create an inbound source

    Args:
        app (str):
        body (AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Source
    """

    return sync_detailed(
        app=app,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    body: AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn,
) -> Response[Problem | Source]:
    """Create an inbound source

    Args:
        app (str):
        body (AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Source]
    """

    kwargs = _get_kwargs(
        app=app,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    *,
    client: AuthenticatedClient,
    body: AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn,
) -> Problem | Source | None:
    """Create an inbound source

    Args:
        app (str):
        body (AmqpSourceIn | HttpSourceIn | KafkaSourceIn | NatsSourceIn | RedisSourceIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Source
    """

    return (
        await asyncio_detailed(
            app=app,
            client=client,
            body=body,
        )
    ).parsed
