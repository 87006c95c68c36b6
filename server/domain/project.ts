// Projects: an agency's information system, the unit that gets a namespace, buckets and quotas.
import { validateContact, type Contact, type ContactInput } from './contact'
import { err, issue, ok, validation, type FieldIssue, type Result, type Validation } from './errors'
import { characterCount, validateName } from './names'
import { namespaceName, slugify, validateSlug } from './slug'

/** Information-system security levels of Decree 85/2016/NĐ-CP, 1 (lowest) to 5. */
export const SECURITY_LEVELS = [1, 2, 3, 4, 5] as const
export type SecurityLevel = (typeof SECURITY_LEVELS)[number]

export interface Project {
  readonly id: string
  readonly agencyId: string
  readonly name: string
  readonly slug: string
  /** Fixed at creation (see namespaceName); never recomputed after renames or mergers. */
  readonly namespace: string
  readonly description: string
  readonly securityLevel: SecurityLevel
  readonly processesPersonalData: boolean
  readonly contact: Contact
}

export interface ProjectInput {
  readonly name: string
  /** Optional: derived from the name when absent or empty. */
  readonly slug?: string | null
  readonly description?: string | null
  readonly securityLevel: number
  readonly processesPersonalData: boolean
  readonly contact: ContactInput
}

export interface ProjectFields {
  readonly name: string
  readonly slug: string
  readonly description: string
  readonly securityLevel: SecurityLevel
  readonly processesPersonalData: boolean
  readonly contact: Contact
}

export const PROJECT_NAME_MAX = 200
export const PROJECT_DESCRIPTION_MAX = 2000

export function validateSecurityLevel(level: number): Result<SecurityLevel> {
  const found = SECURITY_LEVELS.find((candidate) => candidate === level)
  return found === undefined ? err('project.security_level_invalid', { level: String(level) }) : ok(found)
}

/** Descriptions keep their line breaks (unlike names) but are NFC and trimmed. */
export function validateDescription(raw: string | null | undefined): Result<string> {
  const text = (raw ?? '').normalize('NFC').trim()
  const length = characterCount(text)
  if (length > PROJECT_DESCRIPTION_MAX) {
    return err('project.description_too_long', { max: PROJECT_DESCRIPTION_MAX, length })
  }
  return ok(text)
}

/** Validates a project's editable fields; the slug defaults to slugify(name). */
export function validateProjectInput(input: ProjectInput): Validation<ProjectFields> {
  const issues: FieldIssue[] = []
  const name = validateName(input.name, { maxLength: PROJECT_NAME_MAX })
  if (!name.ok) issues.push(issue('name', name.error))
  const typedSlug = (input.slug ?? '').trim()
  const slug = validateSlug(typedSlug === '' ? slugify(name.ok ? name.value : '') : typedSlug)
  // When the slug was derived, an empty one means the name has no letter or digit to keep.
  if (!slug.ok && (typedSlug !== '' || name.ok)) issues.push(issue('slug', slug.error))
  const description = validateDescription(input.description)
  if (!description.ok) issues.push(issue('description', description.error))
  const level = validateSecurityLevel(input.securityLevel)
  if (!level.ok) issues.push(issue('securityLevel', level.error))
  const contact = validateContact(input.contact)
  if (!contact.ok) {
    for (const found of contact.issues) issues.push(issue(`contact.${found.path}`, found.error))
  }
  return validation(issues, () => ({
    name: name.ok ? name.value : '',
    slug: slug.ok ? slug.value : '',
    description: description.ok ? description.value : '',
    securityLevel: level.ok ? level.value : 1,
    processesPersonalData: input.processesPersonalData,
    contact: contact.ok ? contact.value : { name: '', email: '', phone: '' },
  }))
}

/** The namespace for a new project of the given agency (store it with the project). */
export function projectNamespace(agencyCode: string, fields: Pick<ProjectFields, 'slug'>): string {
  return namespaceName(agencyCode, fields.slug)
}
