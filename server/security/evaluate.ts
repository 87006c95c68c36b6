// The console's evaluator of the CEL rules (rules/): the same expressions the API server runs at
// admission, judged here over what already exists, with @marcbachmann/cel-js (decision 0038).
// Pure: an object and its namespace in, the failing checks out. Programs are compiled once.
import { Environment, type ParseResult } from '@marcbachmann/cel-js'
import type { SecurityLevel } from '../domain/project'
import { ruleAt } from './catalogue'
import { checkById } from './catalogue/index'
import { DEFAULT_LEVEL_SETTINGS, type LevelSettings } from './catalogue/level-settings'
import { RULES, levelParams, type CelRule, type PlatformParams } from './rules'

/** An object as the API server sends it (JSON, not @kubernetes/client-node's classes): apiVersion and kind set. */
export interface KubeObject {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown }
  readonly [key: string]: unknown
}

export interface NamespaceObject {
  readonly metadata: {
    readonly name: string
    /** As the API server sent it: any change of its labels or annotations changes it. */
    readonly resourceVersion?: string
    readonly labels?: Readonly<Record<string, string>>
    readonly annotations?: Readonly<Record<string, string>>
  }
}

export interface EvaluationContext {
  /** The object's namespace as read from the API server (its labels and annotations count). */
  readonly namespace: NamespaceObject
  /** The namespace's security level: only the checks that apply at it are evaluated. */
  readonly level: SecurityLevel
  /** The level's settings; the catalogue's defaults when absent. */
  readonly levelSettings?: LevelSettings
  /** The platform's settings (govcloud-platform): where the ingress and DNS run. */
  readonly platform: PlatformParams
}

/** One check an object fails, with the message admission would give (Vietnamese, then English). */
export interface Violation {
  readonly checkId: string
  readonly detail: { readonly message: string }
}

interface Compiled {
  readonly rule: CelRule
  /** Name, program, and the key under which its value is shared with other rules (same text, same params). */
  readonly variables: ReadonlyArray<readonly [string, ParseResult, string]>
  readonly validations: ReadonlyArray<readonly [ParseResult, ParseResult]>
}

let byKind: Map<string, Compiled[]> | null = null

function compileAll(): Map<string, Compiled[]> {
  const env = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true })
  const table = new Map<string, Compiled[]>()
  for (const rule of RULES) {
    const compiled: Compiled = {
      rule,
      variables: rule.variables.map(
        (v) => [v.name, env.parse(v.expression), `${rule.params} ${v.expression}`] as const,
      ),
      validations: rule.validations.map((v) => [env.parse(v.expression), env.parse(v.messageExpression)] as const),
    }
    for (const r of rule.resources) {
      const key = kindKey(r.group, r.kind)
      table.set(key, [...(table.get(key) ?? []), compiled])
    }
  }
  return table
}

const kindKey = (group: string, kind: string) => `${group}/${kind}`
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '')

function paramsFor(rule: CelRule, context: EvaluationContext): { data: Record<string, string> } | null {
  if (rule.params === 'level')
    return { data: levelParams(context.level, context.levelSettings ?? DEFAULT_LEVEL_SETTINGS[context.level]) }
  if (rule.params === 'platform') return { data: { ...context.platform } }
  return null
}

/**
 * The first failing validation's message, or null when the object passes. An error fails, as
 * failurePolicy Fail does. The workload rules share their first variables (the pod template and
 * its containers): `shared` keeps each such value once per object.
 */
function judge(compiled: Compiled, activation: Record<string, unknown>, shared: Map<string, unknown>): string | null {
  const variables: Record<string, unknown> = {}
  const scope = { ...activation, variables }
  try {
    for (const [name, program, key] of compiled.variables) {
      if (!shared.has(key)) shared.set(key, program(scope))
      variables[name] = shared.get(key)
    }
    for (const [expression, message] of compiled.validations)
      if (expression(scope) !== true) return String(message(scope))
    return null
  } catch (error) {
    return `${compiled.rule.checkId}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
}

/**
 * The checks that apply at the namespace's level and that the object fails. Checks the level
 * only detects are evaluated too: the scanner finds them even where admission lets them in.
 */
export function evaluateObject(object: KubeObject, context: EvaluationContext): Violation[] {
  byKind ??= compileAll()
  const candidates = byKind.get(kindKey(groupOf(object.apiVersion), object.kind))
  if (!candidates) return []
  const namespace = context.namespace.metadata.name
  const activation = {
    object,
    oldObject: null,
    namespaceObject: context.namespace,
    request: { namespace, name: object.metadata.name ?? '', operation: 'CREATE' },
  }
  const violations: Violation[] = []
  const shared = new Map<string, unknown>()
  for (const compiled of candidates) {
    const check = checkById(compiled.rule.checkId)
    if (!check || !ruleAt(check, context.level)) continue
    const message = judge(compiled, { ...activation, params: paramsFor(compiled.rule, context) }, shared)
    if (message !== null) violations.push({ checkId: compiled.rule.checkId, detail: { message } })
  }
  return violations
}
