import { describe, expect, it } from 'vitest'
import { parseAmount, parseEndDate, parseQuotaRequest, quotaRequestSchema, toFieldIssues } from './quota-request-schema'
import type { NumberSymbols } from './human-quantity'
import type { RequestContext } from './quota-request'

const GiB = 2n ** 30n
const TiB = 2n ** 40n
const now = new Date('2026-11-25T03:00:00Z')
/** The separators of the console's languages (server/i18n/format.test.ts checks they are Intl's). */
const VI: NumberSymbols = { group: '.', decimal: ',' }
const EN: NumberSymbols = { group: ',', decimal: '.' }
const context: RequestContext = { catalogue: { storageClasses: ['fast-ssd'], gpuAvailable: true }, now }

/** What Conform hands over from a form: strings everywhere, blanks as ''. */
const form = {
  projectId: 'a5b3c1d2-0000-7000-8000-000000000001',
  version: '3',
  kind: 'new',
  lines: [
    { resource: 'cpu', amount: '1,5' },
    { resource: 'memory', amount: '8' },
    { resource: 'pods', amount: '' },
    { resource: 'volume:fast-ssd', amount: '1,5 TiB' },
    { resource: 'backupStorage', amount: '500' },
  ],
  backup: { preset: 'weekly', dayOfWeek: '0', time: '01:30', retentionDays: '90' },
  justification: 'Mở rộng hệ thống một cửa điện tử.',
  endDate: '2027-06-30',
}

describe('parseQuotaRequest (form, Vietnamese)', () => {
  it('turns a form into a request with exact amounts', () => {
    const result = parseQuotaRequest(form, { syntax: 'human', numbers: VI, mode: 'submit', context })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.projectId).toBe(form.projectId)
    expect(result.value.version).toBe(3)
    expect(result.value.content).toEqual({
      kind: 'new',
      lines: [
        { resource: 'cpu', amount: 1500n },
        { resource: 'memory', amount: 8n * GiB },
        { resource: 'volume:fast-ssd', amount: (3n * TiB) / 2n },
        { resource: 'backupStorage', amount: 500n * GiB },
      ],
      backup: { schedule: '30 1 * * 0', retentionDays: 90 },
      justification: 'Mở rộng hệ thống một cửa điện tử.',
      // The end of 30 June in Vietnam (UTC+7).
      endDate: new Date('2027-06-30T16:59:59.999Z'),
    })
  })

  it('reports every problem at once, schema and domain alike, at the form’s paths', () => {
    const result = parseQuotaRequest(
      {
        ...form,
        version: 'abc',
        lines: [
          { resource: 'cpu', amount: '1.5' }, // a point is grouping in Vietnamese
          { resource: 'memory', amount: '-2' },
          { resource: 'pods', amount: '1,5' },
          { resource: 'volume:gold', amount: '10' },
          { resource: 'backupStorage', amount: '500' },
        ],
        backup: { preset: 'daily', time: '25:00', retentionDays: '0' },
        justification: '',
        endDate: '2027-02-30',
      },
      { syntax: 'human', numbers: VI, mode: 'submit', context },
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((found) => [found.path, found.error.code])).toEqual([
      ['version', 'request.version_invalid'],
      ['lines.0.amount', 'quantity.human_malformed'],
      ['lines.1.amount', 'quantity.negative'],
      ['lines.2.amount', 'quantity.count_fractional'],
      ['backup.time', 'request.time_invalid'],
      ['endDate', 'input.invalid_date'],
      ['lines.3.resource', 'resource.storage_class_unknown'],
      ['justification', 'request.justification_required'],
    ])
  })

  it('accepts a lenient draft with nothing filled in but the project and kind', () => {
    const result = parseQuotaRequest(
      { projectId: form.projectId, kind: 'new', lines: [{ resource: 'cpu', amount: '' }], justification: '' },
      { syntax: 'human', numbers: VI, mode: 'draft', context },
    )
    expect(result).toEqual({
      ok: true,
      value: {
        projectId: form.projectId,
        version: null,
        content: { kind: 'new', lines: [], backup: null, justification: '', endDate: null },
      },
    })
  })

  it('treats backup preset "none" and an absent backup alike', () => {
    for (const backup of [undefined, '', { preset: 'none' }, { preset: '' }]) {
      const result = parseQuotaRequest(
        { ...form, backup, lines: [{ resource: 'cpu', amount: '1' }] },
        { syntax: 'human', numbers: VI, mode: 'submit', context },
      )
      expect(result.ok && result.value.content.backup).toBeNull()
    }
  })

  it('accepts a custom cron schedule and refuses bad presets and retention', () => {
    const cron = parseQuotaRequest(
      { ...form, backup: { preset: 'cron', cron: '0 */12 * * *', retentionDays: '7' } },
      { syntax: 'human', numbers: VI, mode: 'submit', context },
    )
    expect(cron.ok && cron.value.content.backup).toEqual({ schedule: '0 */12 * * *', retentionDays: 7 })
    const bad = parseQuotaRequest(
      { ...form, backup: { preset: 'hourly', retentionDays: '7' } },
      { syntax: 'human', numbers: VI, mode: 'submit', context },
    )
    expect(!bad.ok && bad.issues.map((found) => [found.path, found.error.code])).toEqual([
      ['backup.preset', 'input.invalid_choice'],
    ])
    const retention = parseQuotaRequest(
      { ...form, backup: { preset: 'daily', time: '02:00', retentionDays: '1,5' } },
      { syntax: 'human', numbers: VI, mode: 'submit', context },
    )
    expect(!retention.ok && retention.issues.map((found) => found.path)).toEqual(['backup.retentionDays'])
    const weekly = parseQuotaRequest(
      { ...form, backup: { preset: 'weekly', dayOfWeek: '9', time: '02:00', retentionDays: '7' } },
      { syntax: 'human', numbers: VI, mode: 'submit', context },
    )
    expect(!weekly.ok && weekly.issues.map((found) => [found.path, found.error.code])).toEqual([
      ['backup.dayOfWeek', 'request.schedule_invalid'],
    ])
  })

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'text', 42, []]) {
      const result = parseQuotaRequest(body, { syntax: 'human', numbers: VI, mode: 'draft', context })
      expect(!result.ok && result.error.code).toBe('input.not_object')
    }
  })

  it('refuses missing project, kind and wrongly shaped lists', () => {
    const result = parseQuotaRequest(
      { lines: 'cpu=2', justification: 5 },
      { syntax: 'human', numbers: EN, mode: 'draft', context },
    )
    expect(!result.ok && result.issues.map((found) => [found.path, found.error.code])).toEqual([
      ['projectId', 'input.required'],
      ['kind', 'input.required'],
      ['lines', 'input.not_list'],
      ['justification', 'input.not_text'],
    ])
    const items = parseQuotaRequest(
      { projectId: 'p', kind: 'new', lines: ['cpu', { amount: '1' }] },
      { syntax: 'human', numbers: EN, mode: 'draft', context },
    )
    expect(!items.ok && items.issues.map((found) => [found.path, found.error.code])).toEqual([
      ['lines.0', 'input.not_object'],
      ['lines.1.resource', 'input.required'],
    ])
  })
})

describe('parseQuotaRequest (API, Kubernetes quantities)', () => {
  it('reads quantities and whole JSON numbers', () => {
    const result = parseQuotaRequest(
      {
        projectId: 'p',
        kind: 'increase',
        version: 7,
        lines: [
          { resource: 'cpu', amount: '500m' },
          { resource: 'memory', amount: '4Gi' },
          { resource: 'pods', amount: 20 },
          { resource: 'gpu', amount: 1 },
        ],
        justification: 'Scale out',
        endDate: '2027-01-01T00:00:00+07:00',
      },
      { syntax: 'kubernetes', mode: 'submit', context },
    )
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value.content.lines).toEqual([
        { resource: 'cpu', amount: 500n },
        { resource: 'memory', amount: 4n * GiB },
        { resource: 'pods', amount: 20n },
        { resource: 'gpu', amount: 1n },
      ])
      expect(result.value.content.endDate).toEqual(new Date('2026-12-31T17:00:00Z'))
      expect(result.value.version).toBe(7)
    }
  })

  it('refuses floats, fractions and overflow', () => {
    const result = parseQuotaRequest(
      {
        projectId: 'p',
        kind: 'new',
        lines: [
          { resource: 'cpu', amount: 1.5 },
          { resource: 'memory', amount: '0.1Gi' },
          { resource: 'pods', amount: '1.5' },
          { resource: 'objectStorage', amount: '9Ei' },
          { resource: 'buckets', amount: 2 ** 60 },
          { resource: 'backupStorage', amount: true },
        ],
        justification: 'x',
      },
      { syntax: 'kubernetes', mode: 'submit', context },
    )
    expect(!result.ok && result.issues.map((found) => [found.path, found.error.code])).toEqual([
      ['lines.0.amount', 'input.unsafe_number'],
      ['lines.1.amount', 'quantity.bytes_fractional'],
      ['lines.2.amount', 'quantity.count_fractional'],
      ['lines.3.amount', 'quantity.overflow'],
      ['lines.4.amount', 'input.unsafe_number'],
      ['lines.5.amount', 'input.not_text'],
    ])
  })
})

describe('quotaRequestSchema with Conform-style messages', () => {
  it('uses codes as messages by default and succeeds on good input', () => {
    const schema = quotaRequestSchema({ syntax: 'human', numbers: EN })
    const bad = schema.safeParse({ ...form, kind: 'grow' })
    expect(!bad.success && bad.error.issues[0]?.message).toBe('request.kind_invalid')
    const good = schema.safeParse({ ...form, lines: [{ resource: 'cpu', amount: '1.5' }], backup: undefined })
    expect(good.success && good.data.content.lines).toEqual([{ resource: 'cpu', amount: 1500n, index: 0 }])
  })

  it('maps foreign zod issues to a generic code', () => {
    const schema = quotaRequestSchema({ syntax: 'human', numbers: EN })
    const parsed = schema.safeParse('not an object')
    expect(!parsed.success && toFieldIssues(parsed.error)).toEqual([
      { path: '', error: { code: 'input.not_object', params: {} } },
    ])
  })
})

describe('field parsers', () => {
  it('parses amounts per resource unit', () => {
    expect(parseAmount('2', 'cpu', { syntax: 'human', numbers: EN })).toEqual({ ok: true, value: 2000n })
    expect(parseAmount('2', 'memory', { syntax: 'human', numbers: EN })).toEqual({ ok: true, value: 2n * GiB })
    expect(parseAmount('2', 'memory', { syntax: 'kubernetes' })).toEqual({ ok: true, value: 2n })
    expect(parseAmount('2', 'volume:x', { syntax: 'human', numbers: VI })).toEqual({ ok: true, value: 2n * GiB })
  })

  it('parses end dates as the end of the day in Vietnam, refusing impossible ones', () => {
    expect(parseEndDate('')).toEqual({ ok: true, value: null })
    expect(parseEndDate('2026-12-31')).toEqual({ ok: true, value: new Date('2026-12-31T16:59:59.999Z') })
    expect(parseEndDate('2028-02-29').ok).toBe(true)
    for (const bad of ['2027-02-29', '2026-13-01', '31/12/2026', '2026-12-31T10:00', 'tomorrow', 20261231]) {
      expect(parseEndDate(bad), String(bad)).toEqual({ ok: false, error: { code: 'input.invalid_date', params: {} } })
    }
  })
})
