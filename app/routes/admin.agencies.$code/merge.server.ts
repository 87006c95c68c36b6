import { z } from 'zod'
import { requestMerge } from '#server/agencies/merge'
import { previewFingerprint, previewMerge, type MergePreview } from '#server/agencies/merge-inputs'
import { agencyTree, type AgencyChange } from '#server/agencies/store'
import { DOMAIN_ERROR_CODES } from '#server/domain/errors'
import { localDateOf, localMidnight } from '#server/domain/local-calendar'
import { formatDomainError } from '#server/i18n/domain-errors'
import { errorsOf, type AgencyFormValues } from '#app/utils/agency-admin.server'
import { getDb } from '#app/utils/db.server'
import { formatDate, translate, type Locale } from '#app/utils/i18n.server'
import { agencyName } from '#app/utils/labels.server'

// The merge form of an agency's administration page (issue 15, decision 0057): a preview from
// planMerge of what will move, then the merger itself; both through the same store as the API.
// The caller has authorised agency.manage.

/** The reasons a due merger was refused, as applyDueMerges stored them (its issues). */
const Refusal = z
  .array(
    z.object({
      error: z.object({
        code: z.enum(DOMAIN_ERROR_CODES),
        params: z.record(z.string(), z.union([z.string(), z.number()])).catch({}),
      }),
    }),
  )
  .catch([])

/**
 * What the page shows of a merger already asked for this agency and not applied, if any: a
 * scheduled one (which may be cancelled) or one refused when it fell due, with why (which may be
 * cleared so that the agency can be merged later, decision 0075).
 */
export async function pendingMergeOf(
  agencyId: string,
  locale: Locale,
): Promise<{ text: string; refused: boolean } | null> {
  const db = getDb()
  const row = await db.agencyMerge.findUnique({ where: { fromId: agencyId } })
  if (row === null || row.state === 'applied') return null
  const into = await db.agency.findUniqueOrThrow({ where: { id: row.intoId } })
  const date = formatDate(localMidnight(row.effectiveDate.toISOString().slice(0, 10)), locale)
  if (row.state !== 'refused')
    return {
      text: translate(locale, 'agencyAdmin.mergePending', { into: agencyName(into, locale), date }),
      refused: false,
    }
  const reasons = Refusal.parse(row.refusal).map((found) => formatDomainError(found.error, locale))
  const params = { into: agencyName(into, locale), date, reasons: reasons.join(' ') }
  return { text: translate(locale, 'agencyAdmin.mergeRefusedPending', params), refused: true }
}

export const todayForMerge = () => localDateOf(new Date())

/** The preview as the page lists it, in the reader's language. */
function previewView(preview: MergePreview, locale: Locale) {
  const date = formatDate(localMidnight(preview.effectiveDate), locale)
  return {
    heading: translate(locale, 'agencyAdmin.mergePreview', { into: agencyName(preview.into, locale), date }),
    when: translate(locale, preview.due ? 'agencyAdmin.mergeNow' : 'agencyAdmin.mergeLater'),
    projectsHeading: translate(locale, 'agencyAdmin.mergeProjects', { count: preview.projects.length }),
    projects: preview.projects.map((p) => ({
      key: p.namespace,
      text:
        `${p.name} (${p.namespace})` +
        (p.slug === p.newSlug ? '' : `: ${translate(locale, 'agencyAdmin.mergeRenamed', p)}`),
    })),
    childrenHeading: translate(locale, 'agencyAdmin.mergeChildren', { count: preview.children.length }),
    children: preview.children.map((c) => ({ key: c.code, text: `${c.nameVi} (${c.code})` })),
    counts: translate(locale, 'agencyAdmin.mergeCounts', { requests: preview.openRequests, keys: preview.activeKeys }),
    // The confirmation carries it: figures that moved since are refused, nothing changed.
    fingerprint: previewFingerprint(preview),
  }
}
export type MergePreviewView = ReturnType<typeof previewView>

export type MergeFormOutcome =
  | { readonly ok: true; readonly state: 'applied' | 'scheduled' | 'refused' }
  | { readonly ok: false; readonly errors: Record<string, string[]>; readonly preview?: MergePreviewView }

/** The preview (intent merge-preview) or the merger (intent merge) from the posted form. */
export async function mergeFromForm(
  code: string,
  values: AgencyFormValues,
  intent: 'merge-preview' | 'merge',
  by: AgencyChange,
  locale: Locale,
): Promise<MergeFormOutcome> {
  const db = getDb()
  const asked = { fromCode: code, intoCode: values.intoCode, effectiveDate: values.effectiveDate }
  if (intent === 'merge-preview') {
    const preview = await previewMerge(db, await agencyTree(db), asked, new Date())
    if (!preview.ok) return { ok: false, errors: errorsOf(preview, locale) }
    return { ok: false, errors: {}, preview: previewView(preview.value, locale) }
  }
  const outcome = await requestMerge(db, asked, by, new Date(), values.previewed || undefined)
  if (!outcome.ok) {
    // The figures moved: the refusal comes with the preview as it is now, to be confirmed again.
    const stale = outcome.issues.some((found) => found.error.code === 'agency.merge_preview_stale')
    const now = stale ? await previewMerge(db, await agencyTree(db), asked, new Date()) : null
    const preview = now?.ok ? previewView(now.value, locale) : undefined
    return { ok: false, errors: errorsOf(outcome, locale), ...(preview ? { preview } : {}) }
  }
  return { ok: true, state: outcome.value.state }
}
