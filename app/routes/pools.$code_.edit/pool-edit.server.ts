import type { Db } from '#server/db/client'
import { unitOf } from '#server/domain/resources'
import { formatAmount } from '#server/i18n/amounts'
import { actorOf } from '#server/identity/principal'
import { updatePool } from '#server/pools/store'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { notFound } from '#app/utils/errors.server'
import { formatDateTime, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'
import { byResource, poolName, resourceLabel } from '#app/utils/labels.server'
import {
  POOL_ROW_SELECT,
  currentFigures,
  errorsByField,
  readingView,
  resourceRows,
  resourcesOfKind,
  resourceValues,
  submittedPool,
} from '#app/utils/pool-admin.server'

// A pool's new version (issue 15, decision 0054), for those who manage pools (pool.manage): the
// figures in force and the platform's latest reading beside the form, every earlier version with
// the reading it was based on. The store refuses a shrink below what is allocated at its field.

async function loadPool(db: Db, code: string) {
  return db.capacityPool.findUnique({
    where: { code },
    select: {
      ...POOL_ROW_SELECT,
      versions: {
        orderBy: { version: 'desc' },
        take: 50,
        select: {
          version: true,
          at: true,
          actorLabel: true,
          reason: true,
          resources: true,
          reading: { select: { source: true, readAt: true, totals: true } },
        },
      },
    },
  })
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadPool>>>
type StoredFigures = {
  resource: string
  physical: string
  overcommitNum: number
  overcommitDen: number
  allocated?: string
}

function versionView(version: Loaded['versions'][number], locale: Locale) {
  const amount = (resource: string, value: string) => formatAmount(BigInt(value), unitOf(resource), locale)
  const figures = (version.resources as StoredFigures[])
    .map(
      (r) =>
        `${resourceLabel(r.resource, locale)} ${amount(r.resource, r.physical)} × ${r.overcommitNum}:${r.overcommitDen}`,
    )
    .join(' · ')
  const reading = version.reading
  const evidence = reading
    ? `${translate(locale, 'poolAdmin.readingAt', {
        source: translate(
          locale,
          reading.source === 'kubernetes' ? 'poolAdmin.source.kubernetes' : 'poolAdmin.source.storage',
        ),
        at: formatDateTime(reading.readAt, locale),
      })}: ${Object.entries(reading.totals as Record<string, string>)
        .map(([key, value]) => `${key} ${value}`)
        .join(', ')}`
    : translate(locale, 'poolAdmin.noEvidence')
  return {
    version: version.version,
    at: formatDateTime(version.at, locale),
    by: version.actorLabel,
    reason: version.reason,
    figures,
    evidence,
  }
}

async function required(request: Request, code: string) {
  const principal = await requireAuthorised(request, 'pool.manage', PLATFORM)
  const db = getDb()
  const pool = await loadPool(db, code)
  if (pool === null) throw notFound(request, { key: 'pools.notFound', params: { code } })
  const resources = await resourcesOfKind(db, pool.kind, pool.storageClass)
  // A resource the pool offers but the catalogue no longer lists stays on the form: it cannot be dropped unseen.
  for (const row of pool.resources) if (!resources.includes(row.resource)) resources.push(row.resource)
  return { principal, db, pool, resources }
}

export async function poolEditPage(request: Request, code: string) {
  const { db, pool, resources } = await required(request, code)
  const locale = resolveLocale(request)
  const reading = await readingView(db, pool.kind, resources, locale)
  const rows = [...pool.resources].sort(byResource)
  return {
    title: translate(locale, 'poolAdmin.editTitle', { pool: poolName(pool, locale) }),
    name: poolName(pool, locale),
    code: pool.code,
    resources: resourceRows(resources, locale),
    current: currentFigures(rows, locale),
    reading,
    seenVersion: String(pool.versions[0]?.version ?? 0),
    values: {
      nameVi: pool.nameVi,
      nameEn: pool.nameEn,
      readingId: reading?.id ?? '',
      reason: '',
      ...resourceValues(rows, locale),
    },
    versions: pool.versions.map((version) => versionView(version, locale)),
  }
}

export async function editFromForm(request: Request, code: string) {
  const { principal, db, resources } = await required(request, code)
  const locale = resolveLocale(request)
  const posted = await submittedPool(request, resources, locale)
  if (posted === null) throw new Response(translate(locale, 'poolAdmin.failed'), { status: 400 })
  const outcome =
    posted.issues.length > 0
      ? { ok: false as const, issues: posted.issues }
      : await updatePool(
          db,
          code,
          { ...posted.edit, seenVersion: Number(posted.fixed.seenVersion) },
          { actor: actorOf(principal), origin: requestOrigin(request) },
        )
  if (outcome.ok) return { ok: true as const, version: outcome.value.version }
  return { ok: false as const, errors: errorsByField(outcome.issues, posted.rows, locale), values: posted.values }
}
