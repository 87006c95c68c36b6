import type { Db } from '#server/db/client'
import type { AgencyStatus } from '#server/domain/agency'
import { agencyKindLabel, agencyName, formatInteger } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'

export interface AgencyNode {
  readonly code: string
  readonly name: string
  readonly kind: string
  readonly status: AgencyStatus
  readonly statusLabel: string
  readonly mergedInto: { readonly code: string; readonly text: string } | null
  readonly projects: string
  readonly children: AgencyNode[]
}

/** Every agency as a tree under its parent body, siblings in Vietnamese alphabetical order. */
export async function loadAgencyTree({
  db,
  locale,
  agencyIds,
}: {
  db: Db
  locale: Locale
  /** The agencies the person may see (theirs and those below); null for all of them. */
  agencyIds: readonly string[] | null
}) {
  const rows = await db.agency.findMany({
    where: agencyIds === null ? {} : { id: { in: [...agencyIds] } },
    select: {
      id: true,
      code: true,
      nameVi: true,
      nameEn: true,
      kind: true,
      parentId: true,
      status: true,
      mergedInto: { select: { code: true, nameVi: true, nameEn: true } },
      _count: { select: { projects: true } },
    },
  })
  const collator = new Intl.Collator(locale === 'vi' ? 'vi' : 'en')
  const ids = new Set(rows.map((row) => row.id))
  const childrenOf = new Map<string | null, typeof rows>()
  for (const row of rows) {
    // An agency whose parent is missing is shown at the top rather than lost.
    const parent = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), row])
  }

  const visited = new Set<string>()
  const build = (parent: string | null): AgencyNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((row) => !visited.has(row.id))
      .map((row) => ({ row, name: agencyName(row, locale) }))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map(({ row, name }) => {
        visited.add(row.id)
        return {
          code: row.code,
          name,
          kind: agencyKindLabel(row.kind, locale),
          status: row.status,
          statusLabel: translate(locale, `agency.status.${row.status}`),
          mergedInto: row.mergedInto
            ? {
                code: row.mergedInto.code,
                text: translate(locale, 'agencies.mergedInto', { name: agencyName(row.mergedInto, locale) }),
              }
            : null,
          projects: translate(locale, 'agencies.projectCount', { count: formatInteger(row._count.projects, locale) }),
          children: build(row.id),
        }
      })

  return { title: translate(locale, 'agencies.title'), tree: build(null) }
}
