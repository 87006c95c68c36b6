import type { ChartView, SeriesView } from '#server/charts/view'
import type { Translate } from '#app/utils/i18n'

// Draws a chart the server computed (server/charts, decision 0051): an SVG that needs no script,
// named by its title and description (role="img"), series told apart by dash and marker as well
// as colour, and the same figures in a table below it for screen readers and for reading.

const DASH: Readonly<Record<number, string | undefined>> = { 0: undefined, 1: '8 4', 2: '2 3', 3: '12 3 2 3' }

function Marker({ series, x, y }: { series: SeriesView; x: number; y: number }) {
  const shape = series.index % 4
  if (shape === 0) return <circle cx={x} cy={y} r={2.5} />
  if (shape === 1) return <rect x={x - 2.5} y={y - 2.5} width={5} height={5} />
  if (shape === 2) return <path d={`M${x},${y - 3}L${x + 3},${y + 2.5}L${x - 3},${y + 2.5}Z`} />
  return <path d={`M${x},${y - 3.5}L${x + 3.5},${y}L${x},${y + 3.5}L${x - 3.5},${y}Z`} />
}

function Series({ series }: { series: SeriesView }) {
  const className = `chart-series chart-series-${series.index % 6}`
  return (
    <g className={className}>
      {series.d ? <path d={series.d} fill="none" strokeDasharray={DASH[series.index % 4]} /> : null}
      {series.points.length <= 60
        ? series.points.map((p) => <Marker key={p.x} series={series} x={p.x} y={p.y} />)
        : null}
      {series.bars.map((bar) => (
        <rect key={bar.slot} x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
      ))}
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
            {chart.kind === 'bars' ? (
              <rect x={6} y={0} width={16} height={10} />
            ) : (
              <>
                <path d="M0,5H28" fill="none" strokeDasharray={DASH[series.index % 4]} />
                <Marker series={series} x={14} y={5} />
              </>
            )}
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
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{chart.title}</caption>
          <thead>
            <tr>
              <th scope="col">{first}</th>
              {rest.map((column) => (
                <th key={column} scope="col" className="num">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.table.rows.map(([slot, ...cells]) => (
              <tr key={slot}>
                <th scope="row">{slot}</th>
                {cells.map((cell, index) => (
                  <td key={chart.table.columns[index + 1]} className="num">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
          <Series key={series.key} series={series} />
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
