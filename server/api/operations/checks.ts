import { z } from 'zod'
import { PLATFORM } from '../../identity/authorise'
import { translate, isMessageKey } from '../../i18n'
import { CHECKS, checkById, type Check } from '../../security/catalogue'
import { SECURITY_LEVELS } from '../../domain/project'
import { requireAllowed, type Guard } from '../auth'
import type { OperationContext } from '../context'
import type { components } from '../generated/openapi'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, page, single } from '../http'
import { apiProblem, notFound } from '../problem'

// The catalogue of security checks over the API (issue 13, decision 0044): the same for everyone
// signed in (checks.read), each check with its words in both languages (a program stores and
// shows them; Accept-Language only picks the language of problems), and the scanners' runs for
// those who read every agency's findings (scans.read).

type Schemas = components['schemas']

const BY_ID = [...CHECKS].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

const words = (check: Check, part: 'title' | 'remediation'): Schemas['LocalisedText'] => {
  const key = `check.${check.id}.${part}`
  return isMessageKey(key) ? { vi: translate('vi', key), en: translate('en', key) } : { vi: '', en: '' }
}

function checkJson(check: Check): Schemas['Check'] {
  return {
    id: check.id,
    subject: check.subject,
    group: check.group,
    preventable: check.preventable,
    title: words(check, 'title'),
    remediation: words(check, 'remediation'),
    levels: SECURITY_LEVELS.flatMap((level) => {
      const rule = check.levels[level]
      return rule ? [{ level, severity: rule.severity, enforcement: rule.enforcement }] : []
    }),
  }
}

const requireCheckReader = (guard: Guard) =>
  requireAllowed(
    guard,
    'checks.read',
    PLATFORM,
    { entityType: 'SecurityCheck', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )

/** GET /checks */
export async function listChecks({ url, guard }: OperationContext): Promise<Response> {
  onlyParams(url, ['level', 'limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'checks', z.object({ id: z.string().max(20) }))
  const level = single(url, 'level')
  if (level !== undefined && !/^[1-5]$/.test(level)) throw apiProblem(400, 'api.invalid_query', { name: 'level' })
  await requireCheckReader(guard)
  const rows = BY_ID.filter(
    (check) =>
      (after === null || check.id > after.id) &&
      (level === undefined || check.levels[Number(level) as keyof Check['levels']] !== undefined),
  )
  const found = page(rows.slice(0, limit + 1), limit, (last) => encodeCursor('checks', { id: last.id }))
  return jsonResponse({
    items: found.items.map(checkJson),
    nextCursor: found.nextCursor,
  } satisfies Schemas['CheckPage'])
}

/** GET /checks/{checkId} */
export async function getCheck({ url, params, guard }: OperationContext): Promise<Response> {
  onlyParams(url, [])
  await requireCheckReader(guard)
  const check = checkById(params['checkId'] ?? '')
  if (!check) throw notFound()
  return jsonResponse(checkJson(check))
}

/** GET /security/scans: newest first. */
export async function listSecurityScans({ url, guard }: OperationContext): Promise<Response> {
  onlyParams(url, ['source', 'limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'scans', z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/) }))
  const source = single(url, 'source')
  if (source !== undefined && !/^[a-z]{2,20}$/.test(source))
    throw apiProblem(400, 'api.invalid_query', { name: 'source' })
  await requireAllowed(
    guard,
    'scans.read',
    PLATFORM,
    { entityType: 'SecurityScan', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const rows = await guard.db.securityScan.findMany({
    where: {
      ...(source === undefined ? {} : { source }),
      ...(after === null ? {} : { id: { lt: BigInt(after.id) } }),
    },
    orderBy: { id: 'desc' },
    take: limit + 1,
  })
  const found = page(rows, limit, (last) => encodeCursor('scans', { id: last.id.toString() }))
  return jsonResponse({
    items: found.items.map((scan) => ({
      id: Number(scan.id),
      source: scan.source,
      startedAt: scan.startedAt.toISOString(),
      finishedAt: scan.finishedAt?.toISOString() ?? null,
      subjects: scan.subjects,
      opened: scan.opened,
      resolved: scan.resolved,
      error: scan.error,
    })),
    nextCursor: found.nextCursor,
  } satisfies Schemas['SecurityScanPage'])
}
