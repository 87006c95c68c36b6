import { describe, expect, it } from 'vitest'
import { closureNoticeLink, closureRecipients, isClosureKind } from './closure-plan'

const people = { deciders: ['u-duc', 'u-mai'], staff: ['u-an', 'u-binh'], requesterId: 'u-an' }

describe('closing notices', () => {
  it('tell the deciders of a request and the agency of a decision, each once, never the actor', () => {
    expect(closureRecipients('closure_requested', people, 'u-an')).toEqual(['u-duc', 'u-mai'])
    expect(closureRecipients('closure_requested', people, 'u-duc')).toEqual(['u-mai'])
    expect(closureRecipients('closure_approved', people, 'u-duc')).toEqual(['u-an', 'u-binh'])
    expect(closureRecipients('closure_rejected', { ...people, requesterId: 'u-chi' }, 'u-duc')).toEqual([
      'u-chi',
      'u-an',
      'u-binh',
    ])
  })

  it('tell those told of a request and the agency of its withdrawal, each once, never the actor', () => {
    const told = { ...people, told: ['u-duc', 'u-mai'] }
    expect(closureRecipients('closure_withdrawn', told, 'u-an')).toEqual(['u-duc', 'u-mai', 'u-binh'])
    expect(closureRecipients('closure_withdrawn', told, 'u-binh')).toEqual(['u-duc', 'u-mai', 'u-an'])
  })

  it('open the closing page', () => {
    expect(closureNoticeLink('so-khcn-cong')).toBe('/projects/so-khcn-cong/closing')
    expect(isClosureKind('closure_approved')).toBe(true)
    expect(isClosureKind('system_confirmed')).toBe(false)
  })
})
