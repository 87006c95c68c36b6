import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from './env'

const DATABASE_URL = 'postgresql://govcloud:secret-password@127.0.0.1:5432/govcloud'
const IDENTITY = {
  OIDC_ISSUER: 'http://127.0.0.1:8180/realms/govcloud',
  OIDC_CLIENT_ID: 'govcloud-console',
  OIDC_CLIENT_SECRET: 'client-secret-value',
  SESSION_SECRET: 'x'.repeat(32),
  PUBLIC_URL: 'https://console.example/',
}

describe('parseEnv', () => {
  it('accepts a complete configuration and fills defaults', () => {
    const { TRUSTED_PROXIES, ...parsed } = parseEnv({ DATABASE_URL, ...IDENTITY })
    expect(TRUSTED_PROXIES.entries).toEqual([])
    expect(parsed).toEqual({
      NODE_ENV: 'production',
      DATABASE_URL,
      ...IDENTITY,
      PUBLIC_URL: 'https://console.example',
      GOVCLOUD_VERSION: undefined,
      OIDC_TIMEOUT_SECONDS: 5,
      AGENCY_KUBE_OIDC_CLIENT_ID: 'govcloud-kubectl',
      AGENCY_KUBE_CLUSTER_NAME: 'langson-govcloud',
      API_RATE_LIMIT_TOKEN_BURST: 100,
      API_RATE_LIMIT_TOKEN_PER_MINUTE: 300,
      API_RATE_LIMIT_PERSON_BURST: 200,
      API_RATE_LIMIT_PERSON_PER_MINUTE: 600,
      SIGN_IN_RATE_LIMIT_BURST: 30,
      SIGN_IN_RATE_LIMIT_PER_MINUTE: 30,
      METRICS_TIMEOUT_SECONDS: 30,
      METERING_PERIOD_SECONDS: 300,
      BUCKET_RESTORE_WAIT_SECONDS: 15,
    })
    const env = parseEnv({ DATABASE_URL, ...IDENTITY, NODE_ENV: 'development', GOVCLOUD_VERSION: '1.2.3+abc' })
    expect(env.NODE_ENV).toBe('development')
    expect(env.GOVCLOUD_VERSION).toBe('1.2.3+abc')
  })

  it('bounds how long a call to Keycloak may take', () => {
    expect(parseEnv({ DATABASE_URL, ...IDENTITY, OIDC_TIMEOUT_SECONDS: '2' }).OIDC_TIMEOUT_SECONDS).toBe(2)
    for (const bad of ['0', '61', '1.5', 'soon'])
      expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, OIDC_TIMEOUT_SECONDS: bad }), bad).toThrow(
        /OIDC_TIMEOUT_SECONDS/,
      )
  })

  it("bounds how long a bucket restore's copy is waited for (decision 0076)", () => {
    expect(parseEnv({ DATABASE_URL, ...IDENTITY, BUCKET_RESTORE_WAIT_SECONDS: '1' }).BUCKET_RESTORE_WAIT_SECONDS).toBe(
      1,
    )
    for (const bad of ['0', '601', '2.5', 'lâu'])
      expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, BUCKET_RESTORE_WAIT_SECONDS: bad }), bad).toThrow(
        /BUCKET_RESTORE_WAIT_SECONDS/,
      )
  })

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ DATABASE_URL, ...IDENTITY, NODE_ENV: '', GOVCLOUD_VERSION: '' }).NODE_ENV).toBe('production')
  })

  it('names a missing setting', () => {
    expect(() => parseEnv({})).toThrow(ConfigError)
    expect(() => parseEnv({})).toThrow(/DATABASE_URL is required/)
    expect(() => parseEnv({ DATABASE_URL })).toThrow(/OIDC_ISSUER is required/)
    expect(() => parseEnv({ DATABASE_URL })).toThrow(/SESSION_SECRET is required/)
  })

  it('names every bad setting at once, without echoing values', () => {
    try {
      parseEnv({
        ...IDENTITY,
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        SESSION_SECRET: 'hunter3',
        NODE_ENV: 'staging',
        PUBLIC_URL: 'console',
      })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const configError = error as ConfigError
      expect(configError.settings.sort()).toEqual(['DATABASE_URL', 'NODE_ENV', 'PUBLIC_URL', 'SESSION_SECRET'])
      expect(configError.message).toMatch(/DATABASE_URL must be a postgresql:\/\//)
      expect(configError.message).toMatch(/SESSION_SECRET must be at least 32 characters/)
      expect(configError.message).not.toContain('hunter2')
      expect(configError.message).not.toContain('hunter3')
    }
  })

  it('reads the trusted proxies and rate limits, and names bad ones', () => {
    const env = parseEnv({ DATABASE_URL, ...IDENTITY, TRUSTED_PROXIES: '10.0.0.0/8', SIGN_IN_RATE_LIMIT_BURST: '5' })
    expect(env.TRUSTED_PROXIES.trusts('10.9.8.7')).toBe(true)
    expect(env.SIGN_IN_RATE_LIMIT_BURST).toBe(5)
    expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, TRUSTED_PROXIES: 'ingress.local' })).toThrow(
      /TRUSTED_PROXIES must be a comma-separated list of IP addresses/,
    )
    expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, API_RATE_LIMIT_TOKEN_PER_MINUTE: '0' })).toThrow(
      /API_RATE_LIMIT_TOKEN_PER_MINUTE must be a whole number from 1/,
    )
  })

  it('refuses a malformed database URL', () => {
    expect(() => parseEnv({ ...IDENTITY, DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    expect(() => parseEnv({ ...IDENTITY, DATABASE_URL: 'postgresql://' })).toThrow(/DATABASE_URL/)
  })

  it("takes the agencies' kubeconfig settings together or not at all, https only, with a readable CA", () => {
    const dir = mkdtempSync(join(tmpdir(), 'govcloud-env-'))
    const ca = join(dir, 'ca.crt')
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    const kube = {
      AGENCY_KUBE_API_URL: 'https://k8s.langson.gov.vn:6443',
      AGENCY_KUBE_CA_FILE: ca,
      AGENCY_KUBE_OIDC_ISSUER: 'https://sso.langson.gov.vn/realms/govcloud',
    }
    expect(parseEnv({ DATABASE_URL, ...IDENTITY, ...kube, AGENCY_KUBE_CLUSTER_NAME: 'dc-lang-son' })).toMatchObject({
      ...kube,
      AGENCY_KUBE_OIDC_CLIENT_ID: 'govcloud-kubectl',
      AGENCY_KUBE_CLUSTER_NAME: 'dc-lang-son',
    })
    expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, AGENCY_KUBE_API_URL: kube.AGENCY_KUBE_API_URL })).toThrow(
      /AGENCY_KUBE_CA_FILE is required when AGENCY_KUBE_API_URL is set.*AGENCY_KUBE_OIDC_ISSUER is required/,
    )
    expect(() =>
      parseEnv({
        DATABASE_URL,
        ...IDENTITY,
        ...kube,
        AGENCY_KUBE_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/govcloud',
      }),
    ).toThrow(/AGENCY_KUBE_OIDC_ISSUER must be the https:\/\//)
    expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, ...kube, AGENCY_KUBE_API_URL: 'http://k8s:6443' })).toThrow(
      /AGENCY_KUBE_API_URL/,
    )
    expect(() =>
      parseEnv({ DATABASE_URL, ...IDENTITY, ...kube, AGENCY_KUBE_CA_FILE: join(dir, 'missing.crt') }),
    ).toThrow(/AGENCY_KUBE_CA_FILE must be a readable PEM/)
  })

  it('takes the time-series store with its basic auth whole or without it', () => {
    const store = { METRICS_URL: 'http://127.0.0.1:8428', METRICS_USERNAME: 'govcloud', METRICS_PASSWORD: 'pw' }
    expect(parseEnv({ DATABASE_URL, ...IDENTITY, ...store, METRICS_TIMEOUT_SECONDS: '5' })).toMatchObject({
      ...store,
      METRICS_TIMEOUT_SECONDS: 5,
    })
    expect(parseEnv({ DATABASE_URL, ...IDENTITY, METRICS_URL: store.METRICS_URL }).METRICS_USERNAME).toBeUndefined()
    expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, ...store, METRICS_PASSWORD: '' })).toThrow(
      /METRICS_PASSWORD is required with the other/,
    )
    expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, METRICS_URL: '127.0.0.1:8428' })).toThrow(/METRICS_URL must be/)
    for (const bad of ['0', '301', 'soon'])
      expect(() => parseEnv({ DATABASE_URL, ...IDENTITY, METRICS_TIMEOUT_SECONDS: bad }), bad).toThrow(
        /METRICS_TIMEOUT_SECONDS/,
      )
  })
})
