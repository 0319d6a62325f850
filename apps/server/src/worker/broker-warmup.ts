import type { Logger } from 'pino';
import type { BrokerClients } from '../brokers/clients.ts';
import { brokerDestinations } from '../db/endpoints.ts';
import type { Pool } from '../db/pool.ts';
import type { SecretCipher } from '../secrets/cipher.ts';

const EVERY_MS = 30_000;

/**
 * Connects to the brokers of enabled broker endpoints ahead of their first message, at start and every
 * 30 s (new endpoints), so a broker that is down shows in /ready and /metrics before traffic finds it.
 */
export function startBrokerWarmup(
  pool: Pool,
  cipher: SecretCipher,
  brokers: BrokerClients,
  log: Logger,
): { stop(): void } {
  const run = () =>
    brokerDestinations(pool, cipher)
      .then((ds) => brokers.warm(ds))
      .catch((err) =>
        log.debug({ err: (err as Error).message }, 'broker warm-up: reading destinations failed'),
      );
  void run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
