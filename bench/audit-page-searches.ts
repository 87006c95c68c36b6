// What the security officers of bench/audit-page.ts search for: the made-up trail's agencies (with
// rows in Agency, so a code finds them) and people (rows in User, so part of a name finds them),
// and a deterministic mix of the searches the page offers, each a query string of /audit.
import type { Db } from '#server/db/client'
import type { TrailShape } from './audit-trail-data'

export type SearchTerms = { codes: string[]; namespaces: string[] }

/**
 * Agency and User rows for the made-up trail's agencies and people; returns the agencies' codes,
 * and the demo projects' namespaces (their entries are the seed's, at the newest end).
 */
export async function nameTheTrail(db: Db, shape: TrailShape): Promise<SearchTerms> {
  const codes = shape.agencies.map((_, i) => `bench-agency-${i}`)
  await db.agency.createMany({
    data: shape.agencies.map((id, i) => ({
      id,
      code: codes[i]!,
      nameVi: `Sở thử nghiệm ${i}`,
      nameEn: `Test department ${i}`,
      kind: 'department',
    })),
  })
  await db.user.createMany({
    data: shape.people.map((person, i) => ({
      id: person.id,
      subject: `bench-person-${i}`,
      username: `bench.person.${i}`,
      displayName: person.label,
      email: `bench.person.${i}@example.invalid`,
    })),
  })
  const projects = await db.project.findMany({ select: { namespace: true }, orderBy: { namespace: 'asc' } })
  return { codes, namespaces: projects.map((p) => p.namespace) }
}

const ACTIONS = ['session.open', 'request.approve', 'request.submit', 's3_credential.revoked', 'request.reject']

function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** A day of the trail's two years (Việt Nam's dates, as the page's date fields give them). */
const dayOf = (start: number, index: number) => new Date(start + index * 63_000).toISOString().slice(0, 10)

/**
 * `count` query strings of /audit: the newest entries, an older page, by agency, by part of a
 * person's name, by action, by outcome, by a day or a month, by project, and combinations; the
 * kinds in turn, each with its own values.
 */
export function auditSearches(shape: TrailShape, terms: SearchTerms, entries: number, count: number): string[] {
  const { codes, namespaces } = terms
  const rand = random(29)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!
  const seq = () => String(1 + Math.floor(rand() * entries))
  const start = Date.UTC(2024, 11, 1)
  const person = () => pick(shape.people).label.replace(/ \d+$/, '')
  const kinds: (() => Record<string, string>)[] = [
    () => ({}),
    () => ({ before: seq() }),
    () => ({ agency: pick(codes) }),
    () => ({ agency: pick(codes), before: seq() }),
    () => ({ actor: person() }),
    () => ({ action: pick(ACTIONS) }),
    () => ({ outcome: pick(['failed', 'denied']) }),
    () => {
      const day = dayOf(start, Math.floor(rand() * entries))
      return { from: day, to: day }
    },
    () => {
      const from = Math.floor(rand() * (entries - 45_000))
      return { from: dayOf(start, from), to: dayOf(start, from + 45_000), agency: pick(codes) }
    },
    () => ({ project: pick(namespaces) }),
    () => ({ agency: pick(codes), action: pick(ACTIONS), outcome: 'ok' }),
    () => ({ actor: person(), outcome: 'denied', before: seq() }),
  ]
  return Array.from({ length: count }, (_, i) => new URLSearchParams(kinds[i % kinds.length]!()).toString())
}
