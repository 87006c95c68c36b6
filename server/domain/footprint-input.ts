// Reading a new version of the footprint coefficients from a form or the API: every figure a
// non-negative decimal of at most COEFFICIENT_SCALE fractional digits, the idle watts not above
// the full-load watts, a PUE of at least 1 (a data centre cannot use less than its servers), a
// utilisation of at most 1, and the medium and replicas of every storage the catalogue offers.
import { parseScaledDecimal } from './decimal'
import { domainError, issue, validation, type FieldIssue, type Validation } from './errors'
import { COEFFICIENT_SCALE, type FootprintCoefficients, type StorageMedia } from './footprint'
import type { NumberSymbols } from './human-quantity'
import { catalogueKeys, describeResource, type CatalogueSettings } from './resources'

export const COEFFICIENT_FIELDS = [
  'minWattsPerVcpu',
  'maxWattsPerVcpu',
  'fallbackCpuUtilisation',
  'memoryWhPerGibHour',
  'ssdWhPerTbHour',
  'hddWhPerTbHour',
  'pue',
  'gridKgCo2ePerKwh',
] as const
export type CoefficientField = (typeof COEFFICIENT_FIELDS)[number]

export interface FootprintInput {
  readonly figures: Readonly<Record<CoefficientField, string>>
  readonly media: readonly { readonly resource: string; readonly medium: string; readonly replicas: number }[]
}

const ONE = 10n ** BigInt(COEFFICIENT_SCALE)
const MAX_REPLICAS = 10

/** The storages that need a medium: each storage class's volumes, object storage and backups. */
export function storageKeys(catalogue: CatalogueSettings): string[] {
  return catalogueKeys(catalogue).filter(
    (key) => key.startsWith('volume:') || key === 'objectStorage' || key === 'backupStorage',
  )
}

function readMedia(
  input: FootprintInput,
  catalogue: CatalogueSettings,
): { issues: FieldIssue[]; media: StorageMedia[] } {
  const issues: FieldIssue[] = []
  const media: StorageMedia[] = []
  const wanted = storageKeys(catalogue)
  for (const line of input.media) {
    const path = `media.${line.resource}`
    const described = describeResource(line.resource, catalogue)
    if (!described.ok || !wanted.includes(line.resource)) {
      issues.push(
        issue(path, described.ok ? domainError('resource.unknown', { resource: line.resource }) : described.error),
      )
      continue
    }
    if (media.some((m) => m.resource === line.resource)) {
      issues.push(issue(path, domainError('rate_card.duplicate_price', { resource: line.resource })))
      continue
    }
    if (line.medium !== 'ssd' && line.medium !== 'hdd')
      issues.push(issue(`${path}.medium`, domainError('input.invalid_choice', { value: line.medium })))
    else if (!Number.isInteger(line.replicas) || line.replicas < 1 || line.replicas > MAX_REPLICAS)
      issues.push(issue(`${path}.replicas`, domainError('footprint.replicas_out_of_range', { max: MAX_REPLICAS })))
    else media.push({ resource: described.value.key, medium: line.medium, replicas: line.replicas })
  }
  for (const key of wanted) {
    if (!input.media.some((m) => m.resource === key))
      issues.push(issue(`media.${key}`, domainError('footprint.medium_missing', { resource: key })))
  }
  return { issues, media }
}

type Figures = Omit<FootprintCoefficients, 'effectiveFrom' | 'media'>

function checkFigures(figures: Figures): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (figures.minWattsPerVcpu > figures.maxWattsPerVcpu)
    issues.push(issue('figures.minWattsPerVcpu', domainError('footprint.min_above_max', {})))
  if (figures.fallbackCpuUtilisation > ONE)
    issues.push(issue('figures.fallbackCpuUtilisation', domainError('footprint.utilisation_above_one', {})))
  if (figures.pue < ONE) issues.push(issue('figures.pue', domainError('footprint.pue_below_one', {})))
  return issues
}

/** Reads the coefficients of a new version (its date is checked apart, as the rate card's). */
export function readFootprintCoefficients(
  input: FootprintInput,
  catalogue: CatalogueSettings,
  symbols: NumberSymbols,
): Validation<Omit<FootprintCoefficients, 'effectiveFrom'>> {
  const issues: FieldIssue[] = []
  const figures: Partial<Record<CoefficientField, bigint>> = {}
  for (const field of COEFFICIENT_FIELDS) {
    const value = parseScaledDecimal(input.figures[field], COEFFICIENT_SCALE, symbols)
    if (value.ok) figures[field] = value.value
    else issues.push(issue(`figures.${field}`, value.error))
  }
  const media = readMedia(input, catalogue)
  issues.push(...media.issues)
  if (issues.length === 0) issues.push(...checkFigures(figures as Figures))
  return validation(issues, () => ({ ...(figures as Figures), media: media.media }))
}
