import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config/env'
import { parseProvisioningEnv } from './config'

const base = {
  DATABASE_URL: 'postgresql://console@db/govcloud',
  S3_ENDPOINT: 'http://s3.example:8333',
  S3_ADMIN_ACCESS_KEY_ID: 'admin',
  S3_ADMIN_SECRET_ACCESS_KEY: 'secret',
}

describe('the provisioning worker reaches the API server', () => {
  it('through the kubeconfig it is given', () => {
    expect(parseProvisioningEnv({ ...base, KUBECONFIG: '/etc/govcloud/kubeconfig' }).KUBECONFIG).toBe(
      '/etc/govcloud/kubeconfig',
    )
  })

  it("or, in a pod, as its own service account (no kubeconfig: the kubelet's KUBERNETES_SERVICE_HOST)", () => {
    const env = parseProvisioningEnv({ ...base, KUBERNETES_SERVICE_HOST: '10.96.0.1' })
    expect(env.KUBECONFIG).toBeUndefined()
  })

  it('and refuses to start with neither, naming the setting', () => {
    let error: unknown
    try {
      parseProvisioningEnv({ ...base, KUBECONFIG: '' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).settings).toEqual(['KUBECONFIG'])
    expect((error as ConfigError).message).toContain('outside a pod with a service account')
  })
})
