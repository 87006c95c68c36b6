import type { PrismaClient } from './generated/client'

// Work that must run last in an interactive transaction, after everything its callback wrote and
// before the commit (decision 0082). The audit trail needs it: its one lock serialises every
// audited transaction, and a transaction that took it and then waited for a row lock deadlocked
// with one that held the row and waited for the chain (40P01 under bench/load-200.ts). Run at the
// end, by the client itself, the chain's lock is the last lock of every transaction whatever the
// order its callers write in: its holder never waits for anything but the entries it inserts.

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
type Ending = () => Promise<unknown>

/** The open transactions of clients made by createDb, each with its work queued for the end. */
const endings = new WeakMap<object, Ending[]>()

/**
 * Queues `work` to run at the end of `tx`'s callback, in the transaction, in the order queued.
 * Throws when `tx` is not an open transaction of a client made by createDb (so the work would
 * never run): loudly, at the call, rather than losing it.
 */
export function atTransactionEnd(tx: Tx, work: Ending): void {
  const queued = endings.get(tx)
  if (!queued) throw new Error('atTransactionEnd: not an open transaction of a client made by createDb')
  queued.push(work)
}

/** Makes every interactive transaction of `client` run its queued work after its callback. */
export function runEndingsOf(client: PrismaClient): void {
  const begin = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>
  const withEndings = (arg: unknown, options?: unknown): Promise<unknown> => {
    // The batch form (an array of queries) has no callback and nothing to queue.
    if (typeof arg !== 'function') return begin(arg, options)
    const callback = arg as (tx: Tx) => Promise<unknown>
    return begin(async (tx: Tx) => {
      const queued: Ending[] = []
      endings.set(tx, queued)
      try {
        const result = await callback(tx)
        // Work may queue more work; each runs once, in order.
        for (let i = 0; i < queued.length; i++) await queued[i]!()
        return result
      } finally {
        endings.delete(tx)
      }
    }, options)
  }
  client.$transaction = withEndings as PrismaClient['$transaction']
}
