import {
  attempt,
  type Delivery,
  delivery,
  listResponse,
  loggedMessage,
  type MessageIn,
  message,
} from '@herald/contracts';
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, enc } from '../../../lib/http.ts';
import { iteratorPages } from '../../../lib/paging.ts';
import { type MessageFilters, queryKeys } from '../../../lib/query-keys.ts';

const messageList = listResponse(loggedMessage);
const deliveryList = listResponse(delivery);
const attemptList = listResponse(attempt);
const msgPath = (app: string, msg: string) => `/apps/${enc(app)}/messages/${enc(msg)}`;

/** How often the log and an unfinished message refresh themselves. */
export const LIVE_INTERVAL_MS = 2000;

export const fetchMessages = (
  app: string,
  filters: MessageFilters,
  iterator: string | undefined,
  signal?: AbortSignal,
) =>
  api(`/apps/${enc(app)}/messages`, {
    schema: messageList,
    // each message comes with its deliveries: one request per page, not one more per row
    query: { ...filters, limit: 50, iterator, withDeliveries: 'true' },
    signal,
  });

/**
 * The delivery log, newest first, one page per "Load older", each message with its deliveries. While
 * live, every loaded page is refetched in place: new messages appear on top and delivery states move
 * on, the list keeps its rows, so scroll and filters stay. `endpoint` and `status` are the server's.
 */
export const messagesQuery = (app: string, filters: MessageFilters, live: boolean) =>
  infiniteQueryOptions({
    queryKey: queryKeys.messageList(app, filters),
    ...iteratorPages((iterator, signal) => fetchMessages(app, filters, iterator, signal)),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
    placeholderData: keepPreviousData,
  });

export const useMessages = (app: string, filters: MessageFilters, live: boolean) =>
  useInfiniteQuery(messagesQuery(app, filters, live));

export const fetchMessage = (app: string, msg: string, signal?: AbortSignal) =>
  api(msgPath(app, msg), { schema: message, signal });

export const messageQuery = (app: string, msg: string) =>
  queryOptions({
    queryKey: queryKeys.message(app, msg),
    queryFn: ({ signal }) => fetchMessage(app, msg, signal),
    staleTime: Number.POSITIVE_INFINITY, // a message never changes
  });

export const useMessage = (app: string, msg: string) => useQuery(messageQuery(app, msg));

export const unfinished = (ds: Delivery[]) =>
  ds.some((d) => d.status === 'pending' || d.status === 'sending');

export const fetchDeliveries = (app: string, msg: string, signal?: AbortSignal) =>
  api(`${msgPath(app, msg)}/deliveries`, { schema: deliveryList, signal }).then((r) => r.data);

/** Per-endpoint state of one message; refreshes while a delivery is still under way (or `watch`). */
export const deliveriesQuery = (app: string, msg: string, watch = false) =>
  queryOptions({
    queryKey: queryKeys.deliveries(app, msg),
    queryFn: ({ signal }) => fetchDeliveries(app, msg, signal),
    refetchInterval: (q) => (watch || !q.state.data || unfinished(q.state.data) ? LIVE_INTERVAL_MS : false),
  });

export const useDeliveries = (app: string, msg: string, watch = false) =>
  useQuery(deliveriesQuery(app, msg, watch));

export const fetchAttempts = (app: string, msg: string, signal?: AbortSignal) =>
  api(`${msgPath(app, msg)}/attempts`, { schema: attemptList, signal }).then((r) => r.data);

export const attemptsQuery = (app: string, msg: string, live: boolean) =>
  queryOptions({
    queryKey: queryKeys.attempts(app, msg),
    queryFn: ({ signal }) => fetchAttempts(app, msg, signal),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });

export const useAttempts = (app: string, msg: string, live: boolean) =>
  useQuery(attemptsQuery(app, msg, live));

export const resend = (app: string, msg: string, endpoint: string) =>
  api(`${msgPath(app, msg)}/endpoints/${enc(endpoint)}/resend`, { method: 'POST' });

export function useResend(app: string, msg: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: string) => resend(app, msg, endpoint),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.deliveries(app, msg) }),
        client.invalidateQueries({ queryKey: queryKeys.attempts(app, msg) }),
      ]),
  });
}

export const publish = (app: string, input: MessageIn) =>
  api(`/apps/${enc(app)}/messages`, { method: 'POST', body: input, schema: message });

export function usePublish(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MessageIn) => publish(app, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.messages(app) }),
  });
}
