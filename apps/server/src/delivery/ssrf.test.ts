import { describe, expect, it } from 'vitest';
import { isForbiddenAddress } from './ssrf.ts';

describe('isForbiddenAddress', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['172.16.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['::7f00:1', 'ipv4Compatible'],
    ['not-an-ip', 'invalid'],
  ])('%s is forbidden (%s)', (ip, reason) => {
    expect(isForbiddenAddress(ip)).toBe(reason);
  });

  it.each(['8.8.8.8', '2606:4700::1111', '1.1.1.1', '::ffff:8.8.8.8'])('%s is allowed', (ip) => {
    expect(isForbiddenAddress(ip)).toBeNull();
  });
});
