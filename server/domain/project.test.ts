import { describe, expect, it } from 'vitest'
import {
  projectNamespace,
  validateDescription,
  validateProjectInput,
  validateSecurityLevel,
  type ProjectInput,
} from './project'

const input: ProjectInput = {
  name: 'Cổng dịch vụ công Đồng Đăng',
  securityLevel: 3,
  processesPersonalData: true,
  contact: { name: 'Hoàng Văn Nam', email: 'nam@langson.gov.vn', phone: '0912 345 678' },
}

describe('validateProjectInput', () => {
  it('derives the slug from the Vietnamese name', () => {
    const result = validateProjectInput(input)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value).toEqual({
        name: 'Cổng dịch vụ công Đồng Đăng',
        slug: 'cong-dich-vu-cong-dong-dang',
        description: '',
        securityLevel: 3,
        processesPersonalData: true,
        contact: { name: 'Hoàng Văn Nam', email: 'nam@langson.gov.vn', phone: '+84912345678' },
      })
      expect(projectNamespace('ubnd-dong-dang', result.value)).toBe('ubnd-dong-dang-cong-dich-vu-cong-dong-dang')
    }
  })

  it('keeps a typed slug and NFC-normalises the name', () => {
    const result = validateProjectInput({ ...input, name: input.name.normalize('NFD'), slug: ' dvc ' })
    expect(result.ok && result.value.slug).toBe('dvc')
    expect(result.ok && result.value.name).toBe(input.name)
  })

  it('refuses a name with nothing to slug unless a slug is typed', () => {
    const result = validateProjectInput({ ...input, name: '!!!' })
    expect(!result.ok && result.issues.map((found) => [found.path, found.error.code])).toEqual([['slug', 'slug.empty']])
    expect(validateProjectInput({ ...input, name: '!!!', slug: 'bang-hieu' }).ok).toBe(true)
  })

  it('reports every bad field, contact fields under contact.*', () => {
    const result = validateProjectInput({
      name: '',
      slug: 'Bad Slug',
      description: 'x'.repeat(2001),
      securityLevel: 6,
      processesPersonalData: false,
      contact: { name: 'A', email: 'nope', phone: '123' },
    })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.issues.map((found) => [found.path, found.error.code])).toEqual([
        ['name', 'name.required'],
        ['slug', 'slug.invalid'],
        ['description', 'project.description_too_long'],
        ['securityLevel', 'project.security_level_invalid'],
        ['contact.email', 'contact.email_invalid'],
        ['contact.phone', 'contact.phone_invalid'],
      ])
    }
  })
})

describe('field checks', () => {
  it('takes security levels 1 to 5 only (Decree 85/2016)', () => {
    for (const level of [1, 2, 3, 4, 5]) expect(validateSecurityLevel(level)).toEqual({ ok: true, value: level })
    for (const level of [0, 6, 2.5, -1, Number.NaN]) {
      const result = validateSecurityLevel(level)
      expect(!result.ok && result.error.code).toBe('project.security_level_invalid')
    }
  })

  it('keeps line breaks in descriptions and composes them', () => {
    expect(validateDescription('  Dòng một\nDòng hai  '.normalize('NFD'))).toEqual({
      ok: true,
      value: 'Dòng một\nDòng hai',
    })
    expect(validateDescription(null)).toEqual({ ok: true, value: '' })
  })
})
