import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { securityScanSettingsShape } from './security-scans'

const schema = z.object(securityScanSettingsShape)

describe('when the security scans run', () => {
  it('defaults to the cluster every 10 minutes, the storage every 30, the platform every 15, changes after 2 s of quiet', () => {
    expect(schema.parse({})).toEqual({
      SECURITY_SCAN_CLUSTER_SECONDS: 600,
      SECURITY_SCAN_STORAGE_SECONDS: 1800,
      SECURITY_SCAN_PLATFORM_SECONDS: 900,
      SECURITY_SCAN_DEBOUNCE_MS: 2000,
      SECURITY_SCAN_WATCH: true,
    })
    expect(schema.parse({ SECURITY_SCAN_WATCH: '0', SECURITY_SCAN_CLUSTER_SECONDS: '' }).SECURITY_SCAN_WATCH).toBe(
      false,
    )
  })

  it('refuses a period below 30 seconds, a watch setting other than 0 or 1 and a filer that is not a URL', () => {
    for (const bad of [
      { SECURITY_SCAN_CLUSTER_SECONDS: '5' },
      { SECURITY_SCAN_WATCH: 'yes' },
      { SEAWEEDFS_FILER_URL: 'the filer' },
    ])
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })
})
