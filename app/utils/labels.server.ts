import { formatAmount } from '#server/i18n/amounts'
import { unitOf } from '#server/domain/resources'
import { formatDate, formatDateTime, formatNumber, translate, translateOr, type Locale } from './i18n.server'

// Display text built from database rows, in the user's language: names, resource labels and
// amounts (BigInt in canonical units) formatted as vCPU, GiB/TiB or counts.

export function agencyName(agency: { nameVi: string; nameEn: string }, locale: Locale): string {
  return locale === 'en' && agency.nameEn.trim() !== '' ? agency.nameEn : agency.nameVi
}

export function poolName(pool: { nameVi: string; nameEn: string }, locale: Locale): string {
  return locale === 'en' && pool.nameEn.trim() !== '' ? pool.nameEn : pool.nameVi
}

const VOLUME_PREFIX = 'volume:'

export function resourceLabel(resource: string, locale: Locale): string {
  if (resource.startsWith(VOLUME_PREFIX)) {
    return translate(locale, 'resourceLabel.volume', { storageClass: resource.slice(VOLUME_PREFIX.length) })
  }
  return translateOr(locale, `resourceLabel.${resource}`, resource)
}

/** Display order: compute, volumes, object storage, backup; unknown keys last. */
const ORDER = ['cpu', 'memory', 'pods', 'gpu', VOLUME_PREFIX, 'objectStorage', 'buckets', 'backupStorage']

function rank(resource: string): number {
  const index = ORDER.indexOf(resource.startsWith(VOLUME_PREFIX) ? VOLUME_PREFIX : resource)
  return index === -1 ? ORDER.length : index
}

export function byResource<T extends { resource: string }>(a: T, b: T): number {
  return rank(a.resource) - rank(b.resource) || a.resource.localeCompare(b.resource)
}

/** 2500 millicores → `2,5 vCPU`; 1610612736 bytes → `1,5 GiB`; 12 pods → `12`. */
export function formatResourceAmount(resource: string, amount: bigint, locale: Locale): string {
  return formatAmount(amount, unitOf(resource), locale)
}

export function formatOptionalDate(date: Date | null, locale: Locale): string | null {
  return date ? formatDate(date, locale) : null
}

export function formatOptionalDateTime(date: Date | null, locale: Locale): string | null {
  return date ? formatDateTime(date, locale) : null
}

export function formatInteger(value: number | bigint, locale: Locale): string {
  return formatNumber(value, locale)
}

/**
 * allocated / capacity as a percentage with one decimal, rounded down so that a full pool is
 * never shown before it is full: `42,5%` / `42.5%`. Null when there is no capacity.
 */
export function allocationPercent(
  allocated: bigint,
  capacity: bigint,
  locale: Locale,
): { text: string; value: number } | null {
  if (capacity <= 0n) return null
  const permille = (allocated * 1000n) / capacity
  const decimal = `${permille / 10n}.${permille % 10n}` as `${number}`
  return {
    text: `${formatNumber(decimal, locale, { maximumFractionDigits: 1 })}%`,
    value: Number(permille) / 10,
  }
}

/** An agency kind is data ('department', 'hospital'…): its label if the catalogue has one. */
export function agencyKindLabel(kind: string, locale: Locale): string {
  return translateOr(locale, `agencyKind.${kind}`, kind)
}
