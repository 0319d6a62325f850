import { useApp } from '../features/apps/api/apps.ts';
import { AppSettings } from '../features/apps/components/AppSettings.tsx';
import { Loading } from '../lib/ui/State.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

export function AppSettingsPage({ app, scope }: { app: string; scope: Scope }) {
  const q = useApp(app);
  return (
    <AppLayout app={app} tab="settings" scope={scope}>
      <div className="section-head">
        <h1>Settings</h1>
      </div>
      {q.data ? <AppSettings app={q.data} key={q.data.id} /> : <Loading />}
    </AppLayout>
  );
}
