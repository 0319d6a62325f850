/**
 * The SSRF policy of the "send" stage: which destination IPs are forbidden, and the guards that apply it
 * where the HTTP client connects (DNS answers, IP-literal hostnames). A refused destination fails the
 * connect with a BlockedDestinationError.
 */
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { buildConnector } from 'undici';

const ALLOW_HINT = 'set HERALD_ALLOW_PRIVATE_NETWORKS=true to allow';

const REASON_LABELS: Record<string, string> = {
  loopback: 'loopback address',
  private: 'private network address',
  linkLocal: 'link-local address',
  uniqueLocal: 'unique local address',
  unspecified: 'unspecified address',
  carrierGradeNat: 'carrier-grade NAT address',
  multicast: 'multicast address',
  broadcast: 'broadcast address',
  reserved: 'reserved address',
  ipv4Compatible: 'IPv4-compatible IPv6 address',
  invalid: 'not an IP address',
};

/**
 * Why a destination IP must not be connected to, or null when it is public unicast.
 *
 * Returns ipaddr.js range names ('loopback', 'private', 'linkLocal', 'unspecified', 'carrierGradeNat',
 * 'uniqueLocal', 'rfc6052', '6to4', ...). Everything that is not plain 'unicast' is refused: NAT64
 * and 6to4 prefixes embed IPv4 addresses that may well be internal, so they are refused too.
 */
export function isForbiddenAddress(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return 'invalid';
  let addr = ipaddr.parse(ip);
  // ::ffff:10.0.0.1 reaches 10.0.0.1 through a dual-stack socket: judge the IPv4 address.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const range = addr.range();
  if (range !== 'unicast') return range;
  // ::a.b.c.d (deprecated IPv4-compatible form) is 'unicast' to ipaddr.js but embeds an IPv4 address.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return 'ipv4Compatible';
  }
  return null;
}

/** Carries errorCode 'blocked' from deep inside the connector back to send(). */
export class BlockedDestinationError extends Error {
  readonly code = 'HERALD_BLOCKED_DESTINATION';
  constructor(destination: string, reason: string) {
    super(
      `destination ${destination} is not allowed: ${REASON_LABELS[reason] ?? `${reason} address`} (${ALLOW_HINT})`,
    );
    this.name = 'BlockedDestinationError';
  }
}

/**
 * Wraps a DNS lookup so that every resolved address is checked before net.connect uses it. Checking
 * the answer actually connected to (rather than resolving once up front and connecting later) is what
 * defeats DNS rebinding. A name with any forbidden address is refused outright.
 */
export function guardLookup(base: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) {
        callback(err, address, family);
        return;
      }
      const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
      for (const ip of addresses) {
        const reason = isForbiddenAddress(ip);
        if (reason !== null) {
          callback(
            new BlockedDestinationError(`${hostname} (${ip})`, reason),
            Array.isArray(address) ? [] : '',
          );
          return;
        }
      }
      callback(null, address, family);
    });
  };
}

/**
 * Wraps a connector so that an IP-literal hostname, which never goes through DNS lookup, is checked here.
 * undici has already stripped IPv6 brackets, and the WHATWG URL parser has turned 2130706433 / 0x7f.1 /
 * 0177.0.0.1 into 127.0.0.1, so what arrives is exactly what net.connect would dial.
 */
export function guardConnect(connector: buildConnector.connector): buildConnector.connector {
  return (connectOptions, callback) => {
    const { hostname } = connectOptions;
    if (isIP(hostname) !== 0) {
      const reason = isForbiddenAddress(hostname);
      if (reason !== null) {
        const error = new BlockedDestinationError(hostname, reason);
        process.nextTick(() => callback(error, null));
        return;
      }
    }
    // Return the socket: undici uses it to cancel a connect attempt.
    return connector(connectOptions, callback);
  };
}
