// One phase of bench/load-200.ts: every person walking (bench/load-walks.ts) for `seconds`, each
// step one page view, paced by concurrent-load.ts (think time between views, or none), with a
// fresh record of the views. A person's walk goes on from phase to phase where it stopped.
import { load, load1 } from './concurrent-load'
import { PhaseRecord, type Person } from './load-site'
import { officerWalk, operatorWalk, scriptWalk, staffWalk, type Walk, type World } from './load-walks'

export type PhaseResult = {
  readonly processes: number
  readonly round: number
  readonly mode: 'warm-up' | 'human pace' | 'saturation'
  readonly seconds: number
  /** Views answered within the `seconds` (the throughput's numerator; the last few end after). */
  readonly views: number
  readonly record: PhaseRecord
  readonly loadBefore: string
  readonly loadAfter: string
  /** CPU seconds the web processes (all of them, workers included) used during the phase. */
  readonly webCpuSeconds: number
}

const WALKS = { staff: staffWalk, operator: operatorWalk, officer: officerWalk, script: scriptWalk }
const walks = new WeakMap<Person, Walk>()

function walkOf(world: World, person: Person): Walk {
  let walk = walks.get(person)
  if (!walk) walks.set(person, (walk = WALKS[person.role](world, person)))
  return walk
}

export async function runPhase(input: {
  world: World
  people: Person[]
  processes: number
  round: number
  mode: PhaseResult['mode']
  seconds: number
  thinkMs: number
  webCpuSeconds: () => number
}): Promise<PhaseResult> {
  const { world, people } = input
  const record = (world.site.record = new PhaseRecord())
  const loadBefore = load1()
  const cpuBefore = input.webCpuSeconds()
  const startedAt = performance.now()
  await load(people.length, async (n) => void (await walkOf(world, people[n]!).next()), input.seconds, input.thinkMs)
  const { seconds } = input
  const views = record.answeredAt.filter((at) => at <= startedAt + seconds * 1000).length
  const result = {
    ...input,
    views,
    record,
    loadBefore,
    loadAfter: load1(),
    webCpuSeconds: input.webCpuSeconds() - cpuBefore,
  }
  const { errors } = record
  console.log(
    `${input.processes} process${input.processes > 1 ? 'es' : ''}, ${input.mode}: ${views} views in ${seconds} s ` +
      `(${(views / seconds).toFixed(1)}/s), ${errors.length} errors, by process ${[...record.byBase.values()].join(' / ')}, ` +
      `waiting for sign-off ${world.site.board.waiting.signOff}, for approval ${world.site.board.waiting.approval}; ` +
      `load average ${loadBefore} → ${result.loadAfter}; the web processes used ${result.webCpuSeconds.toFixed(1)} CPU s`,
  )
  return result
}
