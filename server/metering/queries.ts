// The questions the metering job asks the time-series store for one page of projects and one hour
// (decision 0047), in PromQL that VictoriaMetrics and Prometheus both answer. Pure: text only.
// Series names and labels are what the stack scrapes (decision 0046): kubelets' /metrics/resource
// under job "kubelet-resource", SeaweedFS's per-bucket gauges.

const KUBELET = 'job="kubelet-resource"'

/** An anchored alternation of exact names: `namespace=~"a|b"` matches a and b and nothing else. */
export function exactlyOneOf(names: readonly string[]): string {
  return names.map((n) => n.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&').replace(/"/g, '\\"')).join('|')
}

export interface PageQueries {
  /** CPU seconds used per namespace over the hour: increase() carries the counters across restarts. */
  readonly cpuSeconds: string
  /** The namespace's working set, summed over its pods each minute and averaged over the hour's 60 minutes (a minute without pods uses nothing). */
  readonly memoryAverage: string
  readonly memoryPeak: string
  /** Each bucket's logical bytes, averaged over the hour's samples, and its highest. */
  readonly bucketAverage: string
  readonly bucketPeak: string
}

export function pageQueries(namespaces: readonly string[], buckets: readonly string[]): PageQueries {
  const ns = `${KUBELET},namespace=~"${exactlyOneOf(namespaces)}"`
  const bucket = `bucket=~"${exactlyOneOf(buckets)}"`
  const workingSet = `sum by (namespace) (pod_memory_working_set_bytes{${ns}})`
  return {
    cpuSeconds: `sum by (namespace) (increase(pod_cpu_usage_seconds_total{${ns}}[1h]))`,
    memoryAverage: `sum by (namespace) (sum_over_time((${workingSet})[1h:1m])) / 60`,
    memoryPeak: `max by (namespace) (max_over_time((${workingSet})[1h:1m]))`,
    bucketAverage: `max by (bucket) (avg_over_time(SeaweedFS_s3_bucket_size_bytes{${bucket}}[1h]))`,
    bucketPeak: `max by (bucket) (max_over_time(SeaweedFS_s3_bucket_size_bytes{${bucket}}[1h]))`,
  }
}

/**
 * Each bucket's highest logical bytes over the last `windowSeconds` (the metering's interval), asked
 * at now: a bucket that passed its quota since the last look is seen, even if it fell back since.
 */
export function bucketBytesNow(buckets: readonly string[], windowSeconds: number): string {
  const bucket = `bucket=~"${exactlyOneOf(buckets)}"`
  return `max by (bucket) (max_over_time(SeaweedFS_s3_bucket_size_bytes{${bucket}}[${windowSeconds}s]))`
}

/**
 * The newest sample's time per namespace and per bucket over the last two hours, asked at a time
 * ahead of now: a sender whose clock runs fast shows up with samples in the future.
 */
export function lastSampleQueries(namespaces: readonly string[], buckets: readonly string[]) {
  const ns = `${KUBELET},namespace=~"${exactlyOneOf(namespaces)}"`
  return {
    namespaces: `max by (namespace) (max_over_time(timestamp(pod_memory_working_set_bytes{${ns}})[2h:1m]))`,
    buckets: `max by (bucket) (max_over_time(timestamp(SeaweedFS_s3_bucket_size_bytes{bucket=~"${exactlyOneOf(buckets)}"})[2h:1m]))`,
  }
}

/**
 * VictoriaMetrics refuses a query longer than 16,384 bytes (`-search.maxQueryLen`), and namespaces
 * may be 63 characters long: a page is asked about in chunks whose names stay within `budget`
 * characters (the rest of a query is under 200). Order kept; an item longer than the budget is
 * alone in its chunk.
 */
export function chunksWithin<T>(items: readonly T[], lengthOf: (item: T) => number, budget = 12_000): T[][] {
  const chunks: T[][] = []
  let chunk: T[] = []
  let used = 0
  for (const item of items) {
    const length = lengthOf(item)
    if (chunk.length > 0 && used + length > budget) {
      chunks.push(chunk)
      chunk = []
      used = 0
    }
    chunk.push(item)
    used += length
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}
