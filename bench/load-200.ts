// Benchmark (issue 16, decision 0078): 200 people at human pace across the main pages and the API,
// with one web process and then with two, in the same run. The console is the production build
// under bin/serve.mjs, each web process with one worker (CONSOLE_WORKERS=1: "one process" is one
// core's worth of Node, and two are two), against a seeded database of its own and the real
// Keycloak. Two processes are two ports the clients alternate between, request by request, so
// every session is used on both (they share the session secret, as a Deployment's replicas do).
//
// The people (bench/load-walks.ts): agency staff of five agencies (home, systems, a project, its
// usage, requests; a quota increase through the form, submitted), operators (queue, decide,
// approve), security officers (their workspace, sign-off, audit, findings) and the agencies'
// scripts (/api/v1 with the automation client's token: projects, usage, requests, a request
// created and submitted). Each is signed in once, for real, through the console's /auth/login
// and Keycloak's form (with the one-time code for operators and officers) from an address of
// their own (X-Forwarded-For, as the proxy in front says it; the sign-in limit counts per address).
//
// Each web process is held to the CPU its pod is guaranteed in the data centre (the web
// container's request in deploy/console/web.yaml, 500m; bench/cpu-cage.ts): one process has that
// much CPU and two have twice that, as two replicas on their nodes would, whatever else this
// machine runs. --cpu-per-process 0 leaves them unbounded (decision 0078's first measure).
//
// For each layout: a warm-up, then human pace (exponential think time between views, mean
// --think-ms) for --seconds, then the saturation (closed loop, no think time) for
// --closed-seconds. Prints errors (each with its page and status), p50/p95/p99 per page,
// views per second, the ratio two ÷ one, and the load average before and after; then checks that
// nothing was done twice and the audit chain verifies.
//
//   npx tsx bench/load-200.ts [--people 200] [--seconds 300] [--closed-seconds 60] [--think-ms 10000] [--rounds 1]
//                             [--cpu-per-process <cores>]
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { validateSecurityLevel } from '#server/domain/project'
import { DEFAULT_APPROVAL_POLICY, signOffRequired } from '#server/domain/security-policy'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../tests/helpers/console-server'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'
import { load1 } from './concurrent-load'
import { cageProcess, treeCpuSeconds, webPodCpuRequest, type CpuCage } from './cpu-cage'
import { castPeople, signInAll, automationToken } from './load-people'
import { runPhase, type PhaseResult } from './load-phase'
import { checkIntegrity, printReport, printServerErrors } from './load-report'
import { Board, PUBLIC_URL, Site } from './load-site'
import type { World } from './load-walks'

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '300' },
    'closed-seconds': { type: 'string', default: '60' },
    'warm-seconds': { type: 'string', default: '20' },
    'think-ms': { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '1' },
    'skip-build': { type: 'boolean', default: false },
    'cpu-per-process': { type: 'string' },
  },
})
const cpuPerProcess = values['cpu-per-process'] === undefined ? webPodCpuRequest() : Number(values['cpu-per-process'])
if (!(cpuPerProcess >= 0)) throw new Error(`--cpu-per-process must be a number of cores, 0 for unbounded`)
const [people, seconds, closedSeconds, warmSeconds, thinkMs, rounds] = [
  values.people,
  values.seconds,
  values['closed-seconds'],
  values['warm-seconds'],
  values['think-ms'],
  values.rounds,
].map(Number) as [number, number, number, number, number, number]

const loadAtStart = load1()
await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })
try {
  await seedDatabase(t.url)
  if (!values['skip-build']) await buildConsole()
  // One secret for every process, as a Deployment's replicas share one (a session opened on one
  // is read by the other).
  const env = { SESSION_SECRET: randomBytes(32).toString('base64url'), PUBLIC_URL }
  const start = (count: number): Promise<ConsoleServer[]> =>
    Promise.all(Array.from({ length: count }, () => startConsoleServer({ databaseUrl: t.url, workers: 1, env })))

  const cast = castPeople(people)
  const [signInServer] = await start(1)
  const signIns = await signInAll(signInServer!.url, cast).finally(() => signInServer!.stop())
  console.log(`${cast.length} people signed in through Keycloak: ${signIns}`)

  const projects = await t.db.project.findMany({
    select: {
      id: true,
      namespace: true,
      securityLevel: true,
      processesPersonalData: true,
      agency: { select: { code: true } },
    },
  })
  const site = new Site([], new Board())
  const world: World = {
    site,
    needsSignOff: new Map(
      projects.map((p) => {
        const level = validateSecurityLevel(p.securityLevel)
        // (the database holds 1-5; a level the rule cannot read would ask for the sign-off)
        return [
          p.namespace,
          !level.ok || signOffRequired({ ...p, securityLevel: level.value }, DEFAULT_APPROVAL_POLICY),
        ]
      }),
    ),
    outsideReview: new Set(projects.filter((p) => p.agency.code === 'ttcns').map((p) => p.namespace)),
    scriptProjects: projects.filter((p) => p.agency.code === 'so-tc'),
    stateOf: async (number) =>
      (await t.db.quotaRequest.findUniqueOrThrow({ where: { number }, select: { state: true } })).state,
    newToken: automationToken,
  }
  const results: PhaseResult[] = []
  for (let round = 0; round < rounds; round++) {
    // Alternating order from round to round, so neither layout always runs on the warmer machine.
    for (const processes of round % 2 === 0 ? [1, 2] : [2, 1]) {
      const servers = await start(processes)
      site.bases = servers.map((s) => s.url)
      const cages: CpuCage[] = []
      try {
        if (cpuPerProcess > 0) servers.forEach((s, i) => cages.push(cageProcess(s.pid, cpuPerProcess, `web${i + 1}`)))
        const webCpuSeconds = () => servers.reduce((sum, s) => sum + treeCpuSeconds(s.pid), 0)
        const phase = { world, people: cast, processes, round, webCpuSeconds }
        results.push(await runPhase({ ...phase, mode: 'warm-up', seconds: warmSeconds, thinkMs: 0 }))
        results.push(await runPhase({ ...phase, mode: 'human pace', seconds, thinkMs }))
        results.push(await runPhase({ ...phase, mode: 'saturation', seconds: closedSeconds, thinkMs: 0 }))
      } finally {
        for (const [i, cage] of cages.entries())
          console.log(`web process ${i + 1} (${cage.cores} CPU): ${cage.throttled()}`)
        await Promise.all(servers.map((s) => s.stop()))
        for (const cage of cages) cage.release()
        printServerErrors(processes, servers.map((s) => s.output()).join('\n'))
      }
    }
  }
  printReport(results, { people: cast, thinkMs, cpuPerProcess, loadAtStart, loadAtEnd: load1() })
  await checkIntegrity(t.db, site.board)
} finally {
  await t.drop()
}
