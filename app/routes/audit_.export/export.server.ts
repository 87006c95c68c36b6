import { z } from 'zod'
import { EXPORT_FORMATS, EXPORT_LIMIT, ExportTooLarge, exportBundle } from '#server/audit/export'
import { recordAudit } from '#server/audit/log'
import { AuditSearch, whereOf } from '#server/audit/search'
import type { Db } from '#server/db/client'
import type { Principal } from '#server/identity/principal'
import { requestOrigin } from '#app/utils/client-origin.server'
import { httpError } from '#app/utils/errors.server'
import { formatInteger } from '#app/utils/labels.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { auditConsoleDeps } from '../audit/audit-deps.server'

export const ExportQuery = AuditSearch.extend({ format: z.enum(EXPORT_FORMATS) })

/** The bundle as a download, the export itself an entry of the trail (who took what). */
export async function exportTrail(
  db: Db,
  principal: Principal,
  request: Request,
  query: z.infer<typeof ExportQuery>,
): Promise<Response> {
  const { format, ...search } = query
  const publicKey = auditConsoleDeps().publicKey
  if (!publicKey) throw httpError(request, 400, { key: 'audit.export.notConfigured' })
  const where = (await whereOf(db, search)) ?? { seq: { lt: 0n } }
  let bundle: Awaited<ReturnType<typeof exportBundle>>
  try {
    bundle = await exportBundle(
      { db, publicKey },
      { where, search, format, by: `${principal.displayName} (${principal.username})`, now: new Date() },
    )
  } catch (error) {
    if (!(error instanceof ExportTooLarge)) throw error
    const limit = formatInteger(EXPORT_LIMIT, resolveLocale(request))
    throw httpError(request, 400, { key: 'audit.export.tooLarge', params: { limit } })
  }
  await recordAudit(db, {
    actor: { id: principal.userId, label: principal.displayName },
    action: 'audit.export',
    entityType: 'AuditTrail',
    entityId: 'all',
    after: { format, search, entries: bundle.entries },
    origin: requestOrigin(request),
  })
  return new Response(new Uint8Array(bundle.body), {
    headers: {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="${bundle.name}.tar.gz"`,
      'Cache-Control': 'no-store',
    },
  })
}
