// What bench/load-200.ts prints at the end: every error with its page and status, p50/p95/p99 per
// page for each layout and load, the views per second with the ratio two processes ÷ one, and
// the checks that nothing was done twice (each request stored once, each approval once, the
// audit chain intact).
import { verifyAuditChain } from '#server/audit/verify'
import type { Db } from '#server/db/client'
import { percentile } from './concurrent-load'
import type { PhaseResult } from './load-phase'
import type { Board, Person } from './load-site'
import { BENCH_JUSTIFICATION } from './load-walks'

const ms = (value: number) => value.toFixed(0)

function pageFigures(latencies: number[] | undefined): string {
  if (!latencies?.length) return '—'
  const sorted = [...latencies].sort((a, b) => a - b)
  return `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 95))} / ${ms(percentile(sorted, 99))} (${sorted.length})`
}

const label = (r: PhaseResult) =>
  `${r.processes} process${r.processes > 1 ? 'es' : ''}, ${r.mode}, round ${r.round + 1}`
const rate = (r: PhaseResult) => r.views / r.seconds
// What a view costs the console in CPU: if two processes cost more a view than one, they contend.
const cpuPerView = (r: PhaseResult) => ms((r.webCpuSeconds * 1000) / Math.max(r.views, 1))

function printErrors(results: PhaseResult[]): void {
  const errors = results.flatMap((r) => r.record.errors.map((e) => ({ ...e, phase: label(r) })))
  console.log(`\nerrors: ${errors.length}`)
  const grouped = new Map<string, { count: number; detail: string }>()
  for (const e of errors) {
    const key = `${e.phase} | ${e.page} | ${e.status}`
    const seen = grouped.get(key)
    if (seen) seen.count++
    else grouped.set(key, { count: 1, detail: e.detail })
  }
  for (const [key, { count, detail }] of grouped) console.log(`  ${key} | ×${count} | ${detail}`)
  for (const r of results) {
    for (const [page, count] of r.record.corrected) {
      console.log(
        `  (not an error) ${label(r)} | ${page} | ×${count} refused as the kind had changed since it was read; sent again with the other`,
      )
    }
  }
}

export function printReport(
  results: PhaseResult[],
  run: { people: Person[]; thinkMs: number; cpuPerProcess: number; loadAtStart: string; loadAtEnd: string },
): void {
  printErrors(results)
  const measured = results.filter((r) => r.mode !== 'warm-up')
  const count = new Map<string, number>()
  for (const person of run.people) count.set(person.role, (count.get(person.role) ?? 0) + 1)
  const roles = [...count].map(([role, n]) => `${n} ${role}`)
  const cpu = run.cpuPerProcess > 0 ? `${run.cpuPerProcess} CPU per web process` : 'web processes unbounded'
  console.log(
    `\n${run.people.length} people (${roles.join(', ')}); human pace: think time exp. mean ${run.thinkMs} ms; ${cpu}; ` +
      `load average ${run.loadAtStart} at the start, ${run.loadAtEnd} at the end`,
  )
  const pages = [...new Set(measured.flatMap((r) => [...r.record.latencies.keys()]))].sort()
  console.log(`\n| page | ${measured.map(label).join(' | ')} |`)
  console.log(`| --- |${measured.map(() => ' --- |').join('')}`)
  for (const page of pages) {
    console.log(`| ${page} | ${measured.map((r) => pageFigures(r.record.latencies.get(page))).join(' | ')} |`)
  }
  console.log('\n(p50 / p95 / p99 in ms, and how many views)\n')
  console.log(
    '| round | load | 1 process (views/s) | 2 processes (views/s) | two ÷ one | web CPU ms a view (1; 2) | load average (1 → 2) |',
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const r1 of measured.filter((r) => r.processes === 1)) {
    const r2 = measured.find((r) => r.processes === 2 && r.round === r1.round && r.mode === r1.mode)
    if (!r2) continue
    console.log(
      `| ${r1.round + 1} | ${r1.mode} | ${rate(r1).toFixed(1)} | ${rate(r2).toFixed(1)} | ${(rate(r2) / rate(r1)).toFixed(2)}× | ` +
        `${cpuPerView(r1)}; ${cpuPerView(r2)} | ${r1.loadBefore} → ${r1.loadAfter}; ${r2.loadBefore} → ${r2.loadAfter} |`,
    )
  }
}

/** Nothing done twice: each request stored once, each operator's approval once, the trail intact. */
export async function checkIntegrity(db: Db, board: Board): Promise<void> {
  // A draft the API's script made and never submitted (the phase ended between its two calls, or
  // its kind could not be changed) is stored once and sent nowhere: counted apart, not as a request.
  const mine = { justification: { startsWith: BENCH_JUSTIFICATION } }
  const stored = await db.quotaRequest.count({ where: { ...mine, state: { not: 'draft' } } })
  const drafts = await db.quotaRequest.count({ where: { ...mine, state: 'draft' } })
  const approved = await db.quotaRequest.findMany({
    where: { number: { in: [...board.approved] } },
    select: { state: true, votes: { where: { kind: 'approve' }, select: { actorId: true } } },
  })
  const twice = approved.filter((r) => new Set(r.votes.map((v) => v.actorId)).size !== r.votes.length)
  const notApproved = approved.filter((r) => r.state !== 'approved')
  const chain = await verifyAuditChain(db)
  console.log(
    `\nrequests submitted by the bench ${board.submittedCount}, stored past draft ${stored} (drafts never submitted ${drafts}); approved ${board.approved.size}, ` +
      `of which not in state approved ${notApproved.length}, approved twice by one operator ${twice.length}; ` +
      `audit chain ${chain.intact ? 'intact' : 'BROKEN'} (${chain.entries} entries)`,
  )
  // Sessions the console ended during the run (a refresh Keycloak refused), with why: where a
  // person sent back to sign in comes from.
  const ended = await db.auditEntry.findMany({ where: { action: 'session.end' }, select: { after: true } })
  const why = new Map<string, number>()
  for (const entry of ended) why.set(JSON.stringify(entry.after), (why.get(JSON.stringify(entry.after)) ?? 0) + 1)
  console.log(`sessions ended by the console: ${ended.length} ${[...why].map(([w, n]) => `${n}× ${w}`).join('; ')}`)
  if (stored !== board.submittedCount || notApproved.length > 0 || twice.length > 0 || !chain.intact) {
    process.exitCode = 1
  }
}

/** The console's own account of its errors (its JSON log's error and fatal lines), each kind once with a count. */
export function printServerErrors(processes: number, output: string): void {
  const seen = new Map<string, { count: number; line: string }>()
  for (const line of output.split('\n')) {
    if (!/"level":"(error|fatal)"/.test(line)) continue
    let entry: { msg?: string; err?: { message?: string } } = {}
    try {
      entry = JSON.parse(line) as typeof entry
    } catch {
      // a line cut by the pipe: counted under its start
    }
    const key = `${entry.msg ?? ''} ${entry.err?.message ?? ''}`.slice(0, 200) || line.slice(0, 200)
    const known = seen.get(key)
    if (known) known.count++
    else seen.set(key, { count: 1, line: line.slice(0, 1500) })
  }
  for (const { count, line } of seen.values())
    console.log(`console log (${processes} process layout) ×${count}: ${line}`)
}
