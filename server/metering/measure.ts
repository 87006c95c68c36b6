// One page of projects measured for one hour from the time-series store (decision 0047): five
// questions for the page, not five per project, and two more about clocks. Every figure passes
// readings.ts before it is believed.
import { backupBucketName, dataBucketNames } from '../domain/bucket-names'
import type { ResourceKey } from '../domain/resources'
import type { Sample, TimeSeriesStore } from '../platform/metrics/time-series'
import type { Amounts, MeteredProject } from './facts'
import { HOUR_MS } from './hours'
import { chunksWithin, lastSampleQueries, pageQueries } from './queries'
import { averageMillicores, NOT_MEASURED, readingOf, skewedKeys, type Reading } from './readings'

export interface Measured {
  readonly used: Reading
  readonly peak: Reading
}

export type MeasuredResource = Extract<ResourceKey, 'cpu' | 'memory' | 'objectStorage' | 'backupStorage' | 'buckets'>

export interface ProjectBuckets {
  readonly data: readonly string[]
  /** Buckets restores made from the backup's copies: object storage too, not counted as buckets granted. */
  readonly restored: readonly string[]
  readonly backup: string
}

/**
 * The project's buckets by the provisioning's names: as many data buckets as granted (one at least),
 * the buckets its restores made (decision 0076) and its backup bucket.
 */
export function bucketsOf(
  project: MeteredProject,
  grants: Amounts | undefined,
  restored: readonly string[] = [],
): ProjectBuckets {
  const count = Math.max(1, Number(grants?.get('buckets') ?? 1n))
  return { data: dataBucketNames(project.namespace, count), restored, backup: backupBucketName(project.namespace) }
}

/** Every bucket the store is asked about for the project. */
const namesOf = (own: ProjectBuckets) => [...own.data, ...own.restored, own.backup]

export interface PageMeasurement {
  readonly projects: readonly MeteredProject[]
  readonly buckets: ReadonlyMap<string, ProjectBuckets>
  readonly hour: Date
  readonly ceilings: Amounts
  readonly now: Date
  /** How far in the future a newest sample may lie before its sender's clock is not believed. */
  readonly skewToleranceMs: number
}

const byLabel = (samples: Sample[], label: string) =>
  new Map(samples.filter((s) => s.labels[label] !== undefined).map((s) => [s.labels[label]!, s.value]))

/** Readings per project id and resource; a resource the store said nothing of is not measured. */
export async function measurePage(
  store: TimeSeriesStore,
  page: PageMeasurement,
): Promise<Map<string, Map<MeasuredResource, Measured>>> {
  const out = new Map<string, Map<MeasuredResource, Measured>>()
  const lengthOf = (p: MeteredProject) =>
    [p.namespace, ...namesOf(page.buckets.get(p.id)!)].reduce((sum, name) => sum + name.length + 1, 0)
  for (const projects of chunksWithin(page.projects, lengthOf)) {
    for (const [id, readings] of await measureChunk(store, { ...page, projects })) out.set(id, readings)
  }
  return out
}

async function measureChunk(
  store: TimeSeriesStore,
  page: PageMeasurement,
): Promise<Map<string, Map<MeasuredResource, Measured>>> {
  const namespaces = page.projects.map((p) => p.namespace)
  const buckets = page.projects.flatMap((p) => namesOf(page.buckets.get(p.id)!))
  const q = pageQueries(namespaces, buckets)
  const clocks = lastSampleQueries(namespaces, buckets)
  const end = new Date(page.hour.getTime() + HOUR_MS)
  const ahead = new Date(page.now.getTime() + HOUR_MS)
  const [cpu, memory, memoryPeak, bucketAverage, bucketPeak, nsLast, bucketLast] = await Promise.all([
    ...[q.cpuSeconds, q.memoryAverage, q.memoryPeak, q.bucketAverage, q.bucketPeak].map((query) =>
      store.instant(query, end),
    ),
    store.instant(clocks.namespaces, ahead),
    store.instant(clocks.buckets, ahead),
  ])
  const toMs = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k, v * 1000]))
  const skewedNs = skewedKeys(toMs(byLabel(nsLast!, 'namespace')), page.now, page.skewToleranceMs)
  const skewedBuckets = skewedKeys(toMs(byLabel(bucketLast!, 'bucket')), page.now, page.skewToleranceMs)
  const raw = {
    cpu: byLabel(cpu, 'namespace'),
    memory: byLabel(memory, 'namespace'),
    memoryPeak: byLabel(memoryPeak!, 'namespace'),
    bucketAverage: byLabel(bucketAverage!, 'bucket'),
    bucketPeak: byLabel(bucketPeak!, 'bucket'),
  }
  const out = new Map<string, Map<MeasuredResource, Measured>>()
  for (const project of page.projects) {
    const ns = project.namespace
    const own = page.buckets.get(project.id)!
    const ceiling = (resource: string) => page.ceilings.get(resource) ?? null
    const skew = (names: readonly string[]) => names.some((n) => skewedBuckets.has(n))
    const storage = (names: readonly string[], resource: string): Measured =>
      skew(names)
        ? SKEWED
        : {
            used: readingOf(sumOf(names, raw.bucketAverage), ceiling(resource)),
            peak: readingOf(sumOf(names, raw.bucketPeak), ceiling(resource)),
          }
    const seen = own.data.filter((b) => raw.bucketAverage.has(b)).length
    out.set(
      project.id,
      new Map<MeasuredResource, Measured>([
        [
          'cpu',
          skewedNs.has(ns)
            ? SKEWED
            : { used: readingOf(averageMillicores(raw.cpu.get(ns)), ceiling('cpu')), peak: NOT_MEASURED },
        ],
        [
          'memory',
          skewedNs.has(ns)
            ? SKEWED
            : {
                used: readingOf(raw.memory.get(ns), ceiling('memory')),
                peak: readingOf(raw.memoryPeak.get(ns), ceiling('memory')),
              },
        ],
        ['objectStorage', storage([...own.data, ...own.restored], 'objectStorage')],
        ['backupStorage', storage([own.backup], 'backupStorage')],
        [
          'buckets',
          skew(own.data)
            ? SKEWED
            : { used: seen > 0 ? readingOf(seen, ceiling('buckets')) : NOT_MEASURED, peak: NOT_MEASURED },
        ],
      ]),
    )
  }
  return out
}

const SKEWED: Measured = { used: { value: null, refusal: 'clock_skew' }, peak: { value: null, refusal: 'clock_skew' } }

/** The sum over the names the store answered for; undefined when it answered for none. */
function sumOf(names: readonly string[], values: ReadonlyMap<string, number>): number | undefined {
  const known = names.filter((n) => values.has(n))
  return known.length === 0 ? undefined : known.reduce((sum, n) => sum + values.get(n)!, 0)
}
