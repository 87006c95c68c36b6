import { ExplainedText } from '#app/components/explained'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { Fact } from '#app/components/ui/fact'
import type { Translate } from '#app/utils/i18n'
import type { ProvisioningStatusView } from '#app/utils/provisioning'
import { EmptyState } from '#app/components/ui/page-header'

type Status = ProvisioningStatusView

/**
 * A project's provisioning status: its phase, what is wrong, the reconciler's facts, posture notes
 * and conditions. The page keeps it live (useProvisioningStatus); this only shows it.
 */
export function ProvisioningStatus({ status, t }: { status: Status | null; t: Translate }) {
  if (status === null) return <EmptyState>{t('prov.none')}</EmptyState>
  return (
    <div className="provisioning-status" aria-live="polite" data-phase={status.phase}>
      <p>
        {t('prov.phase')}: <Badge tone={status.tone}>{status.phaseLabel}</Badge>
        {status.settled ? null : <span className="muted small"> · {t('prov.live')}</span>}
      </p>
      <ProvisioningProblems status={status} t={t} />
      <ReconcilerFacts status={status} t={t} />
      {status.posture.length > 0 ? (
        <>
          <h3>{t('prov.posture')}</h3>
          <ul>
            {status.posture.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
      <DataTable
        caption={t('prov.conditions')}
        rows={status.conditions}
        rowKey={(condition) => condition.type}
        rowData={(condition) => ({ 'data-condition': condition.type })}
        columns={conditionColumns}
        t={t}
      />
      <p className="muted small">
        {status.generation} · {status.updatedAt}
      </p>
    </div>
  )
}

/** Quota below what the project already uses, a degraded tenant, a deletion on its way or done. */
function ProvisioningProblems({ status, t }: { status: Status; t: Translate }) {
  return (
    <>
      {status.belowUsage.length > 0 ? (
        <div className="alert alert--danger" role="alert">
          <p>{t('prov.belowUsage')}</p>
          <ul>
            {status.belowUsage.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : status.degraded ? (
        <div className="alert alert--danger" role="status">
          <p>
            <strong>{status.degraded.reasonLabel}</strong>
          </p>
          <p className="small">
            <ExplainedText value={status.degraded.message} t={t} />
          </p>
        </div>
      ) : null}
      {status.deleteAfter ? (
        <p className="alert alert--danger">{t('prov.deleteAfter', { date: status.deleteAfter })}</p>
      ) : null}
      {status.deletedAt ? <p>{t('prov.deletedAt', { date: status.deletedAt })}</p> : null}
    </>
  )
}

/** When the reconciler last ran and succeeded, its job, its last error and the drift it found. */
function ReconcilerFacts({ status, t }: { status: Status; t: Translate }) {
  return (
    <dl className="facts">
      <Fact label={t('prov.lastReconciled')}>{status.lastReconciled}</Fact>
      <Fact label={t('prov.lastSucceeded')}>{status.lastSucceeded}</Fact>
      <Fact label={t('prov.job')}>
        {status.job}
        {status.jobError ? (
          <>
            <br />
            <span className="small">
              {t('prov.lastError')}: <ExplainedText value={status.jobError} t={t} />
            </span>
          </>
        ) : null}
      </Fact>
      {status.lastError ? (
        <Fact label={t('prov.lastError')}>
          <ExplainedText value={status.lastError} t={t} />
        </Fact>
      ) : null}
      <Fact label={t('prov.drift')}>
        <Drift status={status} t={t} />
      </Fact>
    </dl>
  )
}

function Drift({ status, t }: { status: Status; t: Translate }) {
  if (status.lastDrift === null) return t('prov.driftNone')
  return (
    <>
      {status.driftNow ? <p>{t('prov.driftNow')}</p> : null}
      <p>{t('prov.driftLast', { time: status.lastDrift.at })}</p>
      <ul>
        {status.lastDrift.items.map((item) => (
          <li key={item}>
            <code>{item}</code>
          </li>
        ))}
      </ul>
    </>
  )
}

const conditionColumns: readonly Column<Status['conditions'][number]>[] = [
  { header: 'prov.condition', cell: (condition) => condition.typeLabel },
  { header: 'prov.conditionStatus', cell: (condition) => condition.statusLabel },
  {
    header: 'prov.reason',
    cell: (condition, t) => (
      <>
        {condition.reasonLabel}
        {condition.message.text || condition.message.detail ? (
          <>
            <br />
            <span className="muted small">
              <ExplainedText value={condition.message} t={t} />
            </span>
          </>
        ) : null}
      </>
    ),
  },
  { header: 'prov.since', cell: (condition, t) => condition.since ?? t('common.none') },
]
