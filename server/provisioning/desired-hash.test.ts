import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent, type ProvisioningSettings } from './desired'

// The desired hash is stored in every tenant's status: a pass that computes another hash for the
// same intent rewrites (and reports) every tenant. These hashes were taken from the code as it was
// before desiredState was split into one builder per kind; they must not change with a refactor.
// They changed once on purpose, when the RoleBinding moved from `edit` to `govcloud-tenant`
// (decision 0025): every tenant's binding is rewritten once, by the next pass; and again when the
// Namespace got its agency groups' annotation, which GC-RBAC-01 reads (decision 0038): every
// tenant's namespace is annotated once, by the next pass.
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
    '0dc268920cfdb20c5aed08431049a9bad0a23c8f2f798bd107273cc39909ab34',
  ],
  [
    'a baseline exception, parent agencies, a group prefix, no object lock',
    {
      ...base,
      agency: { ...base.agency, parentCodes: ['ubnd-tinh-lang-son', 'so-tttt'] },
      podSecurity: { level: 'baseline', reason: 'Phần mềm cũ cần quyền root (ngoại lệ số 12/2026)' },
    },
    { ...DEFAULT_SETTINGS, groupPrefix: 'oidc:', ingressNamespace: 'ingress', objectLockSupported: false },
    '4dd7d61b324217e9027bf8323be8c0d3460033085331fb178d170facc42fbefb',
  ],
  [
    'small compute only',
    {
      ...base,
      allocation: { state: 'active', backupRetentionDays: null, lines: { cpu: 50n, memory: 64n * 1024n ** 2n } },
    },
    DEFAULT_SETTINGS,
    '7387b1c5938467b4f9ed4e44fed4df2128fbc6a4d09de2afe1975d540b3cf85b',
  ],
  [
    'backup only, default retention, another storage class list',
    { ...base, allocation: { state: 'active', backupRetentionDays: null, lines: { backupStorage: 5n * GiB } } },
    { ...DEFAULT_SETTINGS, storageClasses: ['standard', 'fast', 'archive'] },
    '8eef765bf5d718a2f0c7c5a301203a9806a4b29fa81b417b881fad54d463a366',
  ],
  [
    'no allocation',
    { ...base, allocation: null },
    DEFAULT_SETTINGS,
    '30cfb78fa8cb9e1bfe7024af129a40bbb92c7f45069f13740d9a83d7e1c41c5d',
  ],
]

describe('desired hash', () => {
  it.each(cases)('is byte-identical for the same intent: %s', (_name, intent, settings, hash) => {
    expect(desiredState(intent, settings).hash).toBe(hash)
  })
})
