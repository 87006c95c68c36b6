import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { catalogue, type Locale } from '#server/i18n'
import { CONSOLE, signedInContext } from '../helpers/accessibility'
import { PAGES, PEOPLE, pagesOf, type Person } from './pages-by-role'
import { seededBrowserForFile } from './seeded-browser'

// Every page says where it is (issue 17, decision 0079), on the walk of the accessibility tests
// (pages-by-role.ts): its tab's <title> is its heading or catalogue phrases (parts joined by " · "),
// then the console's name, all in the page's language; no two routes share a title; and a page the
// header does not lead to has breadcrumbs from the dashboard, the page itself not among them.
// Every person in Vietnamese, and every page once in English (as the first person who reaches it).

const seeded = seededBrowserForFile()

/** Pages the header does not lead to but that stand alone: someone with no role has nothing above. */
const STANDALONE = new Set(['/no-access'])

/** A catalogue message as a pattern: its words literally, each `{placeholder}` any text. */
const pattern = (message: string) =>
  new RegExp(`^${message.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`, 's')

/** Each locale's messages with at least a word of their own (a bare `{name}` says nothing). */
const PHRASES = Object.fromEntries(
  (Object.keys(catalogue) as Locale[]).map((locale) => [
    locale,
    Object.entries(catalogue[locale])
      .filter(([, message]) => /\p{L}{2,}/u.test(message.replace(/\{\w+\}/g, '')))
      .map(([key, message]) => ({ key, message, matches: pattern(message) })),
  ]),
) as Record<Locale, { key: string; message: string; matches: RegExp }[]>

const other = (locale: Locale): Locale => (locale === 'vi' ? 'en' : 'vi')

type Seen = { path: string; title: string; heading: string | null; crumbs: string[]; header: string[] }

/** The page's tab title, its heading, its breadcrumbs' addresses and the addresses the header links to. */
async function look(page: Page, path: string): Promise<Seen> {
  const response = await page.goto(`${CONSOLE}${path}`)
  expect(response?.status(), path).toBe(200)
  expect(page.url(), path).toBe(`${CONSOLE}${path}`)
  const seen = await page.evaluate(() => {
    const paths = (selector: string) =>
      [...document.querySelectorAll<HTMLAnchorElement>(selector)].map((a) => new URL(a.href).pathname)
    const headings = [...document.querySelectorAll('main h1')]
    return {
      title: document.title,
      heading: headings.length === 1 ? (headings[0]?.textContent ?? '').replace(/\s+/g, ' ').trim() : null,
      crumbs: paths('main nav.breadcrumb a'),
      header: paths('.site-header a[href]'),
    }
  })
  return { path, ...seen }
}

/** What is wrong with one page's title and breadcrumbs, read in `locale`. */
function problems(seen: Seen, locale: Locale): string[] {
  const { path, title, heading, crumbs, header } = seen
  const found: string[] = []
  const suffix = ` · ${catalogue[locale]['app.name']}`
  if (heading === null) found.push(`${path}: not exactly one <h1>`)
  if (!title.endsWith(suffix) || title.length === suffix.length) {
    found.push(`${path}: title “${title}” is not “<page> · ${catalogue[locale]['app.name']}”`)
    return found
  }
  for (const part of title.slice(0, -suffix.length).split(' · ')) {
    const phrase = PHRASES[locale].find((p) => p.matches.test(part))
    if (part !== heading && !phrase)
      found.push(`${path}: title part “${part}” is neither the heading “${heading}” nor a catalogue phrase`)
    // The other language's words, where they differ from this one's (a name with diacritics is not a phrase).
    const foreign = PHRASES[other(locale)].find(
      (p) => p.matches.test(part) && catalogue[locale][p.key as keyof (typeof catalogue)['vi']] !== p.message,
    )
    if (foreign && !phrase)
      found.push(`${path}: title part “${part}” is ${other(locale)} (${foreign.key}) on the ${locale} page`)
  }
  const pathname = new URL(path, CONSOLE).pathname
  const nested = pathname !== '/' && !header.includes(pathname) && !STANDALONE.has(pathname)
  if (nested) {
    if (crumbs.length === 0) found.push(`${path}: nested (the header does not lead to it) and no breadcrumbs`)
    else if (crumbs[0] !== '/') found.push(`${path}: breadcrumbs do not start at the dashboard: ${crumbs.join(' › ')}`)
    // Above it, not the page itself: its own address is the <h1>, not a link.
    if (crumbs.includes(pathname)) found.push(`${path}: breadcrumbs lead to the page itself`)
  }
  return found
}

/** Two different addresses with the same title, within one walk. */
function shared(walk: readonly Seen[]): string[] {
  const byTitle = new Map<string, string[]>()
  for (const { title, path } of walk) byTitle.set(title, [...(byTitle.get(title) ?? []), path])
  return [...byTitle]
    .filter(([, paths]) => paths.length > 1)
    .map(([title, paths]) => `“${title}” on ${paths.join(', ')}`)
}

async function walk(person: Person, locale: Locale, paths: readonly string[]): Promise<string[]> {
  const context = await signedInContext(seeded.browser, seeded.started.server, PEOPLE[person], { locale })
  try {
    const page = await context.newPage()
    page.setDefaultNavigationTimeout(90_000)
    const seen: Seen[] = []
    for (const path of paths) seen.push(await look(page, path))
    return [...seen.flatMap((s) => problems(s, locale)), ...shared(seen)]
  } finally {
    await context.close()
  }
}

describe('every page’s title and breadcrumbs', () => {
  it('(the check itself refuses a shared title, a foreign one and a missing trail)', () => {
    const app = catalogue.vi['app.name']
    const page = { heading: 'Hệ thống thông tin', crumbs: [], header: ['/'] }
    const english = { ...page, path: '/projects/x', title: `${catalogue.en['projects.title']} · ${app}` }
    expect(problems(english, 'vi').join('\n')).toMatch(/is en .* on the vi page[\s\S]*no breadcrumbs/)
    expect(problems({ ...english, title: `Trang gì đó · ${app}`, crumbs: ['/'] }, 'vi')).toHaveLength(1)
    const same = { ...page, crumbs: [], title: `${catalogue.vi['projects.title']} · ${app}` }
    expect(
      shared([
        { ...same, path: '/a' },
        { ...same, path: '/b' },
      ]),
    ).toHaveLength(1)
  })

  for (const person of Object.keys(PEOPLE) as Person[]) {
    it(`${person} (${PEOPLE[person]}) in Vietnamese`, async () => {
      const found = await walk(person, 'vi', pagesOf(person, seeded.fixtures))
      expect(found, found.join('\n')).toEqual([])
    }, 900_000)
  }

  it('every page once in English', async () => {
    const found: string[] = []
    const done = new Set<(typeof PAGES)[number]>()
    for (const person of Object.keys(PEOPLE) as Person[]) {
      const mine = PAGES.filter((p) => p.who.includes(person) && !done.has(p))
      mine.forEach((p) => done.add(p))
      if (mine.length)
        found.push(
          ...(await walk(
            person,
            'en',
            mine.map((p) => p.path(seeded.fixtures)),
          )),
        )
    }
    expect(done.size).toBe(PAGES.length)
    expect(found, found.join('\n')).toEqual([])
  }, 900_000)
})
