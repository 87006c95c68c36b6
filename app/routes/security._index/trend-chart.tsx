import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import { CHART, scaleTop, trendPoints } from '#app/utils/trend-chart'
import type { Dashboard } from './dashboard.server'

type Day = Dashboard['trend'][number]

const COLUMNS: readonly Column<Day>[] = [
  { header: 'security.trend.day', cell: (d) => <time dateTime={d.day}>{d.label}</time> },
  { header: 'check.severity.critical', numeric: true, cell: (d) => d.counts.critical },
  { header: 'check.severity.high', numeric: true, cell: (d) => d.counts.high },
  { header: 'check.severity.medium', numeric: true, cell: (d) => d.counts.medium },
  { header: 'check.severity.low', numeric: true, cell: (d) => d.counts.low },
  { header: 'security.summary.total', numeric: true, cell: (d) => d.total },
]

/** Unresolved findings per day: a line drawn on the server, and the same figures as a table. */
export function TrendChart({ days, t }: { days: readonly Day[]; t: Translate }) {
  const values = days.map((d) => d.total)
  const top = scaleTop(values)
  const first = days[0]?.label ?? ''
  const last = days.at(-1)?.label ?? ''
  const bottom = CHART.height - CHART.bottom
  return (
    <section aria-labelledby="trend">
      <h2 id="trend">{t('security.trend.title', { days: days.length })}</h2>
      <svg
        className="trend-chart"
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={t('security.trend.chart', { first, last, max: Math.max(0, ...values) })}
        data-testid="trend-chart"
      >
        <line className="trend-chart__axis" x1={CHART.left} y1={bottom} x2={CHART.width - CHART.right} y2={bottom} />
        <line className="trend-chart__axis" x1={CHART.left} y1={CHART.top} x2={CHART.left} y2={bottom} />
        <text className="trend-chart__label" x={CHART.left - 6} y={CHART.top + 4} textAnchor="end">
          {top}
        </text>
        <text className="trend-chart__label" x={CHART.left - 6} y={bottom} textAnchor="end">
          0
        </text>
        <text className="trend-chart__label" x={CHART.left} y={CHART.height - 6}>
          {first}
        </text>
        <text className="trend-chart__label" x={CHART.width - CHART.right} y={CHART.height - 6} textAnchor="end">
          {last}
        </text>
        <polyline className="trend-chart__line" points={trendPoints(values, top)} />
      </svg>
      <details>
        <summary>{t('security.trend.table')}</summary>
        <DataTable rows={days} columns={COLUMNS} rowKey={(d) => d.day} t={t} />
      </details>
    </section>
  )
}
