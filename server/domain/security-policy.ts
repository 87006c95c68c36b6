// The approval policy: who has to agree before a quota becomes real. Systems of security level 3
// or higher (Decree 85/2016) or that process personal data (Decree 13/2023) need a security
// officer's sign-off; a large change needs two distinct operators, counted over a window so that
// a large increase split into small ones needs them too (decision 0029).
import { DEFAULT_INCREASE_RULE, type IncreaseRule } from './increase-rule'
import { linesToMap, nonZeroLines, type LineItem } from './line-items'
import type { SecurityLevel } from './project'
import type { RequestKind } from './quota-request'
import type { ResourceKey } from './resources'

const GiB = 2n ** 30n
const TiB = 2n ** 40n

/** Applies to every `volume:<class>` without a threshold of its own. */
export const ANY_VOLUME = 'volume:*'

export interface ApprovalPolicy {
  /** Lowest security level that needs a sign-off; Decree 85/2016 sets the bar at 3. */
  readonly signOffMinSecurityLevel: SecurityLevel
  /**
   * Per resource (canonical units), the largest amount one operator may approve alone; a line
   * strictly above it needs a second operator. Resources absent here never need two. Applied to
   * the project's cumulative change over `twoOperatorWindowDays`, not to one request alone.
   */
  readonly twoOperatorThresholds: Readonly<Partial<Record<ResourceKey | typeof ANY_VOLUME, bigint>>>
  /** The days before a decision whose approved grants and increases of the project add up with it. */
  readonly twoOperatorWindowDays: number
  /** Let the system approve decreases at once (issue 5's auto-approval rule; off by default). */
  readonly autoApproveDecreases: boolean
  /** Let the system approve an increase a rule has vetted (room in the pool, high usage). */
  readonly autoApproveIncreases: boolean
  /** The rule that vets those increases (one step, measured use, room in the pools). */
  readonly increaseRule: IncreaseRule
  /** Longest reason for a rejection, return or revocation. */
  readonly reasonMaxLength: number
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  signOffMinSecurityLevel: 3,
  twoOperatorThresholds: {
    cpu: 32_000n, // 32 vCPU
    memory: 128n * GiB,
    pods: 500n,
    gpu: 1n,
    [ANY_VOLUME]: 2n * TiB,
    objectStorage: 5n * TiB,
    buckets: 20n,
    backupStorage: 5n * TiB,
  },
  twoOperatorWindowDays: 30,
  autoApproveDecreases: false,
  autoApproveIncreases: false,
  increaseRule: DEFAULT_INCREASE_RULE,
  reasonMaxLength: 2000,
}

export interface SecurityProfile {
  readonly securityLevel: SecurityLevel
  readonly processesPersonalData: boolean
}

/** Level ≥ 3 (by default) or personal data: the system needs a security officer's sign-off. */
export function signOffRequired(
  project: SecurityProfile,
  policy: Pick<ApprovalPolicy, 'signOffMinSecurityLevel'> = DEFAULT_APPROVAL_POLICY,
): boolean {
  return project.securityLevel >= policy.signOffMinSecurityLevel || project.processesPersonalData
}

/**
 * Whether this request needs the sign-off: a decrease never does, because giving resources
 * back adds no exposure, and waiting for an officer would only keep capacity locked up.
 */
export function requestNeedsSignOff(
  request: { readonly kind: RequestKind },
  project: SecurityProfile,
  policy: ApprovalPolicy,
): boolean {
  return request.kind !== 'decrease' && signOffRequired(project, policy)
}

export function thresholdFor(resource: ResourceKey, policy: ApprovalPolicy): bigint | null {
  const own = policy.twoOperatorThresholds[resource]
  if (own !== undefined) return own
  if (resource.startsWith('volume:')) return policy.twoOperatorThresholds[ANY_VOLUME] ?? null
  return null
}

/** The lines whose amount is above the two-operator threshold (for the UI to explain why). */
export function linesAboveThreshold(lines: readonly LineItem[], policy: ApprovalPolicy): LineItem[] {
  return lines.filter((line) => {
    const threshold = thresholdFor(line.resource, policy)
    return threshold !== null && line.amount > threshold
  })
}

const DAY_MS = 86_400_000

/** Where the window of a decision taken at `at` begins: grants decided after it add up with it. */
export function twoOperatorWindowStart(at: Date, policy: Pick<ApprovalPolicy, 'twoOperatorWindowDays'>): Date {
  return new Date(at.getTime() - policy.twoOperatorWindowDays * DAY_MS)
}

/**
 * What the thresholds are applied to: for each resource this request adds, its amount plus what
 * the project's other new grants and increases approved within the window added of it.
 */
export function cumulativeChange(lines: readonly LineItem[], recentlyGranted: readonly LineItem[]): LineItem[] {
  const total = linesToMap(nonZeroLines(lines))
  for (const line of recentlyGranted) {
    if (total.has(line.resource)) total.set(line.resource, (total.get(line.resource) ?? 0n) + line.amount)
  }
  return [...total].map(([resource, amount]) => ({ resource, amount }))
}

/**
 * 2 when the cumulative change of any resource this request adds exceeds its threshold, else 1.
 * The lines are the amounts being approved (the change, for an increase); `recentlyGranted` what
 * the project's other grants and increases added within the window. A decrease needs one
 * operator whatever its size.
 */
export function operatorApprovalsRequired(
  request: { readonly kind: RequestKind; readonly lines: readonly LineItem[] },
  policy: ApprovalPolicy,
  recentlyGranted: readonly LineItem[],
): 1 | 2 {
  if (request.kind === 'decrease') return 1
  return linesAboveThreshold(cumulativeChange(request.lines, recentlyGranted), policy).length > 0 ? 2 : 1
}
