// The one home of changes to capacity pools (decision 0054): create and edit, each one
// transaction that locks the pool's rows, checks the domain's rule against what is allocated in
// that transaction, writes the rows, appends a version (with the reading it was based on) and the
// audit entry. A racing approval either committed first (its allocation is then read here) or
// waits on the lock and re-checks its conditional UPDATE against the new capacity; the table's
// check constraint is the backstop for anything else. Callers have authorised `pool.manage`.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { domainError, issue, type DomainError, type FieldIssue } from '../domain/errors'
import { validateName, validateOptionalName } from '../domain/names'
import { checkPoolResources, poolKindOf, type CheckedPoolResource, type PoolResourceSetting } from '../domain/pool'
import type { CatalogueSettings } from '../domain/resources'
import { sourceForKind } from './evidence'
import { readingById, type StoredReading } from './readings'

export type PoolKindColumn = 'compute' | 'volume' | 'objectStorage' | 'backup'

export interface PoolChange {
  readonly actor: Actor
  readonly origin?: Origin
}

export interface PoolEdit {
  readonly nameVi: string
  readonly nameEn?: string | null
  readonly resources: readonly PoolResourceSetting[]
  /** The reading the figures were based on (null: typed without one, said so in the history). */
  readonly readingId: string | null
  readonly reason: string
}

export interface NewPool extends PoolEdit {
  readonly code: string
  readonly kind: PoolKindColumn
  /** For a volume pool: the storage class it serves. */
  readonly storageClass?: string | null
}

export type PoolOutcome =
  | { readonly ok: true; readonly value: { readonly code: string; readonly version: number } }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] }

const refused = (path: string, error: DomainError): PoolOutcome => ({ ok: false, issues: [issue(path, error)] })

const POOL_CODE = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/

/** The catalogue the pools are checked against: the storage classes the data centre has. */
async function catalogueOf(tx: Tx): Promise<CatalogueSettings> {
  const classes = await tx.storageClass.findMany({ select: { name: true } })
  // GPUs exist where a pool offers them or is being given them: the pool is where they are declared.
  return { storageClasses: classes.map((c) => c.name), gpuAvailable: true }
}

function nameIssues(edit: PoolEdit): { issues: FieldIssue[]; nameVi: string; nameEn: string } {
  const issues: FieldIssue[] = []
  const nameVi = validateName(edit.nameVi, { maxLength: 200 })
  if (!nameVi.ok) issues.push(issue('nameVi', nameVi.error))
  const nameEn = validateOptionalName(edit.nameEn, { maxLength: 200 })
  if (!nameEn.ok) issues.push(issue('nameEn', nameEn.error))
  return { issues, nameVi: nameVi.ok ? nameVi.value : '', nameEn: nameEn.ok ? (nameEn.value ?? '') : '' }
}

/** The reading named, of the source a pool of this kind is sized from. */
async function evidenceFor(
  tx: Tx,
  kind: PoolKindColumn,
  readingId: string | null,
): Promise<StoredReading | null | DomainError> {
  if (readingId === null) return null
  const reading = await readingById(tx, readingId)
  if (reading === null || reading.source !== sourceForKind(kind)) return domainError('pool.reading_unknown')
  return reading
}

/** Resources another pool already offers (each resource has one pool: the ledger finds it by resource). */
async function takenElsewhere(tx: Tx, poolId: string | null, resources: readonly string[]): Promise<FieldIssue[]> {
  const rows = await tx.poolResource.findMany({
    where: { resource: { in: [...resources] }, ...(poolId ? { poolId: { not: poolId } } : {}) },
    select: { resource: true, pool: { select: { code: true } } },
  })
  return rows.map((row) =>
    issue(
      `resources.${resources.indexOf(row.resource)}.resource`,
      domainError('pool.resource_taken', { resource: row.resource, pool: row.pool.code }),
    ),
  )
}

interface Prepared {
  readonly checked: CheckedPoolResource[]
  readonly reading: StoredReading | null
  readonly nameVi: string
  readonly nameEn: string
}

async function prepare(
  tx: Tx,
  pool: { id: string | null; kind: PoolKindColumn; storageClass: string | null },
  edit: PoolEdit,
  allocated: ReadonlyMap<string, bigint>,
): Promise<Prepared | { issues: FieldIssue[] }> {
  const names = nameIssues(edit)
  const checked = checkPoolResources({
    kind: poolKindOf(pool.kind, pool.storageClass),
    settings: edit.resources,
    allocated,
    catalogue: await catalogueOf(tx),
  })
  const issues = [...names.issues, ...(checked.ok ? [] : checked.issues)]
  issues.push(
    ...(await takenElsewhere(
      tx,
      pool.id,
      edit.resources.map((r) => r.resource),
    )),
  )
  const reading = await evidenceFor(tx, pool.kind, edit.readingId)
  if (reading !== null && 'code' in reading) issues.push(issue('readingId', reading))
  if (!checked.ok || issues.length > 0 || (reading !== null && 'code' in reading)) return { issues }
  return { checked: checked.value, reading, nameVi: names.nameVi, nameEn: names.nameEn }
}

export function createPool(db: Db, input: NewPool, change: PoolChange): Promise<PoolOutcome> {
  return inTransaction(db, async (tx) => {
    const code = input.code.trim().toLowerCase()
    const codeIssues: FieldIssue[] = []
    if (!POOL_CODE.test(code)) codeIssues.push(issue('code', domainError('pool.code_invalid', { code })))
    else if (await tx.capacityPool.findUnique({ where: { code }, select: { id: true } }))
      codeIssues.push(issue('code', domainError('pool.code_taken', { code })))
    const storageClass = input.kind === 'volume' ? (input.storageClass ?? null) : null
    const prepared = await prepare(tx, { id: null, kind: input.kind, storageClass }, input, new Map())
    if ('issues' in prepared || codeIssues.length > 0)
      return { ok: false, issues: [...codeIssues, ...('issues' in prepared ? prepared.issues : [])] }
    const row = await tx.capacityPool.create({
      data: { code, nameVi: prepared.nameVi, nameEn: prepared.nameEn, kind: input.kind, storageClass },
      select: { id: true },
    })
    await writeResources(tx, row.id, prepared.checked, new Map())
    await recordVersion(tx, { id: row.id, code, version: 1 }, prepared, new Map(), input.reason, change, null)
    return { ok: true, value: { code, version: 1 } }
  })
}

/** An edit made on top of version `seenVersion`: refused as stale when someone else saved since. */
export function updatePool(
  db: Db,
  code: string,
  input: PoolEdit & { readonly seenVersion: number },
  change: PoolChange,
): Promise<PoolOutcome> {
  return inTransaction(db, async (tx) => {
    const pool = await tx.capacityPool.findUnique({
      where: { code },
      select: { id: true, kind: true, storageClass: true, nameVi: true, nameEn: true },
    })
    if (pool === null) return refused('', domainError('pool.not_found'))
    // Locks the pool's rows: an approval moving them waits until this edit commits, then re-checks.
    const rows = await tx.$queryRaw<
      { resource: string; physical: bigint; overcommitNum: number; overcommitDen: number; allocated: bigint }[]
    >`
      SELECT "resource", "physical", "overcommitNum", "overcommitDen", "allocated"
        FROM "PoolResource" WHERE "poolId" = ${pool.id}::uuid ORDER BY "resource" FOR UPDATE`
    const current = await tx.poolVersion.aggregate({ where: { poolId: pool.id }, _max: { version: true } })
    const version = current._max.version ?? 0
    if (input.seenVersion !== version)
      return refused('seenVersion', domainError('pool.stale', { seen: input.seenVersion, current: version }))
    const allocated = new Map(rows.map((row) => [row.resource, row.allocated]))
    const prepared = await prepare(tx, pool, input, allocated)
    if ('issues' in prepared) return { ok: false, issues: prepared.issues }
    await writeResources(tx, pool.id, prepared.checked, allocated)
    const before = { nameVi: pool.nameVi, nameEn: pool.nameEn, version, resources: rows.map(settingJson) }
    await recordVersion(
      tx,
      { id: pool.id, code, version: version + 1 },
      prepared,
      allocated,
      input.reason,
      change,
      before,
    )
    return { ok: true, value: { code, version: version + 1 } }
  })
}

async function writeResources(
  tx: Tx,
  poolId: string,
  checked: readonly CheckedPoolResource[],
  existing: ReadonlyMap<string, bigint>,
): Promise<void> {
  const kept = new Set(checked.map((r) => r.resource))
  const dropped = [...existing.keys()].filter((resource) => !kept.has(resource))
  if (dropped.length > 0)
    await tx.poolResource.deleteMany({ where: { poolId, resource: { in: dropped }, allocated: 0n } })
  for (const r of checked) {
    const figures = {
      physical: r.physical,
      overcommitNum: Number(r.overcommit.numerator),
      overcommitDen: Number(r.overcommit.denominator),
    }
    await tx.poolResource.upsert({
      where: { poolId_resource: { poolId, resource: r.resource } },
      create: { poolId, resource: r.resource, ...figures },
      update: figures,
    })
  }
}

const settingJson = (r: { resource: string; physical: bigint; overcommitNum: number; overcommitDen: number }) => ({
  resource: r.resource,
  physical: r.physical.toString(),
  overcommitNum: r.overcommitNum,
  overcommitDen: r.overcommitDen,
})

async function recordVersion(
  tx: Tx,
  pool: { id: string; code: string; version: number },
  prepared: Prepared,
  allocated: ReadonlyMap<string, bigint>,
  reason: string,
  change: PoolChange,
  before: unknown,
): Promise<void> {
  const resources = prepared.checked.map((r) => ({
    ...settingJson({
      resource: r.resource,
      physical: r.physical,
      overcommitNum: Number(r.overcommit.numerator),
      overcommitDen: Number(r.overcommit.denominator),
    }),
    capacity: r.capacity.toString(),
    allocated: (allocated.get(r.resource) ?? 0n).toString(),
  }))
  await tx.poolVersion.create({
    data: {
      poolId: pool.id,
      version: pool.version,
      actorId: change.actor.id,
      actorLabel: change.actor.label,
      resources,
      reason: reason.trim(),
      readingId: prepared.reading?.id ?? null,
    },
  })
  if (pool.version > 1)
    await tx.capacityPool.update({ where: { id: pool.id }, data: { nameVi: prepared.nameVi, nameEn: prepared.nameEn } })
  const evidence = prepared.reading
    ? {
        readingId: prepared.reading.id,
        source: prepared.reading.source,
        readAt: prepared.reading.readAt,
        totals: prepared.reading.totals,
      }
    : null
  await appendAudit(tx, {
    actor: change.actor,
    action: pool.version === 1 ? 'pool.create' : 'pool.update',
    entityType: 'CapacityPool',
    entityId: pool.id,
    origin: change.origin,
    before,
    after: {
      code: pool.code,
      nameVi: prepared.nameVi,
      nameEn: prepared.nameEn,
      version: pool.version,
      resources,
      reason,
      evidence,
    },
  })
}

/** Pools change in one transaction each; PostgreSQL's check constraint still refuses whatever got past. */
function inTransaction(db: Db, change: (tx: Tx) => Promise<PoolOutcome>): Promise<PoolOutcome> {
  return db.$transaction(change)
}
