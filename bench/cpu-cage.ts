// A web process of bench/load-200.ts given the CPU its pod would have in the data centre.
//
// In the data centre every replica of deploy/console/web.yaml runs on a node with the CPU its
// request guarantees; two replicas have twice that. On one machine of 2 cores, shared by the
// bench's clients, PostgreSQL and Keycloak, two unbounded web processes instead split whatever
// those leave (decision 0078: 1.22× measured that way). So each web process is put in a CPU cgroup
// of its own, held to its pod's request, and the ratio two ÷ one measures the console's own
// scaling: what a second copy adds when it has a second copy's CPU.
//
// cgroup v1 (`cpu.cfs_quota_us`) and v2 (`cpu.max`) are both written; a machine where neither is
// writable gets a clear error, and `--cpu-per-process 0` runs the processes unbounded as before.
import * as k8s from '@kubernetes/client-node'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseCpu } from '#server/domain/quantity'

const PERIOD_US = 100_000

/** The CPU request of the web container in deploy/console/web.yaml, in cores (500m → 0.5). */
export function webPodCpuRequest(file = 'deploy/console/web.yaml'): number {
  const deployment = (k8s.loadAllYaml(readFileSync(file, 'utf8')) as k8s.V1Deployment[]).find(
    (o) => o.kind === 'Deployment',
  )
  const request = deployment?.spec?.template.spec?.containers[0]?.resources?.requests?.cpu
  if (typeof request !== 'string') throw new Error(`${file}: the web container has no CPU request`)
  const millicores = parseCpu(request)
  if (!millicores.ok) throw new Error(`${file}: the web container's CPU request "${request}" is not a quantity`)
  return Number(millicores.value) / 1000
}

type Hierarchy = { dir: string; limit: (dir: string, cores: number) => void }

function writableHierarchy(): Hierarchy {
  const v1 = '/sys/fs/cgroup/cpu'
  if (existsSync(join(v1, 'cpu.cfs_quota_us'))) {
    return {
      dir: v1,
      limit: (dir, cores) => {
        writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US))
        writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(Math.round(cores * PERIOD_US)))
      },
    }
  }
  for (const v2 of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    const controllers = join(v2, 'cgroup.controllers')
    if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu')) {
      return {
        dir: v2,
        limit: (dir, cores) => writeFileSync(join(dir, 'cpu.max'), `${Math.round(cores * PERIOD_US)} ${PERIOD_US}`),
      }
    }
  }
  throw new Error(
    'no CPU cgroup controller is mounted here: run with --cpu-per-process 0 to leave the processes unbounded',
  )
}

/** The process and every descendant (node:cluster's workers are the serve process's children). */
export function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => {
    const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
    return list ? list.split(/\s+/).map(Number) : []
  })
  return [pid, ...children.flatMap(processTree)]
}

/** CPU seconds (user + system) the process tree has used so far. */
export function treeCpuSeconds(pid: number): number {
  const ticksPerSecond = 100 // USER_HZ on Linux
  let ticks = 0
  for (const p of processTree(pid)) {
    try {
      // The fields after the command's closing parenthesis (field 3 on): utime and stime are 14 and 15.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // (a worker that ended between the listing and the read)
    }
  }
  return ticks / ticksPerSecond
}

export interface CpuCage {
  readonly cores: number
  /** Times the cage held its processes back, and for how long in all (cgroup v1's cpu.stat). */
  throttled(): string
  release(): void
}

/** A cgroup of its own for the process tree of `pid`, held to `cores`. */
export function cageProcess(pid: number, cores: number, name: string): CpuCage {
  const hierarchy = writableHierarchy()
  const dir = join(hierarchy.dir, `govcloud-bench-${name}-${pid}`)
  mkdirSync(dir)
  try {
    hierarchy.limit(dir, cores)
    // Workers forked later (one replacing a worker that died) are born in the primary's cgroup.
    for (const p of processTree(pid)) writeFileSync(join(dir, 'cgroup.procs'), String(p))
  } catch (error) {
    rmdirSync(dir)
    throw new Error(`could not hold process ${pid} to ${cores} CPU in ${dir}: ${(error as Error).message}`)
  }
  return {
    cores,
    throttled() {
      const stat = readFileSync(join(dir, 'cpu.stat'), 'utf8')
      const field = (key: string) => Number(new RegExp(`^${key} (\\d+)`, 'm').exec(stat)?.[1] ?? NaN)
      const seconds = field('throttled_time') / 1e9 || field('throttled_usec') / 1e6
      return `throttled in ${field('nr_throttled')} of ${field('nr_periods')} periods, ${seconds.toFixed(1)} s`
    },
    release() {
      // The processes have ended by now; a cgroup with none left can be removed.
      try {
        rmdirSync(dir)
      } catch {
        // (a process still ending: the empty directory is harmless and named for its pid)
      }
    },
  }
}
