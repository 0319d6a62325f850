import type { Context } from '../context.ts';
import { type AppRow, findAppByUid } from '../db/apps.ts';
import type { EndpointRow } from '../db/endpoints.ts';
import type { Tx } from '../db/pool.ts';
import { publishWithin } from './publish-message.ts';

export type EndpointEventType = 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted';

/**
 * An endpoint's lifecycle as an operational event (Svix's endpoint.created / updated / deleted:
 * `{appId, appUid, endpointId, endpointUid}`), published into HERALD_OPERATIONAL_APP inside the
 * transaction that made the change: the event exists exactly when the change committed.
 */
export async function publishEndpointEvent(
  ctx: Context,
  db: Tx,
  eventType: EndpointEventType,
  app: AppRow,
  endpoint: Pick<EndpointRow, 'id' | 'uid'>,
  requestId: string,
): Promise<void> {
  const uid = ctx.config.HERALD_OPERATIONAL_APP;
  if (!uid) return;
  const opsApp = await findAppByUid(db, uid);
  if (!opsApp) return;
  await publishWithin(
    ctx,
    db,
    opsApp,
    [
      {
        eventType,
        payload: { appId: app.id, appUid: app.uid, endpointId: endpoint.id, endpointUid: endpoint.uid },
      },
    ],
    { requestId },
  );
}
