import type { MessageKey, Translate } from '#app/utils/i18n'

/** A page above this one: where it is and what it is called. */
export type Crumb = { readonly to: string; readonly label: string }

// The one place that knows which pages lie above which (decision 0079). The trail of a page is
// read from its address: the dashboard, then every shorter address that is one of these pages.
// Lists are named by their own page's title, from the catalogue; an object with pages of its own
// below it (a project, a request, a pool, a statement) is named by the page, which knows its name
// (`above` of PageHeader). Flat routes (`projects.$namespace_.usage`) do not nest in Remix, so the
// matches cannot say it; the addresses can.

/** The lists, each by the catalogue key of its page's title. */
const LISTS: Readonly<Record<string, MessageKey>> = {
  '/agencies': 'agencies.title',
  '/projects': 'projects.title',
  '/systems': 'systems.title',
  '/requests': 'requests.title',
  '/pools': 'poolAdmin.title',
  '/statements': 'statements.title',
  '/waivers': 'waiver.list.title',
  '/security': 'security.dashboard.title',
  '/security/systems': 'systems.review.queueTitle',
  '/admin/agencies': 'agencyAdmin.title',
}

/**
 * Sections whose address does not say what they are below: the waivers and the audit trail are
 * the security workspace's (decision 0043), the pools are reached from the dashboard only.
 */
const UNDER: Readonly<Record<string, '/' | '/security'>> = {
  '/waivers': '/security',
  '/audit': '/security',
  '/pools': '/',
}

/** The objects that have pages below them: a project, a system's registration, a request, a pool, an agency's month statement. */
const OBJECTS: readonly RegExp[] = [
  /^\/projects\/[^/]+$/,
  /^\/systems\/[^/]+$/,
  /^\/requests\/[^/]+$/,
  /^\/pools\/[^/]+$/,
  /^\/statements\/[^/]+\/[^/]+$/,
]

/**
 * The pages above `pathname`, the dashboard first, nearest last; none for a page the header leads
 * to. `above`: the name of the object this page is below, when it is.
 */
export function trailOf(pathname: string, t: Translate, above?: string): Crumb[] {
  const segments = pathname.split('/').filter(Boolean)
  const section = `/${segments[0] ?? ''}`
  const under = UNDER[section]
  const crumbs: Crumb[] = under && under !== '/' ? [{ to: under, label: t(LISTS[under] ?? 'nav.dashboard') }] : []
  for (let length = 1; length < segments.length; length += 1) {
    const to = `/${segments.slice(0, length).join('/')}`
    const list = LISTS[to]
    if (list) crumbs.push({ to, label: t(list) })
    else if (above !== undefined && OBJECTS.some((object) => object.test(to))) crumbs.push({ to, label: above })
  }
  return crumbs.length > 0 || under ? [{ to: '/', label: t('nav.dashboard') }, ...crumbs] : []
}
