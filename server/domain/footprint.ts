// Energy and emissions beside the cost (issue 14, decision 0048), estimated the way Cloud Carbon
// Footprint does: a vCPU draws between its idle and its full-load watts in proportion to its use,
// memory and storage draw a fixed energy per GiB-hour and per TB-hour (storage times its
// replicas), the data centre multiplies all of it by its PUE, and the grid turns kWh into CO2e.
// Coefficients are dated like the rate card, kept as fixed-scale decimals (COEFFICIENT_SCALE
// digits), and the sums are exact fractions rounded once to whole Wh and grams.
import { versionAt, type Dated } from './dated-versions'
import { roundHalfUp } from './decimal'
import { err, ok, type Result } from './errors'
import type { HourQuantities } from './pricing'
import type { ResourceKey } from './resources'

/** Fractional digits of a coefficient: 0.6592 kg/kWh is kept as 659200. */
export const COEFFICIENT_SCALE = 6
const ONE = 10n ** BigInt(COEFFICIENT_SCALE)
const GIB = 2n ** 30n
/** Cloud Carbon Footprint's storage coefficients are per terabyte, 10^12 bytes. */
const TB = 10n ** 12n

export type StorageMedium = 'ssd' | 'hdd'

export interface StorageMedia {
  readonly resource: ResourceKey
  readonly medium: StorageMedium
  /** Copies the storage keeps of each byte (SeaweedFS replication, RAID mirrors): 1 or more. */
  readonly replicas: number
}

/** Every figure in 10^-6 of its unit. */
export interface FootprintCoefficients extends Dated {
  readonly minWattsPerVcpu: bigint
  readonly maxWattsPerVcpu: bigint
  /** The use assumed for an hour whose CPU use was not measured (fraction of one, scaled). */
  readonly fallbackCpuUtilisation: bigint
  readonly memoryWhPerGibHour: bigint
  readonly ssdWhPerTbHour: bigint
  readonly hddWhPerTbHour: bigint
  readonly pue: bigint
  readonly gridKgCo2ePerKwh: bigint
  readonly media: readonly StorageMedia[]
}

/** An exact non-negative fraction of a watt-hour. */
interface Fraction {
  numerator: bigint
  denominator: bigint
}

function add(into: Fraction, numerator: bigint, denominator: bigint): void {
  into.numerator = into.numerator * denominator + numerator * into.denominator
  into.denominator *= denominator
  const divisor = gcd(into.numerator, into.denominator)
  if (divisor > 1n) {
    into.numerator /= divisor
    into.denominator /= divisor
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b]
  while (y !== 0n) [x, y] = [y, x % y]
  return x === 0n ? 1n : x
}

function occupied(hour: HourQuantities): bigint {
  const { requested, used } = hour
  if (requested === null) return used ?? 0n
  return used !== null && used > requested ? used : requested
}

/**
 * One resource's quantities over some hours (one hour, or a day's rollup), in canonical-unit-hours.
 * The estimate is linear in them, so a day's sums give exactly the sum of its hours' estimates.
 */
export interface FootprintSums {
  /** Σ max(requested, used), requested when the use is not measured. */
  readonly occupied: bigint
  /** Σ used, over the hours whose use was measured. */
  readonly used: bigint
  /** Σ occupied over the hours whose use was not measured: what the assumed utilisation applies to. */
  readonly unmeasuredOccupied: bigint
}

export function hourSums(hour: HourQuantities): FootprintSums {
  const occupies = occupied(hour)
  return { occupied: occupies, used: hour.used ?? 0n, unmeasuredOccupied: hour.used === null ? occupies : 0n }
}

/** IT energy of one resource's sums, in Wh as a fraction added to `into`; resources without a coefficient add nothing. */
function addSums(into: Fraction, resource: ResourceKey, sums: FootprintSums, c: FootprintCoefficients): void {
  if (resource === 'cpu') {
    // millicores: idle watts on every core occupied, the rest in proportion to the cores used
    // (the assumed utilisation of the occupied ones where the use is not known), kept exact.
    const used = sums.used * ONE + sums.unmeasuredOccupied * c.fallbackCpuUtilisation
    add(
      into,
      c.minWattsPerVcpu * sums.occupied * ONE + (c.maxWattsPerVcpu - c.minWattsPerVcpu) * used,
      1000n * ONE * ONE,
    )
  } else if (resource === 'memory') {
    add(into, sums.occupied * c.memoryWhPerGibHour, GIB * ONE)
  } else {
    const media = c.media.find((m) => m.resource === resource)
    if (media === undefined) return // pods, buckets, GPUs: no coefficient (decision 0048)
    const bytes = resource === 'objectStorage' || resource === 'backupStorage' ? sums.used : sums.occupied
    const perTb = media.medium === 'ssd' ? c.ssdWhPerTbHour : c.hddWhPerTbHour
    add(into, bytes * perTb * BigInt(media.replicas), TB * ONE)
  }
}

export interface Footprint {
  /** Facility energy (IT energy × PUE), whole Wh. */
  readonly energyWh: bigint
  /** Whole grams of CO2e: Wh × kg/kWh is grams. */
  readonly co2eGrams: bigint
}

/** The energy and emissions of one resource's hours, each hour by the coefficients in force then. */
export function estimateFootprint(
  resource: ResourceKey,
  hours: readonly HourQuantities[],
  versions: readonly FootprintCoefficients[],
): Result<Footprint> {
  return estimatePeriods(
    resource,
    hours.map((hour) => ({ start: hour.hour, sums: hourSums(hour) })),
    versions,
  )
}

/**
 * The energy and emissions of one resource over periods that each lie within one version's time
 * (an hour, or a local day: versions change at local midnight), summed exactly and rounded once.
 */
export function estimatePeriods(
  resource: ResourceKey,
  periods: readonly { readonly start: Date; readonly sums: FootprintSums }[],
  versions: readonly FootprintCoefficients[],
): Result<Footprint> {
  const energy: Fraction = { numerator: 0n, denominator: 1n }
  const emissions: Fraction = { numerator: 0n, denominator: 1n }
  for (const period of periods) {
    const c = versionAt(versions, period.start)
    if (c === null) return err('footprint.none_in_force', { hour: period.start.toISOString() })
    const it: Fraction = { numerator: 0n, denominator: 1n }
    addSums(it, resource, period.sums, c)
    add(energy, it.numerator * c.pue, it.denominator * ONE)
    add(emissions, it.numerator * c.pue * c.gridKgCo2ePerKwh, it.denominator * ONE * ONE)
  }
  return ok({
    energyWh: roundHalfUp(energy.numerator, energy.denominator),
    co2eGrams: roundHalfUp(emissions.numerator, emissions.denominator),
  })
}
