import { describe, expect, it } from 'vitest'
import { parseWorkflowEnv } from './jobs'

const REQUIRED = { DATABASE_URL: 'postgresql://localhost/govcloud', PUBLIC_URL: 'https://console.example' }

describe("the workflow worker's settings", () => {
  it('holds a job for 60 s unless told otherwise, and takes a shorter lease for a faster hand-over', () => {
    expect(parseWorkflowEnv(REQUIRED).WORKFLOW_LEASE_SECONDS).toBe(60)
    expect(parseWorkflowEnv({ ...REQUIRED, WORKFLOW_LEASE_SECONDS: '3' }).WORKFLOW_LEASE_SECONDS).toBe(3)
  })

  it('refuses a lease too short to outlive a heartbeat, or one that is not a whole number', () => {
    expect(() => parseWorkflowEnv({ ...REQUIRED, WORKFLOW_LEASE_SECONDS: '1' })).toThrow(/WORKFLOW_LEASE_SECONDS/)
    expect(() => parseWorkflowEnv({ ...REQUIRED, WORKFLOW_LEASE_SECONDS: 'soon' })).toThrow(/WORKFLOW_LEASE_SECONDS/)
  })
})
