// The answers of the Prometheus HTTP query API (/api/v1/query, /api/v1/query_range), which
// VictoriaMetrics and Prometheus both speak (decision 0046), checked before anything reads them: a
// store that answers something else fails loudly here rather than as a wrong figure on a statement.
import { z } from 'zod'

/** A sample's value as the API writes it: a decimal string, or NaN, +Inf, -Inf. */
const sampleValue = z.string().transform((text, ctx) => {
  if (text === 'NaN') return Number.NaN
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  const value = Number(text)
  if (text.trim() === '' || Number.isNaN(value)) {
    ctx.addIssue({ code: 'custom', message: `not a sample value: ${JSON.stringify(text.slice(0, 40))}` })
    return z.NEVER
  }
  return value
})

/** [unix seconds, value]; the store writes seconds with a fraction (milliseconds). */
const point = z.tuple([z.number().finite(), sampleValue])
const labels = z.record(z.string(), z.string())

const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: point })),
})
const scalar = z.object({ resultType: z.literal('scalar'), result: point })
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(point) })),
})

const success = <T extends z.ZodType>(data: T) => z.object({ status: z.literal('success'), data })

export const instantAnswer = success(z.discriminatedUnion('resultType', [vector, scalar]))
export const rangeAnswer = success(matrix)

/** What the API says when it refuses a query (bad_data, execution, timeout, ...). */
export const errorAnswer = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string().optional(),
})
