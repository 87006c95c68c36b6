import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOMAIN_ERROR_CODES, type DomainError } from '../../domain/errors'
import { parseHumanSize } from '../../domain/human-quantity'
import { quotaRequestSchema, toFieldIssues } from '../../domain/quota-request-schema'
import { parseCpu } from '../../domain/quantity'
import { validateForSubmit } from '../../domain/quota-request'
import { decide } from '../../domain/request-decide'
import { request as submittedRequest } from '../../domain/request-state.fixtures'
import { DEFAULT_APPROVAL_POLICY } from '../../domain/security-policy'
import { numberSymbols } from '../format'
import { formatDomainError } from '../domain-errors'
import { domainMessages } from './domain'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

describe('the domain message catalogue', () => {
  it('has exactly the domain error codes, in both languages', () => {
    const codes = [...DOMAIN_ERROR_CODES].sort()
    expect(Object.keys(domainMessages.vi).sort()).toEqual(codes)
    expect(Object.keys(domainMessages.en).sort()).toEqual(codes)
    expect(new Set(DOMAIN_ERROR_CODES).size).toBe(DOMAIN_ERROR_CODES.length)
  })

  it('uses the same placeholders in Vietnamese and English', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      expect(placeholders(domainMessages.vi[code]), code).toEqual(placeholders(domainMessages.en[code]))
    }
  })

  it('writes Vietnamese with its diacritics, not English copies', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const vi = domainMessages.vi[code]
      expect(vi, code).not.toBe(domainMessages.en[code])
      expect(vi, code).toMatch(/[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i)
      expect(vi.normalize('NFC'), code).toBe(vi)
    }
  })

  it('covers every code the domain modules use, and the list has no dead codes', () => {
    const dir = join(import.meta.dirname, '../../domain')
    const sources = readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
    const list = new Set<string>(DOMAIN_ERROR_CODES)
    const used = new Set<string>()
    // Every quoted `namespace.name` in the domain's sources: err('…'), code: '…', lookup tables.
    const namespaces = new Set(DOMAIN_ERROR_CODES.map((code) => code.split('.')[0]))
    for (const source of sources) {
      for (const match of source.matchAll(/'([a-z_]+)\.([a-z_]+)'/g)) {
        if (namespaces.has(match[1])) used.add(`${match[1]}.${match[2]}`)
      }
    }
    expect([...used].filter((code) => !list.has(code))).toEqual([])
    expect([...list].filter((code) => !used.has(code))).toEqual([])
  })
})

describe('formatDomainError', () => {
  it('fills params and quotes the input', () => {
    const error = parseCpu('0.5m')
    expect(!error.ok && formatDomainError(error.error, 'vi')).toBe(
      'CPU phải là số nguyên millicore (bội số của 0,001 vCPU): “0.5m” nhỏ hơn mức đó.',
    )
    expect(!error.ok && formatDomainError(error.error, 'en')).toBe(
      'CPU must be a whole number of millicores (a multiple of 0.001 vCPU): “0.5m” is finer than that.',
    )
  })

  it('shows amounts of the named resource in friendly units', () => {
    const TiB = 2n ** 40n
    // As the workflow words a full pool (act-on-request's ledgerRefusal).
    const shortfall: DomainError = {
      code: 'capacity.insufficient',
      params: {
        resource: 'volume:fast-ssd',
        capacity: String(10n * TiB),
        allocated: String(9n * TiB),
        remaining: String(TiB),
        requested: String((3n * TiB) / 2n),
      },
    }
    const label = (resource: string, locale: 'vi' | 'en') =>
      locale === 'vi' ? `ổ đĩa ${resource.slice(7)}` : `${resource.slice(7)} volumes`
    expect(formatDomainError(shortfall, 'vi', { resourceLabel: label })).toBe(
      'Không đủ ổ đĩa fast-ssd: sức chứa 10\u00a0TiB, đã cấp 9\u00a0TiB, còn trống 1\u00a0TiB, nhưng cần thêm 1,5\u00a0TiB.',
    )
    expect(formatDomainError(shortfall, 'en')).toBe(
      'Not enough volume:fast-ssd: capacity 10\u00a0TiB, allocated 9\u00a0TiB, free 1\u00a0TiB, but 1.5\u00a0TiB more is needed.',
    )
  })

  it("shows dates in the reader's format and time zone, not as ISO strings", () => {
    // 16:59:59.999Z is the last moment of 30 June in Vietnam (UTC+7).
    const error = { code: 'request.end_date_after_allocation' as const, params: { endsAt: '2027-06-30T16:59:59.999Z' } }
    expect(formatDomainError(error, 'vi')).toContain('30/06/2027')
    expect(formatDomainError(error, 'en')).toContain('30 Jun 2027')
  })

  it('formats CPU amounts as vCPU', () => {
    const error: DomainError = {
      code: 'capacity.decrease_below_zero',
      params: { resource: 'cpu', current: '1500', requested: '2000' },
    }
    expect(formatDomainError(error, 'vi')).toBe('Không thể giảm cpu đi 2\u00a0vCPU: dự án hiện chỉ có 1,5\u00a0vCPU.')
  })

  it('leaves no placeholder unfilled for errors the domain really produces', () => {
    const now = new Date('2026-11-25T00:00:00Z')
    // Submitted by 'u', so that 'u' as an operator meets the requester rule.
    const request = submittedRequest({
      requesterId: 'u',
      lines: [{ resource: 'cpu', amount: 1000n }],
      version: 1,
      submittedAt: now,
    })
    const errors: DomainError[] = []
    const collect = (result: { ok: boolean; error?: DomainError; issues?: readonly { error: DomainError }[] }) => {
      if (result.issues) errors.push(...result.issues.map((found) => found.error))
      else if (result.error) errors.push(result.error)
    }
    collect(parseHumanSize('1.5 TiB', numberSymbols('vi')))
    collect(parseHumanSize('5 furlongs', numberSymbols('en')))
    collect(
      validateForSubmit(
        {
          kind: 'grow',
          lines: [
            { resource: 'volume:gold', amount: 1n },
            { resource: 'cpu', amount: -1n },
          ],
          backup: { schedule: 'x', retentionDays: 0 },
          justification: 'y'.repeat(4001),
        },
        { catalogue: { storageClasses: [], gpuAvailable: false }, now },
      ),
    )
    const actors = [
      { id: 'u', roles: ['dc_operator'] as const },
      { id: 'o', roles: ['security_officer'] as const },
      { id: 'o', roles: ['agency_staff'] as const },
    ]
    for (const actor of actors) {
      for (const action of ['approve', 'sign_off', 'revoke', 'reject'] as const) {
        collect(
          decide({
            request,
            project: { securityLevel: 1, processesPersonalData: false },
            action,
            actor: { id: actor.id, roles: [...actor.roles] },
            policy: DEFAULT_APPROVAL_POLICY,
            now,
            facts: { agencyId: 'a', round: { editorIds: [], submitterIds: [] }, recentlyGranted: [] },
            expectedVersion: action === 'reject' ? 9 : undefined,
          }),
        )
      }
    }
    expect(errors.length).toBeGreaterThan(10)
    for (const error of errors) {
      for (const locale of ['vi', 'en'] as const) {
        expect(formatDomainError(error, locale), error.code).not.toMatch(/\{\w+\}/)
      }
    }
  })
})

// Moved from the domain's schema tests: the domain takes a message function and knows no language.
describe('quotaRequestSchema with the catalogue as its messages', () => {
  it('puts localised messages on the issues and keeps the DomainError in params', () => {
    const schema = quotaRequestSchema({
      syntax: 'human',
      numbers: numberSymbols('vi'),
      message: (error) => formatDomainError(error, 'vi'),
    })
    const parsed = schema.safeParse({
      projectId: 'a5b3c1d2-0000-7000-8000-000000000001',
      version: '3',
      kind: 'new',
      lines: [{ resource: 'cpu', amount: '-1' }],
      backup: { preset: 'weekly', dayOfWeek: '0', time: '01:30', retentionDays: '90' },
      justification: 'Mở rộng hệ thống một cửa điện tử.',
      endDate: '2027-06-30',
    })
    expect(parsed.success).toBe(false)
    if (parsed.success) return
    const [first] = parsed.error.issues
    expect(first?.path).toEqual(['lines', 0, 'amount'])
    expect(first?.message).toBe('Lượng không được là số âm: “-1”.')
    expect(toFieldIssues(parsed.error)).toEqual([
      { path: 'lines.0.amount', error: { code: 'quantity.negative', params: { input: '-1' } } },
    ])
  })
})
