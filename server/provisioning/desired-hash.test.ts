import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent, type ProvisioningSettings } from './desired'

// The desired hash is stored in every tenant's status: a pass that computes another hash for the
// same intent rewrites (and reports) every tenant. These hashes were taken from the code as it was
// before desiredState was split into one builder per kind; they must not change with a refactor.
// They changed once on purpose, when the RoleBinding moved from `edit` to `govcloud-tenant`
// (decision 0025): every tenant's binding is rewritten once, by the next pass.
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
    '07e65165e32033cde62382956a70d8debafa2b301424bf3c8913c924cb1542ab',
  ],
  [
    'a baseline exception, parent agencies, a group prefix, no object lock',
    {
      ...base,
      agency: { ...base.agency, parentCodes: ['ubnd-tinh-lang-son', 'so-tttt'] },
      podSecurity: { level: 'baseline', reason: 'Phần mềm cũ cần quyền root (ngoại lệ số 12/2026)' },
    },
    { ...DEFAULT_SETTINGS, groupPrefix: 'oidc:', ingressNamespace: 'ingress', objectLockSupported: false },
    '1d5c441eb4350b6c9a11b96c93ac357c16630daaba81b2e06334a643e236c907',
  ],
  [
    'small compute only',
    {
      ...base,
      allocation: { state: 'active', backupRetentionDays: null, lines: { cpu: 50n, memory: 64n * 1024n ** 2n } },
    },
    DEFAULT_SETTINGS,
    '2086c4e2d09dadfde0c92cd31af1a372096646340740ba570c4f3cdffb1a003f',
  ],
  [
    'backup only, default retention, another storage class list',
    { ...base, allocation: { state: 'active', backupRetentionDays: null, lines: { backupStorage: 5n * GiB } } },
    { ...DEFAULT_SETTINGS, storageClasses: ['standard', 'fast', 'archive'] },
    '966f401aac8fec89822328db4c6ac0ec6bf1044ad358e6a80e43454ed60c6f90',
  ],
  [
    'no allocation',
    { ...base, allocation: null },
    DEFAULT_SETTINGS,
    '682af079cee35f27641e50eb916d2e9863084e762ddccd6e9ec00c842ff4823d',
  ],
]

describe('desired hash', () => {
  it.each(cases)('is byte-identical for the same intent: %s', (_name, intent, settings, hash) => {
    expect(desiredState(intent, settings).hash).toBe(hash)
  })
})
