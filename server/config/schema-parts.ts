import { z } from 'zod'

// Pieces of the settings' schemas shared by the console's and the workers' configurations.

/** An unset variable and an empty one mean the same: not configured. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** A timeout in whole seconds, 1 to `max`, `fallback` when unset. */
export const timeoutSeconds = (max: number, fallback: number) =>
  optional(
    z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .int()
      .min(1)
      .max(max, { error: `must be 1 to ${max}` }),
  ).transform((value) => value ?? fallback)
