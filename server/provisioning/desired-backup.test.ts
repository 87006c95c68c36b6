import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent } from './desired'
import { backupUserName, desiredBackup } from './desired/backup'

const GiB = 1024n ** 3n
const velero = { namespace: 'govcloud-velero', s3Url: 'http://127.0.0.1:8333', s3Region: 'us-east-1' }
const settings = { ...DEFAULT_SETTINGS, velero }
const intent = (extra: Partial<NonNullable<ProjectIntent['allocation']>> = {}): ProjectIntent => ({
  projectId: '0190f3c2-7a6b-7000-8000-000000000001',
  namespace: 'ubnd-xa-dong-dang-mot-cua',
  slug: 'mot-cua',
  name: 'Hệ thống một cửa điện tử xã Đồng Đăng',
  securityLevel: 3,
  agency: { code: 'ubnd-xa-dong-dang', nameVi: 'UBND xã Đồng Đăng', nameEn: "Dong Dang Commune People's Committee" },
  allocation: {
    state: 'active',
    backupRetentionDays: 14,
    backupSchedule: '30 1 * * *',
    lines: { objectStorage: 100n * GiB, backupStorage: 20n * GiB },
    ...extra,
  },
})

describe('desiredBackup (decision 0053)', () => {
  it("points Velero at the project's backup bucket with its own keys, and backs up its namespace only", () => {
    const backup = desiredBackup(intent(), settings)!
    expect(backup.bucket).toBe('ubnd-xa-dong-dang-mot-cua-backup')
    expect(backup.location.metadata).toMatchObject({ name: 'ubnd-xa-dong-dang-mot-cua', namespace: 'govcloud-velero' })
    expect(backup.location.spec).toEqual({
      provider: 'aws',
      objectStorage: { bucket: 'ubnd-xa-dong-dang-mot-cua-backup', prefix: 'velero' },
      credential: { name: 'ubnd-xa-dong-dang-mot-cua', key: 'cloud' },
      config: { region: 'us-east-1', s3Url: 'http://127.0.0.1:8333', s3ForcePathStyle: 'true' },
    })
    expect(backup.schedule.spec).toMatchObject({
      schedule: 'CRON_TZ=Asia/Ho_Chi_Minh 30 1 * * *',
      template: {
        includedNamespaces: ['ubnd-xa-dong-dang-mot-cua'],
        storageLocation: 'ubnd-xa-dong-dang-mot-cua',
        ttl: '336h0m0s',
        snapshotVolumes: false,
      },
    })
    expect(backup.schedule.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'govcloud-console',
      'govcloud.langson.gov.vn/project-id': '0190f3c2-7a6b-7000-8000-000000000001',
    })
  })

  it('gives the backup identity the backup bucket alone, under a name no namespace can have', () => {
    const backup = desiredBackup(intent(), settings)!
    expect(backup.identity.user).toBe('ubnd-xa-dong-dang-mot-cua.backup')
    expect(backupUserName('a-b')).not.toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    const resources = backup.identity.policy.Statement.flatMap((s) => s.Resource)
    expect(resources).toEqual([
      'arn:aws:s3:::ubnd-xa-dong-dang-mot-cua-backup',
      'arn:aws:s3:::ubnd-xa-dong-dang-mot-cua-backup/*',
    ])
  })

  it('takes the default retention when the grant names none', () => {
    const backup = desiredBackup(intent({ backupRetentionDays: null }), settings)!
    expect(backup.schedule.spec['template']).toMatchObject({
      ttl: `${DEFAULT_SETTINGS.defaultBackupRetentionDays * 24}h0m0s`,
    })
  })

  it('is nothing without a backup quota, without a schedule, or where no Velero runs', () => {
    expect(desiredBackup(intent({ lines: { objectStorage: GiB } }), settings)).toBeNull()
    expect(desiredBackup(intent({ backupSchedule: null }), settings)).toBeNull()
    expect(desiredBackup(intent(), DEFAULT_SETTINGS)).toBeNull()
    expect(desiredBackup(intent(), { ...settings, velero: null })).toBeNull()
  })

  it("leaves the desired state's hash as it was: existing tenants are not re-applied for it", () => {
    expect(desiredState(intent(), settings).hash).toBe(desiredState(intent(), DEFAULT_SETTINGS).hash)
  })
})
