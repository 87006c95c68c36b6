// What a security check is, as data the security office reads in the console (issue 13). A check
// applies to one kind of subject, at some of the five security levels of Decree 85/2016, each
// level with its own severity and its own way of holding the line: refused at admission, warned
// at admission, or found afterwards by the scanner only.
import type { SecurityLevel } from '../../domain/project'

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/**
 * The groups of technical requirements a level sets (Circular 12/2022/TT-BTTTT detailing Decree
 * 85/2016; TCVN 11930:2017): network, servers (here: the workloads and the hosts they run on),
 * applications, data, and the operations management that keeps logs and reviews them.
 */
export const REQUIREMENT_GROUPS = ['network', 'host', 'application', 'data', 'operations'] as const
export type RequirementGroup = (typeof REQUIREMENT_GROUPS)[number]

/** What a check looks at. */
export const SUBJECTS = [
  'workload',
  'namespace',
  'service',
  'ingress',
  'networkPolicy',
  'roleBinding',
  'bucket',
  'accessKey',
  'backup',
  'platform',
] as const
export type Subject = (typeof SUBJECTS)[number]

/**
 * How a level holds the line: `deny` refuses new objects at admission (a ValidatingAdmissionPolicy
 * bound to that level's namespaces), `warn` admits them with a warning, `detect` leaves it to the
 * scanner. Every level's scanner finds what already exists, whatever the enforcement.
 */
export const ENFORCEMENTS = ['deny', 'warn', 'detect'] as const
export type Enforcement = (typeof ENFORCEMENTS)[number]

export interface LevelRule {
  readonly severity: Severity
  readonly enforcement: Enforcement
}

/**
 * A check's id as queries and forms may name one: GC-<area>-<nn>, the area letters and digits
 * (GC-S3-01). Checked against every id of the catalogue by its test.
 */
export const CHECK_ID = /^GC-[A-Z][A-Z0-9]{1,4}-\d{2}$/

export interface Check {
  /** Stable, printed on reports and waivers: GC-<area>-<nn>. */
  readonly id: string
  readonly subject: Subject
  readonly group: RequirementGroup
  /** The levels it applies at; a level absent here does not have it. */
  readonly levels: Readonly<Partial<Record<SecurityLevel, LevelRule>>>
  /** Whether a CEL rule refuses or warns about it at admission (subjects on the cluster only). */
  readonly preventable: boolean
}

/** A check at one level, or null where it does not apply. */
export function ruleAt(check: Check, level: SecurityLevel): LevelRule | null {
  return check.levels[level] ?? null
}

const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 }

/** For sorting: critical first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[b] - SEVERITY_RANK[a]
}

/** Shorthand for the catalogue's tables: one rule for several levels. */
export function levels(
  entries: ReadonlyArray<readonly [readonly SecurityLevel[], Severity, Enforcement]>,
): Partial<Record<SecurityLevel, LevelRule>> {
  const table: Partial<Record<SecurityLevel, LevelRule>> = {}
  for (const [at, severity, enforcement] of entries) for (const level of at) table[level] = { severity, enforcement }
  return table
}
