import { Link } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import { requestStateTone } from '#app/utils/tones'
import { agencyPath, projectPath, requestPath } from './paths'

/**
 * The columns a page may show of its quota requests. Lists start with `number` (to the request's
 * page); the approval queue starts with `decisionNumber` (to its decision page) and adds its own.
 */
export const requestColumns = {
  number: {
    header: 'requests.number',
    cell: (request) => <Link to={requestPath(request.number)}>#{request.number}</Link>,
  },
  decisionNumber: {
    header: 'requests.number',
    cell: (request) => <Link to={`${requestPath(request.number)}/decide`}>{request.number}</Link>,
  },
  project: {
    header: 'requests.project',
    cell: (request) => <Link to={projectPath(request.project.namespace)}>{request.project.name}</Link>,
  },
  agency: {
    header: 'requests.agency',
    cell: (request) => <Link to={agencyPath(request.agency.code)}>{request.agency.name}</Link>,
  },
  kind: { header: 'requests.kind', cell: (request) => request.kind },
  state: {
    header: 'requests.state',
    cell: (request) => <Badge tone={requestStateTone(request.state)}>{request.stateLabel}</Badge>,
  },
  submittedAt: { header: 'requests.submittedAt', cell: (request, t) => request.submittedAt ?? t('common.none') },
} satisfies {
  number: Column<{ number: number }>
  decisionNumber: Column<{ number: number }>
  project: Column<{ project: { name: string; namespace: string } }>
  agency: Column<{ agency: { code: string; name: string } }>
  /** The kind's label, in the reader's language. */
  kind: Column<{ kind: string }>
  state: Column<{ state: string; stateLabel: string }>
  submittedAt: Column<{ submittedAt: string | null }>
}

/** A list of quota requests, one a row, with the columns the page asks for. */
export function RequestTable<Row extends { number: number }>({
  requests,
  columns,
  t,
}: {
  requests: readonly Row[]
  columns: readonly Column<Row>[]
  t: Translate
}) {
  return <DataTable rows={requests} rowKey={(request) => request.number} columns={columns} t={t} />
}
