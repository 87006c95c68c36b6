import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent, type ProvisioningSettings } from './desired'

// The desired hash is stored in every tenant's status: a pass that computes another hash for the
// same intent rewrites (and reports) every tenant. These hashes were taken from the code as it was
// before desiredState was split into one builder per kind; they must not change with a refactor.
const GiB = 1024n ** 3n
const base: ProjectIntent = {
  projectId: '0190f3c2-7a6b-7000-8000-000000000001',
  namespace: 'ubnd-xa-dong-dang-mot-cua',
  slug: 'mot-cua',
  name: 'Hệ thống một cửa điện tử xã Đồng Đăng',
  securityLevel: 3,
  agency: { code: 'ubnd-xa-dong-dang', nameVi: 'UBND xã Đồng Đăng', nameEn: "Dong Dang Commune People's Committee" },
  allocation: {
    state: 'active',
    backupRetentionDays: 14,
    lines: {
      cpu: 4_000n,
      memory: 8n * GiB,
      pods: 30n,
      gpu: 1n,
      'volume:standard': 50n * GiB,
      'volume:fast': 10n * GiB,
      objectStorage: 100n * GiB + 1n,
      buckets: 3n,
      backupStorage: 20n * GiB,
    },
  },
}

const cases: [string, ProjectIntent, ProvisioningSettings, string][] = [
  [
    'every kind of object and bucket',
    base,
    DEFAULT_SETTINGS,
    'df12aa5684efb5562e2645d1c4ebfa39bd2fe347b5e38b06e1efcbaa3d2167fb',
  ],
  [
    'a baseline exception, parent agencies, a group prefix, no object lock',
    {
      ...base,
      agency: { ...base.agency, parentCodes: ['ubnd-tinh-lang-son', 'so-tttt'] },
      podSecurity: { level: 'baseline', reason: 'Phần mềm cũ cần quyền root (ngoại lệ số 12/2026)' },
    },
    { ...DEFAULT_SETTINGS, groupPrefix: 'oidc:', ingressNamespace: 'ingress', objectLockSupported: false },
    'a69f9dee2001f445869409fa491c9c8b0313b7795b6135f43bd1e4a4958d9609',
  ],
  [
    'small compute only',
    {
      ...base,
      allocation: { state: 'active', backupRetentionDays: null, lines: { cpu: 50n, memory: 64n * 1024n ** 2n } },
    },
    DEFAULT_SETTINGS,
    '1046ebb2f5e0e4423fc0e8928a81ece6126fbf62132e08f0fcd3e63c6363d5cf',
  ],
  [
    'backup only, default retention, another storage class list',
    { ...base, allocation: { state: 'active', backupRetentionDays: null, lines: { backupStorage: 5n * GiB } } },
    { ...DEFAULT_SETTINGS, storageClasses: ['standard', 'fast', 'archive'] },
    '58c68dc4ccd2f14ad6dd87cb8dd86753a4752af75c01ac9cd5f8d9fae580ca1b',
  ],
  [
    'no allocation',
    { ...base, allocation: null },
    DEFAULT_SETTINGS,
    'fab489a6f31a5a96af924d327d3079c72b74a68d760a3edfc39f2d8a121f7836',
  ],
]

describe('desired hash', () => {
  it.each(cases)('is byte-identical for the same intent: %s', (_name, intent, settings, hash) => {
    expect(desiredState(intent, settings).hash).toBe(hash)
  })
})
