import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../../lib/http.ts';
import { Link } from '../../../lib/router.tsx';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { usePublish } from '../api/messages.ts';

const fallbackPayload = () => ({ test: true, sentAt: new Date().toISOString() });
const asText = (v: unknown) => JSON.stringify(v, null, 2);

/**
 * Publishes an example message of one of the endpoint's event types. It is an ordinary message: every
 * endpoint of the application subscribed to that type receives it too, and it is logged like any other.
 */
export function SendTestEvent({
  app,
  eventTypes,
  channels,
  exampleFor,
}: {
  app: string;
  eventTypes: string[];
  /** the catalogue's example payload of a type, built from its schema (so it passes validation) */
  exampleFor?: (eventType: string) => unknown;
  /** the endpoint's channels: the message carries them, or an endpoint limited to channels skips it */
  channels: string[];
}) {
  const choices = eventTypes.length > 0 ? eventTypes : ['test.event'];
  const [open, setOpen] = useState(false);
  const [eventType, setEventType] = useState(choices[0]!);
  const examplePayload = (type: string) => {
    const v = exampleFor?.(type);
    // a type without a schema has `{}` as its example: say what this is instead
    return asText(v && typeof v === 'object' && Object.keys(v).length > 0 ? v : fallbackPayload());
  };
  const [payload, setPayload] = useState(() => examplePayload(choices[0]!));
  const [jsonError, setJsonError] = useState<string | undefined>();
  const publish = usePublish(app);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch (err) {
      return setJsonError(`Not valid JSON: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return setJsonError('The payload must be a JSON object.');
    setJsonError(undefined);
    publish.mutate({
      eventType,
      payload: parsed as Record<string, unknown>,
      ...(channels.length > 0 ? { channels: channels.slice(0, 10) } : {}),
    });
  };

  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          publish.reset();
          // the choices may have arrived after the first render (the catalogue loads on its own)
          const type = choices.includes(eventType) ? eventType : choices[0]!;
          setEventType(type);
          setPayload(examplePayload(type));
          setOpen(true);
        }}
      >
        Send test event
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Send a test event" wide>
        {publish.isSuccess ? (
          <div className="stack">
            <Notice kind="success">
              Published <code>{publish.data.id}</code>.
            </Notice>
            <FormActions onCancel={() => setOpen(false)} cancelLabel="Close">
              <Link
                className="button button-primary"
                to={`/apps/${encodeURIComponent(app)}/messages/${encodeURIComponent(publish.data.id)}`}
              >
                View message
              </Link>
            </FormActions>
          </div>
        ) : (
          <form className="stack" onSubmit={submit}>
            <p className="muted">
              This publishes a real message
              {channels.length > 0
                ? ` on channel${channels.length === 1 ? '' : 's'} ${channels.join(', ')}`
                : ''}
              : every endpoint of this application subscribed to it receives it, not only this one.
            </p>
            <Field label="Event type">
              {(p) =>
                eventTypes.length > 0 ? (
                  <select
                    {...p}
                    value={eventType}
                    onChange={(e) => {
                      setEventType(e.target.value);
                      setPayload(examplePayload(e.target.value));
                    }}
                  >
                    {choices.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    {...p}
                    value={eventType}
                    onChange={(e) => setEventType(e.target.value)}
                    spellCheck={false}
                  />
                )
              }
            </Field>
            <Field label="Payload" error={jsonError}>
              {(p) => (
                <textarea
                  {...p}
                  className="code-input"
                  rows={8}
                  value={payload}
                  spellCheck={false}
                  onChange={(e) => setPayload(e.target.value)}
                />
              )}
            </Field>
            {publish.isError ? <Notice kind="error">{errorMessage(publish.error)}</Notice> : null}
            <FormActions
              onCancel={() => setOpen(false)}
              action={{ label: 'Send', busyLabel: 'Sending…', busy: publish.isPending }}
            />
          </form>
        )}
      </Dialog>
    </>
  );
}
