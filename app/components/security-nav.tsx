import { NavLink } from '@remix-run/react'
import { useShellData, useT, type MessageKey } from '#app/utils/i18n'

// The security officer's workspace in the navigation (decision 0043): one entry in the header for
// those who may read findings, and a sub-navigation across its pages, each shown only to those
// its page lets in (the pages authorise themselves; this only avoids links that answer 403).

/** The addresses that belong to the workspace: the header's entry (site-header.tsx) is the current one on each. */
export const SECURITY_WORKSPACE = /^\/(security|waivers|audit)(\/|$)/

type Item = { to: string; key: MessageKey; end?: boolean; shown: (user: Flags) => boolean }
type Flags = { readsFindings: boolean; signsOff: boolean; readsWaivers: boolean; readsAudit: boolean }

const ITEMS: readonly Item[] = [
  { to: '/security', key: 'security.subnav.dashboard', end: true, shown: (u) => u.readsFindings },
  { to: '/security/findings', key: 'security.subnav.findings', shown: (u) => u.readsFindings },
  { to: '/security/checks', key: 'security.subnav.checks', shown: (u) => u.readsFindings },
  { to: '/security/sign-off', key: 'security.subnav.signOff', shown: (u) => u.signsOff },
  // Those who sign off are the security officers, who also review systems' levels (decision 0055).
  { to: '/security/systems', key: 'security.subnav.systems', shown: (u) => u.signsOff },
  { to: '/waivers', key: 'waiver.nav', shown: (u) => u.readsWaivers },
  { to: '/audit', key: 'audit.nav', shown: (u) => u.readsAudit },
]

/** The workspace's own navigation, at the top of each of its pages. */
export function SecurityNav() {
  const t = useT()
  const user = useShellData()?.user
  if (!user) return null
  const items = ITEMS.filter((item) => item.shown(user))
  return (
    <nav aria-label={t('security.subnav.label')} className="sub-nav">
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end} prefetch="intent">
              {t(item.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
