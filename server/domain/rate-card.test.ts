import { describe, expect, it } from 'vitest'
import { checkNewVersionDate, currentAndScheduled, versionAt } from './dated-versions'
import { MACHINE_SYMBOLS } from './decimal'
import { billingUnitOf, defaultBasis, readRateCardPrices, type RateCardInput } from './rate-card'
import { catalogueKeys } from './resources'

const CATALOGUE = { storageClasses: ['standard', 'fast'], gpuAvailable: false }
const VI = { group: '.', decimal: ',' }

function fullInput(overrides: Record<string, string> = {}): RateCardInput {
  return {
    prices: catalogueKeys(CATALOGUE).map((resource) => ({
      resource,
      price: overrides[resource] ?? '1',
      basis: defaultBasis(resource),
    })),
  }
}

describe('the rate card: what is priced and how', () => {
  it('prices compute by the hour and storage by the month, in their billing units', () => {
    expect(billingUnitOf('cpu')).toEqual({ name: 'vcpu_hour', size: 1000n, per: 'hour' })
    expect(billingUnitOf('memory')).toEqual({ name: 'gib_hour', size: 2n ** 30n, per: 'hour' })
    expect(billingUnitOf('volume:fast')).toEqual({ name: 'gib_month', size: 2n ** 30n, per: 'month' })
    expect(billingUnitOf('backupStorage').per).toBe('month')
  })

  it('proposes max(requested, used) for compute and volumes, used bytes for buckets and backups', () => {
    expect(defaultBasis('cpu')).toBe('max_requested_used')
    expect(defaultBasis('volume:standard')).toBe('max_requested_used')
    expect(defaultBasis('objectStorage')).toBe('used')
    expect(defaultBasis('backupStorage')).toBe('used')
    expect(defaultBasis('pods')).toBe('granted')
  })

  it('reads a full card, in Vietnamese figures too, exactly', () => {
    const read = readRateCardPrices(fullInput({ cpu: '412,5', memory: '1.250' }), CATALOGUE, VI)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.value.find((p) => p.resource === 'cpu')?.price).toBe(4_125_000n)
    expect(read.value.find((p) => p.resource === 'memory')?.price).toBe(12_500_000n)
    expect(read.value).toHaveLength(catalogueKeys(CATALOGUE).length)
  })

  it('refuses a card that leaves a resource unpriced, and says which', () => {
    const input = fullInput()
    const read = readRateCardPrices(
      { prices: input.prices.filter((p) => p.resource !== 'volume:fast') },
      CATALOGUE,
      MACHINE_SYMBOLS,
    )
    expect(read.ok).toBe(false)
    if (!read.ok)
      expect(read.issues.map((i) => [i.path, i.error.code])).toEqual([
        ['prices.volume:fast', 'rate_card.price_missing'],
      ])
  })

  it('reports every bad price at once: negative, too precise, unknown, duplicated, bad basis', () => {
    const input = fullInput({ cpu: '-1', memory: '0.00001' })
    const prices = [
      ...input.prices.map((p) => (p.resource === 'pods' ? { ...p, basis: 'whatever' } : p)),
      { resource: 'cpu', price: '2', basis: 'used' },
      { resource: 'volume:gold', price: '2', basis: 'used' },
    ]
    const read = readRateCardPrices({ prices }, CATALOGUE, MACHINE_SYMBOLS)
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['prices.cpu.price', 'decimal.negative'],
      ['prices.memory.price', 'decimal.too_precise'],
      ['prices.pods.basis', 'input.invalid_choice'],
      ['prices.cpu', 'rate_card.duplicate_price'],
      ['prices.volume:gold', 'resource.storage_class_unknown'],
    ])
  })

  it('accepts zero as a price and refuses GPUs where the cluster has none', () => {
    expect(readRateCardPrices(fullInput({ cpu: '0' }), CATALOGUE, MACHINE_SYMBOLS).ok).toBe(true)
    const withGpu = { prices: [...fullInput().prices, { resource: 'gpu', price: '1', basis: 'used' }] }
    const read = readRateCardPrices(withGpu, CATALOGUE, MACHINE_SYMBOLS)
    expect(read.ok ? null : read.error.code).toBe('resource.gpu_unavailable')
  })
})

describe('dated versions: no overlap, no repricing of the past', () => {
  const versions = [{ effectiveFrom: '2026-01-01' }, { effectiveFrom: '2026-12-15' }, { effectiveFrom: '2027-01-01' }]
  // 19:35 UTC on 6 December is already 7 December in Việt Nam.
  const now = new Date('2026-12-06T19:35:00Z')

  it('takes the version of the local day an hour falls in', () => {
    expect(versionAt(versions, new Date('2026-12-14T16:00:00Z'))?.effectiveFrom).toBe('2026-01-01')
    expect(versionAt(versions, new Date('2026-12-14T17:00:00Z'))?.effectiveFrom).toBe('2026-12-15')
    expect(versionAt(versions, new Date('2025-12-31T16:00:00Z'))).toBeNull()
    expect(versionAt(versions, new Date('2025-12-31T17:00:00Z'))?.effectiveFrom).toBe('2026-01-01')
  })

  it('accepts tomorrow (local) at the earliest, and a date between scheduled versions', () => {
    expect(checkNewVersionDate(versions, '2026-12-08', now)).toEqual({ ok: true, value: '2026-12-08' })
    expect(checkNewVersionDate(versions, '2026-12-20', now).ok).toBe(true)
    const today = checkNewVersionDate(versions, '2026-12-07', now)
    expect(today.ok ? null : today.error).toEqual({
      code: 'dated.not_future',
      params: { date: '2026-12-07', today: '2026-12-07' },
    })
    const startOfMonth = checkNewVersionDate(versions, '2026-12-01', now)
    expect(startOfMonth.ok ? null : startOfMonth.error.code).toBe('dated.not_future')
  })

  it('refuses a second version on a date already taken, and a date that is not one', () => {
    const taken = checkNewVersionDate(versions, '2026-12-15', now)
    expect(taken.ok ? null : taken.error.code).toBe('dated.date_taken')
    const bad = checkNewVersionDate(versions, '2026-02-30', now)
    expect(bad.ok ? null : bad.error.code).toBe('input.invalid_date')
  })

  it('tells the version in force from those scheduled', () => {
    const { current, scheduled } = currentAndScheduled(versions, now)
    expect(current?.effectiveFrom).toBe('2026-01-01')
    expect(scheduled.map((v) => v.effectiveFrom)).toEqual(['2026-12-15', '2027-01-01'])
    expect(currentAndScheduled([], now)).toEqual({ current: null, scheduled: [] })
  })
})
