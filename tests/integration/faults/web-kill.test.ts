// A web copy killed mid-request (issue 16, decision 0071): two built consoles (bin/serve.mjs, one
// page process each) on one database with one session secret, as a Deployment's replicas are.
// An agency's staff member posts a burst of request forms to one copy while pages are read on the
// other, and the first copy's processes are killed with SIGKILL (as the kernel's OOM killer or a
// node's loss would) while those posts are in flight. The other copy's answers are all good;
// each post to the killed copy either happened whole (the request, its line, its audit entries,
// as a post that was answered has them) or not at all; the audit chain verifies; and the session
// opened on the killed copy works on the survivor.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '#server/audit/verify'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { until } from '../../helpers/poll'
import { PUBLIC_URL, visitor } from '../../helpers/seeded-console'
import { signInToConsole } from '../../helpers/sign-in'

const POSTS = 16
let t: TestDatabase
const servers: ConsoleServer[] = []

beforeAll(async () => {
  const sessionSecret = randomBytes(32).toString('base64url')
  ;[t] = await Promise.all([createSeededDatabase(), buildConsole()])
  for (let i = 0; i < 2; i++) {
    servers.push(await startConsoleServer({ databaseUrl: t.url, env: { SESSION_SECRET: sessionSecret, PUBLIC_URL } }))
  }
}, 300_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  await t?.drop()
})

/** SIGKILL to a console's page processes and then its primary: the whole copy, nothing let finish. */
function killCopy(server: ConsoleServer): void {
  const children = execFileSync('pgrep', ['-P', String(server.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number)
  for (const pid of children) process.kill(pid, 'SIGKILL')
  process.kill(server.pid, 'SIGKILL')
}

/** What a request filed through its page leaves behind, comparable between requests. */
async function footprint(id: string) {
  const [row, audit] = await Promise.all([
    t.db.quotaRequest.findUniqueOrThrow({
      where: { id },
      select: { state: true, _count: { select: { lines: true } } },
    }),
    t.db.auditEntry.findMany({ where: { entityId: id }, select: { action: true }, orderBy: { seq: 'asc' } }),
  ])
  return { state: row.state, lines: row._count.lines, audit: audit.map((entry) => entry.action) }
}

describe('one of two web copies killed with SIGKILL mid-request', () => {
  it(
    'loses nothing on the other, leaves no half-written request, keeps the chain and the session',
    { timeout: 240_000 },
    async () => {
      const [doomed, survivor] = servers as [ConsoleServer, ConsoleServer]
      const jar = await signInToConsole(doomed.url, 'an.nguyen', { publicUrl: PUBLIC_URL })
      const onDoomed = visitor(doomed, jar)
      const onSurvivor = visitor(survivor, jar)
      const project = await t.db.project.findFirstOrThrow({
        where: { name: 'Hệ thống quản lý đề tài khoa học' },
        select: { id: true, namespace: true },
      })
      const run = randomBytes(3).toString('hex')
      const marker = (i: number) => `Yêu cầu ${run}-${i} gửi lúc một bản sao bị dừng`
      const post = (i: number) =>
        onDoomed
          .post(`/projects/${project.namespace}/requests/new`, {
            projectId: project.id,
            kind: 'increase',
            justification: marker(i),
            'lines[0].resource': 'cpu',
            'lines[0].amount': '1',
            intent: 'submit',
          })
          .then((response) => ({ i, status: response.status }))
          .catch((error: unknown) => ({ i, status: 0, error: String(error) }))
      // One post answered before the burst: what a whole one leaves behind.
      const whole = await post(0)
      expect(whole.status).toBe(302)

      // Pages on the survivor all the while.
      let reading = true
      const reads: number[] = []
      const reader = (async () => {
        while (reading) reads.push((await onSurvivor.get('/requests')).status)
      })()
      const posts = Array.from({ length: POSTS }, (_, n) => post(n + 1))
      // The kill lands in the middle of the burst: as soon as its first request is in the database.
      const burst = { justification: { startsWith: `Yêu cầu ${run}-` }, NOT: { justification: marker(0) } }
      await until(
        'a post of the burst filed',
        60_000,
        async () => (await t.db.quotaRequest.count({ where: burst })) > 0,
        {
          everyMs: 10,
        },
      )
      killCopy(doomed)
      const answered = await Promise.all(posts)
      await new Promise((wait) => setTimeout(wait, 1_000))
      reading = false
      await reader

      // The kill met posts in flight: some had no answer.
      const cut = answered.filter((a) => a.status === 0)
      expect(cut.length, JSON.stringify(answered)).toBeGreaterThan(0)
      expect(answered.every((a) => a.status === 0 || a.status === 302)).toBe(true)
      // Every read on the other copy answered, and well.
      expect(reads.length).toBeGreaterThan(0)
      expect(new Set(reads)).toEqual(new Set([200]))

      // Each post: whole or not at all; an answered one, whole.
      const rows = await t.db.quotaRequest.findMany({
        where: { justification: { startsWith: `Yêu cầu ${run}-` } },
        select: { id: true, justification: true },
      })
      const expected = await footprint(rows.find((r) => r.justification === marker(0))!.id)
      expect(expected).toMatchObject({ state: 'submitted', lines: 1 })
      expect(expected.audit).toContain('request.submit')
      for (const { i, status } of answered) {
        const filed = rows.filter((r) => r.justification === marker(i))
        expect(filed.length, `post ${i}`).toBeLessThanOrEqual(1)
        if (status === 302) expect(filed.length, `post ${i} was answered`).toBe(1)
        if (filed[0]) expect(await footprint(filed[0].id), `post ${i}`).toEqual(expected)
      }
      expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })

      // The session opened on the killed copy works on the survivor, and so does a new post.
      expect((await onSurvivor.get('/requests')).status).toBe(200)
      const after = await onSurvivor.post(`/projects/${project.namespace}/requests/new`, {
        projectId: project.id,
        kind: 'increase',
        justification: `Sau sự cố ${run}`,
        'lines[0].resource': 'cpu',
        'lines[0].amount': '1',
        intent: 'submit',
      })
      expect(after.status).toBe(302)
      console.info(
        `${POSTS} posts: ${answered.filter((a) => a.status === 302).length} answered, ${cut.length} cut, ` +
          `${rows.length - 1} of them filed; ${reads.length} reads on the survivor`,
      )
    },
  )
})
