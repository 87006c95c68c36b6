import { Form } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'
import type { IntegrityView } from './integrity.server'

/** The last signed checkpoint and the last full verification, with the button that asks for one. */
export function IntegrityPanel({ view, t }: { view: IntegrityView; t: Translate }) {
  const checkpoint = view.checkpoint
  return (
    <section aria-labelledby="integrity" className="integrity">
      <h2 id="integrity">{t('audit.integrity.title')}</h2>
      {!view.configured ? <p className="alert alert--danger">{t('audit.integrity.notConfigured')}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('audit.integrity.lastCheckpoint')}</dt>
          <dd data-testid="last-checkpoint">
            {checkpoint === null
              ? t('audit.integrity.noCheckpoint')
              : 'unreadable' in checkpoint
                ? checkpoint.unreadable
                : checkpoint.text}
          </dd>
        </div>
        <div>
          <dt>{t('audit.integrity.lastVerification')}</dt>
          <dd data-testid="last-verification">
            {view.verification ? view.verification.summary : t('audit.integrity.neverVerified')}
          </dd>
        </div>
      </dl>
      {checkpoint && 'stale' in checkpoint && checkpoint.stale ? (
        <p className="alert alert--danger" role="alert">
          {checkpoint.stale}
        </p>
      ) : null}
      {checkpoint && 'unreadable' in checkpoint ? (
        <p className="alert alert--danger" role="alert">
          {checkpoint.unreadable}
        </p>
      ) : null}
      {view.verification && view.verification.problems.length > 0 ? (
        <ul className="alert alert--danger" role="alert" data-testid="verification-problems">
          {view.verification.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {view.verifying ? (
        <p className="muted">{t('audit.integrity.verifying')}</p>
      ) : (
        <Form method="post">
          <button type="submit" name="intent" value="verify" className="button button--secondary">
            {t('audit.integrity.verifyNow')}
          </button>
        </Form>
      )}
    </section>
  )
}
