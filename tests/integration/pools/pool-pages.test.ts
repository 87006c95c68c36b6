import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// The capacity pools' pages (issue 15, decision 0054) through the built console, a seeded database
// and Keycloak: an operator makes a volume pool for a new storage class from the form (a bad amount
// and a taken code refused at their fields, what was typed kept); a security officer reads the
// list but neither form; agency staff reach none; crafted posts change nothing.

let started: SeededConsole
let operator: Visitor
let others: Record<'staff' | 'security', Visitor>

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  await started.database.db.storageClass.create({
    data: { name: 'archive', descriptionVi: 'Lưu trữ lâu dài', descriptionEn: 'Archive' },
  })
  operator = await signedInVisitor(started.server, 'duc.dang')
  others = {
    staff: await signedInVisitor(started.server, 'an.nguyen'),
    security: await signedInVisitor(started.server, 'huong.pham'),
  }
}, 300_000)
afterAll(async () => started?.stop())

const db = () => started.database.db
const snapshot = async () => ({
  pools: await db().capacityPool.findMany({ include: { resources: true }, orderBy: { code: 'asc' } }),
  versions: await db().poolVersion.count(),
  audit: await db().auditEntry.count({ where: { action: { startsWith: 'pool.' }, outcome: 'ok' } }),
})
const NEW_POOL = '/pools/new?kind=volume&class=archive'
const form = (fields: Record<string, string>) => ({
  kind: 'volume',
  storageClass: 'archive',
  code: 'volume-archive',
  nameVi: 'Lưu trữ khối lưu trữ lâu dài',
  nameEn: 'Archive block storage',
  'num:volume:archive': '1',
  'den:volume:archive': '1',
  reason: 'Giá đĩa mới lắp',
  ...fields,
})

describe('an operator', () => {
  it('makes a pool from the form; a bad amount and a taken code come back at their fields, kept', async () => {
    const page = await (await operator.get('/pools')).text()
    expect(page).toContain('href="/pools/new"')
    expect(page).toContain('href="/pools/compute-main/edit"')
    expect(await (await operator.get(NEW_POOL)).text()).toContain('name="physical:volume:archive"')

    const bad = await operator.post(NEW_POOL, form({ 'physical:volume:archive': 'mười TiB' }))
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('value="mười TiB"')
    expect(badHtml).toContain('value="Lưu trữ khối lưu trữ lâu dài"')
    const taken = await operator.post(NEW_POOL, form({ code: 'compute-main', 'physical:volume:archive': '10' }))
    expect(taken.status).toBe(422)
    expect(await taken.text()).toContain('Mã vùng tài nguyên “compute-main” đã được dùng.')
    expect(await db().capacityPool.count({ where: { code: 'volume-archive' } })).toBe(0)

    const made = await operator.post(NEW_POOL, form({ 'physical:volume:archive': '1,5 TiB' }))
    expect(made.status).toBe(302)
    expect(made.headers.get('location')).toBe('/pools/volume-archive/edit?saved=1')
    const row = await db().capacityPool.findUniqueOrThrow({
      where: { code: 'volume-archive' },
      include: { resources: true },
    })
    expect(row.nameVi).toBe('Lưu trữ khối lưu trữ lâu dài')
    expect(row.resources.map((r) => [r.resource, r.physical])).toEqual([['volume:archive', 1536n * 1024n ** 3n]])
    expect(await db().auditEntry.count({ where: { action: 'pool.create', entityId: row.id } })).toBe(1)
    const edit = await (await operator.get('/pools/volume-archive/edit')).text()
    expect(edit).toContain('Giá đĩa mới lắp')
    expect(edit).toMatch(/value="1,5\s+TiB"/)
  })
})

describe('everyone else', () => {
  it('reads the list as a security officer, reaches no form, and nothing changes', async () => {
    const before = await snapshot()
    expect((await others.security.get('/pools')).status).toBe(200)
    expect(await (await others.security.get('/pools')).text()).not.toContain('href="/pools/new"')
    expect((await others.staff.get('/pools')).status).toBe(403)
    const posts: [string, Record<string, string>][] = [
      [NEW_POOL, form({ code: 'volume-gia-mao', 'physical:volume:archive': '10' })],
      ['/pools/compute-main/edit', { seenVersion: '1', nameVi: 'Tên bị đổi', 'physical:cpu': '1', reason: 'x' }],
    ]
    for (const [role, visitor] of Object.entries(others)) {
      for (const path of [NEW_POOL, '/pools/compute-main/edit', '/pools/khong-ton-tai/edit'])
        expect((await visitor.get(path)).status, `${role} GET ${path}`).toBe(403)
      for (const [path, fields] of posts)
        expect((await visitor.post(path, fields)).status, `${role} POST ${path}`).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
  })
})
