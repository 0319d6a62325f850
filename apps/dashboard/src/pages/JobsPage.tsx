import { useApps } from '../features/apps/api/apps.ts';
import { JobList } from '../features/jobs/components/JobList.tsx';
import { Link } from '../lib/router.tsx';
import { PageHeader } from '../lib/ui/PageHeader.tsx';
import type { Scope } from './scope.ts';

/** Recoveries, replays and exports: progress, outcome, cancel and download. */
export function JobsPage({ scope }: { scope: Scope }) {
  const messages = scope.app ? `/apps/${encodeURIComponent(scope.app)}/messages` : null;
  // the operator's view names each job's application; a scoped key sees one application only
  const apps = useApps();
  const names = new Map((apps.data?.pages ?? []).flatMap((p) => p.data.map((a) => [a.id, a.name] as const)));
  const appName = scope.app ? null : (id: string) => names.get(id) ?? null;
  return (
    <div className="page">
      <PageHeader
        title="Jobs"
        meta={
          scope.app
            ? 'Recoveries, replays and exports of this application, newest first.'
            : 'Recoveries, replays and exports of every application, newest first.'
        }
      />
      <JobList
        appName={appName}
        emptyHint={
          <p>
            Start one with “Recover failed” on an endpoint, or “Replay messages” and “Export” above an
            application’s {messages ? <Link to={messages}>message log</Link> : 'message log'}.
          </p>
        }
      />
    </div>
  );
}
