import { Link } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import type { Column } from '#app/components/ui/data-table'
import { waiverStateTone } from '#app/utils/tones'
import { waiverPath } from './paths'

/** The columns every list of waivers shares (the project page's and the waivers page); each page adds its own. */
export const waiverColumns = {
  number: { header: 'waiver.col.number', cell: (w) => <Link to={waiverPath(w.number)}>{w.number}</Link> },
  check: {
    header: 'waiver.col.check',
    cell: (w) => (
      <>
        <code>{w.checkId}</code> {w.checkTitle}
      </>
    ),
  },
  subject: { header: 'waiver.col.subject', cell: (w) => w.subject },
  state: { header: 'waiver.col.state', cell: (w) => <Badge tone={waiverStateTone(w.state)}>{w.stateLabel}</Badge> },
  expiresAt: { header: 'waiver.col.expiresAt', cell: (w) => w.expiresAt },
} satisfies {
  number: Column<{ number: number }>
  check: Column<{ checkId: string; checkTitle: string }>
  subject: Column<{ subject: string }>
  state: Column<{ state: string; stateLabel: string }>
  expiresAt: Column<{ expiresAt: string }>
}
