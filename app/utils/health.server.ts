import { getDb } from './db.server'
import { log } from '#server/observability/log'

export const DATABASE_CHECK_TIMEOUT_MS = 2_000

/** `SELECT 1` within the timeout: 'ok', or 'unreachable' (the cause goes to the server log). */
export async function checkDatabase(timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    await Promise.race([getDb().$queryRaw`SELECT 1`, timeout])
    return 'ok'
  } catch (error) {
    log.error({ err: error }, 'readyz: database check failed')
    return 'unreachable'
  } finally {
    clearTimeout(timer)
  }
}
