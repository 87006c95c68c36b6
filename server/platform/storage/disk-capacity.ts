// What the object storage's disks hold (decision 0054), as SeaweedFS reports it: its master's
// /dir/status names every volume server (data node) of the topology, and each volume server's
// /status gives the disks under its data folders (all, used and free bytes, read from the file
// system). Raw disk bytes: the replication the pool's overcommit accounts for (1/3 for three
// copies) is the operator's to set, never guessed here.

export interface StorageDisk {
  readonly server: string
  readonly dir: string
  readonly all: bigint
  readonly used: bigint
  readonly free: bigint
}

export interface StorageReading {
  readonly servers: readonly string[]
  readonly disks: readonly StorageDisk[]
}

interface DirStatus {
  readonly Topology?: {
    readonly DataCenters?: ReadonlyArray<{
      readonly Racks?: ReadonlyArray<{ readonly DataNodes?: ReadonlyArray<{ readonly Url?: string }> }>
    }>
  }
}

interface VolumeServerStatus {
  readonly DiskStatuses?: ReadonlyArray<{ dir?: string; all?: number; used?: number; free?: number }>
}

async function getJson<T>(url: string, timeoutMs: number): Promise<T> {
  const answer = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
  if (!answer.ok) throw new Error(`GET ${url}: ${answer.status}`)
  return (await answer.json()) as T
}

/** The volume servers the master knows, as host:port. */
export function dataNodesOf(status: DirStatus): string[] {
  const urls = (status.Topology?.DataCenters ?? []).flatMap((dc) =>
    (dc.Racks ?? []).flatMap((rack) => (rack.DataNodes ?? []).map((node) => node.Url ?? '')),
  )
  return [...new Set(urls.filter((url) => url !== ''))].sort()
}

// Disk sizes arrive as JSON numbers: exact below 2^53 bytes (8 PiB a disk), so BigInt keeps them.
const bytes = (value: number | undefined) =>
  value !== undefined && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : 0n

/** Reads every volume server's disks through the master at `masterUrl`. */
export async function readStorageDisks(masterUrl: string, timeoutMs = 10_000): Promise<StorageReading> {
  const servers = dataNodesOf(await getJson<DirStatus>(new URL('/dir/status', masterUrl).toString(), timeoutMs))
  const disks: StorageDisk[] = []
  for (const server of servers) {
    const status = await getJson<VolumeServerStatus>(`http://${server}/status`, timeoutMs)
    for (const disk of status.DiskStatuses ?? [])
      disks.push({ server, dir: disk.dir ?? '', all: bytes(disk.all), used: bytes(disk.used), free: bytes(disk.free) })
  }
  return { servers, disks }
}
