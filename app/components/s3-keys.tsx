import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import type { Translate } from '#app/utils/i18n'

// The project's S3 keys: the list and its forms (Conform, so errors come back beside their
// fields with or without JavaScript). Each form says which one it is (`form`), and only that
// form takes the action's answer.

export type KeyListRow = {
  id: string
  accessKeyId: string
  label: string
  createdAt: string
  createdBy: string
  revoked: string | null
}
export type KeyActionData = {
  form: string
  reply: SubmissionResult<string[]>
  notice?: string
  issued?: { label: string; accessKeyId: string; secretAccessKey: string }
}

function FieldErrors({ errors, id }: { errors: string[] | undefined; id?: string }) {
  return errors?.length ? (
    <span className="field-error" role="alert" id={id}>
      {errors.join(' ')}
    </span>
  ) : null
}

function IssueForm({
  lastResult,
  t,
  labelMax,
}: {
  lastResult: KeyActionData | undefined
  t: Translate
  labelMax: number
}) {
  const [form, fields] = useForm<{ intent: string; label: string }>({
    id: 'issue-key',
    lastResult: lastResult?.form === 'issue' ? lastResult.reply : undefined,
    shouldRevalidate: 'onSubmit',
  })
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="decision-form" noValidate>
      <input type="hidden" name="intent" value="issue" />
      <FieldErrors errors={form.errors} />
      <label>
        {t('keys.label')}
        <input
          {...getInputProps(fields.label, { type: 'text' })}
          key={fields.label.key}
          maxLength={labelMax}
          autoComplete="off"
        />
        <span className="muted small">{t('keys.labelHint')}</span>
        <FieldErrors errors={fields.label.errors} id={fields.label.errorId} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t('keys.issue')}
      </button>
    </Form>
  )
}

function KeyForm({
  kind,
  row,
  lastResult,
  t,
}: {
  kind: 'rotate' | 'revoke'
  row: KeyListRow
  lastResult: KeyActionData | undefined
  t: Translate
}) {
  const id = `${kind}:${row.id}`
  const [form, fields] = useForm<{ intent: string; credentialId: string; confirm: string; reason: string }>({
    id: `${kind}-${row.id}`,
    lastResult: lastResult?.form === id ? lastResult.reply : undefined,
    shouldRevalidate: 'onSubmit',
  })
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="key-form" noValidate>
      <input type="hidden" name="intent" value={kind} />
      <input type="hidden" name="credentialId" value={row.id} />
      <FieldErrors errors={form.errors} />
      <FieldErrors errors={fields.credentialId.errors} />
      {kind === 'revoke' ? (
        <label>
          {t('keys.reason')}
          <input
            {...getInputProps(fields.reason, { type: 'text' })}
            key={fields.reason.key}
            maxLength={500}
            autoComplete="off"
          />
          <FieldErrors errors={fields.reason.errors} />
        </label>
      ) : null}
      <label className="checkbox">
        <input {...getInputProps(fields.confirm, { type: 'checkbox' })} key={fields.confirm.key} />
        {t(kind === 'rotate' ? 'keys.confirmRotate' : 'keys.confirmRevoke')}
      </label>
      <FieldErrors errors={fields.confirm.errors} />
      <button
        type="submit"
        className={kind === 'revoke' ? 'button button--danger' : 'button button--secondary'}
        disabled={busy}
      >
        {t(kind === 'rotate' ? 'keys.rotate' : 'keys.revoke')}
      </button>
    </Form>
  )
}

export function S3Keys({
  keys,
  lastResult,
  canIssue,
  canRevoke,
  provisioned,
  labelMax,
  t,
}: {
  keys: KeyListRow[]
  lastResult: KeyActionData | undefined
  canIssue: boolean
  canRevoke: boolean
  provisioned: boolean
  labelMax: number
  t: Translate
}) {
  const issued = lastResult?.issued
  return (
    <>
      <p>{t('keys.intro')}</p>
      {!canIssue ? <p className="muted small">{t('keys.operatorNote')}</p> : null}
      {lastResult?.notice ? (
        <div className="alert alert--success" role="status">
          <p>{lastResult.notice}</p>
        </div>
      ) : null}
      {issued ? (
        <div className="alert alert--success secret-once" role="alert" data-testid="secret-once">
          <p>
            <strong>{t('keys.secretOnce')}</strong>
          </p>
          <dl className="facts">
            <div>
              <dt>{t('keys.accessKeyId')}</dt>
              <dd>
                <code data-testid="issued-access-key-id">{issued.accessKeyId}</code>
              </dd>
            </div>
            <div>
              <dt>{t('keys.secret')}</dt>
              <dd>
                <code data-testid="issued-secret">{issued.secretAccessKey}</code>
              </dd>
            </div>
          </dl>
        </div>
      ) : null}
      {canIssue ? (
        provisioned ? (
          <IssueForm lastResult={lastResult} t={t} labelMax={labelMax} />
        ) : (
          <p className="muted">{t('keys.notProvisioned')}</p>
        )
      ) : null}
      {keys.length === 0 ? (
        <p className="empty">{t('keys.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('keys.label')}</th>
                <th scope="col">{t('keys.accessKeyId')}</th>
                <th scope="col">{t('keys.createdAt')}</th>
                <th scope="col">{t('keys.createdBy')}</th>
                <th scope="col">{t('keys.state')}</th>
                {canIssue || canRevoke ? <th scope="col">{t('common.details')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {keys.map((row) => (
                <tr key={row.id} data-key={row.accessKeyId}>
                  <th scope="row">{row.label || t('common.none')}</th>
                  <td>
                    <code>{row.accessKeyId}</code>
                  </td>
                  <td>{row.createdAt}</td>
                  <td>{row.createdBy}</td>
                  <td>
                    {row.revoked ? (
                      <Badge tone="neutral">{row.revoked}</Badge>
                    ) : (
                      <Badge tone="success">{t('keys.active')}</Badge>
                    )}
                  </td>
                  {canIssue || canRevoke ? (
                    <td>
                      {row.revoked === null ? (
                        <details
                          open={
                            lastResult?.form === `rotate:${row.id}` || lastResult?.form === `revoke:${row.id}`
                              ? !lastResult.notice
                              : undefined
                          }
                        >
                          <summary>
                            {canIssue ? `${t('keys.rotate')} / ` : ''}
                            {t('keys.revoke')}
                          </summary>
                          {canIssue ? <KeyForm kind="rotate" row={row} lastResult={lastResult} t={t} /> : null}
                          {canRevoke ? <KeyForm kind="revoke" row={row} lastResult={lastResult} t={t} /> : null}
                        </details>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
