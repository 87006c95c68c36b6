import { readFile } from 'node:fs/promises'
import { z } from 'zod'

// What `npm run dev` is still bringing up of the platform (decision 0069). infra/local/dev serves
// pages as soon as PostgreSQL and Keycloak are up and builds the platform beside them, writing one
// line per component to PLATFORM_STARTUP_FILE: `name phase since` (since: seconds of the epoch).
// A deployment sets no such file, and pages then say nothing.

/** The platform's parts in the order infra/local/dev brings them up. */
export const STARTUP_COMPONENTS = ['kubernetes', 'seaweedfs', 'victoriametrics', 'velero', 'crds'] as const
export type StartupComponent = (typeof STARTUP_COMPONENTS)[number]

/** Every phase but `ready`, which pages do not mention. */
export const STARTUP_PHASES = ['waiting', 'building', 'starting', 'failed'] as const
export type StartupPhase = (typeof STARTUP_PHASES)[number]

export interface StartingComponent {
  readonly component: StartupComponent
  readonly phase: StartupPhase
  /** Whole minutes in this phase so far. */
  readonly minutes: number
}

const Line = z.tuple([
  z.enum(STARTUP_COMPONENTS),
  z.enum([...STARTUP_PHASES, 'ready']),
  z.coerce.number().int().nonnegative(),
])

/**
 * The components not yet ready, in the file's order, from the file's text. A line this console does
 * not know (a component added to the script later, a torn line) is left out rather than guessed at.
 */
export function parsePlatformStartup(text: string, now: Date): StartingComponent[] {
  return text.split('\n').flatMap((line) => {
    const parsed = Line.safeParse(line.trim().split(/\s+/))
    if (!parsed.success) return []
    const [component, phase, since] = parsed.data
    if (phase === 'ready') return []
    return [{ component, phase, minutes: Math.max(0, Math.floor((now.getTime() / 1000 - since) / 60)) }]
  })
}

/**
 * Reads the file: nothing when no file is set or it is not there. A file that cannot be read also
 * gives nothing: the notice is a courtesy of development, and no page may fail for it.
 */
export async function readPlatformStartup(file: string | undefined, now = new Date()): Promise<StartingComponent[]> {
  if (!file) return []
  try {
    return parsePlatformStartup(await readFile(file, 'utf8'), now)
  } catch {
    return []
  }
}
