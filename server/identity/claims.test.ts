import { describe, expect, it } from 'vitest'
import { identityOf } from './claims'

describe('identityOf', () => {
  it('shows the Vietnamese name, family name first', () => {
    expect(
      identityOf({ sub: 's', preferred_username: 'an.nguyen', family_name: 'Nguyễn', given_name: 'Văn An' }),
    ).toMatchObject({ username: 'an.nguyen', displayName: 'Nguyễn Văn An' })
  })

  it('shows the username instead of a name with invisible or reordering characters', () => {
    for (const given of ['\u202enimda', 'An\u200b', 'A\u2066n\u2069', 'An\u0007'])
      expect(
        identityOf({ sub: 's', preferred_username: 'an.nguyen', family_name: 'Nguyễn', given_name: given }),
      ).toMatchObject({ displayName: 'an.nguyen' })
    expect(identityOf({ sub: 's', preferred_username: 'bot' })).toMatchObject({ displayName: 'bot' })
  })
})
