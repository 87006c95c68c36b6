// The console's one logger for the app's own files (decision 0070): server/observability/log.ts.
export { log } from '#server/observability/log'
