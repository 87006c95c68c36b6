// A domain error as a sentence for the reader. The domain says what went wrong as a code and
// plain values (amounts in canonical units, dates as ISO strings); this turns them into the
// reader's language and units with the messages of messages/domain.ts.
import type { DomainError } from '../domain/errors'
import { isFixedResourceKey, unitOf } from '../domain/resources'
import { formatAmount } from './amounts'
import { formatDate, interpolate, type Locale } from './format'
import { domainMessages } from './messages/domain'

/** Params that hold an amount in the canonical unit of the error's `resource` param. */
const AMOUNT_PARAMS = new Set([
  'capacity',
  'allocated',
  'remaining',
  'requested',
  'decided',
  'current',
  'amount',
  'used',
  'step',
])

/** Params that hold a date (an ISO string), shown as the reader's date. */
const DATE_PARAMS = ['endsAt', 'date', 'today', 'hour', 'earliest', 'latest'] as const

export interface FormatErrorOptions {
  /** How to name a resource key in the reader's language (the UI catalogue has the labels). */
  readonly resourceLabel?: (resource: string, locale: Locale) => string
}

/**
 * The error as a sentence for the reader: amounts of the named resource in friendly units
 * (`1,5 TiB`, `2 vCPU`), the resource by its label when a labeller is given.
 */
export function formatDomainError(error: DomainError, locale: Locale, options: FormatErrorOptions = {}): string {
  const params: Record<string, string | number> = { ...error.params }
  const resource = error.params['resource']
  if (typeof resource === 'string') {
    const unit = unitOf(resource)
    for (const [name, value] of Object.entries(error.params)) {
      if (AMOUNT_PARAMS.has(name) && typeof value === 'string' && /^-?\d+$/.test(value)) {
        params[name] = formatAmount(BigInt(value), unit, locale)
      }
    }
    const known = isFixedResourceKey(resource) || resource.startsWith('volume:')
    params['resource'] =
      options.resourceLabel !== undefined && known ? options.resourceLabel(resource, locale) : resource
  }
  // Dates travel as ISO strings (errors are plain data); people read them in their own format.
  for (const name of DATE_PARAMS) {
    const value = error.params[name]
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      params[name] = formatDate(new Date(value), locale)
  }
  return interpolate(domainMessages[locale][error.code], params)
}
