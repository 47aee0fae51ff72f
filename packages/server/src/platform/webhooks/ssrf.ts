import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * Addresses a webhook must not reach unless private networks are allowed (KEMAI_WEBHOOK_ALLOW_PRIVATE=1):
 * loopback, private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * multicast and reserved blocks, in IPv4 and IPv6, including IPv4 addresses mapped into IPv6.
 */
const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6')

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i

/** Is this IP address (v4 or v6 text) one a webhook may not call? Anything that is not an IP is refused. */
export function isBlockedAddress(address: string): boolean {
  const mapped = MAPPED_V4.exec(address)
  if (mapped) return isBlockedAddress(mapped[1]!)
  const family = isIP(address)
  if (family === 4) return blocked.check(address, 'ipv4')
  if (family === 6) return blocked.check(address, 'ipv6')
  return true
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS'
  constructor(readonly address: string) {
    super(`blocked address ${address}`)
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for node:http(s) that resolves as usual and refuses blocked addresses. The connection is made
 * to the address checked here, so a name that resolves differently a moment later (DNS rebinding) cannot
 * slip through.
 */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true } as { all: true }, (err, addresses) => {
    if (err) return callback(err, '')
    const list = addresses as LookupAddress[]
    const bad = list.find((a) => isBlockedAddress(a.address))
    if (bad) return callback(new BlockedAddressError(bad.address), '')
    if (list.length === 0)
      return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '')
    if (options.all) return callback(null, list)
    callback(null, list[0]!.address, list[0]!.family)
  })
}
