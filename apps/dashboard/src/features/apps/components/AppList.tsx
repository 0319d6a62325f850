import { Link } from '../../../lib/router.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useApps } from '../api/apps.ts';

export function AppList({ onCreate }: { onCreate: () => void }) {
  const q = useApps();
  if (q.isPending) return <Loading label="Loading applications…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  const apps = q.data.pages.flatMap((p) => p.data);
  if (apps.length === 0) {
    return (
      <Empty
        title="No applications yet"
        action={
          <button type="button" className="button button-primary" onClick={onCreate}>
            Create application
          </button>
        }
      >
        An application is one customer or tenant of yours: it owns endpoints and the messages sent to them.
      </Empty>
    );
  }
  return (
    <div className="card card-flush">
      <table className="table table-cards" aria-label="Applications">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">UID</th>
            <th scope="col">ID</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {apps.map((a) => (
            <tr key={a.id}>
              <td className="cell-main" data-label="Name">
                <Link to={`/apps/${encodeURIComponent(a.id)}`} className="strong-link">
                  {a.name}
                </Link>
              </td>
              <td data-label="UID" className={a.uid ? undefined : 'cell-empty'}>
                {a.uid ? <code>{a.uid}</code> : <span className="muted">–</span>}
              </td>
              <td data-label="ID">
                <code className="muted">{a.id}</code>
              </td>
              <td data-label="Created">
                <Time iso={a.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.hasNextPage ? (
        <div className="table-footer">
          <LoadMore query={q} />
        </div>
      ) : null}
    </div>
  );
}
