import { z } from 'zod'
import { EXPORT_FORMATS, EXPORT_LIMIT, ExportTooLarge, exportBundle } from '../../audit/export'
import { recordAudit } from '../../audit/log'
import { lastCheckpoint, lastVerification } from '../../audit/integrity'
import { AuditSearch, findPage, signingCheckpoints, whereOf, type FoundEntry } from '../../audit/search'
import { PLATFORM } from '../../identity/authorise'
import { requireAllowed, type Guard } from '../auth'
import { auditReaderOf, originOf, type OperationContext } from '../context'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, single } from '../http'
import { apiProblem } from '../problem'

// The audit trail for security officers and platform administrators (audit.read, as on the page;
// decisions 0036, 0037): the search, newest first, each entry with its place in the chain; the
// trail's integrity as last signed and verified; the export a third party verifies.

const SEARCH_PARAMS = ['actor', 'agency', 'project', 'action', 'outcome', 'from', 'to', 'request'] as const

function requireAuditReader(guard: Guard): Promise<void> {
  return requireAllowed(
    guard,
    'audit.read',
    PLATFORM,
    { entityType: 'AuditTrail', entityId: 'all', agencyId: null },
    { hideOtherAgency: false },
  )
}

/** The search from the query string, each parameter at most once; a bad one is named. */
function searchOf(url: URL): AuditSearch {
  const raw = Object.fromEntries(
    SEARCH_PARAMS.flatMap((name) => {
      const value = single(url, name)
      return value === undefined ? [] : [[name, value]]
    }),
  )
  const parsed = AuditSearch.safeParse(raw)
  if (parsed.success) return parsed.data
  throw apiProblem(400, 'api.invalid_query', { name: String(parsed.error.issues[0]?.path[0] ?? 'query') })
}

/** GET /audit/entries */
export async function listAuditEntries({ url, guard }: OperationContext): Promise<Response> {
  onlyParams(url, [...SEARCH_PARAMS, 'limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'audit', z.object({ seq: z.string().regex(/^[1-9]\d{0,17}$/) }))
  const search = searchOf(url)
  await requireAuditReader(guard)
  const where = await whereOf(guard.db, search)
  const found = await findPage(guard.db, where, after ? { before: BigInt(after.seq) } : {}, limit)
  const signedBy = await signingCheckpoints(
    guard.db,
    found.entries.map((e) => e.seq),
  )
  return jsonResponse({
    items: found.entries.map((entry) => auditEntryJson(entry, signedBy.get(entry.seq) ?? null)),
    nextCursor: found.older === null ? null : encodeCursor('audit', { seq: found.older.toString() }),
  })
}

function auditEntryJson(entry: FoundEntry, checkpoint: number | null) {
  return {
    seq: Number(entry.seq),
    at: entry.at.toISOString(),
    actor: { id: entry.actorId, label: entry.actorLabel },
    action: entry.action,
    entity: { type: entry.entityType, id: entry.entityId },
    agencyId: entry.agencyId,
    outcome: entry.outcome,
    before: entry.before ?? null,
    after: entry.after ?? null,
    sourceIp: entry.sourceIp,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    chain: { prevHash: entry.prevHash, hash: entry.hash, checkpoint },
  }
}

/** GET /audit/integrity */
export async function getAuditIntegrity({ url, guard, deps, now }: OperationContext): Promise<Response> {
  onlyParams(url, [])
  await requireAuditReader(guard)
  const reader = auditReaderOf(deps)
  const [checkpoint, verification] = await Promise.all([
    lastCheckpoint(guard.db, reader, now),
    lastVerification(guard.db),
  ])
  return jsonResponse({
    configured: reader.publicKey !== null,
    checkpointIntervalSeconds: reader.settings.AUDIT_CHECKPOINT_SECONDS,
    lastCheckpoint: checkpoint && { ...checkpoint, createdAt: checkpoint.createdAt?.toISOString() ?? null },
    lastVerification: verification,
  })
}

/** GET /audit/export */
export async function exportAuditEntries(context: OperationContext): Promise<Response> {
  const { url, guard, deps, principal, now } = context
  onlyParams(url, [...SEARCH_PARAMS, 'format'])
  const format = z.enum(EXPORT_FORMATS).safeParse(single(url, 'format') ?? 'json')
  if (!format.success) throw apiProblem(400, 'api.invalid_query', { name: 'format' })
  const search = searchOf(url)
  await requireAuditReader(guard)
  const { publicKey } = auditReaderOf(deps)
  if (!publicKey) throw apiProblem(503, 'api.audit_not_configured')
  const where = (await whereOf(guard.db, search)) ?? { seq: { lt: 0n } }
  let bundle: Awaited<ReturnType<typeof exportBundle>>
  try {
    const by = `${principal.displayName} (${principal.username})`
    bundle = await exportBundle({ db: guard.db, publicKey }, { where, search, format: format.data, by, now })
  } catch (error) {
    if (error instanceof ExportTooLarge) throw apiProblem(400, 'api.audit_export_too_large', { max: EXPORT_LIMIT })
    throw error
  }
  await recordAudit(guard.db, {
    actor: { id: principal.userId, label: principal.displayName },
    action: 'audit.export',
    entityType: 'AuditTrail',
    entityId: 'all',
    after: { format: format.data, search, entries: bundle.entries, via: 'api' },
    origin: originOf(context),
  })
  return new Response(new Uint8Array(bundle.body), {
    status: 200,
    headers: {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="${bundle.name}.tar.gz"`,
      'Cache-Control': 'no-store',
    },
  })
}
