import { describe, expect, it } from 'vitest'
import { agencyKubeconfigSettings, kubeconfigFileName } from './agency-kubeconfig'

describe('agency kubeconfig settings', () => {
  const env = {
    AGENCY_KUBE_API_URL: 'https://k8s.langson.gov.vn:6443',
    AGENCY_KUBE_CA_FILE: '/etc/govcloud/k8s-ca.crt',
    AGENCY_KUBE_OIDC_ISSUER: 'https://sso.langson.gov.vn/realms/govcloud',
    AGENCY_KUBE_OIDC_CLIENT_ID: 'govcloud-kubectl',
    AGENCY_KUBE_CLUSTER_NAME: 'langson-govcloud',
  }

  it('are offered only when the API server, its CA and the trusted issuer are all configured', () => {
    expect(agencyKubeconfigSettings(env)).toEqual({
      apiUrl: env.AGENCY_KUBE_API_URL,
      caFile: env.AGENCY_KUBE_CA_FILE,
      issuerUrl: env.AGENCY_KUBE_OIDC_ISSUER,
      clientId: 'govcloud-kubectl',
      clusterName: 'langson-govcloud',
    })
    expect(agencyKubeconfigSettings({ ...env, AGENCY_KUBE_OIDC_ISSUER: undefined })).toBeNull()
    expect(agencyKubeconfigSettings({ ...env, AGENCY_KUBE_API_URL: undefined })).toBeNull()
  })

  it('names the file in ASCII after the cluster and the agency code', () => {
    expect(kubeconfigFileName('ubnd-xa-dong-dang', 'langson-govcloud')).toBe(
      'kubeconfig-langson-govcloud-ubnd-xa-dong-dang.json',
    )
    expect(kubeconfigFileName('a"b/c', 'x')).toBe('kubeconfig-x-a-b-c.json')
  })
})
