import { useEffect, useState } from 'react'
import { Badge } from '#app/components/ui/badge'
import type { Translate } from '#app/utils/i18n'
import type { ProvisioningStatusView } from '#app/utils/provisioning'

/**
 * A project's provisioning status. The server renders it with the page (so it is there without
 * JavaScript); in the browser it asks `statusUrl` again every few seconds while the status is not
 * settled (a job queued or running, or a phase on its way), and stops once it is.
 */
export function ProvisioningStatus({
  initial,
  statusUrl,
  t,
  everyMs = 4000,
  onChange,
}: {
  initial: ProvisioningStatusView | null
  statusUrl: string
  t: Translate
  everyMs?: number
  /** Told of every status polled, so the rest of the page (the key form) can follow it. */
  onChange?: (status: ProvisioningStatusView | null) => void
}) {
  const [status, setStatus] = useState(initial)
  useEffect(() => setStatus(initial), [initial])
  useEffect(() => onChange?.(status), [status, onChange])
  // Never provisioned and nothing queued: nothing will change until a decision, which reloads.
  const settled = status === null || status.settled
  useEffect(() => {
    if (settled) return
    let stopped = false
    const timer = setInterval(async () => {
      try {
        // redirect: 'manual': an ended session answers with a redirect to sign-in; stop quietly.
        const response = await fetch(statusUrl, {
          headers: { Accept: 'application/json' },
          redirect: 'manual',
          cache: 'no-store',
        })
        if (!response.ok) {
          if (response.status !== 503) stopped = true
          return
        }
        const body = (await response.json()) as { status: ProvisioningStatusView | null }
        if (!stopped) setStatus(body.status)
      } catch {
        // A network blip: the next tick tries again.
      }
      if (stopped) clearInterval(timer)
    }, everyMs)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [settled, statusUrl, everyMs])

  if (status === null) return <p className="empty">{t('prov.none')}</p>
  return (
    <div className="provisioning-status" aria-live="polite" data-phase={status.phase}>
      <p>
        {t('prov.phase')}: <Badge tone={status.tone}>{status.phaseLabel}</Badge>
        {status.settled ? null : <span className="muted small"> · {t('prov.live')}</span>}
      </p>
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
          {status.degraded.message ? <p className="small">{status.degraded.message}</p> : null}
        </div>
      ) : null}
      {status.deleteAfter ? (
        <p className="alert alert--danger">{t('prov.deleteAfter', { date: status.deleteAfter })}</p>
      ) : null}
      {status.deletedAt ? <p>{t('prov.deletedAt', { date: status.deletedAt })}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('prov.lastReconciled')}</dt>
          <dd>{status.lastReconciled}</dd>
        </div>
        <div>
          <dt>{t('prov.lastSucceeded')}</dt>
          <dd>{status.lastSucceeded}</dd>
        </div>
        <div>
          <dt>{t('prov.job')}</dt>
          <dd>
            {status.job}
            {status.jobError ? (
              <>
                <br />
                <span className="small">
                  {t('prov.lastError')}: <code>{status.jobError}</code>
                </span>
              </>
            ) : null}
          </dd>
        </div>
        {status.lastError ? (
          <div>
            <dt>{t('prov.lastError')}</dt>
            <dd>
              <code>{status.lastError}</code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('prov.drift')}</dt>
          <dd>
            {status.lastDrift === null ? (
              t('prov.driftNone')
            ) : (
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
            )}
          </dd>
        </div>
      </dl>
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
      <div className="table-wrap">
        <table>
          <caption>{t('prov.conditions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('prov.condition')}</th>
              <th scope="col">{t('prov.conditionStatus')}</th>
              <th scope="col">{t('prov.reason')}</th>
              <th scope="col">{t('prov.since')}</th>
            </tr>
          </thead>
          <tbody>
            {status.conditions.map((c) => (
              <tr key={c.type} data-condition={c.type}>
                <th scope="row">{c.typeLabel}</th>
                <td>{c.statusLabel}</td>
                <td>
                  {c.reasonLabel}
                  {c.message ? (
                    <>
                      <br />
                      <span className="muted small">{c.message}</span>
                    </>
                  ) : null}
                </td>
                <td>{c.since ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {status.generation} · {status.updatedAt}
      </p>
    </div>
  )
}
