import type { ChartView, SeriesView } from '#server/charts/view'
import type { Translate } from '#app/utils/i18n'
import { Cell, RowHeader, Table, TableRow } from './ui/data-table'

// Draws a chart the server computed (server/charts, decision 0051): an SVG that needs no script,
// named by its title and description (role="img"), series told apart by dash and marker as well
// as colour, and the same figures in a table below it for screen readers and for reading.

const DASH: Readonly<Record<number, string | undefined>> = { 0: undefined, 1: '8 4', 2: '2 3', 3: '12 3 2 3' }

/** Where a series' marker is referenced from: unique on the page, as the chart's id is. */
const markerUrl = (chart: ChartView, series: SeriesView) =>
  series.marker ? `url(#${chart.id}-marker-${series.index})` : undefined

function Series({ chart, series }: { chart: ChartView; series: SeriesView }) {
  const className = `chart-series chart-series-${series.index % 6}`
  const marker = markerUrl(chart, series)
  // The marker takes its colour from this group: a marker's content inherits from where it is defined.
  return (
    <g className={className}>
      {series.marker ? (
        <defs>
          <marker
            id={`${chart.id}-marker-${series.index}`}
            markerUnits="userSpaceOnUse"
            markerWidth={8}
            markerHeight={8}
            overflow="visible"
          >
            <path d={series.marker} />
          </marker>
        </defs>
      ) : null}
      {series.d ? <path d={series.d} fill="none" strokeDasharray={DASH[series.index % 4]} /> : null}
      {series.marks ? (
        <path className="chart-marks" d={series.marks} markerStart={marker} markerMid={marker} markerEnd={marker} />
      ) : null}
    </g>
  )
}

function Axes({ chart }: { chart: ChartView }) {
  const { plot } = chart
  return (
    <g className="chart-axes" aria-hidden="true">
      {chart.yTicks.map((tick) => (
        <g key={tick.at}>
          <line className="chart-grid" x1={plot.left} x2={plot.right} y1={tick.at} y2={tick.at} />
          <text x={plot.left - 6} y={tick.at} dy="0.32em" textAnchor="end">
            {tick.label}
          </text>
        </g>
      ))}
      {chart.xTicks.map((tick) => (
        <text key={tick.at} x={tick.at} y={plot.bottom + 16} textAnchor="middle">
          {tick.label}
        </text>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
      <text x={plot.left} y={plot.top - 2} className="chart-axis-name">
        {chart.yLabel}
      </text>
    </g>
  )
}

function Legend({ chart }: { chart: ChartView }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {chart.series.map((series) => (
        <li key={series.key}>
          <svg width="28" height="10" className={`chart-series chart-series-${series.index % 6}`}>
            {chart.kind === 'line' ? <path d="M0,5H28" fill="none" strokeDasharray={DASH[series.index % 4]} /> : null}
            <path className="chart-marks" d={series.legendMark} markerStart={markerUrl(chart, series)} />
          </svg>
          {series.label}
        </li>
      ))}
      {chart.reference ? <li className="chart-reference-key">{chart.reference.label}</li> : null}
    </ul>
  )
}

function FiguresTable({ chart, t }: { chart: ChartView; t: Translate }) {
  const [first, ...rest] = chart.table.columns
  return (
    <details className="chart-figures">
      <summary>{t('usage.table')}</summary>
      <Table
        headings={[{ label: first ?? '' }, ...rest.map((column) => ({ label: column, numeric: true }))]}
        caption={<span className="visually-hidden">{chart.title}</span>}
      >
        {chart.table.rows.map(([slot, ...cells]) => (
          <TableRow key={slot}>
            <RowHeader>{slot}</RowHeader>
            {cells.map((cell, index) => (
              <Cell key={chart.table.columns[index + 1]} label={rest[index] ?? ''} numeric>
                {cell}
              </Cell>
            ))}
          </TableRow>
        ))}
      </Table>
    </details>
  )
}

export function Chart({ chart, t }: { chart: ChartView; t: Translate }) {
  const titleId = `${chart.id}-title`
  const descId = `${chart.id}-desc`
  return (
    <figure className="chart" data-chart={chart.id}>
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        className="chart-svg"
      >
        <title id={titleId}>{chart.title}</title>
        <desc id={descId}>{chart.description}</desc>
        <Axes chart={chart} />
        {chart.series.map((series) => (
          <Series key={series.key} chart={chart} series={series} />
        ))}
        {chart.reference ? (
          <line
            className="chart-reference"
            x1={chart.plot.left}
            x2={chart.plot.right}
            y1={chart.reference.y}
            y2={chart.reference.y}
          />
        ) : null}
      </svg>
      <figcaption>
        <strong>{chart.title}</strong>
        <Legend chart={chart} />
      </figcaption>
      <FiguresTable chart={chart} t={t} />
    </figure>
  )
}
