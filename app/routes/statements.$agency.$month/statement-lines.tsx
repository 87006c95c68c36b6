import { DataTable, type Column } from '#app/components/ui/data-table'
import { useT } from '#app/utils/i18n'
import type { statementPage } from './statement.server'

// A statement's lines, one table per project with its total, then the statement's total and the
// rounding rule: the same markup on the page and in the print view.

type Page = Awaited<ReturnType<typeof statementPage>>
type Line = Page['projects'][number]['lines'][number]

const COLUMNS: readonly Column<Line>[] = [
  { header: 'statements.col.resource', cell: (l) => l.resource },
  { header: 'statements.col.basis', cell: (l) => l.basis },
  { header: 'statements.col.quantity', cell: (l) => l.quantity, numeric: true },
  { header: 'statements.col.unit', cell: (l) => l.unit },
  { header: 'statements.col.price', cell: (l) => l.price, numeric: true },
  { header: 'statements.col.amount', cell: (l) => l.amount, numeric: true },
  { header: 'statements.col.unmeasured', cell: (l) => l.unmeasuredHours, numeric: true },
  { header: 'statements.col.energy', cell: (l) => l.energy, numeric: true },
  { header: 'statements.col.co2e', cell: (l) => l.co2e, numeric: true },
]

export function StatementLines({ page }: { page: Page }) {
  const t = useT()
  if (page.problem) return <p className="alert alert--warning">{page.problem}</p>
  return (
    <section className="section statement-lines">
      {page.projects.length === 0 ? <p>{t('statements.page.empty')}</p> : null}
      {page.projects.map((project) => (
        <div key={project.projectId} data-project={project.namespace}>
          <h2>
            {project.name} <span className="muted small">{project.namespace}</span>
          </h2>
          <DataTable
            rows={project.lines}
            columns={COLUMNS}
            rowKey={(l) => l.key}
            rowData={(l) => ({ 'data-line': l.key })}
            t={t}
          />
          <p className="num">{t('statements.page.projectTotal', { project: project.name, total: project.total })}</p>
        </div>
      ))}
      {page.total !== null ? (
        <p className="statement-total" data-total={page.total}>
          <strong>{t('statements.page.grandTotal', { total: page.total })}</strong>
        </p>
      ) : null}
      {page.footprint ? <p data-testid="footprint-total">{page.footprint}</p> : null}
      <p className="muted small">{t('statements.page.rounding')}</p>
      <p className="muted small">{t('statements.page.footprintNote')}</p>
      <p className="muted small">{t('statements.page.unmeasured')}</p>
    </section>
  )
}
