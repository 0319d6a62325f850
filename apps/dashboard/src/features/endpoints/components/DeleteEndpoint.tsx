import { errorMessage } from '../../../lib/http.ts';
import { navigate } from '../../../lib/router.tsx';
import { ConfirmButton } from '../../../lib/ui/ConfirmDialog.tsx';
import { useDeleteEndpoint } from '../api/endpoints.ts';

/** "Delete": after a confirmation the endpoint, its deliveries and attempts are gone; back to the list. */
export function DeleteEndpoint({ app, endpoint, url }: { app: string; endpoint: string; url: string }) {
  const del = useDeleteEndpoint(app, endpoint);
  return (
    <ConfirmButton
      label="Delete"
      title="Delete this endpoint?"
      confirmLabel="Delete endpoint"
      busyLabel="Deleting…"
      busy={del.isPending}
      error={del.isError ? errorMessage(del.error) : null}
      onConfirm={() =>
        del.mutate(undefined, { onSuccess: () => navigate(`/apps/${encodeURIComponent(app)}/endpoints`) })
      }
    >
      <p>
        <span className="url">{url}</span> stops receiving webhooks at once. Its delivery log and signing
        secret are deleted; this cannot be undone. Disable it instead to pause it.
      </p>
    </ConfirmButton>
  );
}
