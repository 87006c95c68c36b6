// What changed in a request between the round a reviewer returned and the one now before them
// (issue 17, decision 0067): the decide page shows it so a reviewer judges the change, not the
// whole request again. Amounts only: the trail records each round's lines (act-on-request's
// summary), in canonical units.
import { linesToMap, type LineItem } from './line-items'
import type { ResourceKey } from './resources'

export type LineChange = { resource: ResourceKey; before: bigint; after: bigint }

/**
 * The resources whose amount differs between `returned` (the content when it was returned) and
 * `current`, in the current order then the dropped ones; a resource absent from one side counts 0.
 */
export function roundChanges(returned: readonly LineItem[], current: readonly LineItem[]): LineChange[] {
  const before = linesToMap(returned)
  const after = linesToMap(current)
  const resources = [...new Set([...after.keys(), ...before.keys()])]
  return resources
    .map((resource) => ({ resource, before: before.get(resource) ?? 0n, after: after.get(resource) ?? 0n }))
    .filter((change) => change.before !== change.after)
}
