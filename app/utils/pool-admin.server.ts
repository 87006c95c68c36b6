import { z } from 'zod'
import type { Db } from '#server/db/client'
import { loadCatalogue } from '#server/db/catalogue'
import { capacityOf, POOL_CAPACITY_SELECT } from '#server/db/pool-capacity'
import { domainError, issue, type FieldIssue } from '#server/domain/errors'
import { parseHumanAmount } from '#server/domain/human-quantity'
import type { PoolResourceSetting } from '#server/domain/pool'
import { catalogueKeys, unitOf, type PoolKind } from '#server/domain/resources'
import { formatAmount } from '#server/i18n/amounts'
import { numberSymbols } from '#server/i18n/format'
import { formatDomainError } from '#server/i18n/domain-errors'
import { sourceForKind } from '#server/pools/evidence'
import { latestReading, type StoredReading } from '#server/pools/readings'
import type { PoolKindColumn } from '#server/pools/store'
import { poolKindOf } from '#server/domain/pool'
import { readForm } from './form.server'
import { formatDateTime, translate, type Locale } from './i18n.server'
import { formatResourceAmount, resourceLabel } from './labels.server'

// What the pools' create and edit pages share (issue 15, decision 0054): which resources a pool of
// a kind offers, the posted form read through zod (text of bounded length; the store's rule then
// decides), amounts typed as people write them (`1,5 TiB`, `48`), the store's refusals beside their
// field, and the platform's latest reading shown beside the figures.

/** What the pools' pages read of a pool: its names, kind and resources' figures. */
export const POOL_ROW_SELECT = {
  code: true,
  nameVi: true,
  nameEn: true,
  kind: true,
  storageClass: true,
  resources: { select: POOL_CAPACITY_SELECT },
} as const

export const POOL_KINDS = ['compute', 'volume', 'objectStorage', 'backup'] as const

const text = (max: number) => z.string().max(max).optional().default('')

const PoolFormFixed = z.object({
  code: text(100),
  kind: text(20),
  storageClass: text(100),
  nameVi: text(1000),
  nameEn: text(1000),
  reason: text(2000),
  readingId: text(40),
  seenVersion: text(10),
})
const ResourceFields = z.record(z.string().max(120), z.string().max(100))

export type PoolFormValues = Record<string, string>

/** The resources a pool of this kind may offer, in the catalogue's order. */
export async function resourcesOfKind(db: Db, kind: PoolKindColumn, storageClass: string | null): Promise<string[]> {
  const catalogue = await loadCatalogue(db)
  const wanted: PoolKind = poolKindOf(kind, storageClass)
  const keys = catalogueKeys({ ...catalogue, gpuAvailable: true })
  return keys.filter((key) => (kind === 'volume' ? key === wanted : !key.startsWith('volume:') && kindOf(key) === kind))
}

const kindOf = (key: string): PoolKindColumn =>
  key === 'objectStorage' || key === 'buckets' ? 'objectStorage' : key === 'backupStorage' ? 'backup' : 'compute'

const field = (name: 'physical' | 'num' | 'den', resource: string) => `${name}:${resource}`

/** A pool's resource rows as the form's values (amounts in the reader's units). */
export function resourceValues(
  rows: readonly { resource: string; physical: bigint; overcommitNum: number; overcommitDen: number }[],
  locale: Locale,
): PoolFormValues {
  return Object.fromEntries(
    rows.flatMap((row) => [
      [field('physical', row.resource), formatAmount(row.physical, unitOf(row.resource), locale)],
      [field('num', row.resource), String(row.overcommitNum)],
      [field('den', row.resource), String(row.overcommitDen)],
    ]),
  )
}

export interface ReadPoolForm {
  readonly fixed: z.infer<typeof PoolFormFixed>
  readonly values: PoolFormValues
}

/** The posted form, or null when it is not the form (a field not text, far too long, an unknown kind). */
export async function readPoolForm(request: Request, resources: readonly string[]): Promise<ReadPoolForm | null> {
  const form = await readForm(request)
  const raw = (name: string) => form.get(name) ?? undefined
  const fixed = PoolFormFixed.safeParse(Object.fromEntries(Object.keys(PoolFormFixed.shape).map((n) => [n, raw(n)])))
  const names = resources.flatMap((r) => [field('physical', r), field('num', r), field('den', r)])
  const rows = ResourceFields.safeParse(
    Object.fromEntries(names.map((name) => [name, raw(name)]).filter(([, value]) => value !== undefined)),
  )
  if (!fixed.success || !rows.success) return null
  const values: PoolFormValues = { ...fixed.data, ...rows.data }
  return { fixed: fixed.data, values }
}

/**
 * The resources the form names: a row with an empty physical field is not offered. Amounts are
 * parsed as people type them; one that does not parse is refused at its field.
 */
export function settingsOfForm(
  values: PoolFormValues,
  resources: readonly string[],
  locale: Locale,
): { settings: PoolResourceSetting[]; rows: string[]; issues: FieldIssue[] } {
  const symbols = numberSymbols(locale)
  const issues: FieldIssue[] = []
  const settings: PoolResourceSetting[] = []
  const rows: string[] = []
  for (const resource of resources) {
    const typed = (values[field('physical', resource)] ?? '').trim()
    if (typed === '') continue
    const physical = parseHumanAmount(typed, unitOf(resource), symbols, { defaultByteUnit: 'GiB' })
    if (!physical.ok) issues.push(issue(field('physical', resource), physical.error))
    const term = (name: 'num' | 'den') => {
      const found = (values[field(name, resource)] ?? '').trim()
      return /^\d{1,6}$/.test(found) ? Number(found) : found === '' ? 1 : Number.NaN
    }
    rows.push(resource)
    settings.push({
      resource,
      physical: physical.ok ? physical.value : 0n,
      overcommitNum: term('num'),
      overcommitDen: term('den'),
    })
  }
  return { settings, rows, issues }
}

/** The store's refusals by form field: `resources.<i>.physical` is the row's physical field. */
export function errorsByField(
  issues: readonly FieldIssue[],
  rows: readonly string[],
  locale: Locale,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const found of issues) {
    const match = /^resources\.(\d+)\.(\w+)$/.exec(found.path)
    const resource = match ? rows[Number(match[1])] : undefined
    const name =
      resource === undefined
        ? found.path === '' || found.path === 'resources' || found.path === 'seenVersion'
          ? 'form'
          : found.path
        : field(match?.[2] === 'overcommit' ? 'num' : 'physical', resource)
    ;(errors[name] ??= []).push(
      formatDomainError(found.error, locale, { resourceLabel: (r) => resourceLabel(r, locale) }),
    )
  }
  return errors
}

/** Which of a reading's totals speaks for a resource: the nodes' own key, or the disks' bytes. */
function readingTotalFor(reading: StoredReading, resource: string): bigint | null {
  const key = reading.source === 'kubernetes' ? resource : resource === 'buckets' ? null : 'disk'
  const total = key === null ? undefined : reading.totals[key]
  return total === undefined ? null : BigInt(total)
}

/** The newest reading of the source this kind of pool is sized from, as the form shows it. */
export async function readingView(db: Db, kind: PoolKindColumn, resources: readonly string[], locale: Locale) {
  const reading = await latestReading(db, sourceForKind(kind))
  if (reading === null) return null
  return {
    id: reading.id,
    said: translate(locale, 'poolAdmin.readingAt', {
      source: translate(locale, `poolAdmin.source.${reading.source}`),
      at: formatDateTime(reading.readAt, locale),
    }),
    byResource: Object.fromEntries(
      resources.map((resource) => {
        const total = readingTotalFor(reading, resource)
        return [resource, total === null ? null : formatResourceAmount(resource, total, locale)]
      }),
    ) as Record<string, string | null>,
  }
}

/** Each resource's figures in force, for the edit form's "current" columns. */
export function currentFigures(
  rows: readonly {
    resource: string
    physical: bigint
    overcommitNum: number
    overcommitDen: number
    allocated: bigint
  }[],
  locale: Locale,
) {
  return Object.fromEntries(
    rows.map((row) => [
      row.resource,
      {
        physical: formatResourceAmount(row.resource, row.physical, locale),
        overcommit: `${row.overcommitNum}:${row.overcommitDen}`,
        capacity: formatResourceAmount(row.resource, capacityOf(row), locale),
        allocated: formatResourceAmount(row.resource, row.allocated, locale),
      },
    ]),
  )
}

export const resourceRows = (resources: readonly string[], locale: Locale) =>
  resources.map((resource) => ({ resource, label: resourceLabel(resource, locale) }))

/** The posted pool form read and its amounts parsed; null when it is not the form at all. */
export async function submittedPool(request: Request, resources: readonly string[], locale: Locale) {
  const read = await readPoolForm(request, resources)
  if (read === null) return null
  const parsed = settingsOfForm(read.values, resources, locale)
  const readingId = read.fixed.readingId === '' ? null : read.fixed.readingId
  // A crafted reading id that is no id at all is a reading the store would not find.
  if (readingId !== null && !z.uuid().safeParse(readingId).success)
    parsed.issues.push(issue('readingId', domainError('pool.reading_unknown')))
  const edit = {
    nameVi: read.fixed.nameVi,
    nameEn: read.fixed.nameEn,
    resources: parsed.settings,
    readingId,
    reason: read.fixed.reason,
  }
  return { ...read, ...parsed, edit }
}
