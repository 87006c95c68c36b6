import { BlockList, isIP } from 'node:net'
import { z } from 'zod'
import { PEER_ADDRESS_HEADER } from './peer-address'

// Where a request came from (decision 0031). The socket's peer is the client, unless the peer is
// one of the proxies the deployment names in TRUSTED_PROXIES: only then are X-Forwarded-For and
// X-Forwarded-Proto believed, because anyone else can write whatever they like in them. The
// server hands the peer's address to the app in PEER_ADDRESS_HEADER (see ./peer-address.ts).

export type TrustedProxies = {
  /** Whether a request from this address may speak for its client through forwarded headers. */
  readonly trusts: (address: string) => boolean
  /** The list as configured, for messages. */
  readonly entries: readonly string[]
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4')

/** An address, or an address/prefix range: 10.0.0.0/8, 127.0.0.1, fd00::/8, ::1. */
function parseEntry(entry: string): { address: string; prefix: number | null } | null {
  const [address = '', prefix, extra] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || extra !== undefined) return null
  if (prefix === undefined) return { address, prefix: null }
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN
  return bits >= 0 && bits <= (version === 4 ? 32 : 128) ? { address, prefix: bits } : null
}

export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList()
  for (const entry of entries) {
    const parsed = parseEntry(entry)
    if (!parsed) throw new Error(`not an address or address/prefix: ${entry}`)
    if (parsed.prefix === null) list.addAddress(parsed.address, family(parsed.address))
    else list.addSubnet(parsed.address, parsed.prefix, family(parsed.address))
  }
  return {
    trusts: (address) => isIP(address) !== 0 && list.check(address, family(address)),
    entries: [...entries],
  }
}

/** TRUSTED_PROXIES: a comma-separated list of addresses and ranges; empty or unset trusts no one. */
export const trustedProxiesSetting = z
  .preprocess((value) => (value === undefined ? '' : value), z.string())
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine((entries) => entries.every((entry) => parseEntry(entry) !== null), {
    error: 'must be a comma-separated list of IP addresses or address/prefix ranges (e.g. 10.0.0.0/8, ::1)',
  })
  .transform(trustedProxies)

/** An IP address as written in a header, or null; IPv4 mapped into IPv6 (::ffff:a.b.c.d) is IPv4. */
function addressOf(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? ''
  const address = /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed
  return isIP(address) !== 0 ? address : null
}

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy, the nearest
 * X-Forwarded-For hop (from the right) that is not itself a trusted proxy: each proxy appends the
 * address it saw, so hops further left were written by someone the chain does not vouch for. A
 * hop that is not an address stops the walk at the last one that was. Null when the request did
 * not come through the console's server (a handler called directly).
 */
export function clientAddress(headers: Headers, trusted: TrustedProxies): string | null {
  const peer = addressOf(headers.get(PEER_ADDRESS_HEADER))
  if (peer === null || !trusted.trusts(peer)) return peer
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').reverse()
  let client = peer
  for (const hop of hops) {
    const address = addressOf(hop)
    if (address === null) break
    client = address
    if (!trusted.trusts(address)) break
  }
  return client
}

/** The scheme the client used: X-Forwarded-Proto when a trusted proxy sent it, else null (the socket's own). */
export function forwardedProtocol(headers: Headers, trusted: TrustedProxies): 'http' | 'https' | null {
  const peer = addressOf(headers.get(PEER_ADDRESS_HEADER))
  if (peer === null || !trusted.trusts(peer)) return null
  // The proxy nearest the client wrote the first value; a chain of proxies keeps it first.
  const first = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  return first === 'https' || first === 'http' ? first : null
}
