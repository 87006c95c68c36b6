import { Link, NavLink, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { MessageKey, ShellUser, Translate } from '#app/utils/i18n'
import { ChevronIcon, MenuIcon } from './ui/icons'
import { SECURITY_WORKSPACE } from './security-nav'

// The header's navigation (issue 17, decision 0066). On one row at a laptop's width for every role:
// the most used pages are links of their own, the rest grouped in two disclosures (costs, the
// platform), each a plain <details> that works without JavaScript. Below the wide layout the whole
// navigation folds into a "Menu" disclosure, so a 320 px phone never scrolls sideways.

/** A page of the navigation; `flag` hides it from whom the shell says may not use it (a `may()` of the root loader). */
type NavItem = {
  readonly to: string
  readonly key: MessageKey
  readonly flag?: keyof ShellUser
  readonly end?: boolean
  /** The addresses on which the entry is the current one, when more than its own (a workspace). */
  readonly current?: RegExp
}
type NavGroup = { readonly group: MessageKey; readonly items: readonly NavItem[] }

// The dashboard is the console's name at the start of the header (root.tsx), as on most sites.
const NAVIGATION: readonly (NavItem | NavGroup)[] = [
  { to: '/agencies', key: 'nav.agencies' },
  { to: '/projects', key: 'nav.projects' },
  { to: '/systems', key: 'nav.systems' },
  { to: '/requests', key: 'nav.requests' },
  { to: '/queue', key: 'nav.queue', flag: 'reviews' },
  // The security officer's workspace is one entry, current on each of its pages (decision 0043).
  { to: '/security', key: 'security.nav', flag: 'readsFindings', current: SECURITY_WORKSPACE },
  {
    group: 'nav.costs',
    items: [
      { to: '/rates', key: 'nav.rates' },
      { to: '/statements', key: 'nav.statements', flag: 'readsStatements' },
    ],
  },
  {
    group: 'nav.platform',
    items: [
      { to: '/provisioning', key: 'nav.provisioning', flag: 'watchesProvisioning' },
      { to: '/policies', key: 'policies.title', flag: 'managesPolicies' },
      { to: '/admin/agencies', key: 'agencyAdmin.title', flag: 'managesAgencies' },
    ],
  },
]

const shownTo = (user: ShellUser) => (item: NavItem) => item.flag === undefined || user[item.flag] === true

function ItemLink({ item, t, pathname }: { item: NavItem; t: Translate; pathname: string }) {
  if (item.current) {
    return (
      <Link to={item.to} prefetch="intent" aria-current={item.current.test(pathname) ? 'page' : undefined}>
        {t(item.key)}
      </Link>
    )
  }
  return (
    <NavLink to={item.to} end={item.end} prefetch="intent">
      {t(item.key)}
    </NavLink>
  )
}

const isUnder = (pathname: string, to: string) => pathname === to || pathname.startsWith(`${to}/`)

/** A group of pages: a link when only one is the visitor's, else a disclosure marked when one of them is open. */
function Group({ group, items, t, pathname }: NavGroup & { t: Translate; pathname: string }) {
  const [only] = items
  if (items.length === 1 && only) return <ItemLink item={only} t={t} pathname={pathname} />
  const here = items.some((item) => isUnder(pathname, item.to))
  return (
    <details className="site-nav__group">
      <summary className={here ? 'is-current' : undefined}>
        {t(group)}
        <ChevronIcon />
      </summary>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <ItemLink item={item} t={t} pathname={pathname} />
          </li>
        ))}
      </ul>
    </details>
  )
}

/**
 * Closes the header's open disclosures when the page changes, on Escape (back to its toggle) and on
 * a click elsewhere, as people expect of a menu. Without JavaScript they stay plain disclosures.
 */
function useClosingDisclosures(pathname: string) {
  const root = useRef<HTMLDivElement>(null)
  useEffect(() => {
    root.current?.querySelectorAll('details[open]').forEach((open) => open.removeAttribute('open'))
  }, [pathname])
  useEffect(() => {
    const close = (keep?: EventTarget | null) =>
      root.current?.querySelectorAll('details[open]').forEach((open) => {
        if (!(keep instanceof Node && open.contains(keep))) open.removeAttribute('open')
      })
    const onClick = (event: MouseEvent) => close(event.target)
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      const open = (event.target instanceof Element && event.target.closest('details[open]')) || null
      close()
      open?.querySelector('summary')?.focus()
    }
    document.addEventListener('click', onClick)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('click', onClick)
      document.removeEventListener('keydown', onKey)
    }
  }, [])
  return root
}

/** The main navigation of someone with access: its own links and groups, folded into "Menu" on narrow screens. */
export function SiteNav({ user, t }: { user: ShellUser; t: Translate }) {
  const { pathname } = useLocation()
  const root = useClosingDisclosures(pathname)
  const shown = shownTo(user)
  return (
    <div className="site-menu-wrap" ref={root}>
      <details className="site-menu">
        <summary className="site-menu__toggle">
          <MenuIcon />
          {t('nav.menu')}
        </summary>
        <nav aria-label={t('nav.label')} className="site-nav">
          <ul>
            {NAVIGATION.map((entry) => {
              if (!('group' in entry)) {
                return shown(entry) ? (
                  <li key={entry.to}>
                    <ItemLink item={entry} t={t} pathname={pathname} />
                  </li>
                ) : null
              }
              const items = entry.items.filter(shown)
              return items.length ? (
                <li key={entry.group}>
                  <Group group={entry.group} items={items} t={t} pathname={pathname} />
                </li>
              ) : null
            })}
          </ul>
        </nav>
      </details>
    </div>
  )
}
