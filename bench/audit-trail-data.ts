// A province's audit trail, made up for the audit benchmarks: `count` entries chained as the
// console chains them (valid hashes), spread over two years, by 1,500 people and the system in 150
// agencies, with the console's actions and outcomes in proportions like the demo's. Written with
// one INSERT … SELECT FROM unnest(…) per 5,000 rows, as the app role (which may insert).
import { hash, randomUUID } from 'node:crypto'
import pg from 'pg'
import { GENESIS_HASH, entryContent, type StoredAuditRecord } from '../server/audit/chain'

const ACTIONS: readonly [string, number, string][] = [
  // action, weight, entity type
  ['session.open', 30, 'user'],
  ['session.close', 18, 'user'],
  ['provisioning.drift_repaired', 10, 'Project'],
  ['request.create', 8, 'QuotaRequest'],
  ['request.submit', 8, 'QuotaRequest'],
  ['request.approve', 6, 'QuotaRequest'],
  ['request.sign_off', 2, 'QuotaRequest'],
  ['request.reject', 1, 'QuotaRequest'],
  ['s3_credential.issued', 2, 'Project'],
  ['s3_credential.revoked', 1, 'Project'],
  ['project.read', 5, 'route'],
  ['request.auto_approve', 1, 'QuotaRequest'],
]
const TOTAL_WEIGHT = ACTIONS.reduce((sum, [, weight]) => sum + weight, 0)
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ']
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hùng',
  'Lan',
  'Minh',
  'Ngọc',
  'Phúc',
  'Quân',
  'Thảo',
  'Tuấn',
  'Yến',
]

export type TrailShape = {
  agencies: string[]
  people: { id: string; label: string; agency: string }[]
  projects: { id: string; agency: string; requests: string[] }[]
}

/** A deterministic pseudo-random stream (the same trail on every run). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export function trailShape(rand = random(13)): TrailShape {
  const agencies = Array.from({ length: 150 }, () => randomUUID())
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!
  const people = Array.from({ length: 1500 }, (_, i) => ({
    id: randomUUID(),
    label: `${pick(SURNAMES)} Văn ${pick(GIVEN)} ${i}`,
    agency: pick(agencies),
  }))
  const projects = Array.from({ length: 3000 }, () => ({
    id: randomUUID(),
    agency: pick(agencies),
    requests: Array.from({ length: 10 }, () => randomUUID()),
  }))
  return { agencies, people, projects }
}

/** The `index`th entry (1-based) of the made-up trail, without its hashes. */
function entryOf(
  index: number,
  shape: TrailShape,
  rand: () => number,
  start: number,
): Omit<StoredAuditRecord, 'prevHash' | 'hash' | 'content'> {
  let roll = rand() * TOTAL_WEIGHT
  const [action, , entityType] = ACTIONS.find(([, weight]) => (roll -= weight) < 0) ?? ACTIONS[0]!
  const person = shape.people[Math.floor(rand() * shape.people.length)]!
  const project = shape.projects[Math.floor(rand() * shape.projects.length)]!
  const system = action === 'provisioning.drift_repaired' || action === 'request.auto_approve'
  const outcome = action === 'project.read' ? 'denied' : rand() < 0.02 ? 'failed' : 'ok'
  const entityId =
    entityType === 'Project'
      ? project.id
      : entityType === 'QuotaRequest'
        ? project.requests[index % 10]!
        : entityType === 'user'
          ? person.id
          : `/projects/${project.id}`
  return {
    seq: BigInt(index),
    // About one entry a minute, for two years.
    at: new Date(start + index * 63_000 + Math.floor(rand() * 1000)),
    actorId: system ? 'system:provisioning' : person.id,
    actorLabel: system ? 'Hệ thống (đối soát)' : person.label,
    action,
    entityType,
    entityId,
    agencyId: entityType === 'user' ? null : project.agency,
    outcome,
    before: entityType === 'QuotaRequest' ? { state: 'submitted', version: index % 7 } : null,
    after:
      entityType === 'QuotaRequest'
        ? { state: 'approved', lines: [{ resource: 'cpu', amount: String(index % 64) }] }
        : { reason: 'ok' },
    sourceIp: system ? null : `10.${index % 250}.0.7`,
    userAgent: system ? null : 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
    // A person's request writes about three entries; the system's pass, one as its job.
    requestId: system ? `job-${index}` : requestIdOf(Math.floor(index / 3)),
  }
}

/** The made-up trail's request ids: 16 hexadecimal digits, as newRequestId makes them. */
export function requestIdOf(request: number): string {
  return (BigInt(request) * 0x9e3779b97f4a7cn).toString(16).slice(-16).padStart(16, '0').toUpperCase()
}

/** Entries 1..count with their bytes and hashes, in batches of `batch` (what fillTrail inserts). */
export function* trailBatches(count: number, shape: TrailShape, batch = 5000): Generator<StoredAuditRecord[]> {
  const rand = random(7)
  const start = Date.UTC(2024, 11, 1)
  let prevHash = GENESIS_HASH
  for (let first = 1; first <= count; first += batch) {
    const rows: StoredAuditRecord[] = []
    for (let index = first; index < Math.min(first + batch, count + 1); index++) {
      const entry = entryOf(index, shape, rand, start)
      const content = entryContent(prevHash, entry)
      const digest = hash('sha256', content, 'hex')
      rows.push({ ...entry, prevHash, hash: digest, content })
      prevHash = digest
    }
    yield rows
  }
}

const COLUMNS = [
  ['seq', 'bigint'],
  ['at', 'timestamp(3)'],
  ['actorId', 'text'],
  ['actorLabel', 'text'],
  ['action', 'text'],
  ['entityType', 'text'],
  ['entityId', 'text'],
  ['agencyId', 'uuid'],
  ['outcome', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
  ['sourceIp', 'text'],
  ['userAgent', 'text'],
  ['requestId', 'text'],
  ['prevHash', 'text'],
  ['hash', 'text'],
  ['content', 'text'],
] as const

/**
 * Inserts the made-up trail into the (empty) AuditEntry table at `url` (the app role), then has
 * the owner (`ownerUrl`) refresh the planner's statistics; returns the seconds it took.
 */
export async function fillTrail(url: string, ownerUrl: string, count: number, shape: TrailShape): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const started = performance.now()
  try {
    const list = COLUMNS.map(([name]) => `"${name}"`).join(', ')
    const unnest = COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')
    const sql = `INSERT INTO "AuditEntry" (${list}) SELECT * FROM unnest(${unnest})`
    for (const rows of trailBatches(count, shape)) {
      const values = COLUMNS.map(([name]) =>
        rows.map((row) => {
          const value = row[name]
          if (name === 'before' || name === 'after') return value === null ? null : JSON.stringify(value)
          return value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value
        }),
      )
      await client.query(sql, values)
    }
  } finally {
    await client.end()
  }
  const owner = new pg.Client({ connectionString: ownerUrl })
  await owner.connect()
  await owner.query('VACUUM ANALYZE "AuditEntry"').finally(() => owner.end())
  return (performance.now() - started) / 1000
}
