// The one home of the policy in force (decision 0049): every reader (decisions, auto-approval, the
// expiry sweep, the request forms, the API, the reconciler) asks policyInForce, and platform
// administrators append a new version with savePolicyVersion. The versions are append-only rows;
// the highest is in force from the moment it is committed. Version 1 is seeded once from the
// environment the first time anyone asks.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db } from '../db/client'
import { Prisma } from '../db/generated/client'
import { ok, type FieldIssue } from '../domain/errors'
import { approvalPolicyOf, graceMsOf, validatePolicySettings, type PolicySettings } from '../domain/platform-policy'
import type { ApprovalPolicy } from '../domain/security-policy'
import { seedSettingsFromEnv } from './from-env'

export interface PolicyVersionRow {
  readonly version: number
  readonly settings: PolicySettings
  readonly createdAt: Date
  readonly createdByLabel: string
  /** null: seeded from the environment. */
  readonly createdById: string | null
  readonly reason: string
}

export interface PolicyInForce extends PolicyVersionRow {
  readonly approval: ApprovalPolicy
  readonly reservedNamespaces: readonly string[]
  readonly graceMs: number
}

export const SEEDED_BY = 'environment'

function inForce(row: PolicyVersionRow): PolicyInForce {
  return {
    ...row,
    approval: approvalPolicyOf(row.settings),
    reservedNamespaces: row.settings.reservedNamespaces,
    graceMs: graceMsOf(row.settings),
  }
}

type StoredRow = Omit<PolicyVersionRow, 'settings'> & { settings: Prisma.JsonValue }

/** A stored version, checked again: a row that no longer validates is a fault, not a policy. */
function fromStored(row: StoredRow): PolicyVersionRow {
  const checked = validatePolicySettings(row.settings)
  if (!checked.ok) throw new Error(`PolicyVersion ${row.version} does not validate: ${checked.error.code}`)
  return { ...row, settings: checked.value }
}

const cache = new WeakMap<Db, { at: number; value: PolicyInForce }>()

/**
 * Inserts version 1 from the environment unless a version exists (any process may be first). Not
 * an audit entry: no one acted, the row says where it came from, and a read that happens to be the
 * first must not write to the trail (decision 0049); every change after it is audited.
 */
async function seed(db: Db, env: Record<string, string | undefined>): Promise<void> {
  const settings = seedSettingsFromEnv(env)
  await db.$executeRaw`
    INSERT INTO "PolicyVersion" ("version", "settings", "createdByLabel", "reason")
    VALUES (1, ${JSON.stringify(settings)}::jsonb, ${SEEDED_BY}, '')
    ON CONFLICT ("version") DO NOTHING`
}

/**
 * The version in force now. `maxAgeMs`: how old an answer this process may reuse (0, the default,
 * reads the row: decisions always do; the reconciler's passes take a few seconds' staleness).
 */
export async function policyInForce(
  db: Db,
  options: { maxAgeMs?: number; env?: Record<string, string | undefined> } = {},
): Promise<PolicyInForce> {
  const cached = cache.get(db)
  if (cached && options.maxAgeMs && Date.now() - cached.at <= options.maxAgeMs) return cached.value
  let row = await db.policyVersion.findFirst({ orderBy: { version: 'desc' } })
  if (!row) {
    await seed(db, options.env ?? process.env)
    row = await db.policyVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })
  }
  const value = inForce(fromStored(row))
  cache.set(db, { at: Date.now(), value })
  return value
}

/** The approval policy in force (the shape the workflow's functions take). */
export const approvalPolicyInForce = async (db: Db): Promise<ApprovalPolicy> => (await policyInForce(db)).approval

/** Every version, newest first. */
export async function policyHistory(db: Db, limit = 100): Promise<PolicyVersionRow[]> {
  await policyInForce(db)
  const rows = await db.policyVersion.findMany({ orderBy: { version: 'desc' }, take: limit })
  return rows.map(fromStored)
}

export type SaveRefusal =
  | { readonly kind: 'invalid'; readonly issues: readonly FieldIssue[] }
  | { readonly kind: 'stale'; readonly inForce: number }

export const REASON_MAX = 2000

/**
 * Appends a version on top of `basedOn` (the version the editor saw): someone else's version in
 * between is refused as stale rather than silently replaced. Audited in the same transaction.
 */
export async function savePolicyVersion(
  db: Db,
  input: { settings: unknown; reason: string; basedOn: number; actor: Actor; origin?: Origin },
): Promise<{ ok: true; value: PolicyVersionRow } | { ok: false; refusal: SaveRefusal }> {
  const checked = validatePolicySettings(input.settings)
  const reason = input.reason.trim()
  const reasonIssues: FieldIssue[] =
    reason.length === 0
      ? [{ path: 'reason', error: { code: 'input.required', params: {} } }]
      : reason.length > REASON_MAX
        ? [{ path: 'reason', error: { code: 'policy.reason_too_long', params: { max: REASON_MAX } } }]
        : []
  if (!checked.ok || reasonIssues.length > 0)
    return { ok: false, refusal: { kind: 'invalid', issues: [...(checked.ok ? [] : checked.issues), ...reasonIssues] } }
  const before = await policyInForce(db)
  if (before.version !== input.basedOn) return { ok: false, refusal: { kind: 'stale', inForce: before.version } }
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.policyVersion.create({
        data: {
          version: before.version + 1,
          settings: checked.value as unknown as Prisma.InputJsonValue,
          createdById: input.actor.id,
          createdByLabel: input.actor.label,
          reason,
        },
      })
      await appendAudit(tx, {
        actor: input.actor,
        action: 'policy.change',
        entityType: 'policy',
        entityId: String(created.version),
        before: before.settings,
        after: { ...checked.value, reason },
        origin: input.origin,
      })
      return created
    })
    cache.delete(db)
    return ok(fromStored(row))
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      return { ok: false, refusal: { kind: 'stale', inForce: (await policyInForce(db)).version } }
    throw error
  }
}
