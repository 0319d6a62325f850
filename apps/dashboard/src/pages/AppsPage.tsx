import { useState } from 'react';
import { AppList } from '../features/apps/components/AppList.tsx';
import { CreateAppForm } from '../features/apps/components/CreateAppForm.tsx';
import { navigate } from '../lib/router.tsx';
import { Dialog } from '../lib/ui/Dialog.tsx';
import { PageHeader } from '../lib/ui/PageHeader.tsx';

export function AppsPage() {
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Applications"
        meta="Each application has its own endpoints, messages and delivery log."
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            Create application
          </button>
        }
      />
      <AppList onCreate={() => setCreating(true)} />
      <Dialog open={creating} onClose={() => setCreating(false)} title="Create application">
        <CreateAppForm
          onCancel={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/apps/${encodeURIComponent(id)}`);
          }}
        />
      </Dialog>
    </>
  );
}
