import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

// A person's task walked in the browser and measured (issue 17): how many pages they load and how
// many form fields they fill between the home page and the end of the task. The home page they
// land on after signing in is the start and is not counted.
//
// A page load is a navigation of the main frame as the browser reports it: a whole document or a
// Remix transition (history.pushState after its data request), and a form posted that lands on
// another page. Prefetches on hover and revalidations draw no new page and are not counted.

export type TaskCounts = { pageLoads: number; fields: number }

export type TaskWalk = {
  readonly page: Page
  /** Fills a text field (or textarea) and counts it. */
  fill(field: Locator, value: string): Promise<void>
  /** Chooses an option of a select and counts it. */
  choose(field: Locator, value: string): Promise<void>
  /**
   * Clicks and waits for the main frame to reach a URL matching `to` (a page load) and for the new
   * page's heading: in a Remix transition the URL changes before the new page has rendered.
   */
  follow(target: Locator, to: RegExp, heading: RegExp | string): Promise<void>
  /** Prints the counts under `task` (the figures the closing notes quote) and expects them to be `expected`. */
  expectCounts(task: string, expected: TaskCounts): void
}

/**
 * Waits until the page's app has hydrated. On hydration React Router stamps the first history
 * entry with its index (history.replaceState), which the browser reports as a navigation of the
 * main frame: a walk started before it would count that stamp as a page load (it did, once, on a
 * loaded CI machine: "/ → … " with four loads for three).
 */
export async function untilHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window.history.state as { idx?: unknown } | null)?.idx === 'number')
}

/** Starts counting on `page`, which shows the home page (hydrated: see untilHydrated). */
export function startTaskWalk(page: Page): TaskWalk {
  const visited: string[] = []
  let fields = 0
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname + new URL(frame.url()).search)
  })
  return {
    page,
    async fill(field, value) {
      await field.fill(value)
      fields += 1
    },
    async choose(field, value) {
      await field.selectOption(value)
      fields += 1
    },
    async follow(target, to, heading) {
      await Promise.all([page.waitForURL(to), target.click()])
      await page.locator('main h1', { hasText: heading }).waitFor()
    },
    expectCounts(task, expected) {
      // With the addresses loaded, for a failure's message.
      console.info(`task ${task}`, { pageLoads: visited.length, fields, visited })
      expect({ pageLoads: visited.length, fields }, visited.join(' → ')).toEqual(expected)
    },
  }
}

/** The text of the page's main landmark, with no-break spaces as plain ones. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\u00a0/g, ' ')
}
