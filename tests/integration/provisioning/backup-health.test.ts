// Backups that fail or go missing, found and told (issue 15, decision 0056), against the real
// Velero: the worker's periodic scan judges each scheduled project, opens GC-BAK-01 for a failed
// run (a Backup Velero refuses at validation) and tells the agency's staff once, however often it
// runs; a completed backup resolves it; a run missing two hours past its due time opens a new
// episode and one new notice. Another agency's staff are told nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { veleroObjects, type Velero } from '#server/platform/kubernetes/velero'
import { takeBackupNow } from '#server/provisioning/backup-now'
import { scanBackupHealth } from '#server/provisioning/backup-health-scan'
import { renderNotice } from '#server/notifications/render'
import { GiB, makeAgency, makeSession, makeUser } from '../../helpers/fixtures'
import { eventually } from '../../helpers/poll'
import { approvedProject, leavePlatform, openPlatform, type OpenPlatform } from '../../helpers/provisioning'
import {
  BACKUP_POOLS,
  failingBackup,
  removeBackupsOf,
  scheduleBackups,
  veleroNamespace,
  veleroObject,
  veleroSettings,
} from '../../helpers/project-backups'

const ENDED = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']
let open: OpenPlatform
let velero: Velero
let project: { projectId: string; namespace: string; agencyId: string }
const staff = { a: '', b: '' }

const scan = (now = new Date()) => scanBackupHealth({ db: open.t.db, velero, storage: open.storage }, now)
const noticesOf = (recipientId: string) =>
  open.t.db.notification.findMany({ where: { recipientId, kind: 'backup_unhealthy' }, orderBy: { createdAt: 'asc' } })
const findings = () =>
  open.t.db.securityFinding.findMany({
    where: { checkId: 'GC-BAK-01', subjectNamespace: project.namespace },
    orderBy: { firstSeenAt: 'asc' },
  })
const ended = (name: string) =>
  eventually(`backup ${name} ended`, 120_000, async () => {
    const phase = (await veleroObject('backups', name)).status?.['phase']
    return typeof phase === 'string' && ENDED.includes(phase) ? phase : undefined
  })

beforeAll(async () => {
  open = await openPlatform({ name: 'backup-health', pools: BACKUP_POOLS, deps: { settings: veleroSettings() } })
  velero = veleroObjects(open.connection, veleroNamespace())
  open.d = { ...open.d, velero }
  const db = open.t.db
  const codes = { a: 'ag-dong-dang-' + Date.now().toString(36), b: 'ag-cao-loc-' + Date.now().toString(36) }
  const agencyA = await makeAgency(db, 'UBND xã Đồng Đăng', { code: codes.a })
  await makeAgency(db, 'UBND huyện Cao Lộc', { code: codes.b })
  staff.a = await makeUser(db, 'Nguyễn Văn An')
  staff.b = await makeUser(db, 'Lê Thị Cúc')
  await makeSession(db, staff.a, ['agency_staff'], { agencyCodes: [codes.a] })
  await makeSession(db, staff.b, ['agency_staff'], { agencyCodes: [codes.b] })
  project = {
    agencyId: agencyA,
    ...(await approvedProject(db, {
      agencyId: agencyA,
      requesterId: staff.a,
      operatorId: await makeUser(db, 'Đặng Minh Đức'),
      lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n, backupStorage: GiB },
    })),
  }
  await scheduleBackups(open.d, project)
}, 240_000)

afterAll(async () => {
  if (project) await removeBackupsOf([project], open?.storage)
  await leavePlatform(open, project ? [project.namespace] : [])
})

describe('backup health as a finding and a notice (GC-BAK-01)', () => {
  it('a failed run: one finding, one notice to the agency’s staff however often the scan runs, none to another agency', async () => {
    expect(await scan()).toMatchObject({ judged: 1, opened: 0, notified: 0 })
    const name = `${project.namespace.slice(0, 40)}-hong`
    await failingBackup(project.namespace, name)
    expect(await ended(name)).toBe('FailedValidation')
    expect(await scan()).toMatchObject({ judged: 1, opened: 1, notified: 1 })
    expect(await scan()).toMatchObject({ judged: 1, opened: 0, seen: 1, notified: 0 })
    const [finding, ...more] = await findings()
    expect(more).toEqual([])
    expect(finding).toMatchObject({ projectId: project.projectId, resolvedAt: null, severity: 'medium' })
    expect(finding?.detail).toMatchObject({ state: 'failed', backup: name, phase: 'FailedValidation' })
    const notices = await noticesOf(staff.a)
    expect(notices).toHaveLength(1)
    expect(notices[0]?.link).toBe(`/projects/${project.namespace}/backups`)
    const words = renderNotice(notices[0]!, 'vi')
    expect(words.title).toContain('không chạy đúng lịch')
    expect(words.lines.join(' ')).toContain('1 lần sao lưu thất bại')
    expect(await noticesOf(staff.b)).toEqual([])
  }, 240_000)

  it('a completed backup resolves it; a run missing past its due time opens a new episode with one new notice', async () => {
    const taken = await takeBackupNow({ db: open.t.db, velero }, project, {
      actor: { id: 'user:an', label: 'Nguyễn Văn An' },
      reason: 'sau lần hỏng',
    })
    const name = taken.ok ? taken.value.backupName : ''
    expect(await ended(name)).toBe('Completed')
    expect(await scan()).toMatchObject({ resolved: 1, notified: 0 })
    expect((await findings()).every((f) => f.resolvedAt !== null)).toBe(true)

    // Two days on, the 02:00 run (19:00 UTC) of the day before has not happened by 21:00 UTC.
    const later = new Date(Date.now() + 2 * 86_400_000)
    expect(await scan(later)).toMatchObject({ opened: 1, notified: 1 })
    expect(await scan(new Date(later.getTime() + 60_000))).toMatchObject({ opened: 0, notified: 0 })
    const episodes = await findings()
    expect(episodes).toHaveLength(2)
    expect(episodes[1]?.detail).toMatchObject({ state: 'missing' })
    expect(await noticesOf(staff.a)).toHaveLength(2)
    expect(await noticesOf(staff.b)).toEqual([])
  }, 240_000)
})
