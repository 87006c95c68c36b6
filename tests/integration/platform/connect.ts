import { connectKubernetes, type KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import * as k8s from '@kubernetes/client-node'
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { stackEnv } from '../../helpers/stack-env'

/** Connections to the real local API server and S3 server, as the console makes them. */
export async function connectStackKubernetes(requestTimeoutMs?: number): Promise<KubernetesConnection> {
  const env = stackEnv()
  if (!env.KUBECONFIG) throw new Error('the stack provides no KUBECONFIG: infra/local/stack up kubernetes')
  return connectKubernetes({ kubeconfigPath: env.KUBECONFIG, requestTimeoutMs })
}

export function connectStackStorage(requestTimeoutMs?: number): ObjectStorage {
  const env = stackEnv()
  for (const key of ['S3_ENDPOINT', 'S3_REGION', 'S3_ADMIN_ACCESS_KEY_ID', 'S3_ADMIN_SECRET_ACCESS_KEY']) {
    if (!env[key]) throw new Error(`the stack provides no ${key}: infra/local/stack up seaweedfs`)
  }
  return connectObjectStorage({
    endpoint: env.S3_ENDPOINT!,
    region: env.S3_REGION!,
    iamEndpoint: env.SEAWEEDFS_IAM_URL,
    credentials: { accessKeyId: env.S3_ADMIN_ACCESS_KEY_ID!, secretAccessKey: env.S3_ADMIN_SECRET_ACCESS_KEY! },
    requestTimeoutMs,
  })
}

/** Poll until `probe` returns a value (not undefined), or fail after `ms`. */
export async function eventually<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** An S3 client of the local S3 server with an agency's access key (not the admin's). */
export function s3ClientWith(key: { accessKeyId: string; secretAccessKey: string }): S3Client {
  const env = stackEnv()
  return new S3Client({ endpoint: env.S3_ENDPOINT, region: env.S3_REGION, forcePathStyle: true, credentials: key })
}

/** 200 when the S3 call succeeds, else the HTTP status S3 refused it with (other errors throw). */
export async function s3StatusOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call
    return 200
  } catch (error) {
    if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode
    throw error
  }
}

/** 200 when the Kubernetes call succeeds, else the HTTP status the API server refused it with. */
export async function k8sStatusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call
    return 200
  } catch (error) {
    if (error instanceof k8s.ApiException) return error.code
    throw error
  }
}
