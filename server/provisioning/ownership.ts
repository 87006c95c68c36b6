// What the console may change on the platform (decision 0034): a namespace or a bucket it made for
// this project, as the ownership labels (on a bucket, tags) it put there say, and never one whose
// name the platform keeps for itself. Anything else with the project's name is neither adopted nor
// deleted: the pass says so in the project's conditions.
import type * as k8s from '@kubernetes/client-node'
import { ownerOfLabels } from '../domain/ownership-labels'
import { isReservedName } from '../domain/reserved-names'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import { PlatformError } from '../platform/errors'
import { LABELS } from './desired'

export type Ownership = 'absent' | 'ours' | 'reserved' | 'unlabelled' | 'another_project'

/** The labels (or tags) that say the console made something, and for which project. */
export function ownershipLabels(projectId: string): Record<string, string> {
  return { [LABELS.managedBy]: FIELD_MANAGER, [LABELS.projectId]: projectId }
}

/** Whose these labels or tags say an existing object is. */
export function ownerOf(
  labels: Readonly<Record<string, string>> | null | undefined,
  projectId: string,
): 'ours' | 'unlabelled' | 'another_project' {
  return ownerOfLabels(labels, FIELD_MANAGER, projectId)
}

/** Whether the console may make, change or delete the project's namespace. */
export function namespaceOwnership(
  projectId: string,
  name: string,
  found: k8s.V1Namespace | undefined,
  reserved: readonly string[],
): Ownership {
  if (isReservedName(name, reserved)) return 'reserved'
  return found ? ownerOf(found.metadata?.labels, projectId) : 'absent'
}

const WHY: Record<Exclude<Ownership, 'absent' | 'ours'>, string> = {
  reserved: 'the name is reserved for the platform (RESERVED_NAMESPACES)',
  unlabelled: `it exists without the console's ownership labels (${LABELS.managedBy}=${FIELD_MANAGER}, ${LABELS.projectId})`,
  another_project: 'its ownership labels name another project (label or tag ' + LABELS.projectId + ')',
}

/** The terminal error a pass reports for something with the project's name that is not its own. */
export function notOwnedError(
  system: 'kubernetes' | 'storage',
  target: string,
  ownership: Exclude<Ownership, 'absent' | 'ours'>,
): PlatformError {
  return new PlatformError({
    system,
    kind: 'not_owned',
    status: null,
    operation: `own ${target}`,
    message: `${target} is not the console's to change: ${WHY[ownership]}; it is neither adopted nor deleted`,
  })
}
