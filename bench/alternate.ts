import pg from 'pg'

// What the benchmarks that compare ways of reading the same figures share: a timer, the ways run
// twice in alternating order (neither always pays for a cold cache), each answer checked against the
// first, and the owner's VACUUM ANALYZE after a bulk load.

/** The seconds `work` took, and what it gave. */
export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now()
  const result = await work()
  return [(performance.now() - started) / 1000, result]
}

/** JSON.stringify's replacer for answers that hold bigints. */
export function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * Runs every way in `ways`' order, then in the reverse order, timing each; every answer must equal
 * the first (as JSON), or it throws `<prefix><way> differs`. The seconds of each way, in run order,
 * and the answer they all gave.
 */
export async function alternated<T>(
  ways: Record<string, () => Promise<T>>,
  prefix = '',
): Promise<{ seconds: Record<string, number[]>; answer: T }> {
  const seconds: Record<string, number[]> = {}
  let reference: { text: string; answer: T } | null = null
  const names = Object.keys(ways)
  for (const order of [names, [...names].reverse()]) {
    for (const way of order) {
      const [s, answer] = await timed(ways[way]!)
      ;(seconds[way] ??= []).push(s)
      const text = JSON.stringify(answer, bigintAsText)
      reference ??= { text, answer }
      if (text !== reference.text) throw new Error(`${prefix}${way} differs`)
    }
  }
  return { seconds, answer: reference!.answer }
}

/** VACUUM ANALYZE `tables` as the database's owner (the console's role may not). */
export async function vacuumAnalyze(ownerUrl: string, tables: readonly string[]): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl })
  await owner.connect()
  try {
    await owner.query(`VACUUM ANALYZE ${tables.map((table) => `"${table}"`).join(', ')}`)
  } finally {
    await owner.end()
  }
}
