import { Link } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import { agencyPath, projectPath } from './paths'

/** The columns a page may show of its projects; the name, linked to the project, always comes first. */
export const projectColumns = {
  agency: {
    header: 'projects.agency',
    cell: (project) => <Link to={agencyPath(project.agency.code)}>{project.agency.name}</Link>,
  },
  namespace: { header: 'projects.namespace', cell: (project) => <code>{project.namespace}</code> },
  securityLevel: { header: 'projects.securityLevel', cell: (project) => project.securityLevel },
  personalData: { header: 'projects.personalData', cell: (project) => project.personalData },
  /** How many of the project's buckets are flagged over their own quota now (decision 0050). */
  bucketsOver: {
    header: 'projects.bucketsOver',
    cell: (project) => (project.bucketsOver > 0 ? <Badge tone="danger">{project.bucketsOver}</Badge> : '—'),
    numeric: true,
  },
} satisfies {
  agency: Column<{ agency: { code: string; name: string } }>
  namespace: Column<{ namespace: string }>
  securityLevel: Column<{ securityLevel: string }>
  personalData: Column<{ personalData: string }>
  bucketsOver: Column<{ bucketsOver: number }>
}

const nameColumn: Column<{ name: string; namespace: string }> = {
  header: 'projects.name',
  cell: (project) => <Link to={projectPath(project.namespace)}>{project.name}</Link>,
}

/** A list of projects (all of them, or an agency's), with the columns the page asks for. */
export function ProjectTable<Row extends { name: string; namespace: string }>({
  projects,
  columns,
  t,
}: {
  projects: readonly Row[]
  columns: readonly Column<Row>[]
  t: Translate
}) {
  return <DataTable rows={projects} rowKey={(project) => project.namespace} columns={[nameColumn, ...columns]} t={t} />
}
