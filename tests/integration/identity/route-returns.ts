import { expect } from 'vitest'
import type { Db } from '#server/db/client'
import { PLATFORM_DETAIL } from '../../helpers/fixtures'
import { dataPath, decodeLoaderData } from '../../helpers/loader-data'
import { like } from '../../helpers/matchers'

// The route matrix's second half: not only whether a visitor gets a page, but what the page's
// loaders hand them (decision 0030). Data is authorised, not just routes: a page an agency may see
// can still carry the province's pool capacity, another agency's names and request numbers, or
// the platform's internal hosts in an error message. For every route and visitor the test reads
// the answer the browser gets (the document, or the resource's body) and, for pages, what every
// loader returns to a client-side navigation (`<path>.data`, decoded), and searches both.

export const VISITORS = ['anonymous', 'noRole', 'staffOwn', 'staffOther', 'operator', 'security', 'admin'] as const
export type Visitor = (typeof VISITORS)[number]

/** The data centre's roles: they see every agency, the pools and the platform's own messages. */
const CENTRAL: readonly Visitor[] = ['operator', 'security', 'admin']

/** What each visitor outside the data centre must never be handed. */
export type Facts = {
  /** Other agencies' names and codes, their projects' names and namespaces. */
  foreign: Readonly<Record<Visitor, readonly string[]>>
  /** The request numbers a visitor may see. */
  requestNumbers: Readonly<Record<Visitor, ReadonlySet<number>>>
  /** The pools' names and codes. */
  pools: readonly string[]
}

type AgencyRow = {
  id: string
  code: string
  nameVi: string
  nameEn: string
  parentId: string | null
  mergedIntoId: string | null
}

/** The agency with that code and every agency below it. */
function withDescendants(agencies: readonly AgencyRow[], code: string | null): Set<string> {
  const ids = new Set(agencies.filter((a) => a.code === code).map((a) => a.id))
  for (let grew = true; grew;) {
    grew = false
    for (const a of agencies)
      if (a.parentId !== null && ids.has(a.parentId) && !ids.has(a.id)) grew = ids.add(a.id).size > 0
  }
  return ids
}

/** The agencies above these: an agency's place in the province's tree is its own fact. */
function ancestors(agencies: readonly AgencyRow[], ids: ReadonlySet<string>): Set<string> {
  const above = new Set<string>()
  for (const id of ids) {
    let parent = agencies.find((a) => a.id === id)?.parentId ?? null
    while (parent !== null && !above.has(parent)) {
      above.add(parent)
      parent = agencies.find((a) => a.id === parent)?.parentId ?? null
    }
  }
  return above
}

/** The agencies merged into these, and those these were merged into: a merger is both agencies' history. */
function mergedWith(agencies: readonly AgencyRow[], ids: ReadonlySet<string>): Set<string> {
  return new Set(
    agencies
      .filter((a) => (a.mergedIntoId !== null && ids.has(a.mergedIntoId)) || ids.has(a.id))
      .flatMap((a) => [a.id, ...(a.mergedIntoId === null ? [] : [a.mergedIntoId])]),
  )
}

/**
 * `agencyOf`: the agency code each visitor belongs to (null: none). `staticWords`: the console's
 * own words (the catalogue), the same for everyone; a name they mention (the data centre's
 * operator as the one to ask, a code as an example) is no one's data, so it is not searched for.
 */
export async function loadFacts(
  db: Db,
  agencyOf: Readonly<Record<Visitor, string | null>>,
  staticWords: string,
): Promise<Facts> {
  const [agencies, projects, requests, pools] = await Promise.all([
    db.agency.findMany({
      select: { id: true, code: true, nameVi: true, nameEn: true, parentId: true, mergedIntoId: true },
    }),
    db.project.findMany({ select: { agencyId: true, name: true, namespace: true } }),
    db.quotaRequest.findMany({ select: { agencyId: true, number: true } }),
    db.capacityPool.findMany({ select: { code: true, nameVi: true, nameEn: true } }),
  ])
  const foreign = {} as Record<Visitor, string[]>
  const requestNumbers = {} as Record<Visitor, Set<number>>
  for (const visitor of VISITORS) {
    const central = CENTRAL.includes(visitor)
    const visible = withDescendants(agencies, agencyOf[visitor])
    const known = new Set([...visible, ...ancestors(agencies, visible), ...mergedWith(agencies, visible)])
    const ownProjects = new Set(projects.filter((p) => visible.has(p.agencyId)).map((p) => p.name))
    foreign[visitor] = central
      ? []
      : [
          ...agencies.filter((a) => !known.has(a.id)).flatMap((a) => [a.nameVi, a.nameEn, a.code]),
          ...projects
            .filter((p) => !visible.has(p.agencyId) && !ownProjects.has(p.name))
            .flatMap((p) => [p.name, p.namespace]),
        ].filter((marker) => !mentions(staticWords, marker))
    requestNumbers[visitor] = new Set(requests.filter((r) => central || visible.has(r.agencyId)).map((r) => r.number))
  }
  return {
    foreign,
    requestNumbers,
    pools: pools.flatMap((p) => [p.code, p.nameVi, p.nameEn]).filter((marker) => !mentions(staticWords, marker)),
  }
}

/** What a visitor was handed: the answer's text, and what the loaders returned (pages) or the body (JSON). */
export type Seen = { texts: string[]; data: unknown; route: unknown }

/** GETs `path` as the browser does, and for a page also `<path>.data` as a client-side navigation does. */
export async function fetchSeen(
  base: string,
  routeId: string,
  path: string,
  isPage: boolean,
  headers: Record<string, string>,
): Promise<Seen> {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', headers })
  const text = await response.text()
  if (!isPage) {
    const json = /json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as unknown) : text
    return { texts: [text], data: json, route: json }
  }
  const loaders = await decodeLoaderData(await fetch(`${base}${dataPath(path)}`, { redirect: 'manual', headers }))
  const result = loaders[`routes/${routeId}`]
  return {
    texts: [text, JSON.stringify(loaders)],
    data: loaders,
    route: result && 'data' in result ? result.data : undefined,
  }
}

/** Every value under a key named `key`, however deep. */
function valuesAt(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, key))
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
    ...(k === key ? [v] : []),
    ...valuesAt(v, key),
  ])
}

/** `marker` as a whole word (codes and namespaces are parts of other names: so-tc ⊂ so-tc-x). */
const mentions = (text: string, marker: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}-])${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}-])`, 'u').test(text)

/**
 * The rules for everyone outside the data centre, on every route: no other agency's names or
 * request numbers, no pool, no capacity, no message of the platform's. `path` is what was asked
 * for: a 404 repeats the address it could not find, which says nothing the visitor did not send.
 */
export function expectNothingForeign(seen: Seen, visitor: Visitor, facts: Facts, path: string): void {
  if (CENTRAL.includes(visitor)) return
  const asked = new Set(path.split(/[/?&=]/).filter(Boolean))
  for (const text of seen.texts) {
    const heard = [...asked].reduce((t, part) => t.replaceAll(part, ''), text)
    for (const marker of [...facts.foreign[visitor], ...facts.pools, ...Object.values(PLATFORM_DETAIL)])
      expect(mentions(heard, marker), `${visitor} GET ${path} was handed "${marker}"`).toBe(false)
  }
  for (const key of ['capacity', 'pools'])
    for (const value of valuesAt(seen.data, key))
      expect(value ?? null, `${visitor} GET ${path} was handed ${key}`).toBeNull()
  for (const number of valuesAt(seen.data, 'number').filter((n) => typeof n === 'number'))
    expect(facts.requestNumbers[visitor].has(number), `${visitor} GET ${path} was handed request ${number}`).toBe(true)
}

const isCentral = (visitor: Visitor) => CENTRAL.includes(visitor)
const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : v),
    value,
  )

/** The Vietnamese reason agency staff read for a pass that could not reach the API server. */
const UNREACHABLE = 'Không kết nối được Kubernetes'
/** The sentence both read for it (decision 0080); only the data centre gets the platform's words too. */
const UNREACHABLE_SAID = 'Không kết nối được máy chủ API Kubernetes, hoặc máy chủ đang bận; cổng sẽ tự thử lại.'

/** A provisioning status: the platform's messages for the data centre, the reason for the agency. */
function expectStatusFor(visitor: Visitor, status: unknown, label: string): void {
  if (isCentral(visitor)) {
    expect(field(status, 'lastError', 'text'), label).toBe(UNREACHABLE_SAID)
    expect(field(status, 'lastError', 'detail'), label).toContain(PLATFORM_DETAIL.apiServer)
    expect(field(status, 'jobError', 'detail'), label).toContain(PLATFORM_DETAIL.storage)
  } else if (visitor === 'staffOwn') {
    const said = { text: UNREACHABLE_SAID, detail: null }
    expect(field(status, 'lastError'), label).toEqual(said)
    expect(field(status, 'jobError'), label).toEqual(said)
    expect(field(status, 'degraded'), label).toEqual({ reasonLabel: UNREACHABLE, message: said })
  }
}

/**
 * What each route hands out beyond the rules above, and the proof that the data the rules forbid
 * is there for those who may have it. Every route needs an entry: a new page must say what it
 * returns to whom.
 */
export const RETURNS: Readonly<
  Record<string, { returns: string; check?: (visitor: Visitor, route: unknown) => void }>
> = {
  _index: {
    returns:
      "counts of the visitor's agencies; their systems and open requests to agency staff; the sign-offs waiting to security officers; the pools to the data centre only",
    check: (visitor, route) => {
      const pools = field(route, 'pools')
      if (isCentral(visitor)) expect((pools as unknown[]).length, visitor).toBeGreaterThan(0)
      else expect(pools ?? null, visitor).toBeNull()
      // Their own agencies' systems only (the foreign names are searched for by the matrix).
      const systems = field(route, 'staffWork', 'systems')
      if (visitor === 'staffOwn' || visitor === 'staffOther')
        expect((systems as unknown[]).length, visitor).toBeGreaterThan(0)
      else expect(field(route, 'staffWork') ?? null, visitor).toBeNull()
      if (visitor === 'security') expect(field(route, 'signOffWork', 'items'), visitor).toBeInstanceOf(Array)
      else expect(field(route, 'signOffWork') ?? null, visitor).toBeNull()
    },
  },
  'agencies._index': { returns: 'the agencies the visitor may see, as a tree' },
  'agencies.$code': {
    returns:
      "the agency, its place in the tree and its projects (never another's); its budget, with the form to set it for operators and administrators only; its costs to the statements' readers",
    check: (visitor, route) => {
      if (route !== undefined && visitor === 'security') expect(field(route, 'costs'), visitor).toBeNull()
      const budget = field(route, 'budget')
      if (budget === undefined || budget === null) return
      const form = (budget as { form: unknown }).form
      expect(form !== null, `${visitor} budget form`).toBe(visitor === 'operator' || visitor === 'admin')
    },
  },
  'agencies.$code_.costs[.]csv': { returns: "the agency page's cost chart as CSV, on the statements' terms" },
  'agencies.$code_.kubeconfig': { returns: "the agency's own provisioned namespaces and the API server agencies use" },
  'projects._index': { returns: "the visitor's agencies' projects" },
  'projects.$namespace': {
    returns: 'the project; its provisioning status with the platform detail for the data centre only',
    check: (visitor, route) => {
      if (route !== undefined) expectStatusFor(visitor, field(route, 'provisioning'), `${visitor} project page`)
    },
  },
  'projects.$namespace_.provisioning': {
    returns: 'the status the project page polls, on the same terms as the page',
    check: (visitor, route) => {
      if (field(route, 'status') !== undefined)
        expectStatusFor(visitor, field(route, 'status'), `${visitor} status route`)
    },
  },
  'projects.$namespace_.closing': {
    returns: "the system's life and its closing requests, on the project page's terms",
  },
  'projects.$namespace_.usage': { returns: "the project's use over time as charts and tables, on the page's terms" },
  'projects.$namespace_.backups': {
    returns:
      "the project's backups, restores and their health as the worker reports them, and its backup findings to those who read findings (decision 0076), on the page's terms",
  },
  'projects.$namespace_.usage[.]csv': { returns: "the usage page's figures as CSV, on its terms" },
  'pools.$code': { returns: "a pool's capacity, allocation and every project's use summed: the data centre only" },
  'pools._index': { returns: "every pool's figures and the platform's latest reading: the data centre only" },
  'pools.new': { returns: "the new pool's form and the platform's latest reading: those who manage pools" },
  'pools.$code_.edit': { returns: "a pool's figures, its versions and their evidence: those who manage pools" },
  provisioning: { returns: "every tenant's problems, with the platform's messages: the data centre only" },
  'projects.$namespace_.requests.new': { returns: 'the form: the project and the resources on offer (no pools)' },
  'requests._index': { returns: "the visitor's agencies' requests" },
  'requests.$number': { returns: 'the request, its lines and votes' },
  'requests.$number_.edit': { returns: 'the form with the draft' },
  'requests.$number_.decide': {
    returns:
      "what is decided (system, agency, level, justification, votes) and the project's own headroom to its agency; the pools' capacity to the data centre only",
    check: (visitor, route) => {
      if (route === undefined) return
      expect(field(route, 'subject'), visitor).toMatchObject({ securityLevel: like.any(String) })
      const capacity = field(route, 'capacity')
      if (isCentral(visitor)) expect((capacity as unknown[]).length, visitor).toBeGreaterThan(0)
      else expect(capacity, visitor).toBeNull()
      expect(Array.isArray(field(route, 'headroom')), visitor).toBe(true)
    },
  },
  queue: { returns: 'requests waiting on the data centre, for those who decide' },
  'queue_.agencies': { returns: "the queue filter's agencies, on the queue's terms" },
  notifications: { returns: "the visitor's own notifications" },
  audit: {
    returns: "the whole trail, every agency's, with its integrity: security officers and platform administrators only",
  },
  'audit_.export': { returns: "the export bundle of the trail, on the audit page's terms" },
  'waivers._index': {
    returns: "waivers waiting, expiring and expired, of the visitor's agencies (all for the security office)",
  },
  'waivers_.report': { returns: "the waivers page's lists as CSV, on its terms" },
  'waivers.$number': {
    returns:
      "one waiver of the visitor's agency (any for the security office), what it covers and the visitor's actions",
  },
  'projects.$namespace_.waivers.new': {
    returns: "the waiver form for the project's own staff: the check, the object, the longest expiry",
  },
  'security._index': {
    returns:
      "findings' figures of the visitor's agencies (all for the security office); the sign-off count, the checkpoint and the scans' errors to those who may read them",
    check: (visitor, route) => {
      if (route === undefined) return
      expect(field(route, 'signOff') !== null, `${visitor} sign-off count`).toBe(visitor === 'security')
      expect(field(route, 'checkpoint') !== null, `${visitor} checkpoint`).toBe(isCentral(visitor))
      expect(field(route, 'scans') !== null, `${visitor} scans`).toBe(isCentral(visitor))
    },
  },
  'security.findings': {
    returns: "findings of the visitor's agencies (all for the security office), the filter's choices",
  },
  'security.findings[.]csv': { returns: 'the findings list as CSV, on its terms' },
  'security.sign-off': { returns: "the requests waiting for this security officer's sign-off" },
  'security.checks': { returns: "the catalogue of checks: the console's own rules, no data" },
  rates: {
    returns:
      "the rate card and footprint coefficients (the same for everyone); the form's starting prices to those who may add a version",
    check: (visitor, route) => {
      if (route === undefined) return
      expect(field(route, 'form') !== null, `${visitor} form`).toBe(visitor === 'operator' || visitor === 'admin')
    },
  },
  'statements._index': {
    returns:
      "the statements of the visitor's agencies (every agency's for operators and administrators), the agency filter's choices to those who see several",
  },
  'statements.$agency.$month': { returns: "the agency's statement of the month: lines, versions and their changes" },
  'statements.$agency.$month_.print': { returns: 'the same statement, to print' },
  'statements.$agency.$month_.export': { returns: 'the same statement as CSV or XLSX' },
  policies: { returns: 'the policy in force, its history and the form, to platform administrators only' },
  'admin.agencies._index': {
    returns:
      "every agency with its parent and status, the form that adds one, and the Keycloak groups' mismatches, to platform administrators only",
  },
  'admin.agencies.$code': {
    returns:
      "one agency's names and parent and the forms that rename, move and archive it, to platform administrators only",
  },
  'systems._index': {
    returns:
      "the visitor's agencies' systems with their registration's state (every agency's for the data centre), the form's agencies limited to those the visitor may register for",
  },
  'systems.$namespace': {
    returns: "one system's registration: purpose, owner, contact, the level proposed with its document, the history",
  },
  'systems.$namespace_.edit': {
    returns: "one system's registration as its edit form is filled, and its version, to those who may edit it",
  },
  'security.systems._index': {
    returns: 'the registrations and changes of level awaiting review, to security officers only',
  },
  'security.systems.$namespace': {
    returns: 'one registration with everything a review decides on, to security officers only',
  },
  $: { returns: 'a 404 page' },
  healthz: { returns: 'that the process serves, and its version, nothing else' },
  readyz: { returns: 'whether the console reaches its database, and its version, nothing else' },
  'i18n.$file': { returns: 'the words of the open-source tree, no data' },
  'auth.login': { returns: 'a redirect' },
  'auth.callback': { returns: 'a sign-in problem page' },
  'auth.logout': { returns: 'nothing on GET (405)' },
  lang: { returns: 'a redirect' },
  'no-access': { returns: "the visitor's own name, to those without access" },
  'api.v1.$': { returns: 'a 401 problem: a session is not an API credential' },
}
