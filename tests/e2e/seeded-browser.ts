import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { PUBLIC_URL, startSeededConsole, type SeededConsole } from '../helpers/seeded-console'
import { seededFixtures, type Fixtures } from './pages-by-role'

export interface SeededBrowser {
  readonly started: SeededConsole
  readonly browser: Browser
  readonly fixtures: Fixtures
}

/**
 * The built console over a seeded database, published at PUBLIC_URL, with its fixtures and one
 * Chromium, for the whole test file: registers the file's beforeAll and afterAll, so call it at the
 * top of the file and read the fields inside the tests (decision 0068's browser tests share it).
 */
export function seededBrowserForFile(): SeededBrowser {
  const held: { started?: SeededConsole; browser?: Browser; fixtures?: Fixtures } = {}
  beforeAll(async () => {
    held.started = await startSeededConsole({ env: { PUBLIC_URL } })
    held.fixtures = await seededFixtures(held.started.database.db)
    held.browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await held.browser?.close()
    await held.started?.stop()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the seeded console and browser are read before beforeAll ran')
    return value
  }
  return {
    get started() {
      return ready(held.started)
    },
    get browser() {
      return ready(held.browser)
    },
    get fixtures() {
      return ready(held.fixtures)
    },
  }
}
