import type { SecurityLevel } from '#server/domain/project'
import { CHECKS, ruleAt } from '#server/security/catalogue'
import { translate, type Locale } from '#app/utils/i18n.server'
import { checkRemediation, checkTitle } from '#app/utils/waivers.server'

// The catalogue of checks as the security office reads it (decision 0043): each check's id, title
// and remediation in the reader's language, its subject and requirement group, and per level of
// Decree 85/2016 its severity and how it is held (server/security/catalogue/, the one list).

export const LEVELS: readonly SecurityLevel[] = [1, 2, 3, 4, 5]

export function catalogueRows(locale: Locale) {
  return CHECKS.map((check) => ({
    id: check.id,
    title: checkTitle(check.id, locale),
    remediation: checkRemediation(check.id, locale),
    subject: translate(locale, `check.subject.${check.subject}`),
    group: translate(locale, `check.group.${check.group}`),
    preventable: translate(locale, check.preventable ? 'security.yes' : 'security.no'),
    levels: LEVELS.map((level) => {
      const rule = ruleAt(check, level)
      return rule
        ? {
            level,
            severity: rule.severity,
            severityLabel: translate(locale, `check.severity.${rule.severity}`),
            enforcement: rule.enforcement,
            enforcementLabel: translate(locale, `check.enforcement.${rule.enforcement}`),
          }
        : { level, severity: null, severityLabel: null, enforcement: null, enforcementLabel: null }
    }),
  }))
}

export type CatalogueRow = ReturnType<typeof catalogueRows>[number]
