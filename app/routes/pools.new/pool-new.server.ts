import { z } from 'zod'
import { loadCatalogue } from '#server/db/catalogue'
import { actorOf } from '#server/identity/principal'
import { createPool } from '#server/pools/store'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import {
  POOL_KINDS,
  errorsByField,
  readingView,
  resourceRows,
  resourcesOfKind,
  submittedPool,
} from '#app/utils/pool-admin.server'

// A new capacity pool (issue 15, decision 0054), for those who manage pools (pool.manage): the
// kind is chosen first (a volume pool per storage class), then the resources of that kind are
// typed beside the platform's latest reading of their source.

const Choice = z.object({
  kind: z.enum(POOL_KINDS).catch('compute'),
  storageClass: z.string().max(100).catch(''),
})

async function chosen(request: Request) {
  const principal = await requireAuthorised(request, 'pool.manage', PLATFORM)
  const db = getDb()
  const url = new URL(request.url)
  const choice = Choice.parse({ kind: url.searchParams.get('kind'), storageClass: url.searchParams.get('class') ?? '' })
  const classes = (await loadCatalogue(db)).storageClasses
  const storageClass =
    choice.kind === 'volume' ? (classes.includes(choice.storageClass) ? choice.storageClass : (classes[0] ?? '')) : null
  const resources = await resourcesOfKind(db, choice.kind, storageClass)
  return { principal, db, kind: choice.kind, storageClass, classes, resources }
}

export async function newPoolPage(request: Request) {
  const { db, kind, storageClass, classes, resources } = await chosen(request)
  const locale = resolveLocale(request)
  const reading = await readingView(db, kind, resources, locale)
  const kinds = [
    { href: '?kind=compute', label: translate(locale, 'pool.kind.compute'), current: kind === 'compute' },
    ...classes.map((name) => ({
      href: `?kind=volume&class=${encodeURIComponent(name)}`,
      label: `${translate(locale, 'pool.kind.volume')} · ${name}`,
      current: kind === 'volume' && storageClass === name,
    })),
    {
      href: '?kind=objectStorage',
      label: translate(locale, 'pool.kind.objectStorage'),
      current: kind === 'objectStorage',
    },
    { href: '?kind=backup', label: translate(locale, 'pool.kind.backup'), current: kind === 'backup' },
  ]
  return {
    title: translate(locale, 'poolAdmin.new'),
    kinds,
    hidden: { kind, storageClass: storageClass ?? '' },
    resources: resourceRows(resources, locale),
    reading,
    values: { readingId: reading?.id ?? '' },
  }
}

export async function createFromForm(request: Request) {
  const { principal, db, kind, storageClass, resources } = await chosen(request)
  const locale = resolveLocale(request)
  const posted = await submittedPool(request, resources, locale)
  // The kind posted is the one the page was opened for (the query string), or the form is not this one.
  if (posted === null || posted.fixed.kind !== kind)
    throw new Response(translate(locale, 'poolAdmin.failed'), { status: 400 })
  const outcome =
    posted.issues.length > 0
      ? { ok: false as const, issues: posted.issues }
      : await createPool(
          db,
          { ...posted.edit, code: posted.fixed.code, kind, storageClass },
          { actor: actorOf(principal), origin: requestOrigin(request) },
        )
  if (outcome.ok) return { ok: true as const, code: outcome.value.code }
  return { ok: false as const, errors: errorsByField(outcome.issues, posted.rows, locale), values: posted.values }
}
