// The first run on a fresh machine (decision 0069): `npm run dev` serves pages once what they need
// is up, while the platform is still coming up beside it, and a signed-in page says which part is
// still starting. The real script runs here in a state folder of its own, against a fresh database
// and the local stack's Keycloak; its platform is the operators' CRDs, held back by the stack's own
// per-component lock as a long build would hold it, so the test can look while it is not ready.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '#tests/helpers/database'
import { DEV_PUBLIC_URL, startDevScript, stopProcess, type DevScript } from '#tests/helpers/dev-script'
import { eventually } from '#tests/helpers/poll'
import { CookieJar, signInToConsole } from '#tests/helpers/sign-in'

let scratch: string
let database: TestDatabase
let lockHolder: ChildProcess
let dev: DevScript
let url: string

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'govcloud-first-run-'))
  const state = join(scratch, 'state')
  mkdirSync(join(state, 'run'), { recursive: true })
  database = await createTestDatabase()
  // The stack takes this lock for as long as it builds or starts the component (infra/local/stack).
  // One process that holds it (flock(1) would leave its sleeping child holding it after a kill).
  lockHolder = spawn('bash', ['-c', 'exec 9>"$1" && flock 9 && exec sleep 600', 'hold', join(state, 'run/crds.lock')], {
    stdio: 'ignore',
  })
  await eventually('the lock held', 5_000, () => (existsSync(join(state, 'run/crds.lock')) ? true : undefined))
  // Chromium (installed already: nothing to build or run) comes up; the CRDs are held back.
  dev = await startDevScript({
    stateDir: state,
    cacheDir: join(scratch, 'cache'),
    platformComponents: 'chromium crds',
    database,
  })
  url = dev.url
  await dev.waitFor('the development console to answer /healthz', 300_000, async () =>
    (await fetch(`${url}/healthz`).catch(() => null))?.status === 200 ? true : undefined,
  )
}, 330_000)

afterAll(async () => {
  // The script's exit stops its jobs (the web console, the platform's bring-up) before the lock goes.
  await dev?.stop()
  await stopProcess(lockHolder)
  await database?.drop()
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('npm run dev on a fresh machine', () => {
  it('serves the console while a platform component is still coming up, and no worker has started', async () => {
    // Chromium is ready in a second or so; the CRDs stay where the held lock keeps them.
    const phases = await eventually('chromium ready', 30_000, () => {
      const text = readFileSync(join(scratch, 'state/run/platform-startup'), 'utf8')
      return text.startsWith('chromium ready') ? text : undefined
    })
    expect(phases).toMatch(/^chromium ready \d+\ncrds building \d+\n$/)
    expect(dev.output().indexOf('[dev] platform: chromium ready')).toBeGreaterThan(0)
    expect(dev.output().indexOf('[dev] platform: crds building')).toBeGreaterThan(
      dev.output().indexOf('[dev] platform: chromium ready'),
    )
    // Provisioning waits for the platform: nothing acts on it before it is up.
    expect(existsSync(join(scratch, 'state/logs/provisioning-worker.log'))).toBe(false)
  })

  it("shows a signed-in person which component is still starting, in the page's language", async () => {
    const jar = await signInToConsole(url, 'an.nguyen', {
      publicUrl: DEV_PUBLIC_URL,
      sessionCookie: 'govcloud_session',
    })
    const page = await fetch(`${url}/`, { headers: { cookie: jar.header() } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('data-testid="platform-startup"')
    expect(html).toContain('Nền tảng đang khởi động')
    expect(html).toMatch(/data-component="crds" data-phase="building">Định nghĩa tài nguyên của CloudNativePG/)
    expect(html).toMatch(/đang dựng từ mã nguồn \(\d+ phút\)/)
    expect(html).not.toContain('data-component="chromium"')

    const english = await fetch(`${url}/`, { headers: { cookie: `${jar.header()}; lang=en` } })
    const words = await english.text()
    expect(words).toContain('The platform is starting')
    expect(words).toMatch(/building from source \(\d+ min\)/)
  })

  it('tells nobody who is not signed in', async () => {
    const page = await fetch(`${url}/`, { headers: { cookie: new CookieJar().header() } })
    expect(page.status).toBeLessThan(500)
    const html = await page.text()
    expect(html).not.toContain('platform-startup')
    expect(html).not.toContain('Nền tảng đang khởi động')
  })
})
