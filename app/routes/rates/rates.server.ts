import { z } from 'zod'
import { loadCatalogue } from '#server/db/catalogue'
import type { FieldIssue } from '#server/domain/errors'
import { catalogueKeys } from '#server/domain/resources'
import { formatDomainError } from '#server/i18n/domain-errors'
import { numberSymbols } from '#server/i18n/format'
import { actorOf } from '#server/identity/principal'
import { addRateCardVersion } from '#server/rates/add-version'
import { ratesOverview, type FootprintJson, type RateCardJson } from '#server/rates/views'
import { may, PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { formatDate, formatDateTime, formatNumber, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'
import { byResource, resourceLabel } from '#app/utils/labels.server'

// The rate card page's server side (issue 14, decision 0048): everyone signed in reads the card
// in force, those scheduled and the footprint coefficients (price.read); operators and platform
// administrators also get the form that adds a version (price.manage), whose refusals come back
// beside their fields with everything typed kept.

const day = (date: string, locale: Locale) => formatDate(new Date(`${date}T12:00:00+07:00`), locale)
const decimal = (text: string, locale: Locale) => formatNumber(text as `${number}`, locale, { exact: true })

function cardView(card: RateCardJson, locale: Locale) {
  return {
    effectiveFrom: card.effectiveFrom,
    date: day(card.effectiveFrom, locale),
    madeBy: translate(locale, 'rates.madeBy', {
      who: card.createdBy,
      at: formatDateTime(new Date(card.createdAt), locale),
    }),
    note: card.note,
    rows: [...card.prices].sort(byResource).map((p) => ({
      resource: p.resource,
      label: resourceLabel(p.resource, locale),
      unit: translate(locale, `rates.unit.${p.unit}`),
      price: decimal(p.price, locale),
      basis: translate(locale, `rates.basis.${p.basis}`),
    })),
  }
}

function footprintView(version: FootprintJson, locale: Locale) {
  const f = Object.fromEntries(Object.entries(version.figures).map(([k, v]) => [k, decimal(v, locale)]))
  return {
    date: day(version.effectiveFrom, locale),
    lines: [
      translate(locale, 'rates.footprint.watts', { min: f['minWattsPerVcpu'] ?? '', max: f['maxWattsPerVcpu'] ?? '' }),
      translate(locale, 'rates.footprint.fallback', { value: f['fallbackCpuUtilisation'] ?? '' }),
      translate(locale, 'rates.footprint.memory', { value: f['memoryWhPerGibHour'] ?? '' }),
      translate(locale, 'rates.footprint.storage', { ssd: f['ssdWhPerTbHour'] ?? '', hdd: f['hddWhPerTbHour'] ?? '' }),
      translate(locale, 'rates.footprint.pue', { value: f['pue'] ?? '' }),
      translate(locale, 'rates.footprint.grid', { value: f['gridKgCo2ePerKwh'] ?? '' }),
      translate(locale, 'rates.footprint.source', { source: version.source }),
    ],
  }
}

/** What the page shows: the cards, the coefficients, and for those who may add a version, the form's starting values. */
export async function ratesPage(request: Request) {
  const principal = await requireAuthorised(request, 'price.read', PLATFORM)
  const locale = resolveLocale(request)
  const db = getDb()
  const [overview, catalogue] = await Promise.all([ratesOverview(db), loadCatalogue(db)])
  const current = overview.rateCards.current
  const form = may(principal, 'price.manage')
    ? catalogueKeys(catalogue)
        .map((resource) => ({ resource }))
        .sort(byResource)
        .map(({ resource }) => {
          const line = current?.prices.find((p) => p.resource === resource)
          return {
            resource,
            label: resourceLabel(resource, locale),
            price: line ? decimal(line.price, locale) : '',
            basis: line?.basis ?? 'max_requested_used',
          }
        })
    : null
  return {
    title: translate(locale, 'rates.title'),
    current: current ? cardView(current, locale) : null,
    scheduled: overview.rateCards.scheduled.map((card) => cardView(card, locale)),
    footprint: overview.footprints.current ? footprintView(overview.footprints.current, locale) : null,
    form,
  }
}

const Posted = z.object({ effectiveFrom: z.string().max(20), note: z.string().max(500) })

/** A refusal's place on the form: the date, or a resource's price or basis field. */
function fieldOf(found: FieldIssue): string {
  if (!found.path.startsWith('prices.')) return found.path
  const rest = found.path.slice('prices.'.length) // a storage class's name may hold dots
  if (rest.endsWith('.basis')) return `basis:${rest.slice(0, -'.basis'.length)}`
  return `price:${rest.endsWith('.price') ? rest.slice(0, -'.price'.length) : rest}`
}

/** Adds the posted version: a redirect when saved, else the errors by field and what was typed. */
export async function addVersionFromForm(request: Request) {
  const principal = await requireAuthorised(request, 'price.manage', PLATFORM)
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const db = getDb()
  const keys = catalogueKeys(await loadCatalogue(db))
  const posted = Posted.safeParse({ effectiveFrom: text('effectiveFrom'), note: text('note') })
  const values: Record<string, string> = Object.fromEntries(
    ['effectiveFrom', 'note', ...keys.flatMap((k) => [`price:${k}`, `basis:${k}`])].map((name) => [name, text(name)]),
  )
  const result = await addRateCardVersion(db, {
    effectiveFrom: posted.success ? posted.data.effectiveFrom : '',
    note: posted.success ? posted.data.note : '',
    prices: keys.map((resource) => ({ resource, price: text(`price:${resource}`), basis: text(`basis:${resource}`) })),
    symbols: numberSymbols(locale),
    actor: actorOf(principal),
    origin: requestOrigin(request),
  })
  if (result.ok) return { ok: true as const, effectiveFrom: result.version.effectiveFrom }
  const errors: Record<string, string[]> = {}
  for (const found of result.issues)
    (errors[fieldOf(found)] ??= []).push(formatDomainError(found.error, locale, { resourceLabel }))
  return { ok: false as const, errors, values }
}
