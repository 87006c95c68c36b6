import { describe, expect, it } from 'vitest'
import { copyField, dayRowText, deltaText, recordText } from './copy-text'
import { planRevision } from './plan'

const planned = planRevision(undefined, {
  granted: 4000n,
  requested: 1500n,
  used: null,
  usedPeak: null,
  refusal: 'a\tb',
})!
const row = { projectId: '0193a1b2-0000-7000-8000-000000000001', resource: 'volume:fast', planned }

describe("the metering's rows in COPY's text format", () => {
  it('escapes what the format gives meaning and writes NULL as \\N', () => {
    expect(copyField(null)).toBe('\\N')
    expect(copyField('Hệ thống')).toBe('Hệ thống')
    expect(copyField('a\\N\tb\nc\rd')).toBe('a\\\\N\\tb\\nc\\rd')
  })

  it("writes a record's ten columns and its delta's thirteen, one line each", () => {
    expect(recordText([row], '2026-11-07 11:00:00', '2026-12-07 11:05:00.123456')).toBe(
      `${row.projectId}\t2026-11-07 11:00:00\tvolume:fast\t0\t4000\t1500\t\\N\t\\N\ta\\tb\t2026-12-07 11:05:00.123456\n`,
    )
    expect(deltaText([row])).toBe(`${row.projectId}\tvolume:fast\t\\N\t1\t0\t0\t1\t1500\t1\t4000\t1500\t1500\tfalse\n`)
  })

  it("writes a new day row's fourteen columns: its sums the record's deltas", () => {
    expect(dayRowText([row], '2026-11-07')).toBe(
      `${row.projectId}\tvolume:fast\tday\t2026-11-07\t1\t0\t0\t\\N\t1\t1500\t1\t4000\t1500\t1500\n`,
    )
  })
})
