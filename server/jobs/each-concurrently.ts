// Bounded parallelism for work over many tenants (a reconcile pass, a snapshot, a benchmark):
// at most `concurrency` items in flight, each next item taken as soon as one finishes.

export async function eachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}
