import { localMonthOf } from '#server/domain/local-calendar'
import type { Db } from '#server/db/client'
import { waiverOfWholeCheck } from '../helpers/fixtures'

// Every page of the console, and which demo person reaches it (decision 0068): what the
// accessibility and language browser tests visit. Resource routes (CSV, exports, JSON) are not
// pages and are left out; tests/integration/identity/route-matrix.test.ts says who gets what for
// every route, these included. A new page belongs in this list too.

export const PEOPLE = {
  staff: 'an.nguyen', // agency staff of so-khcn
  operator: 'duc.dang',
  security: 'huong.pham',
  admin: 'quang.ly',
  noRole: 'minh.do',
} as const
export type Person = keyof typeof PEOPLE

export type Fixtures = { namespace: string; draft: number; submitted: number; waiver: number; month: string }

type Page = { path: (f: Fixtures) => string; who: readonly Person[] }

const ALL: readonly Person[] = ['staff', 'operator', 'security', 'admin']
const CENTRAL: readonly Person[] = ['operator', 'security', 'admin']

export const PAGES: readonly Page[] = [
  { path: () => '/', who: ALL },
  { path: () => '/agencies', who: ALL },
  { path: () => '/agencies/so-khcn', who: ALL },
  { path: () => '/projects', who: ALL },
  { path: (f) => `/projects/${f.namespace}`, who: ALL },
  { path: (f) => `/projects/${f.namespace}/usage`, who: ALL },
  { path: (f) => `/projects/${f.namespace}/backups`, who: ALL },
  { path: (f) => `/projects/${f.namespace}/closing`, who: ALL },
  { path: (f) => `/projects/${f.namespace}/requests/new`, who: ['staff'] },
  { path: (f) => `/projects/${f.namespace}/waivers/new?check=GC-WL-01`, who: ['staff'] },
  { path: () => '/systems', who: ALL },
  { path: (f) => `/systems/${f.namespace}`, who: ALL },
  // The seeded system is confirmed: its edit page says why it is not edited (decision 0084).
  { path: (f) => `/systems/${f.namespace}/edit`, who: ['staff', 'admin'] },
  { path: () => '/requests', who: ALL },
  { path: (f) => `/requests/${f.submitted}`, who: ALL },
  { path: (f) => `/requests/${f.draft}/edit`, who: ['staff'] },
  { path: (f) => `/requests/${f.submitted}/decide`, who: ALL },
  { path: () => '/queue', who: ['operator', 'security'] },
  { path: () => '/pools', who: CENTRAL },
  { path: () => '/pools/compute-main', who: CENTRAL },
  { path: () => '/pools/new', who: ['operator', 'admin'] },
  { path: () => '/pools/compute-main/edit', who: ['operator', 'admin'] },
  { path: () => '/provisioning', who: CENTRAL },
  { path: () => '/rates', who: ALL },
  { path: () => '/statements', who: ['staff', 'operator', 'admin'] },
  { path: (f) => `/statements/so-khcn/${f.month}`, who: ['staff', 'operator', 'admin'] },
  { path: (f) => `/statements/so-khcn/${f.month}/print`, who: ['staff', 'operator', 'admin'] },
  { path: () => '/audit', who: ['security', 'admin'] },
  { path: () => '/waivers', who: ['staff', 'security', 'admin'] },
  { path: (f) => `/waivers/${f.waiver}`, who: ['staff', 'security', 'admin'] },
  { path: () => '/security', who: ['staff', 'security', 'admin'] },
  { path: () => '/security/findings', who: ['staff', 'security', 'admin'] },
  { path: () => '/security/checks', who: ALL },
  { path: () => '/security/sign-off', who: ['security'] },
  { path: () => '/security/systems', who: ['security'] },
  { path: (f) => `/security/systems/${f.namespace}`, who: ['security'] },
  { path: () => '/policies', who: ['admin'] },
  { path: () => '/admin/agencies', who: ['admin'] },
  { path: () => '/admin/agencies/so-khcn', who: ['admin'] },
  { path: () => '/notifications', who: ALL },
  { path: () => '/no-access', who: ['noRole'] },
]

/** The pages `person` reaches, with the seed's real objects in their addresses. */
export const pagesOf = (person: Person, f: Fixtures): string[] =>
  PAGES.filter((p) => p.who.includes(person)).map((p) => p.path(f))

/** The seeded objects the pages name: so-khcn's first system, its draft and submitted requests, a waiver. */
export async function seededFixtures(db: Db): Promise<Fixtures> {
  const agency = await db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' }, select: { id: true } })
  const project = await db.project.findFirstOrThrow({
    where: { agencyId: agency.id, name: 'Hệ thống quản lý đề tài khoa học' },
    select: { id: true, namespace: true },
  })
  const request = (state: 'draft' | 'submitted') =>
    db.quotaRequest.findFirstOrThrow({ where: { agencyId: agency.id, state }, select: { number: true } })
  const waiver = await waiverOfWholeCheck(db, project.id, PEOPLE.staff)
  return {
    namespace: project.namespace,
    draft: (await request('draft')).number,
    submitted: (await request('submitted')).number,
    waiver: waiver.number,
    month: localMonthOf(new Date()).slice(0, 7),
  }
}
