import { describe, expect, it } from 'vitest'
import { MACHINE_SYMBOLS } from './decimal'
import { estimateFootprint, type FootprintCoefficients } from './footprint'
import { readFootprintCoefficients, storageKeys, type FootprintInput } from './footprint-input'
import type { HourQuantities } from './pricing'

const GIB = 2n ** 30n
const HOUR = 3_600_000

/** Cloud Carbon Footprint's AWS averages, a PUE of 1.6 and Việt Nam's 2023 grid factor. */
const CCF: FootprintCoefficients = {
  effectiveFrom: '2026-01-01',
  minWattsPerVcpu: 740_000n,
  maxWattsPerVcpu: 3_500_000n,
  fallbackCpuUtilisation: 500_000n,
  memoryWhPerGibHour: 392_000n,
  ssdWhPerTbHour: 1_200_000n,
  hddWhPerTbHour: 650_000n,
  pue: 1_600_000n,
  gridKgCo2ePerKwh: 659_200n,
  media: [
    { resource: 'volume:standard', medium: 'hdd', replicas: 3 },
    { resource: 'volume:fast', medium: 'ssd', replicas: 2 },
    { resource: 'objectStorage', medium: 'hdd', replicas: 2 },
    { resource: 'backupStorage', medium: 'hdd', replicas: 1 },
  ],
}

function hours(from: string, count: number, q: Partial<Omit<HourQuantities, 'hour'>>): HourQuantities[] {
  return Array.from({ length: count }, (_, i) => ({
    hour: new Date(Date.parse(from) + i * HOUR),
    granted: q.granted ?? null,
    requested: q.requested ?? null,
    used: q.used ?? null,
  }))
}

describe('energy and emissions as Cloud Carbon Footprint estimates them', () => {
  it('puts a vCPU between its idle and full-load watts by its use, times PUE', () => {
    // 100 vCPU occupied, 50 used, 10 h: (0,74 + 0,5 × 2,76) × 100 × 10 = 2.120 Wh; × 1,6 = 3.392 Wh;
    // × 0,6592 kg/kWh = 2.236,0064 g.
    const result = estimateFootprint('cpu', hours('2026-12-01T00:00:00Z', 10, { requested: 100_000n, used: 50_000n }), [
      CCF,
    ])
    expect(result).toEqual({ ok: true, value: { energyWh: 3392n, co2eGrams: 2236n } })
  })

  it('assumes the stated use when CPU use was not measured', () => {
    const unmeasured = estimateFootprint('cpu', hours('2026-12-01T00:00:00Z', 10, { requested: 100_000n }), [CCF])
    expect(unmeasured).toEqual({ ok: true, value: { energyWh: 3392n, co2eGrams: 2236n } })
  })

  it('charges memory per GiB-hour of what is occupied', () => {
    // 1.024 GiB × 10 h × 0,392 Wh = 4.014,08 Wh; × 1,6 = 6.422,528 Wh → 6.423; × 0,6592 = 4.233,73 g.
    const result = estimateFootprint(
      'memory',
      hours('2026-12-01T00:00:00Z', 10, { requested: 1024n * GIB, used: GIB }),
      [CCF],
    )
    expect(result).toEqual({ ok: true, value: { energyWh: 6423n, co2eGrams: 4234n } })
  })

  it('charges storage per TB-hour times its replicas, HDD and SSD apart', () => {
    // 10 TB on HDD × 3 replicas × 100 h × 0,65 Wh = 1.950 Wh; × 1,6 = 3.120 Wh; × 0,6592 = 2.056,704 g.
    const tenTb = { requested: 10n ** 13n }
    expect(estimateFootprint('volume:standard', hours('2026-12-01T00:00:00Z', 100, tenTb), [CCF])).toEqual({
      ok: true,
      value: { energyWh: 3120n, co2eGrams: 2057n },
    })
    // SSD × 2 replicas: 10 × 1,2 × 2 × 100 = 2.400 Wh; × 1,6 = 3.840 Wh.
    const ssd = estimateFootprint('volume:fast', hours('2026-12-01T00:00:00Z', 100, tenTb), [CCF])
    expect(ssd.ok && ssd.value.energyWh).toBe(3840n)
    // Object storage counts the bytes stored, not its quota.
    const stored = estimateFootprint(
      'objectStorage',
      hours('2026-12-01T00:00:00Z', 100, { granted: 10n ** 15n, used: 10n ** 13n }),
      [CCF],
    )
    expect(stored.ok && stored.value.energyWh).toBe(2080n) // 10 × 0,65 × 2 × 100 × 1,6
  })

  it('estimates nothing for what has no coefficient (pods, buckets)', () => {
    expect(estimateFootprint('pods', hours('2026-12-01T00:00:00Z', 5, { requested: 10n, used: 10n }), [CCF])).toEqual({
      ok: true,
      value: { energyWh: 0n, co2eGrams: 0n },
    })
  })

  it('uses the coefficients in force each hour, and refuses hours before the first', () => {
    const cleaner = { ...CCF, effectiveFrom: '2026-12-15', gridKgCo2ePerKwh: 329_600n }
    // One hour before 15 December local (17:00 UTC on the 14th) and one after, 1.000 vCPU at full use.
    const pair = hours('2026-12-14T16:00:00Z', 2, { requested: 1_000_000n, used: 1_000_000n })
    const result = estimateFootprint('cpu', pair, [CCF, cleaner])
    // Each hour 3.500 Wh × 1,6 = 5.600 Wh; grams 5.600 × 0,6592 + 5.600 × 0,3296 = 5.537,28.
    expect(result).toEqual({ ok: true, value: { energyWh: 11_200n, co2eGrams: 5537n } })
    const early = estimateFootprint('cpu', hours('2025-12-31T16:00:00Z', 1, { used: 1n }), [CCF])
    expect(early.ok ? null : early.error.code).toBe('footprint.none_in_force')
  })
})

describe('reading a new version of the coefficients', () => {
  const catalogue = { storageClasses: ['standard', 'fast'], gpuAvailable: false }
  const input = (
    figures: Partial<FootprintInput['figures']> = {},
    media = CCF.media as FootprintInput['media'],
  ): FootprintInput => ({
    figures: {
      minWattsPerVcpu: '0.74',
      maxWattsPerVcpu: '3.5',
      fallbackCpuUtilisation: '0.5',
      memoryWhPerGibHour: '0.392',
      ssdWhPerTbHour: '1.2',
      hddWhPerTbHour: '0.65',
      pue: '1.6',
      gridKgCo2ePerKwh: '0.6592',
      ...figures,
    },
    media,
  })
  const codes = (result: ReturnType<typeof readFootprintCoefficients>) =>
    result.ok ? [] : result.issues.map((i) => [i.path, i.error.code])

  it('reads the figures exactly, for every storage of the catalogue', () => {
    expect(storageKeys(catalogue)).toEqual(['objectStorage', 'backupStorage', 'volume:standard', 'volume:fast'])
    const read = readFootprintCoefficients(input(), catalogue, MACHINE_SYMBOLS)
    expect(read.ok && read.value.gridKgCo2ePerKwh).toBe(659_200n)
    expect(read.ok && read.value.media).toHaveLength(4)
  })

  it('refuses idle above full load, a PUE below 1, a use above 1', () => {
    expect(codes(readFootprintCoefficients(input({ minWattsPerVcpu: '4' }), catalogue, MACHINE_SYMBOLS))).toEqual([
      ['figures.minWattsPerVcpu', 'footprint.min_above_max'],
    ])
    expect(
      codes(
        readFootprintCoefficients(input({ pue: '0.9', fallbackCpuUtilisation: '1.5' }), catalogue, MACHINE_SYMBOLS),
      ),
    ).toEqual([
      ['figures.fallbackCpuUtilisation', 'footprint.utilisation_above_one'],
      ['figures.pue', 'footprint.pue_below_one'],
    ])
  })

  it('refuses a missing medium, bad replicas, a bad figure, and names each', () => {
    const media = [
      { resource: 'volume:standard', medium: 'hdd', replicas: 0 },
      { resource: 'volume:fast', medium: 'tape', replicas: 1 },
      { resource: 'objectStorage', medium: 'hdd', replicas: 2 },
    ]
    expect(codes(readFootprintCoefficients(input({ pue: 'abc' }, media), catalogue, MACHINE_SYMBOLS))).toEqual([
      ['figures.pue', 'decimal.malformed'],
      ['media.volume:standard.replicas', 'footprint.replicas_out_of_range'],
      ['media.volume:fast.medium', 'input.invalid_choice'],
      ['media.backupStorage', 'footprint.medium_missing'],
    ])
  })
})
