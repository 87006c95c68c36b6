import { describe, expect, it } from 'vitest'
import { parseEnv } from '../config/env'
import { meteringPeriodSeconds } from '../config/metrics'
import { hourMeasuredBy, nextMeasuredBy } from './next-measurement'
import { parseMeteringEnv } from './settings'

const at = (iso: string) => new Date(iso)

describe('when the next measurement is due', () => {
  it("is the hour's end, its settling (3 minutes) and one period of the job", () => {
    expect(nextMeasuredBy(at('2026-12-07T06:17:00Z'), 300)).toEqual(at('2026-12-07T07:08:00Z'))
    // A data centre that looks every 15 minutes or every minute: the page says so, not 07:08.
    expect(nextMeasuredBy(at('2026-12-07T06:17:00Z'), 900)).toEqual(at('2026-12-07T07:18:00Z'))
    expect(nextMeasuredBy(at('2026-12-07T06:17:00Z'), 60)).toEqual(at('2026-12-07T07:04:00Z'))
  })

  it('is one period from now for an hour already due', () => {
    const now = at('2026-12-07T09:30:00Z')
    expect(hourMeasuredBy(at('2026-12-07T06:00:00Z'), now, 600)).toEqual(at('2026-12-07T09:40:00Z'))
    // The hour that ended 1 minute ago has not settled: due at 09:03, looked at by 09:13.
    expect(hourMeasuredBy(at('2026-12-07T08:00:00Z'), at('2026-12-07T09:01:00Z'), 600)).toEqual(
      at('2026-12-07T09:13:00Z'),
    )
  })
})

describe('METERING_PERIOD_SECONDS', () => {
  const consoleEnv = {
    DATABASE_URL: 'postgresql://govcloud:secret@127.0.0.1:5432/govcloud',
    OIDC_ISSUER: 'http://127.0.0.1:8180/realms/govcloud',
    OIDC_CLIENT_ID: 'govcloud-console',
    OIDC_CLIENT_SECRET: 'client-secret-value',
    SESSION_SECRET: 'x'.repeat(32),
    PUBLIC_URL: 'https://console.example/',
  }

  it('is read alike by the console and the workflow worker, 300 s when unset', () => {
    for (const value of [undefined, '', '900', '30', '3600']) {
      const source = { METERING_PERIOD_SECONDS: value }
      const expected = value ? Number(value) : 300
      expect(parseEnv({ ...consoleEnv, ...source }).METERING_PERIOD_SECONDS, value).toBe(expected)
      expect(parseMeteringEnv(source).METERING_PERIOD_SECONDS, value).toBe(expected)
      // The pages read it alone, with none of the console's other settings (CI ran a loader
      // without DATABASE_URL and got "Invalid configuration" where a page was wanted).
      expect(meteringPeriodSeconds(source), value).toBe(expected)
    }
  })

  it('refuses a period the job would not keep, in both', () => {
    for (const bad of ['29', '3601', '1.5', 'often']) {
      expect(() => parseEnv({ ...consoleEnv, METERING_PERIOD_SECONDS: bad }), bad).toThrow(/METERING_PERIOD_SECONDS/)
      expect(() => parseMeteringEnv({ METERING_PERIOD_SECONDS: bad }), bad).toThrow(/METERING_PERIOD_SECONDS/)
      expect(() => meteringPeriodSeconds({ METERING_PERIOD_SECONDS: bad }), bad).toThrow(/METERING_PERIOD_SECONDS/)
    }
  })
})
