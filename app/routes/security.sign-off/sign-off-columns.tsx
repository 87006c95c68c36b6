import { Link } from '@remix-run/react'
import { projectPath, requestPath } from '#app/components/paths'
import type { Column } from '#app/components/ui/data-table'
import type { SignOffRow } from './sign-off.server'

/** A request waiting for sign-off as the queue and the officer's home page list it. */
export const SIGN_OFF_COLUMNS: readonly Column<SignOffRow>[] = [
  { header: 'security.signOff.number', cell: (r) => <Link to={requestPath(r.number)}>{r.number}</Link> },
  { header: 'security.signOff.project', cell: (r) => <Link to={projectPath(r.namespace)}>{r.project}</Link> },
  { header: 'security.signOff.agency', cell: (r) => r.agency },
  { header: 'security.signOff.level', numeric: true, cell: (r) => r.level },
  { header: 'security.signOff.personalData', cell: (r) => r.personalData },
  { header: 'security.signOff.kind', cell: (r) => r.kind },
  { header: 'security.signOff.submittedAt', cell: (r) => r.submittedAt },
  { header: 'security.signOff.approvals', numeric: true, cell: (r) => r.approvals },
  {
    header: 'security.signOff.decide',
    cell: (r, t) => <Link to={`${requestPath(r.number)}/decide`}>{t('security.signOff.decide')}</Link>,
  },
]
