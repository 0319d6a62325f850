import { type RecoverIn, recoverPreview, recoverStarted } from '@herald/contracts';
import { queryOptions, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../../../lib/http.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const path = (app: string, ep: string) => `/apps/${enc(app)}/endpoints/${enc(ep)}/recover`;

/** How many failed deliveries a recovery of this window would re-send (nothing is sent). */
export const fetchRecoverPreview = (app: string, ep: string, range: RecoverIn, signal?: AbortSignal) =>
  api(`${path(app, ep)}/preview`, { method: 'POST', body: range, schema: recoverPreview, signal });

/** The preview of `range`; nothing is asked while there is none (no start chosen, dialog closed). */
export const recoverPreviewQuery = (app: string, ep: string, range: RecoverIn | null) =>
  queryOptions({
    queryKey: queryKeys.recoverPreview(app, ep, range),
    queryFn: range ? ({ signal }) => fetchRecoverPreview(app, ep, range, signal) : skipToken,
    staleTime: 0,
  });

export const useRecoverPreview = (app: string, ep: string, range: RecoverIn | null) =>
  useQuery(recoverPreviewQuery(app, ep, range));

export const startRecover = (app: string, ep: string, range: RecoverIn) =>
  api(path(app, ep), { method: 'POST', body: range, schema: recoverStarted });

/** Starts the recovery; the job (followed with the jobs feature) goes into the cache and the list. */
export function useStartRecover(app: string, ep: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (range: RecoverIn) => startRecover(app, ep, range),
    onSuccess: (started) => {
      client.setQueryData(queryKeys.job(started.job.id), started.job);
      return client.invalidateQueries({ queryKey: queryKeys.jobList() });
    },
  });
}
