import { ApiKeyList, CreateApiKey } from '../features/api-keys/components/ApiKeys.tsx';
import { useApps } from '../features/apps/api/apps.ts';
import { PageHeader } from '../lib/ui/PageHeader.tsx';

/** API keys (root only): make one for a service, limited to one application or not; revoke. */
export function ApiKeysPage() {
  const apps = useApps();
  const list = (apps.data?.pages ?? []).flatMap((p) => p.data.map((a) => ({ id: a.id, name: a.name })));
  const names = new Map(list.map((a) => [a.id, a.name]));
  return (
    <div className="page stack-lg">
      <PageHeader
        title="API keys"
        meta="Keys for your services. A key limited to one application cannot see any other. The root key is not listed."
      />
      <CreateApiKey apps={list} />
      <ApiKeyList appName={(id) => names.get(id) ?? null} />
    </div>
  );
}
