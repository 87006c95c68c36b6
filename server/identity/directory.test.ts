import { describe, expect, it } from 'vitest'
import { adminBaseOf, DirectoryError, memberOf, realmRoleOf } from './directory'

describe('the Keycloak directory, pure parts', () => {
  it("finds the admin API of the issuer's realm, behind a path prefix too", () => {
    expect(adminBaseOf('http://127.0.0.1:8180/realms/govcloud')).toBe('http://127.0.0.1:8180/admin/realms/govcloud')
    expect(adminBaseOf('https://sso.langson.gov.vn/auth/realms/govcloud/')).toBe(
      'https://sso.langson.gov.vn/auth/admin/realms/govcloud',
    )
    expect(() => adminBaseOf('https://sso.langson.gov.vn/oidc')).toThrow(DirectoryError)
  })

  it('names the realm role behind each console role', () => {
    expect(realmRoleOf('dc_operator')).toBe('dc-operator')
    expect(realmRoleOf('security_officer')).toBe('security-officer')
  })

  it('writes names family first, in NFC, and leaves out disabled or anonymous entries', () => {
    // Decomposed (combining marks), as some keyboards and imports send names.
    const given = 'Minh Đức'.normalize('NFD')
    expect(given).not.toBe('Minh Đức')
    expect(
      memberOf({
        id: 'k1',
        username: 'duc.dang',
        firstName: given,
        lastName: 'Đặng',
        email: 'duc.dang@langson.gov.vn',
        enabled: true,
      }),
    ).toEqual({
      subject: 'k1',
      username: 'duc.dang',
      displayName: 'Đặng Minh Đức',
      email: 'duc.dang@langson.gov.vn',
    })
    expect(memberOf({ id: 'k2', username: 'an.nguyen', enabled: false })).toBeNull()
    expect(memberOf({ username: 'no.id' })).toBeNull()
    expect(memberOf({ id: 'k3', username: 'minh.do' })).toEqual({
      subject: 'k3',
      username: 'minh.do',
      displayName: 'minh.do',
      email: '',
    })
  })
})
