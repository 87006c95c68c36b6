import { describe, expect, it } from 'vitest'
import { MAX_AMOUNT } from './amount'
import { formatK8sQuantity, parseBytes, parseCount, parseCpu, parseQuantity, type UnitKind } from './quantity'

const Ki = 1024n
const Mi = Ki * Ki
const Gi = Mi * Ki
const Ti = Gi * Ki

describe('parseCpu', () => {
  it.each([
    ['500m', 500n],
    ['1.5', 1500n],
    ['1', 1000n],
    ['0.5', 500n],
    ['.25', 250n],
    ['2.', 2000n],
    ['0', 0n],
    ['-0', 0n],
    ['+2', 2000n],
    ['1k', 1_000_000n],
    ['1e3', 1_000_000n],
    ['1E3', 1_000_000n],
    ['15e-1', 1500n],
    ['1000000u', 1000n],
    ['1000000n', 1n],
    ['  250m ', 250n],
  ])('%s → %s millicores', (input, expected) => {
    expect(parseCpu(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['0.5m', 'quantity.cpu_sub_millicore'],
    ['1.0005', 'quantity.cpu_sub_millicore'],
    ['1n', 'quantity.cpu_sub_millicore'],
    ['-1', 'quantity.negative'],
    ['-500m', 'quantity.negative'],
    ['', 'quantity.empty'],
    ['   ', 'quantity.empty'],
    ['abc', 'quantity.malformed'],
    ['1.2.3', 'quantity.malformed'],
    ['1 m', 'quantity.malformed'],
    ['1K', 'quantity.malformed'],
    ['1e', 'quantity.malformed'],
    ['1Gb', 'quantity.malformed'],
    ['0x10', 'quantity.malformed'],
    ['1,5', 'quantity.malformed'],
    ['1e999999999999', 'quantity.overflow'],
    ['1e-999999999999', 'quantity.cpu_sub_millicore'],
    ['10E', 'quantity.overflow'],
    ['x'.repeat(101), 'quantity.malformed'],
  ])('%s is refused with %s', (input, code) => {
    const result = parseCpu(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(code)
  })

  it('names the input in the error params', () => {
    const result = parseCpu('0.5m')
    expect(result).toEqual({ ok: false, error: { code: 'quantity.cpu_sub_millicore', params: { input: '0.5m' } } })
  })
})

describe('parseBytes', () => {
  it.each([
    ['4Gi', 4n * Gi],
    ['4294967296', 4n * Gi],
    ['1.5Gi', (3n * Gi) / 2n],
    ['1Ki', Ki],
    ['1Mi', Mi],
    ['1Ti', Ti],
    ['1Pi', Ti * Ki],
    ['1Ei', Ti * Mi],
    ['1k', 1000n],
    ['1M', 1_000_000n],
    ['1G', 1_000_000_000n],
    ['1T', 10n ** 12n],
    ['1P', 10n ** 15n],
    ['1E', 10n ** 18n],
    ['0.5Ki', 512n],
    ['128974848', 128974848n],
    ['129e6', 129_000_000n],
    ['123Mi', 123n * Mi],
    ['1000m', 1n],
    ['7Ei', 7n * Ti * Mi],
  ])('%s → %s bytes', (input, expected) => {
    expect(parseBytes(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['0.1Gi', 'quantity.bytes_fractional'],
    ['1.5', 'quantity.bytes_fractional'],
    ['500m', 'quantity.bytes_fractional'],
    ['8Ei', 'quantity.overflow'],
    ['9223372036854775808', 'quantity.overflow'],
    ['-4Gi', 'quantity.negative'],
    ['4gi', 'quantity.malformed'],
    ['4GiB', 'quantity.malformed'],
    ['4 Gi', 'quantity.malformed'],
  ])('%s is refused with %s', (input, code) => {
    const result = parseBytes(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(code)
  })

  it('accepts exactly the maximum', () => {
    expect(parseBytes(MAX_AMOUNT.toString())).toEqual({ ok: true, value: MAX_AMOUNT })
  })
})

describe('parseCount', () => {
  it('takes whole counts, with suffixes when they stay whole', () => {
    expect(parseCount('10')).toEqual({ ok: true, value: 10n })
    expect(parseCount('2k')).toEqual({ ok: true, value: 2000n })
    expect(parseCount('1.5k')).toEqual({ ok: true, value: 1500n })
    expect(parseCount('0')).toEqual({ ok: true, value: 0n })
  })

  it.each(['1.5', '0.5', '1500m', '1e-1'])('refuses the fractional count %s', (input) => {
    const result = parseCount(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('quantity.count_fractional')
  })
})

describe('formatK8sQuantity', () => {
  it.each<[bigint, UnitKind, string]>([
    [1500n, 'millicores', '1500m'],
    [2000n, 'millicores', '2'],
    [1n, 'millicores', '1m'],
    [0n, 'millicores', '0'],
    [4n * Gi, 'bytes', '4Gi'],
    [(3n * Gi) / 2n, 'bytes', '1536Mi'],
    [Ti, 'bytes', '1Ti'],
    [1_000_000_000n, 'bytes', '1G'],
    [1000n, 'bytes', '1k'],
    [1023n, 'bytes', '1023'],
    [0n, 'bytes', '0'],
    [10n, 'count', '10'],
    [-2n * Gi, 'bytes', '-2Gi'],
    [-1500n, 'millicores', '-1500m'],
  ])('%s %s → %s', (amount, unit, expected) => {
    expect(formatK8sQuantity(amount, unit)).toBe(expected)
  })

  it('round-trips exactly through parseQuantity', () => {
    const samples: [bigint, UnitKind][] = [
      [1n, 'millicores'],
      [999n, 'millicores'],
      [123_456_789n, 'millicores'],
      [1n, 'bytes'],
      [5n * Gi + 1n, 'bytes'],
      [7n * Ti, 'bytes'],
      [10n ** 15n, 'bytes'],
      [MAX_AMOUNT, 'bytes'],
      [42n, 'count'],
    ]
    for (const [amount, unit] of samples) {
      expect(parseQuantity(formatK8sQuantity(amount, unit), unit)).toEqual({ ok: true, value: amount })
    }
  })
})
