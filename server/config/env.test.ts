import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from './env'

const DATABASE_URL = 'postgresql://govcloud:secret-password@127.0.0.1:5432/govcloud'

describe('parseEnv', () => {
  it('accepts a complete configuration and fills defaults', () => {
    expect(parseEnv({ DATABASE_URL })).toEqual({
      NODE_ENV: 'production',
      DATABASE_URL,
      GOVCLOUD_DEV_ACCESS: false,
      GOVCLOUD_VERSION: undefined,
    })
    const env = parseEnv({ DATABASE_URL, NODE_ENV: 'development', GOVCLOUD_DEV_ACCESS: '1', GOVCLOUD_VERSION: '1.2.3+abc' })
    expect(env.NODE_ENV).toBe('development')
    expect(env.GOVCLOUD_DEV_ACCESS).toBe(true)
    expect(env.GOVCLOUD_VERSION).toBe('1.2.3+abc')
  })

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ DATABASE_URL, GOVCLOUD_DEV_ACCESS: '', NODE_ENV: '' }).GOVCLOUD_DEV_ACCESS).toBe(false)
  })

  it('names a missing setting', () => {
    expect(() => parseEnv({})).toThrow(ConfigError)
    expect(() => parseEnv({})).toThrow(/DATABASE_URL is required/)
  })

  it('names every bad setting at once, without echoing values', () => {
    try {
      parseEnv({ DATABASE_URL: 'mysql://root:hunter2@db/x', GOVCLOUD_DEV_ACCESS: 'yes', NODE_ENV: 'staging' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const configError = error as ConfigError
      expect(configError.settings.sort()).toEqual(['DATABASE_URL', 'GOVCLOUD_DEV_ACCESS', 'NODE_ENV'])
      expect(configError.message).toMatch(/DATABASE_URL must be a postgresql:\/\//)
      expect(configError.message).toMatch(/GOVCLOUD_DEV_ACCESS must be 0 or 1/)
      expect(configError.message).not.toContain('hunter2')
    }
  })

  it('refuses a malformed database URL', () => {
    expect(() => parseEnv({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    expect(() => parseEnv({ DATABASE_URL: 'postgresql://' })).toThrow(/DATABASE_URL/)
  })
})
