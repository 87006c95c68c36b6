import { describe, expect, it } from 'vitest'
import { MAX_LIVE_KEYS_PER_PROJECT, mayIssueKey } from './s3-keys'

describe('mayIssueKey', () => {
  it('lets a project hold up to the cap of live keys, and no more', () => {
    expect(mayIssueKey(0)).toBe(true)
    expect(mayIssueKey(MAX_LIVE_KEYS_PER_PROJECT - 1)).toBe(true)
    expect(mayIssueKey(MAX_LIVE_KEYS_PER_PROJECT)).toBe(false)
    expect(mayIssueKey(MAX_LIVE_KEYS_PER_PROJECT + 3)).toBe(false)
  })

  it('lets a key at the cap be replaced (rotation), not added to', () => {
    expect(mayIssueKey(MAX_LIVE_KEYS_PER_PROJECT, { replacing: true })).toBe(true)
    expect(mayIssueKey(MAX_LIVE_KEYS_PER_PROJECT + 1, { replacing: true })).toBe(false)
  })
})
