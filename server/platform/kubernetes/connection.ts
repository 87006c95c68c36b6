import * as k8s from '@kubernetes/client-node'

/** The one field manager every write of the console uses (server-side apply). */
export const FIELD_MANAGER = 'govcloud-console'

export interface KubernetesConnectionOptions {
  /** A kubeconfig file (the stack's admin.kubeconfig locally, a service account in the data centre). */
  readonly kubeconfigPath?: string
  /** Or a loaded configuration (tests build one for a user certificate). */
  readonly kubeConfig?: k8s.KubeConfig
  /**
   * Or the pod's own service account (deploy/: the provisioning worker in the data centre). The
   * library re-reads the projected token file, which the kubelet rotates, on each request.
   */
  readonly inCluster?: boolean
  /** Every request is abandoned after this long (a stopped API server must not hang a pass). */
  readonly requestTimeoutMs?: number
}

export interface KubernetesConnection {
  readonly kubeConfig: k8s.KubeConfig
  readonly core: k8s.CoreV1Api
  readonly networking: k8s.NetworkingV1Api
  readonly rbac: k8s.RbacAuthorizationV1Api
  /** Options for every call: the shared connection pool and the request timeout. */
  readonly options: k8s.ConfigurationOptions
  /** Options for server-side apply calls: the above plus the apply content type. */
  readonly applyOptions: k8s.ConfigurationOptions
  close(): Promise<void>
}

type Dispatcher = ReturnType<k8s.RequestContext['getDispatcher']>

/**
 * @kubernetes/client-node 2.0 builds a new undici Agent for every request (a TLS handshake per
 * call, measured 4-5x slower on the local API server). We build the Agent once, from the
 * library's own authentication code, and hand the same one to every request.
 */
export async function connectKubernetes(options: KubernetesConnectionOptions): Promise<KubernetesConnection> {
  const kubeConfig = options.kubeConfig ?? new k8s.KubeConfig()
  if (!options.kubeConfig) {
    if (options.kubeconfigPath) kubeConfig.loadFromFile(options.kubeconfigPath)
    else if (options.inCluster) kubeConfig.loadFromCluster()
    else throw new Error('connectKubernetes needs kubeconfigPath, kubeConfig or inCluster')
  }
  const probe = new k8s.RequestContext(
    kubeConfig.getCurrentCluster()?.server ?? 'https://127.0.0.1/',
    k8s.HttpMethod.GET,
  )
  await kubeConfig.applySecurityAuthentication(probe)
  const dispatcher: Dispatcher = probe.getDispatcher()
  const timeoutMs = options.requestTimeoutMs ?? 15_000

  const shared: k8s.ObservableMiddleware = {
    pre: (context) => {
      if (dispatcher) context.setDispatcher(dispatcher)
      context.setSignal(AbortSignal.timeout(timeoutMs))
      return new k8s.Observable(Promise.resolve(context))
    },
    post: (response) => new k8s.Observable(Promise.resolve(response)),
  }
  const base: k8s.ConfigurationOptions = { middleware: [shared], middlewareMergeStrategy: 'append' }
  const applyOptions = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply, {
    middleware: [shared],
    middlewareMergeStrategy: 'append',
  })
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(k8s.CoreV1Api),
    networking: kubeConfig.makeApiClient(k8s.NetworkingV1Api),
    rbac: kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api),
    options: base,
    applyOptions,
    async close() {
      const closable = dispatcher as { close?: () => Promise<void> } | undefined
      await closable?.close?.()
    },
  }
}
