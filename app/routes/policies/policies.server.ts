import { THRESHOLD_KEYS, type PolicySettings } from '#server/domain/platform-policy'
import { formatDomainError } from '#server/i18n/domain-errors'
import { actorOf } from '#server/identity/principal'
import { SEEDED_BY, savePolicyVersion } from '#server/policies/store'
import { policiesOverview, type PolicyVersionView } from '#server/policies/views'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { formatDateTime, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'

// The policies page's server side (issue 15, decision 0049): platform administrators alone
// (policy.manage) see the version in force and its history and save a new version; a refusal
// comes back beside its field with everything typed kept.

/** The form's field names: one a setting, thresholds as `threshold:<resource>`. */
export const FIELDS = [
  ...THRESHOLD_KEYS.map((key) => `threshold:${key}`),
  'twoOperatorWindowDays',
  'autoApproveDecreases',
  'autoApproveIncreases',
  'increaseUsagePercent',
  'reservedNamespaces',
  'graceDays',
  'reason',
] as const

/** A version as the form's values (text, as typed). */
function formValues(settings: PolicySettings): Record<string, string> {
  return {
    ...Object.fromEntries(
      THRESHOLD_KEYS.map((key) => [`threshold:${key}`, String(settings.twoOperatorThresholds[key])]),
    ),
    twoOperatorWindowDays: String(settings.twoOperatorWindowDays),
    autoApproveDecreases: settings.autoApproveDecreases ? 'on' : '',
    autoApproveIncreases: settings.autoApproveIncreases ? 'on' : '',
    increaseUsagePercent: String(settings.increaseUsagePercent),
    reservedNamespaces: settings.reservedNamespaces.join('\n'),
    graceDays: String(settings.graceDays),
    reason: '',
  }
}

function versionView(version: PolicyVersionView, locale: Locale) {
  const at = formatDateTime(new Date(version.createdAt), locale)
  const s = version.settings
  return {
    version: version.version,
    at,
    by: version.createdBy === SEEDED_BY ? translate(locale, 'policies.environment') : version.createdBy,
    reason: version.reason,
    summary: [
      ...THRESHOLD_KEYS.map(
        (key) => `${translate(locale, `policies.threshold.${key}`)} ${s.twoOperatorThresholds[key]}`,
      ),
      `${translate(locale, 'policies.windowDays')} ${s.twoOperatorWindowDays}`,
      `${translate(locale, 'policies.autoApproveDecreases')}: ${translate(locale, s.autoApproveDecreases ? 'policies.on' : 'policies.off')}`,
      `${translate(locale, 'policies.autoApproveIncreases')}: ${translate(locale, s.autoApproveIncreases ? 'policies.on' : 'policies.off')}`,
      `${translate(locale, 'policies.increaseUsagePercent')} ${s.increaseUsagePercent}`,
      `${translate(locale, 'policies.graceDays')} ${s.graceDays}`,
      s.reservedNamespaces.join(', '),
    ].join(' · '),
  }
}

/** What the page shows: the version in force, the history, the form's starting values. */
export async function policiesPage(request: Request) {
  await requireAuthorised(request, 'policy.manage', PLATFORM)
  const locale = resolveLocale(request)
  const overview = await policiesOverview(getDb())
  return {
    title: translate(locale, 'policies.title'),
    inForce: versionView(overview.inForce, locale),
    history: overview.history.map((version) => versionView(version, locale)),
    basedOn: overview.inForce.version,
    values: formValues(overview.inForce.settings),
  }
}

/** The posted form as a version's settings (numbers stay text: the domain's schema reads them). */
function settingsOf(values: Record<string, string>) {
  return {
    twoOperatorThresholds: Object.fromEntries(
      THRESHOLD_KEYS.map((key) => [key, values[`threshold:${key}`]?.trim() || undefined]),
    ),
    twoOperatorWindowDays: values['twoOperatorWindowDays']?.trim() || undefined,
    autoApproveDecreases: values['autoApproveDecreases'] === 'on',
    autoApproveIncreases: values['autoApproveIncreases'] === 'on',
    increaseUsagePercent: values['increaseUsagePercent']?.trim() || undefined,
    reservedNamespaces: (values['reservedNamespaces'] ?? '')
      .split(/[\n,]/)
      .map((name) => name.trim())
      .filter(Boolean),
    graceDays: values['graceDays']?.trim() || undefined,
  }
}

/** The form field a refusal belongs to (`twoOperatorThresholds.cpu` → `threshold:cpu`). */
const fieldOf = (path: string): string =>
  path.startsWith('twoOperatorThresholds.')
    ? `threshold:${path.slice('twoOperatorThresholds.'.length)}`
    : (path.split('.')[0] ?? '')

/** Saves the posted version: its number when saved, else the errors by field and what was typed. */
export async function saveFromForm(request: Request) {
  const principal = await requireAuthorised(request, 'policy.manage', PLATFORM)
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const values: Record<string, string> = Object.fromEntries(
    FIELDS.map((name) => {
      const value = form.get(name)
      return [name, typeof value === 'string' ? value : '']
    }),
  )
  const saved = await savePolicyVersion(getDb(), {
    settings: settingsOf(values),
    reason: values['reason'] ?? '',
    basedOn: Number(form.get('basedOn')),
    actor: actorOf(principal),
    origin: requestOrigin(request),
  })
  if (saved.ok) return { ok: true as const, version: saved.value.version }
  const errors: Record<string, string[]> = {}
  if (saved.refusal.kind === 'stale')
    errors['form'] = [translate(locale, 'policies.stale', { version: saved.refusal.inForce })]
  else
    for (const found of saved.refusal.issues)
      (errors[fieldOf(found.path)] ??= []).push(formatDomainError(found.error, locale))
  return { ok: false as const, errors, values }
}
