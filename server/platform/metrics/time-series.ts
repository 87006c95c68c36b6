// The console's time-series store (issue 14, decision 0046): instant and range queries over the
// Prometheus HTTP query API, which VictoriaMetrics single-node serves locally and Prometheus would
// serve as well. Everything else (what to ask, what the answers mean for usage) belongs to metering.
import { PlatformError, describeTransportError, kindForStatus } from '../errors'
import { errorAnswer, instantAnswer, rangeAnswer } from './responses'

export interface MetricsConnectionOptions {
  /** The store's base URL (METRICS_URL), e.g. http://127.0.0.1:8428. */
  readonly url: string
  /** Basic auth of the store's HTTP API (METRICS_USERNAME, METRICS_PASSWORD): both or neither. */
  readonly username?: string
  readonly password?: string
  /** Each query is abandoned after this long, here and, through the API's timeout, by the store. */
  readonly requestTimeoutMs?: number
  /**
   * Asks VictoriaMetrics not to answer from its cache of past results (`nocache=1`; Prometheus
   * ignores the parameter): the metering reads an hour again to see samples that came in late,
   * and the cache would hand back what it saw the first time (decision 0047).
   */
  readonly noCache?: boolean
}

/** One series' value at one instant. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
  readonly at: Date
}

/** One series over a range, a point per step where it had a value. */
export interface Series {
  readonly labels: Readonly<Record<string, string>>
  readonly points: ReadonlyArray<{ readonly at: Date; readonly value: number }>
}

export interface RangeQuery {
  readonly start: Date
  readonly end: Date
  readonly stepSeconds: number
}

export interface TimeSeriesStore {
  /** The query's value at `at` (now by default); a scalar comes back as one sample without labels. */
  instant(query: string, at?: Date): Promise<Sample[]>
  range(query: string, range: RangeQuery): Promise<Series[]>
}

const MAX_BODY_BYTES = 32 * 1024 * 1024

export function connectTimeSeriesStore(options: MetricsConnectionOptions): TimeSeriesStore {
  const base = new URL(options.url)
  if (Boolean(options.username) !== Boolean(options.password)) {
    throw new Error('the time-series store needs both a user name and a password, or neither')
  }
  const authorization = options.username
    ? `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`
    : undefined
  const timeoutMs = options.requestTimeoutMs ?? 10_000
  const post = (path: string, form: Record<string, string>) =>
    postForm(
      new URL(path, base),
      {
        ...form,
        timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s`,
        ...(options.noCache ? { nocache: '1' } : {}),
      },
      {
        authorization,
        timeoutMs,
      },
    )

  return {
    async instant(query, at) {
      const form: Record<string, string> = { query }
      if (at) form.time = unixSeconds(at)
      const operation = `query ${shorten(query)}`
      const parsed = instantAnswer.safeParse(await post('api/v1/query', form).then((body) => answerOf(body, operation)))
      if (!parsed.success) throw unexpected(operation, parsed.error.message)
      const data = parsed.data.data
      if (data.resultType === 'scalar') return [{ labels: {}, at: dateOf(data.result[0]), value: data.result[1] }]
      return data.result.map((r) => ({ labels: r.metric, at: dateOf(r.value[0]), value: r.value[1] }))
    },
    async range(query, { start, end, stepSeconds }) {
      if (!(stepSeconds > 0) || end < start) throw new RangeError('a range needs start <= end and a positive step')
      const form = { query, start: unixSeconds(start), end: unixSeconds(end), step: `${stepSeconds}s` }
      const operation = `query_range ${shorten(query)}`
      const parsed = rangeAnswer.safeParse(await post('api/v1/query_range', form).then((b) => answerOf(b, operation)))
      if (!parsed.success) throw unexpected(operation, parsed.error.message)
      return parsed.data.data.result.map((r) => ({
        labels: r.metric,
        points: r.values.map(([at, value]) => ({ at: dateOf(at), value })),
      }))
    },
  }
}

interface HttpAnswer {
  readonly status: number
  readonly body: string
  readonly operation: string
}

async function postForm(
  url: URL,
  form: Record<string, string>,
  options: { authorization?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  const operation = `POST ${url.pathname}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        ...(options.authorization ? { Authorization: options.authorization } : {}),
      },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    })
  } catch (error) {
    throw new PlatformError({
      system: 'metrics',
      kind: 'unavailable',
      status: null,
      operation,
      message: describeTransportError(error),
      cause: error,
    })
  }
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) throw unexpected(operation, `an answer of ${declared} bytes`)
  return { status: response.status, body: await response.text(), operation }
}

/** The parsed JSON of a successful answer; the store's own words when it refused. */
function answerOf(answer: HttpAnswer, operation: string): unknown {
  let json: unknown
  try {
    json = JSON.parse(answer.body)
  } catch {
    json = undefined
  }
  if (answer.status >= 200 && answer.status < 300 && json !== undefined) return json
  const refusal = errorAnswer.safeParse(json)
  const words = refusal.success
    ? [refusal.data.errorType, refusal.data.error].filter(Boolean).join(': ')
    : answer.body.slice(0, 300)
  throw new PlatformError({
    system: 'metrics',
    // 422: the query ran and failed (Prometheus's "execution" errors): as terminal as a bad query.
    kind: answer.status >= 200 && answer.status < 300 ? 'unavailable' : kindForStatus(answer.status),
    status: answer.status,
    operation,
    message: words || `HTTP ${answer.status}`,
  })
}

function unexpected(operation: string, detail: string): PlatformError {
  return new PlatformError({
    system: 'metrics',
    kind: 'unavailable',
    status: null,
    operation,
    message: `the store's answer is not the query API's: ${detail.slice(0, 500)}`,
  })
}

function unixSeconds(at: Date): string {
  return (at.getTime() / 1000).toFixed(3)
}

function dateOf(seconds: number): Date {
  return new Date(Math.round(seconds * 1000))
}

function shorten(query: string): string {
  return query.length > 120 ? `${query.slice(0, 117)}...` : query
}
