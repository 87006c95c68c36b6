import { NETWORK_CASES } from './network'
import { WORKLOAD_CASES } from './workloads'

export * from './model'
export { GOOD_IMAGE, container, podSpec, workload } from './workload-kinds'

export const CORPUS = [...WORKLOAD_CASES, ...NETWORK_CASES]
