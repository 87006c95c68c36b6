import type { Db } from '#server/db/client'
import { parseQuantity } from '#server/domain/quantity'
import { unitOf } from '#server/domain/resources'
import { provisioningView, type ProvisioningView } from '#server/provisioning/status'
import { failureCondition, withoutPlatformDetail } from '#server/provisioning/status-audience'
import { provisioningReason } from '#server/i18n/provisioning-reason'
import { explainCondition, explainError } from '#app/utils/explained.server'
import { formatResourceAmount, formatOptionalDateTime, resourceLabel } from '#app/utils/labels.server'
import { formatDateTime, translate, translateOr, type Locale } from '#app/utils/i18n.server'

// A project's provisioning status as the page shows it, in the reader's language: built once on
// the server for the first render (so it is there without JavaScript) and again by the JSON
// route the page polls while the status is not settled.

import type { ProvisioningStatusView, StatusTone } from '#app/utils/provisioning'

const TONES: Readonly<Record<string, StatusTone>> = {
  provisioning: 'info',
  ready: 'success',
  degraded: 'warning',
  failed: 'danger',
  retained: 'warning',
  deleting: 'warning',
  deleted: 'neutral',
}

const SETTLED = new Set(['ready', 'failed', 'retained', 'deleted'])

/** A ResourceQuota key as the console's resource (for its label and units), when it is one. */
function quotaResource(key: string): string | null {
  if (key === 'requests.cpu' || key === 'limits.cpu') return 'cpu'
  if (key === 'requests.memory' || key === 'limits.memory') return 'memory'
  if (key === 'pods') return 'pods'
  if (key === 'requests.nvidia.com/gpu') return 'gpu'
  const volume = /^(.+)\.storageclass\.storage\.k8s\.io\/requests\.storage$/.exec(key)
  return volume ? `volume:${volume[1]}` : null
}

function amount(resource: string | null, quantity: string, locale: Locale): string {
  if (resource === null) return quantity
  const parsed = parseQuantity(quantity, unitOf(resource))
  return parsed.ok ? formatResourceAmount(resource, parsed.value, locale) : quantity
}

/**
 * `platformDetail`: whether the view still holds the platform's own words (the data centre's roles);
 * agency staff's view went through withoutPlatformDetail first.
 */
export function describeStatus(
  view: ProvisioningView,
  locale: Locale,
  now = new Date(),
  platformDetail = true,
): ProvisioningStatusView {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate(locale, key, params)
  const reasonLabel = (reason: string) => translateOr(locale, `prov.reason.${reason}`, reason)
  const conditions = view.conditions.map((c) => ({
    type: c.type,
    typeLabel: translateOr(locale, `prov.cond.${c.type}`, c.type),
    status: c.status,
    statusLabel: translateOr(locale, `prov.status.${c.status}`, c.status),
    reason: c.reason,
    reasonLabel: reasonLabel(c.reason),
    message: explainCondition(c, locale),
    since: formatOptionalDateTime(c.lastTransitionTime ? new Date(c.lastTransitionTime) : null, locale),
  }))
  const degraded = view.conditions.find((c) => c.type === 'Degraded' && c.status === 'True')
  const failing = failureCondition(view)
  const job = view.job
  return {
    phase: view.phase,
    phaseLabel: translateOr(locale, `prov.phase.${view.phase}`, view.phase),
    tone: TONES[view.phase] ?? 'neutral',
    settled: job === null && SETTLED.has(view.phase),
    conditions,
    degraded: degraded
      ? { reasonLabel: reasonLabel(degraded.reason), message: explainCondition(degraded, locale) }
      : null,
    lastReconciled: formatOptionalDateTime(view.lastReconciledAt, locale) ?? t('prov.never'),
    lastSucceeded: formatOptionalDateTime(view.lastSucceededAt, locale) ?? t('prov.never'),
    generation: t('prov.generation', { generation: view.generation, observed: view.observedGeneration }),
    lastError: explainError(failing, view.lastError, locale, platformDetail),
    job:
      job === null
        ? t('prov.job.none')
        : job.state === 'running'
          ? t('prov.job.running', { attempts: job.attempts })
          : t('prov.job.queued', { time: formatDateTime(job.runAt, locale), attempts: job.attempts + 1 }),
    jobError: explainError(failing, job?.lastError ?? null, locale, platformDetail),
    driftNow: view.driftDetected,
    lastDrift: view.lastDrift
      ? {
          at: formatDateTime(view.lastDrift.at, locale),
          items: view.lastDrift.items.map((item) =>
            t('prov.driftItem', { target: item.target, fields: item.fields.join(', ') }),
          ),
        }
      : null,
    belowUsage: view.quotaBelowUsage.map((line) => {
      const resource = quotaResource(line.resource)
      return t('prov.belowUsageLine', {
        resource: resource ? `${resourceLabel(resource, locale)} (${line.resource})` : line.resource,
        used: amount(resource, line.used, locale),
        hard: amount(resource, line.hard, locale),
      })
    }),
    deleteAfter: view.deletedAt === null ? formatOptionalDateTime(view.deleteAfter, locale) : null,
    deletedAt: formatOptionalDateTime(view.deletedAt, locale),
    posture: view.postureNotes.map((note) => translateOr(locale, `prov.posture.${note.code}`, note.message)),
    updatedAt: t('prov.updatedAt', { time: formatDateTime(now, locale) }),
  }
}

/**
 * Null when the project was never provisioned. Callers authorise first, and say whether the reader
 * may see the platform's own messages (`platformDetail`: provisioning.detail, the data centre's
 * roles); agency staff get the translated reason instead (decision 0030).
 */
export async function loadProvisioningStatus({
  db,
  projectId,
  locale,
  platformDetail,
}: {
  db: Db
  projectId: string
  locale: Locale
  platformDetail: boolean
}): Promise<ProvisioningStatusView | null> {
  const view = await provisioningView(db, projectId)
  if (view === null) return null
  return describeStatus(
    platformDetail ? view : withoutPlatformDetail(view, (reason) => provisioningReason(locale, reason)),
    locale,
    new Date(),
    platformDetail,
  )
}
