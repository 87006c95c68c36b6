import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createCookie } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localMonthOf } from '#server/domain/local-calendar'
import { recordFindings } from '#server/security/findings'
import { catalogue } from '#server/i18n'
import { catalogueAsset } from '#server/i18n/asset'
import type { ConsoleServer } from '../../helpers/console-server'
import type { TestDatabase } from '../../helpers/database'
import { failedOnThePlatform, waiverOfWholeCheck } from '../../helpers/fixtures'
import { FROM_THE_CONSOLE, PUBLIC_URL, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { signInAtKeycloak, signInToConsole, type CookieJar } from '../../helpers/sign-in'
import { requireStackSetting, stackEnv } from '../../helpers/stack-env'
import {
  expectNothingForeign,
  fetchSeen,
  loadFacts,
  RETURNS,
  VISITORS,
  type Facts,
  type Visitor,
} from './route-returns'

// Every route of the console × every kind of visitor, against the built console under
// bin/serve.mjs, a seeded database and the local stack's Keycloak. Sessions are real: each demo
// user signs in once through the console's own /auth/login and Keycloak's login form.
//
// The console believes it is published at PUBLIC_URL while it listens on a free port, as it would
// behind a reverse proxy (seeded-console.ts), so this file runs beside the browser tests.
//
// A route file without an entry in ROUTES fails the test: a new page must say who may see it.

const ROOT = resolve(import.meta.dirname, '../../..')
const ROUTES_DIR = resolve(ROOT, 'app/routes')

/** Route ids as Remix names them (flat files and folders with a route module), with their source. */
function routeModules(): Map<string, string> {
  const modules = new Map<string, string>()
  for (const entry of readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const file = ['route.tsx', 'route.ts', 'route.jsx', 'route.js']
        .map((f) => resolve(ROUTES_DIR, entry.name, f))
        .find(existsSync)
      if (file) modules.set(entry.name, readFileSync(file, 'utf8'))
    } else if (/\.(tsx?|jsx?)$/.test(entry.name) && !/\.(server|test)\.[tj]sx?$/.test(entry.name)) {
      modules.set(entry.name.replace(/\.[tj]sx?$/, ''), readFileSync(resolve(ROUTES_DIR, entry.name), 'utf8'))
    }
  }
  return modules
}

const hasAction = (source: string) => /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(source)

/** Who signs in as which visitor. The objects the matrix asks for belong to so-khcn. */
const USERS: Record<Exclude<Visitor, 'anonymous'>, string> = {
  noRole: 'minh.do', // no agency, no role
  staffOwn: 'an.nguyen', // agency staff of so-khcn
  staffOther: 'lan.hoang', // agency staff of so-tc
  operator: 'duc.dang',
  security: 'huong.pham',
  admin: 'quang.ly',
}

/**
 * What a visitor gets: a status, or where they are sent. `login` = 302 to /auth/login with this
 * page as returnTo; `noAccess` = 302 to /no-access; `allowed` (POST only) = the action ran its
 * own validation (not a login redirect, 401, 403 or 404).
 */
type Outcome =
  200 | 400 | 401 | 403 | 404 | 405 | 409 | 422 | 'login' | 'noAccess' | 'allowed' | { redirect: string | RegExp }
type Row = Record<Visitor, Outcome>

const everyone = (outcome: Outcome): Row => Object.fromEntries(VISITORS.map((v) => [v, outcome])) as Row
const signedIn = (outcomes: Omit<Row, 'anonymous' | 'noRole'>): Row => ({
  anonymous: 'login',
  noRole: 'noAccess',
  ...outcomes,
})
/** Reading an object of so-khcn: its staff and every data-centre role; another agency's staff get 404. */
const readOwnAgency = signedIn({ staffOwn: 200, staffOther: 404, operator: 200, security: 200, admin: 200 })
/** A list, scoped by agency for staff (the scoping itself is checked below). */
const list = signedIn({ staffOwn: 200, staffOther: 200, operator: 200, security: 200, admin: 200 })
/** Agency staff's own work (drafting requests): data-centre roles have no such role (403). */
const staffWork = (own: Outcome) =>
  signedIn({ staffOwn: own, staffOther: 404, operator: 403, security: 403, admin: 403 })

/** Statements: so-khcn's staff, operators and administrators; security officers read none. */
const readStatement = signedIn({ staffOwn: 200, staffOther: 404, operator: 200, security: 403, admin: 200 })
/** Findings and waivers (findings.read): everyone signed in but operators. */
const readFindings = signedIn({ staffOwn: 200, staffOther: 200, operator: 403, security: 200, admin: 200 })
/** The data centre's views (pools, provisioning): its three roles, not agency staff. */
const dataCentre = signedIn({ staffOwn: 403, staffOther: 403, operator: 200, security: 200, admin: 200 })
/** A page that changes what the data centre manages (the pools' forms): operators and administrators. */
const operatorsEdit = signedIn({ staffOwn: 403, staffOther: 403, operator: 200, security: 403, admin: 200 })
/** Changing the pools or the rate card: operators and administrators reach the form's own checks. */
const operatorsPost = signedIn({ staffOwn: 403, staffOther: 403, operator: 'allowed', security: 403, admin: 'allowed' })
/** The review queue: operators and security officers. */
const reviewers = signedIn({ staffOwn: 403, staffOther: 403, operator: 200, security: 200, admin: 403 })
/** The security officers' own pages. */
const securityOnly = signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 200, admin: 403 })
/** The platform administrators' own pages (policies, agencies' administration). */
const adminOnly = signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 403, admin: 200 })
/** Their POST: administrators alone reach the form's own checks. */
const adminOnlyPost = signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 403, admin: 'allowed' })
/** A system's forms (project.update): its agency's staff and administrators. */
const ownSystemPost = signedIn({ staffOwn: 'allowed', staffOther: 404, operator: 403, security: 403, admin: 'allowed' })
/** No such page: 404 for everyone signed in. */
const notFound = signedIn({ staffOwn: 404, staffOther: 404, operator: 404, security: 404, admin: 404 })
const RUNNING_MONTH = localMonthOf(new Date()).slice(0, 7)

type Fixtures = { namespace: string; draft: number; submitted: number; waiver: number }

type Entry = {
  /** The address to ask for. */
  path: (f: Fixtures) => string
  get: Row
  /** Routes with an action: what a same-origin POST with an empty form gets. */
  post?: Row
  /** Where to POST, when not the same address. */
  postPath?: (f: Fixtures) => string
  /** The form to POST (default empty): one the action reads far enough to authorise, never one it would carry out. */
  postBody?: string
  /** The same address for an object that does not exist (routes with parameters). */
  missing?: string
  /** The action is reached without a session on purpose (public or sign-in routes). */
  publicPost?: boolean
}

const ROUTES: Record<string, Entry> = {
  _index: { path: () => '/', get: list },
  'agencies._index': { path: () => '/agencies', get: list },
  'agencies.$code': {
    path: () => '/agencies/so-khcn',
    missing: '/agencies/khong-ton-tai',
    get: readOwnAgency,
    // The budget's form (decision 0050): operators and administrators reach its checks; staff see, never set.
    post: signedIn({ staffOwn: 403, staffOther: 404, operator: 'allowed', security: 403, admin: 'allowed' }),
  },
  // The agency's kubeconfig: its own staff only; a data-centre role is not in the agency's group.
  'agencies.$code_.kubeconfig': {
    path: () => '/agencies/so-khcn/kubeconfig',
    missing: '/agencies/khong-ton-tai/kubeconfig',
    get: signedIn({ staffOwn: 200, staffOther: 404, operator: 403, security: 403, admin: 403 }),
  },
  // The agency page's cost chart as CSV (decision 0051): the statements' readers, not security officers.
  'agencies.$code_.costs[.]csv': {
    path: () => '/agencies/so-khcn/costs.csv',
    missing: '/agencies/khong-ton-tai/costs.csv',
    get: readStatement,
  },
  'projects._index': { path: () => '/projects', get: list },
  'projects.$namespace': {
    path: (f) => `/projects/${f.namespace}`,
    missing: '/projects/khong-ton-tai',
    get: readOwnAgency,
    // The S3 key forms: whoever may see the keys reaches the form's own checks (no intent: 400).
    post: signedIn({ staffOwn: 400, staffOther: 404, operator: 400, security: 400, admin: 400 }),
  },
  // The status the project page polls: gated exactly like the page.
  'projects.$namespace_.provisioning': {
    path: (f) => `/projects/${f.namespace}/provisioning`,
    missing: '/projects/khong-ton-tai/provisioning',
    get: readOwnAgency,
  },
  // The project's use over time and its CSV (decision 0051): gated exactly like the page.
  'projects.$namespace_.usage': {
    path: (f) => `/projects/${f.namespace}/usage`,
    missing: '/projects/khong-ton-tai/usage',
    get: readOwnAgency,
  },
  // A project's backups (decision 0056): read like the page; the restore form the agency's staff alone
  // (a POST without a backup name is answered at its field: 422).
  'projects.$namespace_.backups': {
    path: (f) => `/projects/${f.namespace}/backups`,
    missing: '/projects/khong-ton-tai/backups',
    get: readOwnAgency,
    post: signedIn({ staffOwn: 422, staffOther: 404, operator: 403, security: 403, admin: 403 }),
  },
  'projects.$namespace_.usage[.]csv': {
    path: (f) => `/projects/${f.namespace}/usage.csv`,
    missing: '/projects/khong-ton-tai/usage.csv',
    get: readOwnAgency,
  },
  // A system's closing (decision 0058): whoever reads the project; its staff ask and operators
  // decide, each reaching the form's own checks (an empty form: 400); another agency's staff 404.
  'projects.$namespace_.closing': {
    path: (f) => `/projects/${f.namespace}/closing`,
    missing: '/projects/khong-ton-tai/closing',
    get: readOwnAgency,
    post: signedIn({
      staffOwn: 'allowed',
      staffOther: 404,
      operator: 'allowed',
      security: 'allowed',
      admin: 'allowed',
    }),
  },
  // A pool's capacity, allocation and use over time (decision 0051): whoever reads the pools.
  'pools.$code': {
    path: () => '/pools/compute-main',
    missing: '/pools/khong-ton-tai',
    get: dataCentre,
  },
  // The pools' list (decision 0054): whoever reads the pools; their forms: those who manage them.
  // A crafted form reaches the form's own checks (400) for those who may; no `missing` for the
  // edit page: a security officer is refused (403) before the pool is looked up.
  'pools._index': {
    path: () => '/pools',
    get: dataCentre,
  },
  'pools.new': {
    path: () => '/pools/new',
    get: operatorsEdit,
    post: operatorsPost,
  },
  'pools.$code_.edit': {
    path: () => '/pools/compute-main/edit',
    get: operatorsEdit,
    post: operatorsPost,
  },
  // The data centre's watch over drifted and degraded tenants.
  provisioning: {
    path: () => '/provisioning',
    get: dataCentre,
  },
  'projects.$namespace_.requests.new': {
    path: (f) => `/projects/${f.namespace}/requests/new`,
    missing: '/projects/khong-ton-tai/requests/new',
    get: staffWork(200),
    post: staffWork('allowed'),
  },
  'requests._index': { path: () => '/requests', get: list },
  'requests.$number': {
    path: (f) => `/requests/${f.submitted}`,
    missing: '/requests/999999',
    get: readOwnAgency,
    post: signedIn({
      staffOwn: 'allowed',
      staffOther: 404,
      operator: 'allowed',
      security: 'allowed',
      admin: 'allowed',
    }),
  },
  'requests.$number_.edit': {
    path: (f) => `/requests/${f.draft}/edit`,
    missing: '/requests/999999/edit',
    get: staffWork(200),
    post: staffWork('allowed'),
  },
  'requests.$number_.decide': {
    path: (f) => `/requests/${f.submitted}/decide`,
    missing: '/requests/999999/decide',
    get: readOwnAgency,
    // An approval of a version that never was: authorised first, then refused as stale (409).
    postBody: 'intent=approve&version=999',
    post: signedIn({ staffOwn: 403, staffOther: 404, operator: 409, security: 409, admin: 403 }),
  },
  queue: {
    path: () => '/queue',
    get: reviewers,
  },
  // The queue's agency filter choices: the queue's own gate.
  'queue_.agencies': {
    path: () => '/queue/agencies',
    get: reviewers,
  },
  // The audit trail: security officers and platform administrators only (audit.read); an empty
  // form is 400. This console has no checkpoints' bucket, so the export is refused for the allowed
  // as not configured (400); tests/integration/audit/console.test.ts exports for real.
  audit: {
    path: () => '/audit',
    get: signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 200, admin: 200 }),
    post: signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 400, admin: 400 }),
  },
  'audit_.export': {
    path: () => '/audit/export?format=json',
    get: signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 400, admin: 400 }),
  },
  // Waivers of security checks (decision 0041): listed and read as the findings are (not by
  // operators); asked for by the project's agency staff; decided by security officers. An empty
  // form on a waiver is 400 once the gate lets the visitor through; on the request form, 422.
  'waivers._index': {
    path: () => '/waivers',
    get: readFindings,
  },
  'waivers_.report': {
    path: () => '/waivers/report',
    get: readFindings,
  },
  'waivers.$number': {
    path: (f) => `/waivers/${f.waiver}`,
    missing: '/waivers/999999',
    get: signedIn({ staffOwn: 200, staffOther: 404, operator: 403, security: 200, admin: 200 }),
    post: signedIn({ staffOwn: 400, staffOther: 404, operator: 403, security: 400, admin: 400 }),
  },
  'projects.$namespace_.waivers.new': {
    path: (f) => `/projects/${f.namespace}/waivers/new?check=GC-WL-01`,
    missing: '/projects/khong-ton-tai/waivers/new',
    get: staffWork(200),
    post: staffWork('allowed'),
  },
  // The security workspace (decision 0043): findings are read as waivers are (findings.read: not
  // by operators), within the visitor's agencies; the sign-off queue is the security officers'
  // (request.sign_off); the catalogue is the console's own rules, the same for everyone signed in.
  'security._index': {
    path: () => '/security',
    get: readFindings,
  },
  'security.findings': {
    path: () => '/security/findings',
    get: readFindings,
  },
  'security.findings[.]csv': {
    path: () => '/security/findings.csv',
    get: readFindings,
  },
  'security.sign-off': {
    path: () => '/security/sign-off',
    get: securityOnly,
  },
  'security.checks': { path: () => '/security/checks', get: list },
  // The rate card (decision 0048): everyone signed in reads it; operators and platform
  // administrators add a version (an empty form reaches the form's own checks: 422).
  rates: {
    path: () => '/rates',
    get: list,
    post: operatorsPost,
  },
  // Monthly statements (decision 0048): agency staff their own agencies', operators and platform
  // administrators every agency's, security officers none (statement.list, statement.read). The
  // running month always has a provisional statement; its exports and print view are gated alike.
  'statements._index': {
    path: () => '/statements',
    get: signedIn({ staffOwn: 200, staffOther: 200, operator: 200, security: 403, admin: 200 }),
  },
  'statements.$agency.$month': {
    path: () => `/statements/so-khcn/${RUNNING_MONTH}`,
    missing: `/statements/khong-ton-tai/${RUNNING_MONTH}`,
    get: readStatement,
  },
  'statements.$agency.$month_.print': {
    path: () => `/statements/so-khcn/${RUNNING_MONTH}/print`,
    missing: `/statements/so-khcn/2001-01/print`,
    get: readStatement,
  },
  'statements.$agency.$month_.export': {
    path: () => `/statements/so-khcn/${RUNNING_MONTH}/export?format=csv`,
    missing: `/statements/khong-ton-tai/${RUNNING_MONTH}/export?format=csv`,
    get: readStatement,
  },
  // The platform's policies (decision 0049): platform administrators alone read and change them;
  // a form without basedOn reaches the form's own checks (422).
  policies: {
    path: () => '/policies',
    get: adminOnly,
    post: adminOnlyPost,
  },
  // The agencies' administration (decision 0052): platform administrators alone see the pages and
  // reach the forms' checks; everyone else gets 403 and nothing is written (an empty form: 422 or 400).
  'admin.agencies._index': {
    path: () => '/admin/agencies',
    get: adminOnly,
    post: adminOnlyPost,
  },
  'admin.agencies.$code': {
    // No `missing`: an operator is refused (403) before the agency is looked up; the administrator's
    // 404 for an unknown code is in tests/integration/agencies/agency-pages.test.ts.
    path: () => '/admin/agencies/so-khcn',
    get: adminOnly,
    post: adminOnlyPost,
  },
  // Information systems (decision 0055): the list is scoped by agency; registering is agency staff's
  // (and administrators'), an empty form reaching the form's own checks (422); a system's page is its
  // agency's and the data centre's; sending it again is its staff's (422: the seeded one is confirmed).
  'systems._index': {
    path: () => '/systems',
    get: list,
    post: signedIn({ staffOwn: 'allowed', staffOther: 'allowed', operator: 403, security: 403, admin: 'allowed' }),
  },
  'systems.$namespace': {
    path: (f) => `/systems/${f.namespace}`,
    missing: '/systems/khong-ton-tai',
    get: readOwnAgency,
    post: ownSystemPost,
  },
  // Editing a registration (decision 0084): its agency's staff and administrators (project.update);
  // the seeded system is confirmed, so the page says it is not edited and a post is refused (422).
  'systems.$namespace_.edit': {
    path: (f) => `/systems/${f.namespace}/edit`,
    missing: '/systems/khong-ton-tai/edit',
    get: signedIn({ staffOwn: 200, staffOther: 404, operator: 403, security: 403, admin: 200 }),
    post: ownSystemPost,
  },
  // The security officers' review queue and page: theirs alone (a review of the confirmed one: 422).
  'security.systems._index': {
    path: () => '/security/systems',
    get: securityOnly,
  },
  'security.systems.$namespace': {
    path: (f) => `/security/systems/${f.namespace}`,
    missing: '/security/systems/khong-ton-tai',
    get: securityOnly,
    post: signedIn({ staffOwn: 403, staffOther: 403, operator: 403, security: 'allowed', admin: 403 }),
  },
  // Everyone signed in has notifications of their own (queries scoped by user); an empty form is 400.
  notifications: {
    path: () => '/notifications',
    get: list,
    post: signedIn({ staffOwn: 400, staffOther: 400, operator: 400, security: 400, admin: 400 }),
  },
  $: {
    path: () => '/khong-co-trang-nay',
    get: notFound,
    post: notFound,
  },
  // Public, and nothing else is: liveness and readiness for the cluster's probes, the sign-in routes, and the
  // browser's copy of the translation catalogue (words of the open-source tree, no data; decision 0015).
  healthz: { path: () => '/healthz', get: everyone(200) },
  readyz: { path: () => '/readyz', get: everyone(200) },
  'i18n.$file': { path: () => catalogueAsset('en').path, get: everyone(200) },
  'auth.login': {
    path: () => '/auth/login?returnTo=%2Fprojects',
    get: {
      ...everyone({ redirect: '/projects' }),
      anonymous: { redirect: /\/realms\/govcloud\/protocol\/openid-connect\/auth\?/ },
    },
  },
  'auth.callback': { path: () => '/auth/callback', get: everyone(400) },
  // POSTing here signs out: the POST is checked in its own test below, not with the shared sessions.
  'auth.logout': { path: () => '/auth/logout', get: everyone(405), publicPost: true },
  // Choosing a language reveals nothing and the sign-in problem pages need it (decision 0007).
  lang: { path: () => '/lang', get: everyone({ redirect: '/' }), publicPost: true },
  // Needs a session; shows only to those without access.
  'no-access': {
    path: () => '/no-access',
    get: { ...everyone({ redirect: '/' }), anonymous: { redirect: '/auth/login' }, noRole: 200 },
  },
  // The REST API authenticates bearer tokens only: a console session is not a credential there.
  'api.v1.$': {
    path: () => '/api/v1/agencies',
    postPath: () => '/api/v1/requests',
    get: everyone(401),
    post: everyone(401),
    publicPost: true,
  },
}

let started: SeededConsole
let database: TestDatabase
let server: ConsoleServer
let fixtures: Fixtures
let facts: Facts
const jars = new Map<Visitor, CookieJar>()

/** Signs in through the console's /auth/login and Keycloak's form; returns the console's cookies. */
const signIn = (username: string) => signInToConsole(server.url, username, { publicUrl: PUBLIC_URL })

function headersFor(visitor: Visitor, extra: Record<string, string> = {}): Record<string, string> {
  const jar = jars.get(visitor)
  return { ...(jar ? { cookie: jar.header() } : {}), ...extra }
}

function check(outcome: Outcome, response: Response, path: string, label: string): void {
  const location = response.headers.get('location')
  if (outcome === 'login') {
    expect(response.status, label).toBe(302)
    expect(location, label).toBe(`/auth/login?${new URLSearchParams({ returnTo: path })}`)
  } else if (outcome === 'noAccess') {
    expect(response.status, label).toBe(302)
    expect(location, label).toBe('/no-access')
  } else if (outcome === 'allowed') {
    expect([401, 403, 404, 405], label).not.toContain(response.status)
    expect(location ?? '', label).not.toMatch(/^\/(auth\/login|no-access)/)
  } else if (typeof outcome === 'object') {
    expect([302, 303], label).toContain(response.status)
    if (typeof outcome.redirect === 'string') expect(location, label).toBe(outcome.redirect)
    else expect(location, label).toMatch(outcome.redirect)
  } else {
    expect(response.status, label).toBe(outcome)
  }
}

/**
 * Sign-ins a client address may make at once on this test's console; one more a minute after
 * that, so that the count below does not depend on how fast the machine is.
 */
const SIGN_IN_BURST = 120

beforeAll(async () => {
  const stack = stackEnv()
  const kubeconfigEnv = {
    AGENCY_KUBE_API_URL: stack.KUBE_API_URL ?? '',
    AGENCY_KUBE_CA_FILE: stack.KUBE_CA_FILE ?? '',
    AGENCY_KUBE_OIDC_ISSUER: stack.KUBE_OIDC_ISSUER ?? '',
  }
  // Every person of the matrix signs in, some more than once, from one address: more than the
  // 30 a minute one office may by default (decision 0031), so the console here allows more, and
  // the test of the limit below counts against this setting.
  const limit = String(SIGN_IN_BURST)
  started = await startSeededConsole({
    env: { PUBLIC_URL, ...kubeconfigEnv, SIGN_IN_RATE_LIMIT_BURST: limit, SIGN_IN_RATE_LIMIT_PER_MINUTE: '1' },
  })
  ;({ database, server } = started)
  const agency = await database.db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' }, select: { id: true } })
  const project = await database.db.project.findFirstOrThrow({
    where: { agencyId: agency.id, name: 'Hệ thống quản lý đề tài khoa học' },
    select: { id: true, namespace: true },
  })
  // As if the reconciler had made its namespace: what the kubeconfig lists.
  await database.db.provisioningStatus.upsert({
    where: { projectId: project.id },
    create: { projectId: project.id, phase: 'ready', lastSucceededAt: new Date() },
    update: { phase: 'ready', lastSucceededAt: new Date(), endedAt: null, deletedAt: null },
  })
  // Its last pass failed on the platform: messages naming internal hosts, for the data centre only.
  await failedOnThePlatform(database.db, project.id)
  facts = await loadFacts(
    database.db,
    {
      anonymous: null,
      noRole: null,
      staffOwn: 'so-khcn',
      staffOther: 'so-tc',
      operator: null,
      security: null,
      admin: null,
    },
    JSON.stringify(catalogue),
  )
  const draft = await database.db.quotaRequest.findFirstOrThrow({
    where: { agencyId: agency.id, state: 'draft' },
    select: { number: true },
  })
  const submitted = await database.db.quotaRequest.findFirstOrThrow({
    where: { agencyId: agency.id, state: 'submitted' },
    select: { number: true },
  })
  // A waiver of a whole check on the project, as its staff would ask for it.
  const waiver = await waiverOfWholeCheck(database.db, project.id, USERS.staffOwn)
  // A finding of the project, which so-tc's staff must not be handed on any page of the workspace.
  await recordFindings(
    database.db,
    { checkIds: ['GC-WL-03'], namespaces: [project.namespace] },
    [
      {
        checkId: 'GC-WL-03',
        subject: { kind: 'Deployment', namespace: project.namespace, name: 'de-tai-web' },
        projectId: project.id,
        agencyId: agency.id,
        securityLevel: 2,
        severity: 'medium',
        detail: {},
      },
    ],
    new Date(),
  )
  fixtures = {
    namespace: project.namespace,
    draft: draft.number,
    submitted: submitted.number,
    waiver: waiver.number,
  }
  for (const [visitor, username] of Object.entries(USERS) as [Visitor, string][])
    jars.set(visitor, await signIn(username))
}, 300_000)

afterAll(async () => started?.stop())

describe('the route matrix', () => {
  const modules = routeModules()

  it('has an entry for every route file, and no entry without one', () => {
    expect(
      [...modules.keys()].filter((id) => !(id in ROUTES)),
      'routes without an entry in ROUTES',
    ).toEqual([])
    expect(
      Object.keys(ROUTES).filter((id) => !modules.has(id)),
      'entries without a route file',
    ).toEqual([])
  })

  it('says what a POST gets for every route with an action', () => {
    const missing = [...modules].filter(
      ([id, source]) => hasAction(source) && !ROUTES[id]?.post && !ROUTES[id]?.publicPost,
    )
    expect(missing.map(([id]) => id)).toEqual([])
  })

  for (const [id, entry] of Object.entries(ROUTES)) {
    it(`GET ${id}`, async () => {
      const path = entry.path(fixtures)
      for (const visitor of VISITORS) {
        const response = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: headersFor(visitor) })
        check(entry.get[visitor], response, path, `${visitor} GET ${path}`)
      }
    })

    // A row for an action that is not written yet waits for it (the check above needs the row).
    if (entry.post && hasAction(modules.get(id) ?? '')) {
      const post = entry.post
      it(`POST ${id}`, async () => {
        const path = (entry.postPath ?? entry.path)(fixtures)
        for (const visitor of VISITORS) {
          const response = await fetch(`${server.url}${path}`, {
            method: 'POST',
            redirect: 'manual',
            headers: headersFor(visitor, { ...FROM_THE_CONSOLE, 'content-type': 'application/x-www-form-urlencoded' }),
            body: entry.postBody ?? '',
          })
          check(post[visitor], response, path, `${visitor} POST ${path}`)
        }
      })
    }
  }

  it('tells an anonymous visitor nothing about which objects exist', async () => {
    for (const [id, entry] of Object.entries(ROUTES)) {
      if (!entry.missing) continue
      const response = await fetch(`${server.url}${entry.missing}`, { redirect: 'manual' })
      check('login', response, entry.missing, `anonymous GET ${entry.missing} (${id})`)
      const signedInMissing = await fetch(`${server.url}${entry.missing}`, {
        redirect: 'manual',
        headers: headersFor('operator'),
      })
      expect(signedInMissing.status, `operator GET ${entry.missing}`).toBe(404)
    }
  })

  it('refuses a cross-site POST to every route with an action, signed in or not (CSRF)', async () => {
    const before = await database.db.auditEntry.count()
    for (const [id, source] of modules) {
      if (!hasAction(source) || id === 'api.v1.$') continue // the API takes bearer tokens, never cookies
      const path = ROUTES[id]!.path(fixtures)
      const attempts: Record<string, string>[] = [
        // Another site's page (or a sandboxed one, Origin: null): Remix itself aborts a POST whose
        // Origin is not the host it was sent to, with a 500, before any action runs.
        { origin: 'https://evil.example' },
        { origin: 'https://evil.example', 'x-forwarded-host': new URL(PUBLIC_URL).host },
        { origin: 'null', 'x-forwarded-host': new URL(PUBLIC_URL).host },
        // No Origin: Remix lets these through; the console's own check answers 403 unless the
        // Referer is the console.
        { referer: 'https://evil.example/form.html' },
        { referer: 'https://evil.example/form.html', 'x-forwarded-host': new URL(PUBLIC_URL).host },
        {},
      ]
      for (const attempt of attempts) {
        for (const visitor of ['operator', 'staffOwn', 'anonymous'] as const) {
          const response = await fetch(`${server.url}${path}`, {
            method: 'POST',
            redirect: 'manual',
            headers: headersFor(visitor, { 'content-type': 'application/x-www-form-urlencoded', ...attempt }),
            body: 'lang=en&redirectTo=%2F&intent=submit&action=approve',
          })
          const label = `${visitor} POST ${path} with ${JSON.stringify(attempt)}`
          // Resource routes (no page: /lang, /auth/logout) are not guarded by Remix; the console's check is.
          const remixAborted = attempt.origin !== undefined && /export\s+default\s/.test(source)
          expect(response.status, label).toBe(remixAborted ? 500 : 403)
          if (!remixAborted) expect(await response.text(), label).toContain('được gửi từ một trang khác')
        }
      }
    }
    // Nothing was written, and the operator's session survived the forged sign-outs.
    expect(await database.db.auditEntry.count()).toBe(before)
    // The operator's session survived the forged sign-out.
    const still = await fetch(`${server.url}/`, { redirect: 'manual', headers: headersFor('operator') })
    expect(still.status).toBe(200)
  })
})

describe('what each route returns to each visitor (data, not only status)', () => {
  const modules = routeModules()

  it('says what every route returns', () => {
    expect(Object.keys(RETURNS).sort()).toEqual(Object.keys(ROUTES).sort())
  })

  for (const [id, entry] of Object.entries(ROUTES)) {
    it(`GET ${id}: ${RETURNS[id]?.returns ?? '(no entry)'}`, async () => {
      const path = entry.path(fixtures)
      const isPage = /export\s+default\s/.test(modules.get(id) ?? '')
      for (const visitor of VISITORS) {
        const seen = await fetchSeen(server.url, id, path, isPage, headersFor(visitor))
        expectNothingForeign(seen, visitor, facts, path)
        RETURNS[id]?.check?.(visitor, seen.route)
      }
    })
  }
})

describe("the agency's kubeconfig", () => {
  it('is an attachment for its own staff, listing the namespaces of its provisioned projects, with no secret', async () => {
    const response = await fetch(`${server.url}/agencies/so-khcn/kubeconfig`, {
      headers: headersFor('staffOwn', { 'user-agent': 'kubectl-setup/1.0' }),
    })
    expect(response.status).toBe(200)
    // Each download is audited: who took a way onto the cluster, when, and with what.
    const an = await database.db.user.findUniqueOrThrow({ where: { username: 'an.nguyen' }, select: { id: true } })
    expect(
      await database.db.auditEntry.findFirst({
        where: { action: 'kubeconfig.download', actorId: an.id },
        orderBy: { seq: 'desc' },
      }),
    ).toMatchObject({
      outcome: 'ok',
      entityType: 'Agency',
      userAgent: 'kubectl-setup/1.0',
      after: { fileName: expect.stringMatching(/^kubeconfig-[a-z0-9-]+-so-khcn\.json$/) as unknown },
    })
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="kubeconfig-[a-z0-9-]+-so-khcn\.json"$/,
    )
    expect(response.headers.get('cache-control')).toBe('no-store')
    const config = (await response.json()) as {
      contexts: { context: { namespace: string } }[]
      users: { name: string }[]
    }
    expect(config.contexts.map((c) => c.context.namespace)).toEqual([fixtures.namespace])
    expect(config.users[0]?.name).toMatch(/^an\.nguyen@/)
    // The agency page links to it for its staff only.
    expect(await (await fetch(`${server.url}/agencies/so-khcn`, { headers: headersFor('staffOwn') })).text()).toContain(
      'href="/agencies/so-khcn/kubeconfig"',
    )
    expect(
      await (await fetch(`${server.url}/agencies/so-khcn`, { headers: headersFor('operator') })).text(),
    ).not.toContain('/kubeconfig')
  })
})

describe('refusals are audited', () => {
  it('records every 403 a loader or action answers, and every hidden 404 of an existing object', async () => {
    const modules = routeModules()
    const users = new Map<Visitor, string>()
    for (const [visitor, username] of Object.entries(USERS) as [Visitor, string][])
      users.set(visitor, (await database.db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id)
    // A refusal is a 403, or another agency's staff told an existing object of so-khcn is missing.
    const refused = (outcome: Outcome | undefined, visitor: Visitor, entry: Entry) =>
      outcome === 403 || (outcome === 404 && visitor === 'staffOther' && entry.missing !== undefined)
    let checked = 0
    for (const [id, entry] of Object.entries(ROUTES)) {
      const path = entry.path(fixtures)
      const methods: ['GET' | 'POST', Row][] = [['GET', entry.get]]
      if (entry.post && hasAction(modules.get(id) ?? '')) methods.push(['POST', entry.post])
      for (const [method, row] of methods)
        for (const visitor of VISITORS) {
          if (!refused(row[visitor], visitor, entry)) continue
          const denied = { actorId: users.get(visitor)!, outcome: 'denied' as const }
          const before = await database.db.auditEntry.count({ where: denied })
          const response = await fetch(
            `${server.url}${method === 'POST' ? (entry.postPath ?? entry.path)(fixtures) : path}`,
            {
              method,
              redirect: 'manual',
              headers: headersFor(
                visitor,
                method === 'POST' ? { ...FROM_THE_CONSOLE, 'content-type': 'application/x-www-form-urlencoded' } : {},
              ),
              ...(method === 'POST' ? { body: entry.postBody ?? '' } : {}),
            },
          )
          await response.arrayBuffer()
          const label = `${visitor} ${method} ${path}`
          expect(await database.db.auditEntry.count({ where: denied }), label).toBe(before + 1)
          const last = await database.db.auditEntry.findFirstOrThrow({ where: denied, orderBy: { seq: 'desc' } })
          expect(last.after, label).toMatchObject({ method, path: new URL(path, PUBLIC_URL).pathname })
          checked++
        }
    }
    expect(checked, 'refusals tried').toBeGreaterThan(20)
  })
})

describe('agency scoping of list pages', () => {
  const pages = ['/', '/agencies', '/projects', '/requests']
  it('shows agency staff their own agency and the ones below it, and nothing of others', async () => {
    for (const path of pages) {
      const staff = await (await fetch(`${server.url}${path}`, { headers: headersFor('staffOther') })).text()
      if (path === '/agencies') expect(staff).toContain('Sở Tài chính')
      if (path === '/projects') expect(staff).toContain('Hệ thống quản lý ngân sách tỉnh')
      for (const foreign of [
        'Sở Khoa học và Công nghệ',
        'Hệ thống quản lý đề tài khoa học',
        'Bệnh viện Đa khoa tỉnh Lạng Sơn',
      ]) {
        expect(staff, `${foreign} on ${path} for so-tc staff`).not.toContain(foreign)
      }
    }
    const operator = await (await fetch(`${server.url}/projects`, { headers: headersFor('operator') })).text()
    expect(operator).toContain('Hệ thống quản lý đề tài khoa học')
    expect(operator).toContain('Hệ thống quản lý ngân sách tỉnh')
  })

  it("answers another agency's object exactly as a missing one, and audits the denial", async () => {
    const other = await fetch(`${server.url}/projects/${fixtures.namespace}`, { headers: headersFor('staffOther') })
    const missing = await fetch(`${server.url}/projects/khong-ton-tai`, { headers: headersFor('staffOther') })
    expect([other.status, missing.status]).toEqual([404, 404])
    // The two differ only in the address asked for and in each response's own CSP nonce.
    const strip = (html: string) =>
      html.replace(new RegExp(`${fixtures.namespace}|khong-ton-tai`, 'g'), 'X').replace(/nonce="[^"]+"/g, 'nonce')
    expect(strip(await other.text())).toBe(strip(await missing.text()))

    const lan = await database.db.user.findUniqueOrThrow({ where: { username: 'lan.hoang' }, select: { id: true } })
    const denied = await database.db.auditEntry.findFirst({
      where: { actorId: lan.id, outcome: 'denied', action: 'project.read', entityType: 'Project' },
      orderBy: { seq: 'desc' },
    })
    expect(denied).toMatchObject({ after: { reason: 'other_agency', method: 'GET' } })
  })
})

describe('signing in and out', () => {
  it('sets an HttpOnly, Secure, SameSite=Lax, host-only session cookie', async () => {
    const start = await fetch(`${server.url}/auth/login`, { redirect: 'manual' })
    // The login binding (decision 0027): the same kind of cookie, for ten minutes.
    const binding = start.headers.getSetCookie().find((c) => c.startsWith('__Host-govcloud-login='))
    for (const attribute of [/; Max-Age=600/, /; Path=\/(;|$)/, /; HttpOnly/, /; Secure/, /; SameSite=Lax/])
      expect(binding).toMatch(attribute)
    const callback = await signInAtKeycloak(new URL(start.headers.get('location')!), 'hanh.luong')
    const back = await fetch(`${server.url}${callback.pathname}${callback.search}`, {
      redirect: 'manual',
      headers: { cookie: binding!.split(';')[0]! },
    })
    const cookie = back.headers.getSetCookie().find((c) => c.startsWith('__Host-govcloud='))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/; Path=\//)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(cookie).not.toMatch(/; Domain=/i)
    // No token of Keycloak's ever reaches the browser: the cookie holds only the console's own
    // handle, 32 random bytes (a JWT would be hundreds of characters with dots).
    expect(back.headers.get('location')).toBe('/')
    const handle: unknown = await createCookie('__Host-govcloud').parse(cookie!.split(';')[0]!)
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('only returns to same-site paths', async () => {
    for (const returnTo of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/.//evil.example',
      '/%2e//evil.example',
      '/auth/logout',
    ]) {
      const start = await fetch(`${server.url}/auth/login?${new URLSearchParams({ returnTo })}`, { redirect: 'manual' })
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!
      const pending = await database.db.pendingLogin.findUniqueOrThrow({ where: { state } })
      expect(pending.returnTo, returnTo).toBe('/')
    }
  })

  it('shows a friendly page when Keycloak refuses or the person cancels, and for a forged callback', async () => {
    const denied = await fetch(`${server.url}/auth/callback?error=access_denied&state=abc`, { redirect: 'manual' })
    expect(denied.status).toBe(400)
    const html = await denied.text()
    expect(html).toContain('Chưa đăng nhập được')
    expect(html).toContain('Việc đăng nhập đã bị huỷ')
    expect(html).toContain('href="/auth/login"')

    const forged = await fetch(`${server.url}/auth/callback?code=made-up&state=never-issued`, { redirect: 'manual' })
    expect(forged.status).toBe(400)
    expect(forged.headers.getSetCookie()).toEqual([])
    expect(await forged.text()).toContain('Phiên đăng nhập đã hết hạn hoặc đã được dùng')
  })

  it('rate-limits callbacks per client address', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' }
    const statuses: number[] = []
    for (let i = 0; i < SIGN_IN_BURST + 5; i++) {
      const response = await fetch(`${server.url}/auth/callback?code=x&state=s${i}`, {
        redirect: 'manual',
        headers: from,
      })
      statuses.push(response.status)
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(await response.text()).toContain('Có quá nhiều lần đăng nhập')
      } else await response.arrayBuffer()
    }
    expect(statuses.slice(0, SIGN_IN_BURST).every((s) => s === 400)).toBe(true)
    expect(statuses.slice(SIGN_IN_BURST).every((s) => s === 429)).toBe(true)
    // Another client is not held back by the first.
    const other = await fetch(`${server.url}/auth/callback?code=x&state=y`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': '203.0.113.10' },
    })
    expect(other.status).toBe(400)
  })

  it('refreshes an ageing session once, even for requests that arrive together (refresh tokens are single-use)', async () => {
    const jar = await signIn('hanh.luong')
    const user = await database.db.user.findUniqueOrThrow({ where: { username: 'hanh.luong' }, select: { id: true } })
    const where = { userId: user.id, revokedAt: null }
    const before = await database.db.session.findFirstOrThrow({ where, orderBy: { createdAt: 'desc' } })
    await database.db.session.update({
      where: { id: before.id },
      data: { accessExpiresAt: new Date(Date.now() - 1000) },
    })
    const pages = await Promise.all(
      ['/', '/projects', '/requests', '/agencies'].map((path) =>
        fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie: jar.header() } }),
      ),
    )
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200])
    const after = await database.db.session.findUniqueOrThrow({ where: { id: before.id } })
    expect(after.revokedAt).toBeNull()
    expect(after.accessExpiresAt.getTime()).toBeGreaterThan(Date.now())
    expect(after.refreshToken).not.toBe(before.refreshToken) // rotated
    expect((await fetch(`${server.url}/`, { redirect: 'manual', headers: { cookie: jar.header() } })).status).toBe(200)
  })

  it('signs out on a same-origin POST only: the session ends here and the browser goes to Keycloak', async () => {
    const jar = await signIn('tuan.be')
    const cookie = { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }
    const forged = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...cookie, origin: 'https://evil.example', 'x-forwarded-host': new URL(PUBLIC_URL).host },
    })
    expect(forged.status).toBe(403)
    expect((await fetch(`${server.url}/`, { redirect: 'manual', headers: { cookie: jar.header() } })).status).toBe(200)

    const out = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...cookie, ...FROM_THE_CONSOLE },
    })
    expect(out.status).toBe(302)
    const keycloak = new URL(out.headers.get('location')!)
    expect(keycloak.href.startsWith(`${requireStackSetting('OIDC_ISSUER')}/protocol/openid-connect/logout`)).toBe(true)
    expect(keycloak.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/`)
    expect(keycloak.searchParams.get('id_token_hint')).toMatch(/^eyJ/)
    expect(out.headers.getSetCookie().join()).toMatch(/__Host-govcloud=;.*Max-Age=0/)
    // The old cookie is worthless now, even if the browser kept it.
    const after = await fetch(`${server.url}/`, { redirect: 'manual', headers: { cookie: jar.header() } })
    expect(after.status).toBe(302)
    expect(after.headers.get('location')).toBe('/auth/login?returnTo=%2F')
  })
})
