import { type ApiKeyIn, apiKey, apiKeyCreated, listResponse } from '@herald/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../../../lib/http.ts';
import { iteratorPages } from '../../../lib/paging.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const apiKeyList = listResponse(apiKey);

export const fetchApiKeys = (iterator: string | undefined, signal?: AbortSignal) =>
  api('/api-keys', { schema: apiKeyList, query: { limit: 100, iterator }, signal });

/** Every API key (never the keys themselves: only their names, scope and age). */
export const useApiKeys = () =>
  useInfiniteQuery({ queryKey: queryKeys.apiKeys(), ...iteratorPages(fetchApiKeys) });

/** Makes a key; the answer carries the key itself, shown once. */
export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiKeyIn) => api('/api-keys', { method: 'POST', body: input, schema: apiKeyCreated }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
  });
}

/** Revokes a key at once. */
export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api-keys/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
  });
}
