import * as k8s from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { agencyKubeconfig } from './kubeconfig'

const input = {
  clusterName: 'langson-dc',
  server: 'https://k8s.langson.gov.vn:6443',
  certificateAuthorityPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  issuerUrl: 'https://sso.langson.gov.vn/realms/govcloud',
  clientId: 'govcloud-kubectl',
  username: 'an.nguyen',
  namespaces: ['so-khcn-quan-ly-de-tai', 'so-khcn-cong-thong-tin'],
}

describe('agencyKubeconfig', () => {
  it('gives one context per namespace and signs in through Keycloak with no secret inside', () => {
    const text = agencyKubeconfig(input)
    const kc = new k8s.KubeConfig()
    kc.loadFromString(text)
    expect(kc.getContexts().map((c) => c.namespace)).toEqual(input.namespaces)
    expect(kc.getCurrentContext()).toBe('so-khcn-quan-ly-de-tai@langson-dc')
    expect(kc.getCurrentCluster()?.server).toBe('https://k8s.langson.gov.vn:6443')
    const exec = kc.getCurrentUser()?.exec as { command: string; args: string[] }
    expect(exec.command).toBe('kubectl')
    expect(exec.args).toEqual(
      expect.arrayContaining([
        'oidc-login',
        'get-token',
        '--oidc-issuer-url=https://sso.langson.gov.vn/realms/govcloud',
        '--oidc-client-id=govcloud-kubectl',
      ]),
    )
    expect(text).not.toMatch(/client-secret|client-key-data|token:/)
  })

  it('refuses a plain-HTTP API server and an empty namespace list', () => {
    expect(() => agencyKubeconfig({ ...input, server: 'http://k8s:6443' })).toThrow(/https/)
    expect(() => agencyKubeconfig({ ...input, namespaces: [] })).toThrow(/namespace/)
  })
})
