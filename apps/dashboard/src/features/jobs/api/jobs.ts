import {
  type ExportIn,
  type Job,
  job,
  listResponse,
  type ReplayIn,
  recoverPreview,
  recoverStarted,
} from '@herald/contracts';
import {
  infiniteQueryOptions,
  keepPreviousData,
  type QueryClient,
  queryOptions,
  skipToken,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { saveBlob } from '../../../lib/download.ts';
import { api, download, enc } from '../../../lib/http.ts';
import { iteratorPages } from '../../../lib/paging.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const jobList = listResponse(job);

/** How often a job that is still queued or running is asked about. */
export const JOB_POLL_MS = 1000;
/** How often the list looks for jobs started elsewhere (another tab, the API) while none is under way. */
export const JOB_IDLE_POLL_MS = 15_000;

export const isFinished = (j: Job) =>
  j.status === 'completed' || j.status === 'failed' || j.status === 'cancelled';

/** A job just started or changed: keep it in the cache, and have the list ask again. */
function remember(client: QueryClient, j: Job) {
  client.setQueryData(queryKeys.job(j.id), j);
  return client.invalidateQueries({ queryKey: queryKeys.jobList() });
}

// --- list

export const fetchJobs = (iterator: string | undefined, signal?: AbortSignal) =>
  api('/jobs', { schema: jobList, query: { limit: 50, iterator }, signal });

/**
 * The jobs the key can see (a scoped key or portal link: its application's), newest first. Every
 * loaded page is asked again each second while one of its jobs is still queued or running, and now
 * and then otherwise, so jobs started elsewhere show up.
 */
export const jobsQuery = () =>
  infiniteQueryOptions({
    queryKey: queryKeys.jobList(),
    ...iteratorPages(fetchJobs),
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.data.some((j) => !isFinished(j))) ? JOB_POLL_MS : JOB_IDLE_POLL_MS,
    staleTime: 0,
  });

export const useJobs = () => useInfiniteQuery(jobsQuery());

// --- one

export const fetchJob = (id: string, signal?: AbortSignal) =>
  api(`/jobs/${enc(id)}`, { schema: job, signal });

/** A platform job, polled every second until it finishes. */
export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.job(id),
    queryFn: ({ signal }) => fetchJob(id, signal),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data) ? false : JOB_POLL_MS),
  });

export const useJob = (id: string) => useQuery(jobQuery(id));

// --- cancel

export const cancelJob = (id: string) => api(`/jobs/${enc(id)}/cancel`, { method: 'POST', schema: job });

/** Cancels a queued or running job. A 409 (it finished meanwhile) is the mutation's error to show. */
export function useCancelJob(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => cancelJob(id),
    onSuccess: (j) => remember(client, j),
    // whatever the answer, the job's state is worth reading again (a 409 means it changed)
    onError: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.job(id) }),
        client.invalidateQueries({ queryKey: queryKeys.jobList() }),
      ]),
  });
}

// --- download (export jobs)

/** The export file, fetched with the key (a plain link has no bearer header), saved as a download. */
export async function downloadExport(id: string): Promise<string> {
  const { blob, filename } = await download(`/jobs/${enc(id)}/download`);
  const name = filename ?? `${id}.${blob.type.includes('csv') ? 'csv' : 'ndjson'}`;
  saveBlob(blob, name);
  return name;
}

export const useDownloadExport = (id: string) => useMutation({ mutationFn: () => downloadExport(id) });

// --- start

/** How many messages a replay with `input` would re-send; nothing is asked while the form is invalid. */
export const useReplayPreview = (app: string, input: ReplayIn | null) =>
  useQuery({
    queryKey: queryKeys.replayPreview(app, input),
    queryFn: input
      ? ({ signal }) =>
          api(`/apps/${enc(app)}/messages/replay/preview`, {
            method: 'POST',
            body: input,
            schema: recoverPreview,
            signal,
          })
      : skipToken,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });

export const startReplay = (app: string, input: ReplayIn) =>
  api(`/apps/${enc(app)}/messages/replay`, { method: 'POST', body: input, schema: recoverStarted });

/** Bulk replay by filter: answers the job and how many messages it will re-send. */
export function useStartReplay(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ReplayIn) => startReplay(app, input),
    onSuccess: (started) => remember(client, started.job),
  });
}

export const startExport = (app: string, input: ExportIn) =>
  api(`/apps/${enc(app)}/exports`, { method: 'POST', body: input, schema: job });

export function useStartExport(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ExportIn) => startExport(app, input),
    onSuccess: (j) => remember(client, j),
  });
}
