// An agency's cost by month and by project (decision 0051): stacked bars of whole đồng as its
// statements price them (closed months from the stored statement, open ones computed from the day
// rollups by the same rule), against the month's share of the year's budget when there is one.
// Pure: the statements and the budget come in, the chart goes out.
import { formatMoneyVnd, formatNumber, type Locale } from '../i18n/format'
import { translate } from '../i18n/index'
import { stackedBars } from './bar-chart'
import { slotLabel, slotTick, valueTick } from './labels'
import { chartView, type ChartView } from './view'

/** More projects than this are drawn as the largest ones and one "others" layer. */
export const MOST_LAYERS = 6
const OTHERS = '*others'

export interface MonthCosts {
  /** The local month's first day. */
  readonly month: string
  /** Whole đồng per project; null when the month could not be priced (no card in force). */
  readonly byProject: ReadonlyMap<string, bigint> | null
}

export interface CostChartInput {
  readonly months: readonly MonthCosts[]
  readonly projectNames: ReadonlyMap<string, string>
  /** The year's budget in đồng, or null when the agency has none. */
  readonly budget: bigint | null
}

/** The largest projects over the window, then one layer for the rest. */
export function costLayers(months: readonly MonthCosts[], most = MOST_LAYERS): string[] {
  const totals = new Map<string, bigint>()
  for (const m of months) for (const [id, amount] of m.byProject ?? []) totals.set(id, (totals.get(id) ?? 0n) + amount)
  const ranked = [...totals.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))
  if (ranked.length <= most) return ranked.map(([id]) => id)
  return [...ranked.slice(0, most - 1).map(([id]) => id), OTHERS]
}

function layerAmount(m: MonthCosts, layer: string, shown: ReadonlySet<string>): bigint {
  if (m.byProject === null) return 0n
  if (layer !== OTHERS) return m.byProject.get(layer) ?? 0n
  let rest = 0n
  for (const [id, amount] of m.byProject) if (!shown.has(id)) rest += amount
  return rest
}

/** Millions of đồng once the largest month reaches a million, else đồng. */
function scaleOf(months: readonly MonthCosts[]): number {
  let top = 0n
  for (const m of months) {
    let total = 0n
    for (const amount of m.byProject?.values() ?? []) total += amount
    if (total > top) top = total
  }
  return top >= 1_000_000n ? 1_000_000 : 1
}

export function costChart(input: CostChartInput, locale: Locale): ChartView {
  const layers = costLayers(input.months)
  const shown = new Set(layers)
  const scale = scaleOf(input.months)
  const monthlyBudget = input.budget === null ? null : input.budget / 12n
  const geometry = stackedBars(
    input.months.length,
    layers.map((layer) => ({
      key: layer,
      values: input.months.map((m) => Number(layerAmount(m, layer, shown)) / scale),
    })),
    monthlyBudget === null ? null : Number(monthlyBudget) / scale,
  )
  const name = (layer: string) =>
    layer === OTHERS ? translate(locale, 'costs.others') : (input.projectNames.get(layer) ?? layer)
  const money = (m: MonthCosts, amount: bigint) =>
    m.byProject === null ? translate(locale, 'costs.unpriced') : formatMoneyVnd(amount, locale)
  const total = (m: MonthCosts) => layers.reduce((sum, layer) => sum + layerAmount(m, layer, shown), 0n)
  const first = input.months[0]?.month
  const last = input.months.at(-1)?.month
  return chartView(geometry, {
    id: 'agency-costs',
    title: translate(locale, 'costs.chart.title'),
    description: translate(
      locale,
      monthlyBudget === null ? 'costs.chart.description' : 'costs.chart.descriptionBudget',
      {
        from: first === undefined ? '' : slotLabel('month', first, locale),
        to: last === undefined ? '' : slotLabel('month', last, locale),
        projects: formatNumber(shown.size, locale),
        budget: monthlyBudget === null ? '' : formatMoneyVnd(monthlyBudget, locale),
      },
    ),
    yLabel: translate(locale, scale === 1 ? 'costs.axis.dong' : 'costs.axis.millions'),
    seriesLabels: layers.map(name),
    slotTick: (slot) => slotTick('month', input.months[slot]?.month ?? '', locale),
    valueTick: (value) => valueTick(value, locale),
    referenceLabel:
      monthlyBudget === null
        ? undefined
        : translate(locale, 'costs.budgetShare', { amount: formatMoneyVnd(monthlyBudget, locale) }),
    table: {
      columns: [translate(locale, 'usage.table.slot'), ...layers.map(name), translate(locale, 'costs.total')],
      rows: input.months.map((m) => [
        slotLabel('month', m.month, locale),
        ...layers.map((layer) => money(m, layerAmount(m, layer, shown))),
        money(m, total(m)),
      ]),
    },
  })
}
