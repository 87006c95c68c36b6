// The hop from SQL to TypeScript. PostgreSQL enqueues provisioning itself: triggers on
// QuotaRequest and Project call enqueue_provisioning() (prisma/migrations/
// 20261125142010_provisioning_and_jobs/migration.sql), which writes the job kind and the NOTIFY
// channel as string literals. SQL cannot import server/jobs/shared-with-sql.ts, so this reads the
// functions back from a migrated database and checks they name exactly what it names, then runs
// the function and sees the job and the wake-up arrive where the workers look for them.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shareRequestIdWithSql } from '#server/jobs/queue'
import {
  ENQUEUE_PROVISIONING_FUNCTION,
  JOB_CHANNEL,
  RECONCILE_JOB,
  REQUEST_ID_SETTING,
} from '#server/jobs/shared-with-sql'
import { withRequestId } from '#server/observability/log'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.drop())

/** Source of every function in the public schema, by name. */
async function functions(): Promise<Map<string, string>> {
  const rows = await t.db.$queryRaw<{ name: string; definition: string }[]>`
    SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prokind = 'f'`
  return new Map(rows.map((r) => [r.name, r.definition]))
}

/** The string literals of a SQL text ('' inside a literal is a quote). */
function literals(sql: string): string[] {
  return [...sql.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"))
}

describe('the database enqueues provisioning under the names TypeScript uses', () => {
  it('has one function that writes jobs or notifies workers, and it names RECONCILE_JOB and JOB_CHANNEL only', async () => {
    const all = await functions()
    const enqueuers = [...all].filter(([, sql]) => /"Job"|pg_notify/i.test(sql)).map(([name]) => name)
    expect(enqueuers).toEqual([ENQUEUE_PROVISIONING_FUNCTION])
    const sql = all.get(ENQUEUE_PROVISIONING_FUNCTION)!
    expect(/INSERT INTO "Job"[^;]*VALUES\s*\(\s*'([^']*)'/.exec(sql)?.[1]).toBe(RECONCILE_JOB)
    expect(/pg_notify\(\s*'([^']*)'\s*,\s*'([^']*)'/.exec(sql)?.slice(1)).toEqual([JOB_CHANNEL, `${RECONCILE_JOB}:`])
    expect(/current_setting\(\s*'([^']*)'/.exec(sql)?.[1]).toBe(REQUEST_ID_SETTING)
    // Besides SQL's own words (the time zone, the payload key, the queued state, the empty id), no other name.
    const names = new Set(literals(sql).filter((l) => !['UTC', 'reason', 'queued', ''].includes(l)))
    expect(names).toEqual(new Set([RECONCILE_JOB, JOB_CHANNEL, `${RECONCILE_JOB}:`, REQUEST_ID_SETTING]))
  })

  it('is what the decision and project triggers call', async () => {
    const triggers = await t.db.$queryRaw<{ table: string; definition: string }[]>`
      SELECT c.relname AS "table", pg_get_functiondef(t.tgfoid) AS definition
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgname LIKE '%enqueue_provisioning'
      ORDER BY c.relname`
    expect(triggers.map((r) => r.table)).toEqual(['Project', 'QuotaRequest'])
    for (const trigger of triggers) expect(trigger.definition).toContain(`${ENQUEUE_PROVISIONING_FUNCTION}(`)
  })

  it('queues a RECONCILE_JOB for the project and wakes the workers on JOB_CHANNEL', async () => {
    const listener = new pg.Client({ connectionString: t.url })
    await listener.connect()
    try {
      await listener.query(`LISTEN ${JOB_CHANNEL}`)
      const heard = new Promise<string | undefined>((resolve) => listener.on('notification', (n) => resolve(n.payload)))
      const projectId = randomUUID()
      await t.db.$executeRawUnsafe(`SELECT ${ENQUEUE_PROVISIONING_FUNCTION}($1::uuid, $2)`, projectId, 'test')
      expect(await heard).toBe(`${RECONCILE_JOB}:${projectId}`)
      expect(await t.db.job.findMany({ where: { key: projectId } })).toMatchObject([
        { kind: RECONCILE_JOB, state: 'queued', payload: { reason: 'test' } },
      ])
    } finally {
      await listener.end()
    }
  })

  it("carries the request id the deciding transaction shared, only in that transaction, the first one's when brought forward", async () => {
    const enqueueIn = (projectId: string, requestId: string | undefined) =>
      t.db.$transaction(async (tx) => {
        const work = async () => {
          await shareRequestIdWithSql(tx)
          await tx.$executeRawUnsafe(`SELECT ${ENQUEUE_PROVISIONING_FUNCTION}($1::uuid, 'test')`, projectId)
        }
        await (requestId === undefined ? work() : withRequestId(requestId, work))
      })
    const requestOf = async (projectId: string) =>
      (await t.db.job.findMany({ where: { key: projectId }, select: { requestId: true } })).map((j) => j.requestId)

    const decided = randomUUID()
    await enqueueIn(decided, 'DECIDE0000000001')
    // Brought forward by a second request: still the first one's.
    await enqueueIn(decided, 'DECIDE0000000002')
    expect(await requestOf(decided)).toEqual(['DECIDE0000000001'])
    // The setting is the transaction's own: the next transaction on a pooled connection, outside
    // any request, queues a job with no id.
    const later = randomUUID()
    for (let i = 0; i < 12; i++) await enqueueIn(later, undefined)
    expect(await requestOf(later)).toEqual([null])
    // An id that only a header could have given is stored as the context holds it, never as SQL.
    const odd = randomUUID()
    await enqueueIn(odd, 'x\'); DROP TABLE "Job"; --')
    expect(await requestOf(odd)).toEqual(['x\'); DROP TABLE "Job"; --'])
  })
})
