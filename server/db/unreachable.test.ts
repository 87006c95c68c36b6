import { describe, expect, it } from 'vitest'
import { isDatabaseUnreachable } from './unreachable'

// The shapes are those Prisma 7 on @prisma/adapter-pg throws (seen against a stopped PostgreSQL in
// tests/integration/faults/postgres-restart.test.ts) and pg's own.
const prisma = (code: string, cause?: Record<string, unknown>) =>
  Object.assign(new Error('Invalid `prisma.user.findFirst()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : {},
  })

describe('isDatabaseUnreachable', () => {
  it('knows a stopped, restarting or dropped database', () => {
    expect(isDatabaseUnreachable(prisma('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 }))).toBe(
      true,
    )
    // A raw query reports the same as P2010 with the adapter's kind inside.
    expect(isDatabaseUnreachable(prisma('P2010', { kind: 'DatabaseNotReachable' }))).toBe(true)
    expect(isDatabaseUnreachable(prisma('P2010', { kind: 'ConnectionClosed' }))).toBe(true)
    expect(
      isDatabaseUnreachable(
        prisma('P2010', {
          kind: 'postgres',
          code: '57P01',
          message: 'terminating connection due to administrator command',
        }),
      ),
    ).toBe(true)
    expect(isDatabaseUnreachable(prisma('P2024'))).toBe(true)
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(
      isDatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true)
    expect(isDatabaseUnreachable(new Error('wrapped', { cause: { code: '57P03' } }))).toBe(true)
  })

  it('leaves every other failure a fault of its own (500)', () => {
    expect(isDatabaseUnreachable(prisma('P2002'))).toBe(false)
    expect(isDatabaseUnreachable(prisma('P2010', { kind: 'postgres', code: '23505', message: 'duplicate key' }))).toBe(
      false,
    )
    expect(isDatabaseUnreachable(prisma('P2010', { kind: 'UniqueConstraintViolation' }))).toBe(false)
    expect(isDatabaseUnreachable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false)
    expect(isDatabaseUnreachable('P1001')).toBe(false)
    expect(isDatabaseUnreachable(null)).toBe(false)
    const loop: { cause?: unknown } = {}
    loop.cause = loop
    expect(isDatabaseUnreachable(loop)).toBe(false)
  })
})
