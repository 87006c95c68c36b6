// The people of bench/load-200.ts: who they are and their sign-in. The realm has five agency staff
// (one per agency), two operators and one security officer; the bench's people are sessions of
// them, as several colleagues at an agency share a role (each signs in on their own, with a
// session and a desk of their own). The scripts are the agencies' automation, each with a token
// of the automation client (client credentials, as a script gets one).
import { automationClientToken, signInThroughConsole } from '../tests/helpers/keycloak-form'
import { figures, percentile } from './concurrent-load'
import type { Person } from './load-site'

const STAFF = ['an.nguyen', 'lan.hoang', 'hung.tran', 'thu.vi', 'hanh.luong']
const OPERATORS = ['duc.dang', 'tuan.be']
const OFFICERS = ['huong.pham']

/** Of every 40 people: 24 agency staff, 9 operators, 5 security officers, 2 scripts. */
const SHARE = { staff: 24, operator: 9, officer: 5, script: 2 } as const

export function castPeople(count: number): Person[] {
  const roles = Object.entries(SHARE).flatMap(([role, share]) =>
    Array<Person['role']>(share).fill(role as Person['role']),
  )
  return Array.from({ length: count }, (_, n) => {
    const role = roles[n % roles.length]!
    const among = Math.floor(n / roles.length)
    const username =
      role === 'staff'
        ? STAFF[(n + among) % STAFF.length]!
        : role === 'operator'
          ? OPERATORS[n % OPERATORS.length]!
          : role === 'officer'
            ? OFFICERS[0]!
            : 'service-account-govcloud-automation'
    return { n, role, username, address: `10.20.${Math.floor(n / 250)}.${(n % 250) + 1}`, cookie: '' }
  })
}

/** A new token of the automation client, with when it expires (ms since the epoch). */
export async function automationToken(): Promise<{ value: string; expiresAt: number }> {
  const token = await automationClientToken()
  return { value: token.accessToken, expiresAt: Date.now() + token.expiresIn * 1000 }
}

/** How many sign in at once: an office's morning, not a flood (the console's limit is per address). */
const AT_ONCE = 8

/** Tries again after a while: as a person would when Keycloak locked their account for a minute. */
const ATTEMPTS = 4
const RETRY_AFTER_MS = 20_000

/**
 * The person's session cookie, signed in through the console and Keycloak's form. The realm's
 * brute-force protection locks a demo account for a minute after other clients' failed attempts
 * (other engineers' tests of wrong passwords share this Keycloak), so a refusal is said and tried
 * again, up to four times.
 */
async function signIn(consoleUrl: string, person: Person): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { jar } = await signInThroughConsole(consoleUrl, person.username, { 'x-forwarded-for': person.address })
      const session = jar.get('__Host-govcloud')
      if (!session) throw new Error(`${person.username} (person ${person.n}) got no session cookie`)
      return `__Host-govcloud=${session}`
    } catch (error) {
      if (attempt === ATTEMPTS) throw error
      console.log(`person ${person.n}, attempt ${attempt}: ${String(error)}; again in ${RETRY_AFTER_MS / 1000} s`)
      await new Promise((wait) => setTimeout(wait, RETRY_AFTER_MS))
    }
  }
}

/**
 * Signs every person in through `consoleUrl` (scripts get a token instead); returns how long a
 * sign-in took (p50 / p95 / p99 ms) and in all. Any failure stops the bench: nobody works unsigned.
 */
export async function signInAll(consoleUrl: string, people: Person[]): Promise<string> {
  const started = performance.now()
  const took: number[] = []
  const waiting = [...people]
  const signingIn = new Set<string>()
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (waiting.length > 0) {
        // One sign-in per account at a time: Keycloak's brute-force protection answers a second,
        // simultaneous one for the same account "invalid username or password" (tried by hand).
        const at = waiting.findIndex((p) => p.role === 'script' || !signingIn.has(p.username))
        if (at < 0) {
          await new Promise((wait) => setTimeout(wait, 20))
          continue
        }
        const person = waiting.splice(at, 1)[0]!
        signingIn.add(person.username)
        const start = performance.now()
        try {
          if (person.role === 'script') person.token = await automationToken()
          else person.cookie = await signIn(consoleUrl, person)
        } finally {
          signingIn.delete(person.username)
        }
        took.push(performance.now() - start)
      }
    }),
  )
  took.sort((a, b) => a - b)
  const at = (p: number) => percentile(took, p)
  return `${figures({ p50: at(50), p95: at(95), p99: at(99), count: took.length, rps: 0 })} ms each, ${((performance.now() - started) / 1000).toFixed(1)} s in all`
}
