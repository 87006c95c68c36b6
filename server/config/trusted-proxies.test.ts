import { describe, expect, it } from 'vitest'
import { PEER_ADDRESS_HEADER } from './peer-address'
import { clientAddress, forwardedProtocol, trustedProxies, trustedProxiesSetting } from './trusted-proxies'

const headers = (peer: string | null, extra: Record<string, string> = {}) =>
  new Headers({ ...(peer === null ? {} : { [PEER_ADDRESS_HEADER]: peer }), ...extra })

describe('TRUSTED_PROXIES', () => {
  it('reads addresses and ranges of both families; unset or empty trusts no one', () => {
    const proxies = trustedProxiesSetting.parse(' 10.0.0.0/8, 192.0.2.1 ,fd00::/8,::1')
    expect(proxies.entries).toEqual(['10.0.0.0/8', '192.0.2.1', 'fd00::/8', '::1'])
    expect(['10.1.2.3', '192.0.2.1', 'fd12::5', '::1', '::ffff:10.0.0.9'].every(proxies.trusts)).toBe(true)
    expect(['11.0.0.1', '192.0.2.2', 'fe80::1', '127.0.0.1', 'nonsense'].some(proxies.trusts)).toBe(false)
    expect(trustedProxiesSetting.parse(undefined).entries).toEqual([])
    expect(trustedProxiesSetting.parse('').trusts('127.0.0.1')).toBe(false)
  })

  it('refuses what is not an address or a range', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.0/8/8', '::1/129', '10.0.0.1/x', '*'])
      expect(trustedProxiesSetting.safeParse(bad).success, bad).toBe(false)
  })
})

describe('clientAddress', () => {
  const proxies = trustedProxies(['10.0.0.0/8'])

  it('is the peer when the peer is no trusted proxy, whatever the forwarded headers say', () => {
    const spoofed = { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' }
    expect(clientAddress(headers('203.0.113.5', spoofed), proxies)).toBe('203.0.113.5')
    expect(forwardedProtocol(headers('203.0.113.5', spoofed), proxies)).toBeNull()
  })

  it('takes the nearest hop that is not a trusted proxy when a proxy forwards', () => {
    const chain = { 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 10.0.0.7', 'x-forwarded-proto': 'https, http' }
    // 198.51.100.1 was written by the client itself: only 203.0.113.5 is vouched for.
    expect(clientAddress(headers('10.0.0.1', chain), proxies)).toBe('203.0.113.5')
    expect(forwardedProtocol(headers('10.0.0.1', chain), proxies)).toBe('https')
  })

  it('stops at a hop that is not an address, and falls back to the peer without a header', () => {
    expect(clientAddress(headers('10.0.0.1', { 'x-forwarded-for': 'unknown, 10.0.0.7' }), proxies)).toBe('10.0.0.7')
    expect(clientAddress(headers('10.0.0.1'), proxies)).toBe('10.0.0.1')
    expect(clientAddress(headers('::ffff:203.0.113.5'), proxies)).toBe('203.0.113.5')
  })

  it('is unknown for a request that did not come through the server', () => {
    expect(clientAddress(headers(null, { 'x-forwarded-for': '198.51.100.1' }), proxies)).toBeNull()
    expect(clientAddress(headers('not-an-address'), proxies)).toBeNull()
  })
})
