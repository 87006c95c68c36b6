import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  archiveAgency,
  createAgency,
  renameAgency,
  reparentAgency,
  AGENCY_GROUP_SYNC_JOB,
} from '#server/agencies/store'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { createDraftRequest } from '#server/workflow/create-request'
import { staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject, makeUser } from '../../helpers/fixtures'

// Agencies' life in the real database (decision 0052): each change is one transaction with its
// audit entry and the Keycloak group sync queued; a refused change writes nothing; an archived
// agency keeps its history and can no longer request.

let t: TestDatabase
let admin: { actor: { id: string; label: string } }
const DONG_DANG = 'Ủy ban nhân dân xã Đồng Đăng'

beforeAll(async () => {
  t = await createTestDatabase()
  admin = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
})
afterAll(async () => t?.drop())

const entries = (action: string) =>
  t.db.auditEntry.findMany({ where: { action }, orderBy: { seq: 'asc' }, select: { after: true, before: true } })
const writes = async () => ({
  agencies: await t.db.agency.findMany({ orderBy: { code: 'asc' } }),
  audit: await t.db.auditEntry.count(),
})

async function made(code: string, parentCode: string | null, nameVi = `Cơ quan ${code}`) {
  const outcome = await createAgency(t.db, { code, nameVi, kind: 'people-committee', parentCode }, admin)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
  return outcome.value
}

describe('create and rename', () => {
  it('keeps Vietnamese names exactly through the form, the row and the audit entry, and queues the group sync', async () => {
    await made('ubnd-tinh', null, 'UBND tỉnh Lạng Sơn')
    const typed = `  ${DONG_DANG.normalize('NFD')} `
    const outcome = await createAgency(
      t.db,
      { code: 'UBND-XA-DONG-DANG', nameVi: typed, nameEn: '', kind: 'people-committee', parentCode: 'ubnd-tinh' },
      admin,
    )
    expect(outcome.ok).toBe(true)
    const row = await t.db.agency.findUniqueOrThrow({ where: { code: 'ubnd-xa-dong-dang' }, include: { parent: true } })
    expect(row.nameVi).toBe(DONG_DANG)
    expect(row.parent?.code).toBe('ubnd-tinh')
    const [, created] = await entries('agency.create')
    expect(created?.after).toMatchObject({ code: 'ubnd-xa-dong-dang', nameVi: DONG_DANG, parentCode: 'ubnd-tinh' })
    expect(await t.db.job.count({ where: { kind: AGENCY_GROUP_SYNC_JOB, state: 'queued' } })).toBe(1)
  })

  it('refuses a code already used, every problem at its field, writing nothing', async () => {
    const before = await writes()
    const outcome = await createAgency(
      t.db,
      { code: 'ubnd-tinh', nameVi: ' ', kind: 'district', parentCode: 'nowhere' },
      admin,
    )
    expect(!outcome.ok && outcome.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['parentCode', 'agency.not_found'],
    ])
    const taken = await createAgency(t.db, { code: 'ubnd-tinh', nameVi: ' ', kind: 'district' }, admin)
    expect(!taken.ok && taken.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['nameVi', 'name.required'],
      ['kind', 'agency.kind_unknown'],
      ['code', 'agency.code_taken'],
    ])
    expect(await writes()).toEqual(before)
  })

  it('renames without touching the code, auditing the names before and after', async () => {
    const outcome = await renameAgency(
      t.db,
      'ubnd-xa-dong-dang',
      { nameVi: 'UBND xã Đồng Đăng', nameEn: "Đồng Đăng Commune People's Committee" },
      admin,
    )
    expect(outcome.ok && outcome.value.code).toBe('ubnd-xa-dong-dang')
    const [renamed] = await entries('agency.rename')
    expect(renamed).toEqual({
      before: { code: 'ubnd-xa-dong-dang', nameVi: DONG_DANG, nameEn: '' },
      after: { code: 'ubnd-xa-dong-dang', nameVi: 'UBND xã Đồng Đăng', nameEn: "Đồng Đăng Commune People's Committee" },
    })
  })
})

describe('re-parent', () => {
  it('moves an agency and refuses a crafted cycle, writing nothing', async () => {
    await made('thon-na-lau', 'ubnd-xa-dong-dang')
    const moved = await reparentAgency(t.db, 'thon-na-lau', 'ubnd-tinh', admin)
    expect(moved.ok).toBe(true)
    expect(await entries('agency.reparent')).toEqual([
      {
        before: { code: 'thon-na-lau', parentCode: 'ubnd-xa-dong-dang' },
        after: { code: 'thon-na-lau', parentCode: 'ubnd-tinh' },
      },
    ])
    const before = await writes()
    const cycle = await reparentAgency(t.db, 'ubnd-tinh', 'thon-na-lau', admin)
    expect(!cycle.ok && cycle.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['parentCode', 'agency.parent_cycle'],
    ])
    expect(await writes()).toEqual(before)
  })

  it('lets only one of two moves that together would make a cycle through', async () => {
    await made('so-a', null)
    await made('so-b', null)
    const both = await Promise.all([
      reparentAgency(t.db, 'so-a', 'so-b', admin),
      reparentAgency(t.db, 'so-b', 'so-a', admin),
    ])
    expect(both.filter((outcome) => outcome.ok)).toHaveLength(1)
    expect(both.filter((outcome) => !outcome.ok)[0]).toMatchObject({
      issues: [{ error: { code: 'agency.parent_cycle' } }],
    })
  })
})

describe('archive', () => {
  it('refuses while active agencies sit below', async () => {
    const outcome = await archiveAgency(t.db, 'ubnd-tinh', admin)
    expect(!outcome.ok && outcome.issues[0]?.error).toEqual({
      code: 'agency.archive_has_children',
      params: { code: 'ubnd-tinh', count: 2 },
    })
  })

  it('keeps the history, refuses new requests and submissions, and refuses further changes', async () => {
    const agency = await t.db.agency.findUniqueOrThrow({ where: { code: 'ubnd-xa-dong-dang' } })
    const projectId = await makeProject(t.db, agency.id, { name: 'Cổng dịch vụ công xã', securityLevel: 1 })
    const requester = await makeUser(t.db, 'Vi Thị Thu')
    const content = {
      kind: 'new' as const,
      lines: [{ resource: 'cpu' as const, amount: 2000n }],
      backup: null,
      justification: 'Cổng dịch vụ công',
      endDate: null,
    }
    const draft = await createDraftRequest(t.db, { projectId, requesterId: requester, requesterLabel: 'Thu', content })
    if (draft === null || 'refused' in draft) throw new Error('the draft was not made')

    const archived = await archiveAgency(t.db, 'ubnd-xa-dong-dang', admin)
    expect(archived.ok && archived.value.status).toBe('archived')
    expect((await t.db.agency.findUniqueOrThrow({ where: { id: agency.id } })).archivedAt).not.toBeNull()
    expect(await entries('agency.archive')).toEqual([
      {
        before: { code: 'ubnd-xa-dong-dang', status: 'active' },
        after: { code: 'ubnd-xa-dong-dang', status: 'archived' },
      },
    ])

    const refused = await createDraftRequest(t.db, {
      projectId,
      requesterId: requester,
      requesterLabel: 'Thu',
      content,
    })
    expect(refused).toEqual({ refused: { code: 'agency.archived', params: { code: 'ubnd-xa-dong-dang' } } })
    const submit = await actOnRequest(t.db, {
      requestId: draft.id,
      action: 'submit',
      actor: staff(requester),
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(submit).toEqual({ ok: false, error: { code: 'agency.archived', params: { code: 'ubnd-xa-dong-dang' } } })
    // History stays: the project and its draft are still there, still the archived agency's.
    expect(await t.db.quotaRequest.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ state: 'draft' })
    expect(await t.db.project.count({ where: { agencyId: agency.id } })).toBe(1)

    for (const again of [
      await archiveAgency(t.db, 'ubnd-xa-dong-dang', admin),
      await renameAgency(t.db, 'ubnd-xa-dong-dang', { nameVi: 'Tên mới' }, admin),
      await reparentAgency(t.db, 'ubnd-xa-dong-dang', null, admin),
    ])
      expect(!again.ok && again.issues[0]?.error.code).toBe('agency.not_active')
    const reuse = await createAgency(
      t.db,
      { code: 'ubnd-xa-dong-dang', nameVi: DONG_DANG, kind: 'people-committee' },
      admin,
    )
    expect(!reuse.ok && reuse.issues.map((i) => i.error.code)).toEqual(['agency.code_taken'])
  })
})
