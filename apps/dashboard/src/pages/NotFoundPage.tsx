import { Link } from '../lib/router.tsx';

export function NotFoundPage() {
  return (
    <div className="page">
      <div className="state state-empty">
        <h1 className="state-title">No such page</h1>
        <p>The address does not match any screen of the dashboard.</p>
        <Link to="/" className="button">
          Go to the start
        </Link>
      </div>
    </div>
  );
}
