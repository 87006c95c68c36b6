import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parsePlatformStartup, readPlatformStartup } from './startup'

const NOW = new Date('2026-12-07T05:00:00Z')
const at = (minutesAgo: number) => Math.floor(NOW.getTime() / 1000) - minutesAgo * 60

describe('parsePlatformStartup', () => {
  it('lists the components not yet ready, in order, with whole minutes in their phase', () => {
    const text = [
      `kubernetes ready ${at(20)}`,
      `seaweedfs building ${at(12) - 59}`,
      `victoriametrics waiting ${at(30)}`,
      `velero failed ${at(0)}`,
      '',
    ].join('\n')
    expect(parsePlatformStartup(text, NOW)).toEqual([
      { component: 'seaweedfs', phase: 'building', minutes: 12 },
      { component: 'victoriametrics', phase: 'waiting', minutes: 30 },
      { component: 'velero', phase: 'failed', minutes: 0 },
    ])
  })

  it('says nothing once every component is ready', () => {
    expect(parsePlatformStartup(`kubernetes ready ${at(1)}\ncrds ready ${at(0)}\n`, NOW)).toEqual([])
  })

  it('leaves out what it does not know rather than guess: other names, phases, torn lines', () => {
    const text = [
      `postgres starting ${at(1)}`,
      `kubernetes rebooting ${at(1)}`,
      'seaweedfs starting',
      `velero starting soon`,
      `crds starting ${at(2)} extra`,
      `kubernetes starting ${at(3)}`,
    ].join('\n')
    expect(parsePlatformStartup(text, NOW)).toEqual([{ component: 'kubernetes', phase: 'starting', minutes: 3 }])
  })

  it('never shows negative minutes when the clock of the writer ran ahead', () => {
    expect(parsePlatformStartup(`crds starting ${at(-5)}`, NOW)).toEqual([
      { component: 'crds', phase: 'starting', minutes: 0 },
    ])
  })
})

describe('readPlatformStartup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'platform-startup-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the file infra/local/dev writes', async () => {
    const file = join(dir, 'platform-startup')
    writeFileSync(file, `kubernetes building ${at(4)}\n`)
    expect(await readPlatformStartup(file, NOW)).toEqual([{ component: 'kubernetes', phase: 'building', minutes: 4 }])
  })

  it('gives nothing without a file set, without the file, or when it cannot be read', async () => {
    expect(await readPlatformStartup(undefined, NOW)).toEqual([])
    expect(await readPlatformStartup(join(dir, 'absent'), NOW)).toEqual([])
    expect(await readPlatformStartup(dir, NOW)).toEqual([])
  })
})
