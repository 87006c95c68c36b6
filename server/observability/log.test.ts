import { Writable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createLogger,
  currentRequestId,
  jobRequestId,
  logLevel,
  loggedFailure,
  requestIdFrom,
  routeConsoleToLog,
  withRequestId,
} from './log'
import { like } from '../../tests/helpers/matchers'

/** A logger writing into an array of parsed lines. */
function capture(level: Parameters<typeof createLogger>[1] = 'info') {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as never)
      done()
    },
  })
  return { logger: createLogger(sink, level), lines }
}

describe('a log line', () => {
  it('is JSON with an ISO time and the level by name', () => {
    const { logger, lines } = capture()
    logger.info({ kind: 'provisioning.reconcile' }, 'done')
    expect(lines).toEqual([
      like.objectContaining({ level: 'info', msg: 'done', kind: 'provisioning.reconcile', time: like.any(String) }),
    ])
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time)
  })

  it('carries the id of the request it was written for, also after an await, and none outside', async () => {
    const { logger, lines } = capture()
    await withRequestId('3F9A0C11D2E47B65', async () => {
      await new Promise((wait) => setTimeout(wait, 1))
      logger.info('inside')
    })
    logger.info('outside')
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ['inside', '3F9A0C11D2E47B65'],
      ['outside', undefined],
    ])
  })

  it('never holds the values of credentials, at any of the first three depths', () => {
    const { logger, lines } = capture()
    logger.warn(
      {
        password: 'p-1',
        req: { headers: { authorization: 'Bearer t-1', cookie: '__Host-govcloud=c-1', 'set-cookie': 's-1' } },
        tokens: { accessToken: 'a-1', refresh_token: 'r-1', idToken: 'i-1' },
        key: { accessKeyId: 'AKIA1', secretAccessKey: 'k-1' },
      },
      'careless',
    )
    const text = JSON.stringify(lines)
    for (const secret of ['p-1', 't-1', 'c-1', 's-1', 'a-1', 'r-1', 'i-1', 'k-1']) expect(text).not.toContain(secret)
    expect(text).toContain('AKIA1') // an access key's id is no secret: a person quotes it
    expect((lines[0]!.req as { headers: Record<string, string> }).headers.cookie).toBe('[redacted]')
  })

  it('is written only from LOG_LEVEL up', () => {
    const { logger, lines } = capture(logLevel('warn'))
    logger.info('quiet')
    logger.warn('heard')
    expect(lines.map((line) => line.msg)).toEqual(['heard'])
  })
})

describe('LOG_LEVEL', () => {
  it('is info unless set, and refuses a level pino does not know, naming the setting', () => {
    expect(logLevel(undefined)).toBe('info')
    expect(logLevel('')).toBe('info')
    expect(logLevel('debug')).toBe('debug')
    expect(() => logLevel('verbose')).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/)
  })
})

describe("a request's id", () => {
  it("is the client's or proxy's X-Request-Id when well formed", () => {
    expect(requestIdFrom('0b9f6e3c-6a8e-4c1f-9a51-2f1d7c8e4a10')).toBe('0b9f6e3c-6a8e-4c1f-9a51-2f1d7c8e4a10')
    expect(requestIdFrom('5e1b9f0c2d7a4e6f8a0b1c2d3e4f5a6b')).toBe('5e1b9f0c2d7a4e6f8a0b1c2d3e4f5a6b')
  })

  it('is a new one for none, a list, or one that could forge a line (spaces, quotes, newlines, too short or long)', () => {
    for (const incoming of [
      undefined,
      ['a1b2c3d4e5', 'f6'],
      'short',
      'x'.repeat(65),
      'abc def ghi',
      'a"}\n{"b":"c',
      '',
    ]) {
      expect(requestIdFrom(incoming)).toMatch(/^[0-9A-F]{16}$/)
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined))
  })

  it("is a job's own id when no request enqueued it", () => {
    expect(jobRequestId(42n)).toBe('job-42')
  })
})

describe('a failure a person is shown a reference for', () => {
  it("is referenced by the request's id, or by a new one outside a request", () => {
    expect(withRequestId('ABCDEF0123456789', () => loggedFailure(new Error('boom'), 'failed'))).toBe('ABCDEF0123456789')
    expect(loggedFailure(new Error('boom'), 'failed')).toMatch(/^[0-9A-F]{16}$/)
    expect(currentRequestId()).toBeUndefined()
  })
})

describe('what libraries print with console.*', () => {
  const saved = { ...console }
  afterEach(() => Object.assign(console, saved))

  it('becomes a JSON line at its level, an Error as err, with the request id', () => {
    const { logger, lines } = capture('debug')
    routeConsoleToLog(logger)
    withRequestId('REQ-0000-0001', () => {
      console.log('[remix-serve] http://localhost:%d', 3000)
      console.error('render failed:', new Error('boom'))
    })
    expect(lines).toEqual([
      like.objectContaining({ level: 'info', msg: '[remix-serve] http://localhost:3000', requestId: 'REQ-0000-0001' }),
      like.objectContaining({
        level: 'error',
        msg: 'render failed:',
        err: like.objectContaining({ message: 'boom' }),
        requestId: 'REQ-0000-0001',
      }),
    ])
    vi.restoreAllMocks()
  })
})
