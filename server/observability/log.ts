import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { format } from 'node:util'
import pino, { type Logger } from 'pino'

// The console's one logger (issue 16, decision 0070): pino, one JSON object a line on stdout, for
// the web tier and both workers. Each line made while a request (or a job) is being handled
// carries its id, `requestId`, read from one AsyncLocalStorage; the id is what the error page
// shows as its reference, what the response's X-Request-Id says and what the request's audit
// entries record, so a user's screenshot leads to the lines.
//
// This file imports no other file of the console: bin/worker-http.mjs loads it as it stands
// (Node's own type stripping) before remix-serve starts, while the built app has its own bundled
// copy. Both copies use the one store kept on globalThis, so a page process has one context.

export interface RequestContext {
  readonly requestId: string
}

const CONTEXT_KEY = Symbol.for('govcloud.request-context')
const holder = globalThis as { [CONTEXT_KEY]?: AsyncLocalStorage<RequestContext> }
const contexts = (holder[CONTEXT_KEY] ??= new AsyncLocalStorage<RequestContext>())

/** Runs `work` (and everything it starts) as part of the request or job with this id. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return contexts.run({ requestId }, work)
}

/** The id of the request or job being handled here, if any. */
export function currentRequestId(): string | undefined {
  return contexts.getStore()?.requestId
}

/** A proxy's or a client's own id is kept when it is one (UUIDs, nginx's and envoy's hex ids). */
const WELL_FORMED_ID = /^[A-Za-z0-9-]{8,64}$/

/**
 * Every id a context can hold: a well-formed incoming one, a new one, a job's (`job-<id>`). What a
 * search by reference accepts (the audit search): anything else cannot be in the trail.
 */
export const ANY_REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/

/** 16 hexadecimal digits (64 bits): short enough to read out from a screenshot. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase()
}

/** The id of an incoming request: its well-formed X-Request-Id, else a new one. */
export function requestIdFrom(incoming: string | readonly string[] | undefined): string {
  return typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : newRequestId()
}

/** A job's id in the logs when no request enqueued it. */
export function jobRequestId(jobId: bigint): string {
  return `job-${jobId.toString()}`
}

/**
 * Field names whose values never reach a line, at any of the first three depths: credentials
 * a log call might carry by mistake (headers, a token set, an S3 key, a form). Free text is not
 * searched; tests/integration/console/log-secrets.test.ts reads a whole run's output for them.
 */
const SECRET_FIELDS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secretAccessKey',
  'SecretAccessKey',
  'sessionSecret',
  'signingKey',
  'privateKey',
]

/** `password`, `*.password`, `*.*.password`, `*["set-cookie"]` …, as pino's redact paths are written. */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => {
  const plain = /^[A-Za-z_]\w*$/.test(field)
  const step = plain ? `.${field}` : `["${field}"]`
  return [...(plain ? [field] : []), `*${step}`, `*.*${step}`]
})

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** LOG_LEVEL (default info); any other value stops the process at start, naming the setting. */
export function logLevel(raw: string | undefined): (typeof LEVELS)[number] {
  if (raw === undefined || raw === '') return 'info'
  const level = LEVELS.find((known) => known === raw)
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, not "${raw}"`)
  return level
}

/** A logger writing to `destination` (stdout unless given: tests hand a stream). */
export function createLogger(destination?: pino.DestinationStream, level = logLevel(process.env.LOG_LEVEL)): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId()
        return requestId === undefined ? {} : { requestId }
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  )
}

const LOGGER_KEY = Symbol.for('govcloud.logger')
const loggers = globalThis as { [LOGGER_KEY]?: Logger }

/** The process's logger (one per process, whichever copy of this file asks first). */
export const log: Logger = (loggers[LOGGER_KEY] ??= createLogger())

/**
 * Every line a process writes becomes a line of this logger: what libraries print with console.*
 * (routeConsoleToLog) and the process's last words, an error nothing caught (a bad setting at
 * start), logged as fatal before the process ends with code 1, as Node would have ended it.
 */
export function logAllOutput(logger: Logger = log): void {
  routeConsoleToLog(logger)
  const fatal = (err: unknown) => {
    logger.fatal({ err }, 'the process stops: an error nothing caught')
    process.exit(1)
  }
  process.on('uncaughtException', fatal)
  process.on('unhandledRejection', fatal)
}

/**
 * What libraries print with console.* (remix-serve's start, React's and Remix's own reports)
 * becomes a line of this logger too, so every line of the process is JSON with its request id.
 */
export function routeConsoleToLog(logger: Logger = log): void {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') =>
    function consoleLine(...args: unknown[]) {
      const err = args.find((arg) => arg instanceof Error)
      const message = format(...args.filter((arg) => arg !== err))
      if (err) logger[level]({ err, source: 'console' }, message)
      else logger[level]({ source: 'console' }, message)
    }
  console.debug = write('debug')
  console.log = write('info')
  console.info = write('info')
  console.warn = write('warn')
  console.error = write('error')
}

/**
 * Logs an unexpected failure and answers the reference a person is shown for it (error pages,
 * problem details, a form's alert): the request's id, or a new one outside any request, written
 * on the line either way.
 */
export function loggedFailure(err: unknown, message: string, fields: Readonly<Record<string, unknown>> = {}): string {
  const reference = currentRequestId() ?? newRequestId()
  log.error({ ...fields, err, reference }, message)
  return reference
}
