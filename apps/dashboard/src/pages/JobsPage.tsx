import { JobList } from '../features/jobs/components/JobList.tsx';
import { Link } from '../lib/router.tsx';
import { PageHeader } from '../lib/ui/PageHeader.tsx';
import type { Scope } from './scope.ts';

/** Recoveries, replays and exports: progress, outcome, cancel and download. */
export function JobsPage({ scope }: { scope: Scope }) {
  const messages = scope.app ? `/apps/${encodeURIComponent(scope.app)}/messages` : null;
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
