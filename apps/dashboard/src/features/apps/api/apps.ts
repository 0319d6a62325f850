import {
  type ApplicationIn,
  type ApplicationPatch,
  application,
  listResponse,
  portalAccess,
} from '@herald/contracts';
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, enc } from '../../../lib/http.ts';
import { iteratorPages } from '../../../lib/paging.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const applicationList = listResponse(application);

export const fetchApps = (iterator: string | undefined, signal?: AbortSignal) =>
  api('/apps', { schema: applicationList, query: { limit: 50, iterator }, signal });

export const appsQuery = () =>
  infiniteQueryOptions({
    queryKey: queryKeys.appList(),
    ...iteratorPages(fetchApps),
  });

export const useApps = () => useInfiniteQuery(appsQuery());

export const fetchApp = (app: string, signal?: AbortSignal) =>
  api(`/apps/${enc(app)}`, { schema: application, signal });

export const appQuery = (app: string) =>
  queryOptions({ queryKey: queryKeys.app(app), queryFn: ({ signal }) => fetchApp(app, signal) });

export const useApp = (app: string) => useQuery(appQuery(app));

export const createApp = (input: ApplicationIn) =>
  api('/apps', { method: 'POST', body: input, schema: application });

export function useCreateApp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createApp,
    onSuccess: (created) => {
      client.setQueryData(queryKeys.app(created.id), created);
      return client.invalidateQueries({ queryKey: queryKeys.apps() });
    },
  });
}

/** Changes an application's settings (name, retry schedule, retention). */
export function useUpdateApp(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: ApplicationPatch) =>
      api(`/apps/${enc(app)}`, { method: 'PATCH', body: patch, schema: application }),
    onSuccess: (updated) => {
      client.setQueryData(queryKeys.app(app), updated);
      return client.invalidateQueries({ queryKey: queryKeys.appList() });
    },
  });
}

/** Deletes an application with its endpoints and messages. */
export function useDeleteApp(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/apps/${enc(app)}`, { method: 'DELETE' }),
    onSuccess: () => {
      client.removeQueries({ queryKey: queryKeys.app(app) });
      return client.invalidateQueries({ queryKey: queryKeys.appList() });
    },
  });
}

export const createPortalAccess = (app: string, expiresIn: number) =>
  api(`/apps/${enc(app)}/portal-access`, { method: 'POST', body: { expiresIn }, schema: portalAccess });

export const useCreatePortalAccess = (app: string) =>
  useMutation({ mutationFn: (expiresIn: number) => createPortalAccess(app, expiresIn) });
