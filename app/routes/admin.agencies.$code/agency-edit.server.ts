import { cancelMerge } from '#server/agencies/merge'
import { archiveAgency, renameAgency, reparentAgency } from '#server/agencies/store'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { agencyChoices, changeBy, errorsOf, readAgencyForm } from '#app/utils/agency-admin.server'
import { getDb } from '#app/utils/db.server'
import { notFound } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { mergeFromForm, pendingMergeOf, todayForMerge } from './merge.server'

// One agency's administration (issue 15, decision 0052): rename (names only; the code stays),
// move under another parent body (a cycle is refused by the store, whatever was posted), archive.
// Platform administrators alone (agency.manage); the agency is looked up only after that. The
// merge form (preview, then the merger: decision 0057) is merge.server.ts's.

export async function agencyEditPage(request: Request, code: string) {
  await requireAuthorised(request, 'agency.manage', PLATFORM)
  const locale = resolveLocale(request)
  const choices = await agencyChoices(locale)
  const agency = choices.tree.find((candidate) => candidate.code === code)
  if (agency === undefined) throw notFound(request, { key: 'agencies.notFound', params: { code } })
  const parentCode = choices.tree.find((candidate) => candidate.id === agency.parentId)?.code ?? ''
  return {
    title: `${translate(locale, 'agencyAdmin.title')}: ${agency.nameVi}`,
    code: agency.code,
    active: agency.status === 'active',
    status: translate(locale, `agency.status.${agency.status}`),
    // A parent cannot be the agency itself; the store refuses its descendants too.
    parents: choices.parents.filter((parent) => parent.value !== agency.code),
    noParent: choices.noParent,
    // Into any other active agency; the store refuses one below it, whatever was posted.
    mergeTargets: choices.parents.filter((parent) => parent.value !== agency.code),
    pendingMerge: await pendingMergeOf(agency.id, locale),
    values: { nameVi: agency.nameVi, nameEn: agency.nameEn, parentCode, intoCode: '', effectiveDate: todayForMerge() },
  }
}

const INTENTS = ['rename', 'reparent', 'archive', 'merge-preview', 'merge', 'merge-cancel'] as const

export async function editFromForm(request: Request, code: string) {
  const principal = await requireAuthorised(request, 'agency.manage', PLATFORM)
  const locale = resolveLocale(request)
  const values = await readAgencyForm(request)
  const intent = INTENTS.find((known) => known === values?.intent)
  if (values === null || intent === undefined)
    throw new Response(translate(locale, 'agencyAdmin.failed'), { status: 400 })
  const by = changeBy(principal, request)
  const db = getDb()
  if (intent === 'merge-preview' || intent === 'merge') {
    const merged = await mergeFromForm(code, values, intent, by, locale)
    if (merged.ok) return { ok: true as const, merged: merged.state }
    return { ok: false as const, intent: 'merge', errors: merged.errors, preview: merged.preview ?? null, values }
  }
  if (intent === 'merge-cancel') {
    const cancelled = await cancelMerge(db, code, by)
    // A refused merger is cleared rather than cancelled (decision 0075); the page says which.
    if (cancelled.ok)
      return { ok: true as const, merged: cancelled.value.state === 'refused' ? 'cleared' : 'cancelled' }
    return { ok: false as const, intent: 'merge', errors: errorsOf(cancelled, locale), preview: null, values }
  }
  const outcome =
    intent === 'rename'
      ? await renameAgency(db, code, values, by)
      : intent === 'reparent'
        ? await reparentAgency(db, code, values.parentCode || null, by)
        : await archiveAgency(db, code, by)
  if (!outcome.ok && outcome.issues.some((found) => found.error.code === 'agency.not_found' && found.path === ''))
    throw notFound(request, { key: 'agencies.notFound', params: { code } })
  if (outcome.ok) return { ok: true as const, merged: null }
  return { ok: false as const, intent, errors: errorsOf(outcome, locale), preview: null, values }
}
