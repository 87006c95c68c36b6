// The bridge from the app to the validated start-up configuration (server/config/env.ts).
export { getEnv, type Env } from '#server/config/env'
export { assertSupportedRuntime } from '#server/config/runtime'
