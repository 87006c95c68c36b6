import { createAgency } from '#server/agencies/store'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { agencyChoices, changeBy, errorsOf, readAgencyForm } from '#app/utils/agency-admin.server'
import { getDb } from '#app/utils/db.server'
import { formatDateTime, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'
import { agencyKindLabel, agencyName } from '#app/utils/labels.server'

// The agencies' administration (issue 15, decision 0052), for platform administrators alone
// (agency.manage): every agency with its parent and status, the form that adds one, and what the
// Keycloak group sync could not settle. A group without an agency offers the form filled in with
// its code and Vietnamese name, so that the next sync adopts it.

async function openGroupIssues(locale: Locale) {
  const rows = await getDb().agencyGroupIssue.findMany({
    where: { resolvedAt: null },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  })
  return rows.map((row) => ({
    key: `${row.kind}:${row.name}`,
    kind: translate(locale, `agencyAdmin.issue.${row.kind as 'group_without_agency' | 'agency_without_group'}`),
    name: row.name,
    nameVi: row.nameVi,
    detail: row.detail,
    since: translate(locale, 'agencyAdmin.issueSince', { at: formatDateTime(row.firstSeenAt, locale) }),
    adopt:
      row.kind === 'group_without_agency'
        ? `/admin/agencies?${new URLSearchParams({ code: row.name, nameVi: row.nameVi }).toString()}#new`
        : null,
  }))
}

export async function agencyAdminPage(request: Request) {
  await requireAuthorised(request, 'agency.manage', PLATFORM)
  const locale = resolveLocale(request)
  const choices = await agencyChoices(locale)
  const codeOf = new Map(choices.tree.map((agency) => [agency.id, agency.code]))
  const search = new URL(request.url).searchParams
  return {
    title: translate(locale, 'agencyAdmin.title'),
    agencies: choices.tree.map((agency) => ({
      code: agency.code,
      name: agencyName(agency, locale),
      kind: agencyKindLabel(agency.kind, locale),
      parent: agency.parentId === null ? '' : (codeOf.get(agency.parentId) ?? ''),
      status: translate(locale, `agency.status.${agency.status}`),
    })),
    kinds: choices.kinds,
    parents: choices.parents,
    noParent: choices.noParent,
    issues: await openGroupIssues(locale),
    // Prefilled from a group without an agency (its "add" link); anything else is typed by hand.
    values: { code: search.get('code')?.slice(0, 100) ?? '', nameVi: search.get('nameVi')?.slice(0, 1000) ?? '' },
  }
}

/** Adds the posted agency: its code when made, else the errors by field and what was typed. */
export async function createFromForm(request: Request) {
  const principal = await requireAuthorised(request, 'agency.manage', PLATFORM)
  const locale = resolveLocale(request)
  const values = await readAgencyForm(request)
  if (values === null) throw new Response(translate(locale, 'agencyAdmin.failed'), { status: 400 })
  const outcome = await createAgency(getDb(), values, changeBy(principal, request))
  if (outcome.ok) return { ok: true as const, code: outcome.value.code }
  return { ok: false as const, errors: errorsOf(outcome, locale), values }
}
