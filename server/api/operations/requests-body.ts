import { domainRequestOf } from '../../db/request-rows'
import { domainError, type DomainError } from '../../domain/errors'
import type { LineItem } from '../../domain/line-items'
import { validateForSubmit, type RequestContent, type RequestContentInput } from '../../domain/quota-request'
import { parseAmount, parseQuotaRequest } from '../../domain/quota-request-schema'
import { describeResource, type CatalogueSettings } from '../../domain/resources'
import { submissionContext } from '../../workflow/create-request'
import type { OperationContext } from '../context'
import { objectFields } from '../http'
import { fieldProblemsOf, type FieldProblem } from '../problem'
import type { ActionName, RequestDetailRow } from '../represent'

// The parts of a request's body beyond its content: which fields each action takes, the amounts
// of a partial approval, and the content a submission submits.

/** The fields of a request's content (RequestContent in openapi.yaml). */
export const CONTENT_FIELDS = ['kind', 'lines', 'backup', 'justification', 'endDate'] as const

/** Which optional body fields each action takes (`version` always). */
export const ACTION_FIELDS: Readonly<Record<ActionName, readonly ('reason' | 'decidedLines' | 'content')[]>> = {
  submit: ['content'],
  resubmit: ['content'],
  withdraw: [],
  approve: ['decidedLines'],
  'sign-off': ['reason'],
  reject: ['reason'],
  return: ['reason'],
  revoke: ['reason'],
}

type Parsed<T> = ({ ok: true } & T) | { ok: false; problems: FieldProblem[] }

/** `decidedLines` of an approval: known resources, exact non-negative amounts. */
export function parseDecidedLines(value: unknown, catalogue: CatalogueSettings): Parsed<{ lines: LineItem[] }> {
  const issue = (pointer: string, error: DomainError): FieldProblem => ({ pointer, message: { domain: error } })
  if (!Array.isArray(value)) return { ok: false, problems: [issue('/decidedLines', domainError('input.not_list'))] }
  const problems: FieldProblem[] = []
  const lines: LineItem[] = []
  value.forEach((item: unknown, index) => {
    const at = `/decidedLines/${index}`
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return problems.push(issue(at, domainError('input.not_object')))
    const { resource, amount } = item as Record<string, unknown>
    if (typeof resource !== 'string' || resource === '')
      return problems.push(issue(`${at}/resource`, domainError('input.required')))
    const described = describeResource(resource, catalogue)
    if (!described.ok) return problems.push(issue(`${at}/resource`, described.error))
    const parsed = parseAmount(amount, resource, { syntax: 'kubernetes' })
    if (!parsed.ok) return problems.push(issue(`${at}/amount`, parsed.error))
    if (parsed.value < 0n)
      return problems.push(issue(`${at}/amount`, domainError('quantity.negative', { input: String(amount) })))
    lines.push({ resource: described.value.key, amount: parsed.value })
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines }
}

/**
 * What a submission submits, checked in full: the `content` of the body when given, else the
 * content already saved (the domain's state machine only re-checks that it is not empty).
 */
export async function contentForSubmission(
  context: OperationContext,
  row: RequestDetailRow,
  given: unknown,
  catalogue: CatalogueSettings,
): Promise<Parsed<{ content: RequestContent }>> {
  const validation = { catalogue, now: context.now, ...(await submissionContext(context.guard.db, row.projectId)) }
  if (given !== undefined && given !== null) {
    const checked = objectFields(given, CONTENT_FIELDS, '/content')
    if (!checked.ok) return checked
    const fields = checked.fields
    const parsed = parseQuotaRequest(
      { ...fields, projectId: row.projectId },
      { syntax: 'kubernetes', mode: 'submit', context: validation },
    )
    return parsed.ok
      ? { ok: true, content: parsed.value.content }
      : { ok: false, problems: fieldProblemsOf(parsed.issues, '/content') }
  }
  const { request } = domainRequestOf(row)
  const stored: RequestContentInput = {
    kind: request.kind,
    lines: request.lines.map((line, index) => ({ ...line, index })),
    backup: request.backup,
    justification: request.justification,
    endDate: request.endDate,
  }
  const checked = validateForSubmit(stored, validation)
  return checked.ok
    ? { ok: true, content: checked.value }
    : { ok: false, problems: fieldProblemsOf(checked.issues, '/content') }
}
