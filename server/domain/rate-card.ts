// The rate card (issue 14, decision 0048): what one unit of each resource costs in đồng, from a
// local date on, and which of a project's quantities is charged. Prices are fixed-scale decimals
// (PRICE_SCALE fractional digits, kept as integers of 10^-4 đồng), because a GiB of memory for an
// hour costs tens of đồng with a fraction, and money is never a float.
import { parseScaledDecimal } from './decimal'
import type { Dated } from './dated-versions'
import { domainError, issue, validation, type FieldIssue, type Validation } from './errors'
import type { NumberSymbols } from './human-quantity'
import { catalogueKeys, describeResource, type CatalogueSettings, type ResourceKey } from './resources'

/** Fractional digits of a price: 412.5 đồng is kept as 4125000. */
export const PRICE_SCALE = 4
export const PRICE_ONE = 10n ** BigInt(PRICE_SCALE)

/**
 * Which quantity of an hour is charged: what the ledger granted, what the project occupies
 * (max of what its pods requested and what they used, OpenCost's allocation) or what it used.
 */
export const CHARGE_BASES = ['granted', 'max_requested_used', 'used'] as const
export type ChargeBasis = (typeof CHARGE_BASES)[number]

export type BillingUnitName = 'vcpu_hour' | 'gib_hour' | 'gpu_hour' | 'gib_month' | 'pod_month' | 'bucket_month'

/** A billing unit: `size` canonical units (millicores, bytes, counts) held for an hour or a local month. */
export interface BillingUnit {
  readonly name: BillingUnitName
  readonly size: bigint
  readonly per: 'hour' | 'month'
}

const GIB = 2n ** 30n

/** The unit each resource is priced in: compute by the hour, storage and counts by the month. */
export function billingUnitOf(key: ResourceKey): BillingUnit {
  switch (key) {
    case 'cpu':
      return { name: 'vcpu_hour', size: 1000n, per: 'hour' }
    case 'memory':
      return { name: 'gib_hour', size: GIB, per: 'hour' }
    case 'gpu':
      return { name: 'gpu_hour', size: 1n, per: 'hour' }
    case 'pods':
      return { name: 'pod_month', size: 1n, per: 'month' }
    case 'buckets':
      return { name: 'bucket_month', size: 1n, per: 'month' }
    default:
      return { name: 'gib_month', size: GIB, per: 'month' } // volumes, object storage, backups
  }
}

/**
 * The charge basis a new card proposes (decision 0048): compute and volumes by what the project
 * occupies on the platform, max(requested, used), as OpenCost allocates; object storage and
 * backups by the bytes stored, since a bucket's quota is a ceiling that reserves no disk; pods
 * and buckets by what was granted (they are priced at zero on the seeded card).
 */
export function defaultBasis(key: ResourceKey): ChargeBasis {
  if (key === 'objectStorage' || key === 'backupStorage') return 'used'
  if (key === 'pods' || key === 'buckets') return 'granted'
  return 'max_requested_used'
}

export interface RatePrice {
  readonly resource: ResourceKey
  /** 10^-PRICE_SCALE đồng per billing unit. */
  readonly price: bigint
  readonly basis: ChargeBasis
}

export interface RateCard extends Dated {
  readonly prices: readonly RatePrice[]
}

/** A card as a form or the API sends it: prices as text in the sender's number format. */
export interface RateCardInput {
  readonly prices: readonly { readonly resource: string; readonly price: string; readonly basis: string }[]
}

function readPrice(
  line: RateCardInput['prices'][number],
  catalogue: CatalogueSettings,
  symbols: NumberSymbols,
  path: string,
): { issues: FieldIssue[]; price?: RatePrice } {
  const described = describeResource(line.resource, catalogue)
  if (!described.ok) return { issues: [issue(path, described.error)] }
  const issues: FieldIssue[] = []
  const price = parseScaledDecimal(line.price, PRICE_SCALE, symbols)
  if (!price.ok) issues.push(issue(`${path}.price`, price.error))
  const basis = CHARGE_BASES.find((known) => known === line.basis)
  if (basis === undefined)
    issues.push(issue(`${path}.basis`, domainError('input.invalid_choice', { value: line.basis })))
  if (!price.ok || basis === undefined) return { issues }
  return { issues, price: { resource: described.value.key, price: price.value, basis } }
}

/**
 * Reads a card's prices: every resource of the catalogue priced exactly once (zero is a price;
 * a missing one is not), each price a non-negative decimal of at most PRICE_SCALE digits after
 * the separator, each basis one of CHARGE_BASES. Issues are keyed `prices.<resource>`.
 */
export function readRateCardPrices(
  input: RateCardInput,
  catalogue: CatalogueSettings,
  symbols: NumberSymbols,
): Validation<RatePrice[]> {
  const issues: FieldIssue[] = []
  const prices: RatePrice[] = []
  const seen = new Set<string>()
  for (const line of input.prices) {
    const path = `prices.${line.resource}`
    if (seen.has(line.resource)) {
      issues.push(issue(path, domainError('rate_card.duplicate_price', { resource: line.resource })))
      continue
    }
    seen.add(line.resource)
    const read = readPrice(line, catalogue, symbols, path)
    issues.push(...read.issues)
    if (read.price) prices.push(read.price)
  }
  for (const key of catalogueKeys(catalogue)) {
    if (!seen.has(key)) issues.push(issue(`prices.${key}`, domainError('rate_card.price_missing', { resource: key })))
  }
  return validation(issues, () => prices)
}

/** The price of a resource on a card, or null when the card does not price it. */
export function priceOn(card: RateCard, resource: ResourceKey): RatePrice | null {
  return card.prices.find((line) => line.resource === resource) ?? null
}
