import { appendAudit } from '../server/audit/log'
import { createDb, type Db, type Tx } from '../server/db/client'
import { applyLedgerDeltas } from '../server/db/ledger'
import { namespaceName, slugify } from '../server/domain/slug'
import { seedRates } from './seed-rates'
import {
  agencies,
  pendingRegistrations,
  pools,
  projects,
  requests,
  storageClasses,
  users,
  type SeedProject,
  type SeedRegistration,
  type SeedRequest,
} from './seed-data'

// npm run db:seed: demo data for local development, written through the same ledger and audit
// functions the console uses, so pools, allocations and the audit chain agree with each other.
// Runs once: a database that already has agencies is left alone, and one that has a rate card
// keeps it (prisma/seed-rates.ts).

const DAY = 86_400_000
const SEEDER = { id: null, label: 'seed' }

async function seed(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl)
  try {
    if ((await db.agency.count()) > 0) console.log('database already has agencies: demo data not written again')
    else await seedDemo(db)
    // After the pools: the card prices every storage class the catalogue has.
    if (await db.$transaction((tx) => seedRates(tx)))
      console.log('seeded the first rate card and footprint coefficients')
  } finally {
    await db.$disconnect()
  }
}

async function seedDemo(db: Db): Promise<void> {
  await db.$transaction(
    async (tx) => {
      const agencyIds = await seedAgencies(tx)
      await seedPools(tx)
      const userIds = await seedUsers(tx)
      const projectIds = await seedProjects(tx, agencyIds)
      for (const request of requests) await seedRequest(tx, request, projectIds, userIds)
      for (const registration of pendingRegistrations) await seedPendingRegistration(tx, registration, agencyIds)
    },
    { timeout: 60_000 },
  )
  console.log(`seeded ${agencies.length} agencies, ${projects.length} projects, ${requests.length} requests`)
}

async function seedAgencies(tx: Tx): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const a of agencies) {
    const row = await tx.agency.create({
      data: {
        code: a.code,
        nameVi: a.nameVi,
        nameEn: a.nameEn,
        kind: a.kind,
        parentId: a.parent ? ids.get(a.parent) : undefined,
      },
      select: { id: true },
    })
    ids.set(a.code, row.id)
    await appendAudit(tx, {
      actor: SEEDER,
      action: 'agency.create',
      entityType: 'Agency',
      entityId: row.id,
      agencyId: row.id,
      after: a,
    })
  }
  for (const a of agencies.filter((x) => x.mergedInto)) {
    const id = ids.get(a.code)!
    await tx.agency.update({ where: { id }, data: { status: 'merged', mergedIntoId: ids.get(a.mergedInto!) } })
    await appendAudit(tx, {
      actor: SEEDER,
      action: 'agency.merge',
      entityType: 'Agency',
      entityId: id,
      agencyId: id,
      before: { status: 'active' },
      after: { status: 'merged', into: a.mergedInto },
    })
  }
  return ids
}

async function seedPools(tx: Tx): Promise<void> {
  await tx.storageClass.createMany({ data: storageClasses })
  for (const pool of pools) {
    const row = await tx.capacityPool.create({
      data: {
        code: pool.code,
        nameVi: pool.nameVi,
        nameEn: pool.nameEn,
        kind: pool.kind,
        storageClass: pool.storageClass,
        resources: {
          create: pool.resources.map((r) => ({
            resource: r.resource,
            physical: r.physical,
            overcommitNum: r.overcommit?.[0] ?? 1,
            overcommitDen: r.overcommit?.[1] ?? 1,
          })),
        },
      },
      select: { id: true },
    })
    // Version 1 of each pool's history (decision 0054), read from no platform reading.
    await tx.poolVersion.create({
      data: {
        poolId: row.id,
        version: 1,
        actorLabel: SEEDER.label,
        reason: 'seed',
        resources: pool.resources.map((r) => ({
          resource: r.resource,
          physical: r.physical.toString(),
          overcommitNum: r.overcommit?.[0] ?? 1,
          overcommitDen: r.overcommit?.[1] ?? 1,
          allocated: '0',
        })),
      },
    })
    await appendAudit(tx, {
      actor: SEEDER,
      action: 'pool.create',
      entityType: 'CapacityPool',
      entityId: row.id,
      after: pool,
    })
  }
}

async function seedUsers(tx: Tx): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const u of users) {
    // The Keycloak subject is replaced with the real one at the user's first login (matched by username).
    const row = await tx.user.create({ data: { ...u, subject: `seed:${u.username}` }, select: { id: true } })
    ids.set(u.username, row.id)
  }
  return ids
}

/** A seeded system's row: its namespace from the agency's code and its name's slug. */
function projectData(p: SeedProject, agencyId: string) {
  const slug = slugify(p.name, 40)
  return {
    agencyId,
    name: p.name,
    slug,
    namespace: namespaceName(p.agency, slug),
    description: p.description,
    securityLevel: p.securityLevel,
    processesPersonalData: p.personalData,
    contactName: p.contact[0],
    contactEmail: p.contact[1],
    contactPhone: p.contact[2],
  }
}

async function seedProjects(
  tx: Tx,
  agencyIds: Map<string, string>,
): Promise<Map<string, { id: string; agencyId: string }>> {
  const ids = new Map<string, { id: string; agencyId: string }>()
  for (const p of projects) {
    const agencyId = agencyIds.get(p.agency)!
    const row = await tx.project.create({ data: projectData(p, agencyId), select: { id: true } })
    ids.set(p.name, { id: row.id, agencyId })
    await appendAudit(tx, {
      actor: SEEDER,
      action: 'project.create',
      entityType: 'Project',
      entityId: row.id,
      agencyId,
      after: p,
    })
  }
  return ids
}

/** A system as its agency registered it, pending review: the row, its first proposal, the audit entry. */
async function seedPendingRegistration(tx: Tx, r: SeedRegistration, agencyIds: Map<string, string>): Promise<void> {
  const agencyId = agencyIds.get(r.agency)!
  const row = await tx.project.create({
    data: { ...projectData(r, agencyId), ownerName: r.owner, registrationState: 'pending' },
    select: { id: true },
  })
  await tx.systemRegistrationStep.create({
    data: {
      projectId: row.id,
      round: 1,
      kind: 'submitted',
      securityLevel: r.securityLevel,
      documentNumber: r.document.number,
      documentDate: new Date(`${r.document.date}T00:00:00Z`),
      documentIssuer: r.document.issuer,
      actorLabel: r.contact[0],
    },
  })
  await appendAudit(tx, {
    actor: SEEDER,
    action: 'system.register',
    entityType: 'Project',
    entityId: row.id,
    agencyId,
    after: { ...r, state: 'pending' },
  })
}

const HOLDS_ALLOCATION = new Set<SeedRequest['state']>(['approved', 'provisioning', 'active', 'expired', 'revoked'])

async function seedRequest(
  tx: Tx,
  r: SeedRequest,
  projectIds: Map<string, { id: string; agencyId: string }>,
  userIds: Map<string, string>,
): Promise<void> {
  const project = projectIds.get(r.project)!
  const created = new Date(Date.now() - r.daysAgo * DAY - 3 * 3_600_000)
  const submitted = r.state === 'draft' ? null : new Date(created.getTime() + 3_600_000)
  const decided =
    r.votes?.length && !['submitted', 'returned'].includes(r.state) ? new Date(created.getTime() + 2 * 3_600_000) : null
  const row = await tx.quotaRequest.create({
    data: {
      projectId: project.id,
      agencyId: project.agencyId,
      kind: r.kind ?? 'new',
      state: r.state,
      outcome: r.outcome ?? (HOLDS_ALLOCATION.has(r.state) ? 'full' : null),
      justification: r.justification,
      requestedById: userIds.get(r.by)!,
      backupSchedule: r.backup?.schedule,
      backupRetentionDays: r.backup?.retentionDays,
      createdAt: created,
      submittedAt: submitted,
      decidedAt: decided,
      lines: {
        create: Object.entries(r.lines).map(([resource, requested]) => ({
          resource,
          requested,
          decided: HOLDS_ALLOCATION.has(r.state) ? (r.decided?.[resource] ?? requested) : null,
        })),
      },
      votes: {
        create: (r.votes ?? []).map((v) => ({
          actorId: userIds.get(v.by)!,
          kind: v.kind,
          reason: v.reason,
          version: 1,
          createdAt: decided ?? submitted ?? created,
        })),
      },
    },
    select: { id: true },
  })
  await appendAudit(tx, {
    actor: { id: userIds.get(r.by)!, label: r.by },
    action: 'request.create',
    entityType: 'QuotaRequest',
    entityId: row.id,
    agencyId: project.agencyId,
    after: { state: 'draft', lines: r.lines },
  })
  if (r.state !== 'draft') {
    await appendAudit(tx, {
      actor: SEEDER,
      action: `request.${r.state}`,
      entityType: 'QuotaRequest',
      entityId: row.id,
      agencyId: project.agencyId,
      before: { state: 'draft' },
      after: { state: r.state },
    })
  }
  if (!HOLDS_ALLOCATION.has(r.state)) return
  const grant = Object.entries(r.decided ?? r.lines).map(([resource, delta]) => ({ resource, delta }))
  await applyLedgerDeltas(tx, { projectId: project.id, requestId: row.id, deltas: grant, reason: 'grant' })
  await tx.allocation.update({
    where: { projectId: project.id },
    data: { backupSchedule: r.backup?.schedule, backupRetentionDays: r.backup?.retentionDays },
  })
  if (r.state === 'expired' || r.state === 'revoked') {
    await applyLedgerDeltas(tx, {
      projectId: project.id,
      requestId: row.id,
      deltas: grant.map((g) => ({ ...g, delta: -g.delta })),
      reason: r.state === 'expired' ? 'expire' : 'revoke',
    })
    await tx.allocation.update({ where: { projectId: project.id }, data: { state: r.state } })
  }
}

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set: run `infra/local/stack up postgres` first')
  process.exit(2)
}
await seed(url)
