"""Herald's Python client.

``herald_client`` is generated from Herald's OpenAPI document (one module per operation, attrs
models); this package is the small hand-written layer a generator does not write: a client that
retries 429/503 honouring ``Retry-After``, errors as exceptions carrying the problem details,
pagination and feed iterators, idempotency keys on publish, and webhook verification re-exported from
the official ``standardwebhooks`` package.

    from herald import Herald
    herald = Herald("http://127.0.0.1:8080", api_key)
    herald.publish("acme", "invoice.paid", {"invoiceId": "in_123"})
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from typing import Any

import httpx
from standardwebhooks import Webhook, WebhookVerificationError

from herald_client import AuthenticatedClient
from herald_client.api.events_feed import ack_feed_consumer, get_feed_consumer, read_events
from herald_client.api.messages import publish_message
from herald_client.models import FeedAck, FeedPage, Message, MessageIn, MessageInPayload, PublishedMessage
from herald_client.types import UNSET, Response

__all__ = [
    "AsyncRetryTransport",
    "Herald",
    "HeraldError",
    "RetryTransport",
    "Webhook",
    "WebhookVerificationError",
    "new_idempotency_key",
    "retry_delay",
    "verify_webhook",
]

RETRY_STATUSES = frozenset({429, 503})


def retry_delay(response: httpx.Response, attempt: int, *, backoff: float = 0.5, max_delay: float = 60.0) -> float:
    """Seconds to wait before retrying ``response``: its ``Retry-After`` (seconds or an HTTP date) when
    it has one, else exponential backoff with jitter; never more than ``max_delay``."""
    value = response.headers.get("retry-after")
    delay: float | None = None
    if value:
        value = value.strip()
        if value.isdigit():
            delay = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
                delay = max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
            except (TypeError, ValueError):
                delay = None
    if delay is None:
        delay = backoff * (2**attempt) * (0.5 + random.random())
    return min(delay, max_delay)


class RetryTransport(httpx.BaseTransport):
    """Retries a request answered 429 or 503 (Herald took nothing: rate limited or overloaded), after
    the delay the answer asks for, at most ``retries`` times; then returns the last answer."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        retries: int = 3,
        backoff: float = 0.5,
        max_delay: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport or httpx.HTTPTransport()
        self._retries, self._backoff, self._max_delay, self._sleep = retries, backoff, max_delay, sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(self._retries + 1):
            response = self._transport.handle_request(request)
            if response.status_code not in RETRY_STATUSES or attempt == self._retries:
                return response
            delay = retry_delay(response, attempt, backoff=self._backoff, max_delay=self._max_delay)
            response.close()
            self._sleep(delay)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """:class:`RetryTransport` for ``httpx.AsyncClient`` (the generated ``asyncio`` functions)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        retries: int = 3,
        backoff: float = 0.5,
        max_delay: float = 60.0,
    ) -> None:
        self._transport = transport or httpx.AsyncHTTPTransport()
        self._retries, self._backoff, self._max_delay = retries, backoff, max_delay

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(self._retries + 1):
            response = await self._transport.handle_async_request(request)
            if response.status_code not in RETRY_STATUSES or attempt == self._retries:
                return response
            delay = retry_delay(response, attempt, backoff=self._backoff, max_delay=self._max_delay)
            await response.aclose()
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        await self._transport.aclose()


class HeraldError(Exception):
    """Herald answered with an error: the RFC 9457 problem details, with the stable ``code`` and, for
    validation errors, ``errors`` naming each field."""

    def __init__(self, status: int, problem: Mapping[str, Any] | None, text: str = "") -> None:
        self.status = status
        self.problem = dict(problem) if problem else None
        self.code: str = (problem or {}).get("code", f"http_{status}")
        self.title: str = (problem or {}).get("title", "")
        self.detail: str = (problem or {}).get("detail", text[:500])
        self.errors: list[dict[str, str]] = list((problem or {}).get("errors", []))
        super().__init__(f"{status} {self.title}: {self.detail}".strip())


def new_idempotency_key() -> str:
    """A fresh key for ``Idempotency-Key``: a repeat of the same publish within 24 h is not duplicated."""
    return f"idem_{uuid.uuid4().hex}"


def verify_webhook(secret: str, body: str | bytes, headers: Mapping[str, str]) -> Any:
    """Checks a received webhook with the official ``standardwebhooks`` verifier and returns its parsed
    body ``{"type", "timestamp", "data"}``; raises :class:`WebhookVerificationError` when it is not
    genuine. ``body`` must be the raw body as received."""
    return Webhook(secret).verify(body, dict(headers))


class Herald:
    """A configured client: ``.client`` is the generated ``AuthenticatedClient`` every generated
    operation takes (``herald_client.api.<tag>.<operation>``), set up with the API key and retries."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        retries: int = 3,
        timeout: float = 40.0,
        max_retry_delay: float = 60.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not base_url or not api_key:
            raise ValueError("Herald needs base_url and api_key")
        self.base_url = base_url.rstrip("/")
        all_headers = {**(headers or {}), "Authorization": f"Bearer {api_key}"}
        # long polls (the feed's wait=30, publish-and-wait) need more than httpx's 5 s default
        client = AuthenticatedClient(base_url=self.base_url, token=api_key, raise_on_unexpected_status=True)
        client.set_httpx_client(
            httpx.Client(
                base_url=self.base_url,
                headers=all_headers,
                timeout=timeout,
                transport=RetryTransport(retries=retries, max_delay=max_retry_delay),
            )
        )
        client.set_async_httpx_client(
            httpx.AsyncClient(
                base_url=self.base_url,
                headers=all_headers,
                timeout=timeout,
                transport=AsyncRetryTransport(retries=retries, max_delay=max_retry_delay),
            )
        )
        self.client = client

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def __enter__(self) -> Herald:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, operation: Any, *args: Any, **kwargs: Any) -> Any:
        """Runs a generated operation module (e.g. ``herald_client.api.applications.create_app``) and
        returns its parsed answer; raises :class:`HeraldError` for an error status."""
        response: Response[Any] = operation.sync_detailed(*args, client=self.client, **kwargs)
        if response.status_code >= 400:
            problem = None
            try:
                problem = httpx.Response(response.status_code, content=response.content).json()
            except ValueError:
                pass
            raise HeraldError(
                int(response.status_code),
                problem if isinstance(problem, dict) else None,
                response.content.decode(errors="replace"),
            )
        return response.parsed

    def paginate(self, operation: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Every item of a list operation (``list_apps``, ``list_attempts``, ...), page after page,
        following ``iterator`` until the server says ``done``; pages are fetched as they are used."""
        iterator = kwargs.pop("iterator", UNSET)
        while True:
            page = self.call(operation, *args, iterator=iterator, **kwargs)
            yield from page.data
            nxt = page.iterator if isinstance(page.iterator, str) else None
            if page.done or nxt is None or nxt == iterator:
                return
            iterator = nxt

    def publish(
        self,
        app: str,
        event_type: str,
        payload: Mapping[str, Any],
        *,
        event_id: str | None = None,
        channels: list[str] | None = None,
        idempotency_key: str | None = None,
        wait: int | None = None,
    ) -> PublishedMessage:
        """Publishes a message. It always carries an ``Idempotency-Key`` (a new one unless given), so
        the retries of a 429/503 can never publish it twice."""
        body = MessageIn(
            event_type=event_type,
            payload=MessageInPayload.from_dict(dict(payload)),
            event_id=event_id if event_id is not None else UNSET,
            channels=channels if channels is not None else UNSET,
        )
        return self.call(
            publish_message,
            app,
            body=body,
            idempotency_key=idempotency_key or new_idempotency_key(),
            wait=wait if wait is not None else UNSET,
        )

    def follow(
        self,
        app: str,
        *,
        consumer: str | None = None,
        iterator: str | None = None,
        since: datetime | None = None,
        event_types: list[str] | None = None,
        channel: str | None = None,
        wait: int = 30,
        stop: Callable[[], bool] = lambda: False,
    ) -> Iterator[Message]:
        """The events feed for ever (until ``stop()`` is true or the loop breaks): messages in publish
        order, long-polled. With ``consumer`` it starts from the cursor the server keeps and acks it
        after each page has been handled in full, so the next follow resumes there."""
        if iterator is None and consumer:
            cursor = self.call(get_feed_consumer, app, consumer)
            iterator = cursor.iterator if isinstance(cursor.iterator, str) else None
        first = True
        while not stop():
            page: FeedPage = self.call(
                read_events,
                app,
                iterator=iterator if iterator is not None else UNSET,
                since=since if iterator is None and since is not None else UNSET,
                event_types=event_types if event_types else UNSET,
                channel=channel if channel is not None else UNSET,
                wait=0 if first else wait,
            )
            first = False
            yield from page.data
            if consumer and page.iterator != iterator:
                self.call(ack_feed_consumer, app, consumer, body=FeedAck(iterator=page.iterator))
            iterator = page.iterator
