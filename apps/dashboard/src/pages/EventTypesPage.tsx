import { EventTypeCatalogue } from '../features/event-types/components/EventTypeCatalogue.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

export function EventTypesPage({ app, scope }: { app: string; scope: Scope }) {
  return (
    <AppLayout app={app} tab="event-types" scope={scope}>
      <div className="section-head">
        <h1>Event types</h1>
      </div>
      <p className="muted narrow">
        What an endpoint can subscribe to. Each message's payload arrives as <code>data</code> in the body,
        next to its <code>type</code> and <code>timestamp</code>.
      </p>
      <EventTypeCatalogue />
    </AppLayout>
  );
}
