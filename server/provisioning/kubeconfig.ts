// The kubeconfig an agency user downloads (issue 6, item 6): one context per namespace of the
// agency, authenticating through Keycloak with the kubelogin exec plugin (`kubectl oidc-login`,
// public client `govcloud-kubectl`, PKCE). No secret is in it: the user signs in in a browser and
// the API server checks the token (issuer, audience, groups claim → the RoleBinding of the agency).
// JSON is valid YAML, so kubectl reads it as is.

export interface KubeconfigInput {
  readonly clusterName: string
  /** https:// URL of the API server as agencies reach it. */
  readonly server: string
  /** PEM of the CA that signed the API server's certificate. */
  readonly certificateAuthorityPem: string
  readonly issuerUrl: string
  readonly clientId: string
  /** The signed-in user's name (for the user entry's name only). */
  readonly username: string
  /** The namespaces the user's agencies hold (the caller authorises and lists them). */
  readonly namespaces: readonly string[]
}

export function agencyKubeconfig(input: KubeconfigInput): string {
  if (!input.server.startsWith('https://')) throw new Error('the API server URL must be https://')
  if (input.namespaces.length === 0) throw new Error('no namespace to put in the kubeconfig')
  const user = `${input.username}@${input.clusterName}`
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: input.clusterName,
        cluster: {
          server: input.server,
          'certificate-authority-data': Buffer.from(input.certificateAuthorityPem).toString('base64'),
        },
      },
    ],
    users: [
      {
        name: user,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'kubectl',
            args: [
              'oidc-login',
              'get-token',
              `--oidc-issuer-url=${input.issuerUrl}`,
              `--oidc-client-id=${input.clientId}`,
              '--oidc-extra-scope=profile',
              '--oidc-use-pkce',
            ],
            interactiveMode: 'IfAvailable',
            provideClusterInfo: false,
          },
        },
      },
    ],
    contexts: input.namespaces.map((namespace) => ({
      name: `${namespace}@${input.clusterName}`,
      context: { cluster: input.clusterName, user, namespace },
    })),
    'current-context': `${input.namespaces[0]}@${input.clusterName}`,
  }
  return `${JSON.stringify(config, null, 2)}\n`
}
