import type { Endpoint } from '@herald/contracts';
import { formatTimeOfDay } from '../../../lib/format.ts';
import { Badge } from '../../../lib/ui/Badge.tsx';
import { circuitView } from './circuit.ts';

/**
 * The endpoint's state as badges: Disabled, a circuit that is not closed (with its reason in words),
 * or Active. A disabled endpoint shows no circuit: re-enabling it closes the circuit anyway.
 */
export function EndpointState({ endpoint, layout }: { endpoint: Endpoint; layout: 'inline' | 'stacked' }) {
  if (endpoint.disabled)
    return (
      <Badge tone="danger" {...(endpoint.disabledReason ? { title: endpoint.disabledReason } : {})}>
        {layout === 'inline' && endpoint.disabledReason ? `Disabled: ${endpoint.disabledReason}` : 'Disabled'}
      </Badge>
    );
  const circuit = circuitView(endpoint.circuit);
  if (!circuit) {
    if (!endpoint.failingSince) return <Badge tone="success">Active</Badge>;
    // closed circuit, but nothing has succeeded since: not "Active" in any sense a reader means
    const Why = layout === 'inline' ? 'span' : 'div';
    return (
      <>
        <Badge tone="danger">Failing</Badge>
        <Why className="muted small circuit-reason">
          every attempt failed since {formatTimeOfDay(endpoint.failingSince)}
        </Why>
      </>
    );
  }
  const Reason = layout === 'inline' ? 'span' : 'div';
  return (
    <>
      <Badge tone={circuit.tone}>{circuit.label}</Badge>
      <Reason className="muted small circuit-reason">{circuit.reason}</Reason>
    </>
  );
}
