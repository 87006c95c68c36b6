// Readings of the platform's capacity, stored as evidence (decision 0054). The worker that holds
// the platform's credentials reads (the console's web process has none): the nodes through the
// console's identity on the API server, the disks through the storage master. Each reading is a
// row of its own, never rewritten, so a pool version keeps pointing at what it was based on.
import type * as k8s from '@kubernetes/client-node'
import type { Db, Tx } from '../db/client'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import { listNodeAllocatable } from '../platform/kubernetes/nodes'
import { readStorageDisks } from '../platform/storage/disk-capacity'
import { kubernetesEvidence, storageEvidence, type ReadingEvidence, type ReadingSource } from './evidence'

export const READ_CAPACITY_JOB = 'pools.read_capacity'

export interface StoredReading extends ReadingEvidence {
  readonly id: string
  readonly readAt: Date
}

const READING_COLUMNS = { id: true, source: true, readAt: true, totals: true, detail: true } as const

function asStored(row: { id: string; source: string; readAt: Date; totals: unknown; detail: unknown }): StoredReading {
  return { ...row, source: row.source as ReadingSource, totals: row.totals as Record<string, string> }
}

export async function recordReading(db: Db | Tx, evidence: ReadingEvidence): Promise<StoredReading> {
  const row = await db.capacityReading.create({
    data: { source: evidence.source, totals: evidence.totals, detail: evidence.detail as object },
    select: READING_COLUMNS,
  })
  return asStored(row)
}

export interface PlatformSources {
  readonly kubeConfig: k8s.KubeConfig
  /** The storage master (SEAWEEDFS_MASTER_URL); without it only the nodes are read. */
  readonly storageMasterUrl?: string
  /** Only the nodes a label selector picks (a pool of some nodes); all of them when unset. */
  readonly nodeSelector?: string
}

/** Reads both sources and stores what each gave; one that fails is reported and the other kept. */
export async function readPlatformCapacity(db: Db, sources: PlatformSources): Promise<StoredReading[]> {
  const read: StoredReading[] = []
  const failures: string[] = []
  try {
    const nodes = await listNodeAllocatable(sources.kubeConfig, { labelSelector: sources.nodeSelector })
    read.push(await recordReading(db, kubernetesEvidence(nodes)))
  } catch (error) {
    failures.push(`nodes: ${(error as Error).message}`)
  }
  if (sources.storageMasterUrl) {
    try {
      read.push(await recordReading(db, storageEvidence(await readStorageDisks(sources.storageMasterUrl))))
    } catch (error) {
      failures.push(`storage: ${(error as Error).message}`)
    }
  }
  if (failures.length > 0) throw new Error(`capacity reading incomplete (${failures.join('; ')})`)
  return read
}

/** The newest reading of a source, or null when it was never read. */
export async function latestReading(db: Db | Tx, source: ReadingSource): Promise<StoredReading | null> {
  const row = await db.capacityReading.findFirst({
    where: { source },
    orderBy: [{ readAt: 'desc' }, { id: 'desc' }],
    select: READING_COLUMNS,
  })
  return row === null ? null : asStored(row)
}

export async function readingById(db: Db | Tx, id: string): Promise<StoredReading | null> {
  const row = await db.capacityReading.findUnique({ where: { id }, select: READING_COLUMNS })
  return row === null ? null : asStored(row)
}

/** The worker's handler: one reading of both sources; a source that cannot be read is retried. */
export function capacityReadingHandlers(db: Db, sources: PlatformSources): Record<string, JobHandler> {
  return {
    [READ_CAPACITY_JOB]: async () => {
      try {
        await readPlatformCapacity(db, sources)
        return { status: 'done' }
      } catch (error) {
        return { status: 'retry', error: (error as Error).message }
      }
    },
  }
}

/** Read every `everyMs` (an hour by default): capacity changes when hardware does, not by the minute. */
export function capacityReadingSchedule(everyMs: number): PeriodicTask[] {
  return [{ name: READ_CAPACITY_JOB, everyMs, job: { kind: READ_CAPACITY_JOB, key: 'all' } }]
}
