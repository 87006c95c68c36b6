import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// The console's pages under their Content-Security-Policy in Chromium (decision 0030): scripts from
// the console only, inline ones only with the response's nonce. The policy is only right if the
// pages still work under it, so each page is opened as the people who use it, with every
// violation the browser reports recorded, and the app must hydrate (client-side navigation,
// the project page's live status) and its forms must reach where they post (signing out goes on to
// Keycloak, which form-action must allow).

let started: BrowserConsole
const paths = { namespace: '', submitted: 0, draft: 0 }

beforeAll(async () => {
  started = await startBrowserConsole()
  const db = started.database.db
  const agency = await db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' }, select: { id: true } })
  const project = await db.project.findFirstOrThrow({
    where: { agencyId: agency.id, name: 'Hệ thống quản lý đề tài khoa học' },
    select: { id: true, namespace: true },
  })
  // Not settled yet, so the project page keeps polling its status route.
  await db.provisioningStatus.upsert({
    where: { projectId: project.id },
    create: { projectId: project.id, phase: 'provisioning' },
    update: { phase: 'provisioning' },
  })
  const request = (state: 'draft' | 'submitted') =>
    db.quotaRequest.findFirstOrThrow({ where: { agencyId: agency.id, state }, select: { number: true } })
  Object.assign(paths, {
    namespace: project.namespace,
    submitted: (await request('submitted')).number,
    draft: (await request('draft')).number,
  })
})

afterAll(() => started?.stop())

declare global {
  interface Window {
    __violations?: string[]
    __stillThisDocument?: boolean
  }
}

type Session = { context: BrowserContext; page: Page; problems: string[] }

/** A fresh browser profile signed in as `username`, recording CSP violations and uncaught errors. */
async function signedIn(username: string): Promise<Session> {
  const context = await started.browser.newContext({ locale: 'vi-VN' })
  // Runs through the DevTools protocol before any page script: the policy does not apply to it.
  await context.addInitScript(() => {
    window.__violations = []
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__violations?.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      ),
    )
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  // What Chromium says when the policy refuses something (React's own warnings are another matter).
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to (load|execute|apply|connect|frame|send form)/i.test(message.text()))
      problems.push(`console: ${message.text()}`)
  })
  await page.goto(`${started.server.url}/`)
  await started.signIn(page, username)
  return { context, page, problems }
}

/** Opens each page, waits until it has hydrated and settled, and gathers what the browser refused. */
async function visit(session: Session, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const response = await session.page.goto(`${started.server.url}${path}`)
    expect(response?.status(), path).toBe(200)
    expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-/)
    await session.page.waitForLoadState('networkidle')
    const violations = await session.page.evaluate(() => window.__violations ?? [])
    expect(violations, `CSP violations on ${path}`).toEqual([])
  }
}

/** Clicks a link in the site's navigation: the page must change without loading a new document. */
async function navigateInApp(page: Page, name: string, heading: string): Promise<void> {
  await page.evaluate(() => (window.__stillThisDocument = true))
  await page.getByRole('navigation').getByRole('link', { name }).click()
  await page.locator('main h1', { hasText: heading }).waitFor({ timeout: 15_000 })
  expect(await page.evaluate(() => window.__stillThisDocument), `${name}: a client-side navigation`).toBe(true)
}

describe('the pages under their Content-Security-Policy', () => {
  it("an operator's pages run with no violation, hydrate, and sign out through Keycloak", async () => {
    const session = await signedIn('duc.dang')
    try {
      await visit(session, [
        '/',
        '/agencies',
        '/agencies/so-khcn',
        '/projects',
        `/projects/${paths.namespace}`,
        '/requests',
        `/requests/${paths.submitted}`,
        `/requests/${paths.submitted}/decide`,
        '/queue',
        '/provisioning',
        '/notifications',
      ])
      await navigateInApp(session.page, 'Dự án', 'Dự án')
      await navigateInApp(session.page, 'Yêu cầu hạn mức', 'Yêu cầu hạn mức')
      // Signing out posts to the console, which sends the browser on to Keycloak (form-action).
      const keycloak = started.keycloak
      const visited: string[] = []
      session.page.on('request', (request) => visited.push(request.url()))
      await session.page.getByTestId('user-name').click()
      await session.page.getByRole('button', { name: 'Đăng xuất' }).first().click()
      await session.page.waitForURL((url) => url.origin !== started.server.url, { timeout: 15_000 })
      expect(visited.some((url) => url.startsWith(`${keycloak}/realms/govcloud/protocol/openid-connect/logout`))).toBe(
        true,
      )
      expect(session.problems).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it("agency staff's pages, the live project status and the request forms run with no violation", async () => {
    const session = await signedIn('an.nguyen')
    try {
      await visit(session, [
        `/projects/${paths.namespace}`,
        `/projects/${paths.namespace}/requests/new`,
        `/requests/${paths.draft}/edit`,
        `/requests/${paths.submitted}/decide`,
      ])
      // The project page polls its status with fetch() (connect-src) while it is not settled.
      const polled = session.page.waitForRequest((r) => r.url().endsWith(`/projects/${paths.namespace}/provisioning`), {
        timeout: 20_000,
      })
      await session.page.goto(`${started.server.url}/projects/${paths.namespace}`)
      await polled
      // Choosing a language posts a form and comes back to the page.
      await session.page.getByRole('button', { name: 'English' }).click()
      await session.page.locator('html[lang="en"]').waitFor({ timeout: 15_000 })
      expect(await session.page.evaluate(() => window.__violations ?? [])).toEqual([])
      expect(session.problems).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})
