// What an operator may make of a capacity pool's resources (issue 15, decision 0054): which
// resources a pool of its kind may offer, the overcommit it may promise, and the one rule that
// protects every grant already made: a pool never shrinks below what is allocated from it. The
// database's check constraint on "PoolResource" holds the same line against a racing approval.
import { checkAmount, MAX_AMOUNT, ratio, type Ratio } from './amount'
import { effectiveCapacity } from './capacity'
import { domainError, issue, validation, type FieldIssue, type Validation } from './errors'
import { describeResource, type CatalogueSettings, type PoolKind } from './resources'

/** Overcommit terms are small integers: 4/1 for CPU is usual, 16/1 already reckless. */
export const MAX_OVERCOMMIT_TERM = 1000
/** Above this a pool promises more than 16 times its hardware: a typo, not a plan. */
export const MAX_OVERCOMMIT_RATIO = 16n

export interface PoolResourceSetting {
  readonly resource: string
  /** What the hardware has, in canonical units. */
  readonly physical: bigint
  readonly overcommitNum: number
  readonly overcommitDen: number
}

export interface CheckedPoolResource {
  readonly resource: string
  readonly physical: bigint
  readonly overcommit: Ratio
  readonly capacity: bigint
}

export interface PoolResourceCheck {
  /** The kind of pool being changed: each resource must draw from this kind. */
  readonly kind: PoolKind
  readonly settings: readonly PoolResourceSetting[]
  /** What each resource of the pool has allocated now (empty for a new pool). */
  readonly allocated: ReadonlyMap<string, bigint>
  readonly catalogue: CatalogueSettings
}

/** The database keeps a pool's kind and storage class apart; the catalogue names volume pools by class. */
export function poolKindOf(
  kind: 'compute' | 'volume' | 'objectStorage' | 'backup',
  storageClass: string | null,
): PoolKind {
  return kind === 'volume' ? `volume:${storageClass ?? ''}` : kind
}

/**
 * Checks a pool's new resources against the catalogue and what is allocated, reporting every
 * problem at its field (`resources.<i>.<field>`): the form and the API show them all at once.
 */
export function checkPoolResources(input: PoolResourceCheck): Validation<CheckedPoolResource[]> {
  const issues: FieldIssue[] = []
  const checked: CheckedPoolResource[] = []
  const seen = new Set<string>()
  input.settings.forEach((setting, index) => {
    const at = (field: string) => `resources.${index}.${field}`
    const described = describeResource(setting.resource, input.catalogue)
    if (!described.ok) return void issues.push(issue(at('resource'), described.error))
    if (described.value.poolKind !== input.kind) {
      return void issues.push(
        issue(
          at('resource'),
          domainError('pool.resource_wrong_kind', { resource: setting.resource, kind: input.kind }),
        ),
      )
    }
    if (seen.has(setting.resource))
      return void issues.push(issue(at('resource'), domainError('pool.resource_twice', { resource: setting.resource })))
    seen.add(setting.resource)
    const found = checkOneResource(setting, input.allocated.get(setting.resource) ?? 0n, at)
    if ('issues' in found) issues.push(...found.issues)
    else checked.push(found)
  })
  for (const [resource, allocated] of input.allocated) {
    if (allocated > 0n && !seen.has(resource))
      issues.push(
        issue('resources', domainError('pool.resource_in_use', { resource, allocated: allocated.toString() })),
      )
  }
  if (input.settings.length === 0) issues.push(issue('resources', domainError('pool.no_resources')))
  return validation(issues, () => checked)
}

function checkOneResource(
  setting: PoolResourceSetting,
  allocated: bigint,
  at: (field: string) => string,
): CheckedPoolResource | { issues: FieldIssue[] } {
  const physical = checkAmount(setting.physical)
  if (!physical.ok) return { issues: [issue(at('physical'), physical.error)] }
  const overcommit = checkOvercommit(setting.overcommitNum, setting.overcommitDen)
  if (!overcommit.ok) return { issues: [issue(at('overcommit'), overcommit.error)] }
  // PostgreSQL computes physical × numerator in BIGINT: it must not overflow there either.
  if (setting.physical * overcommit.value.numerator > MAX_AMOUNT)
    return { issues: [issue(at('physical'), domainError('amount.overflow', { max: MAX_AMOUNT.toString() }))] }
  const capacity = effectiveCapacity({ physical: setting.physical, overcommit: overcommit.value })
  if (capacity < allocated) {
    const params = { resource: setting.resource, capacity: capacity.toString(), allocated: allocated.toString() }
    return { issues: [issue(at('physical'), domainError('pool.below_allocation', params))] }
  }
  return { resource: setting.resource, physical: setting.physical, overcommit: overcommit.value, capacity }
}

/** An overcommit of two small positive integers, promising at most MAX_OVERCOMMIT_RATIO times the hardware. */
export function checkOvercommit(numerator: number, denominator: number) {
  const params = { numerator: String(numerator), denominator: String(denominator), max: String(MAX_OVERCOMMIT_RATIO) }
  const inRange = (term: number) => Number.isInteger(term) && term >= 1 && term <= MAX_OVERCOMMIT_TERM
  if (!inRange(numerator) || !inRange(denominator))
    return { ok: false as const, error: domainError('pool.overcommit_invalid', params) }
  const built = ratio(numerator, denominator)
  if (!built.ok) return built
  if (built.value.numerator > built.value.denominator * MAX_OVERCOMMIT_RATIO)
    return { ok: false as const, error: domainError('pool.overcommit_invalid', params) }
  return built
}
