import type { Translate } from '#app/utils/i18n'

/**
 * How many operator approvals the request has of those it needs (and why two, when the project's
 * recent grants made it so), and the sign-off if it needs one: the head of the votes' section.
 */
export function DecisionProgress({
  progress,
  t,
}: {
  progress: {
    approvals: number
    approvalsRequired: number
    /** Two only because of what the project was granted within the window. */
    twoByWindow: boolean
    windowDays: number
    signOffRequired: boolean
    signedOff: boolean
  }
  t: Translate
}) {
  return (
    <>
      <p>{t('workflow.progress', { approvals: progress.approvals, required: progress.approvalsRequired })}</p>
      {progress.twoByWindow ? <p>{t('workflow.progressWindow', { days: progress.windowDays })}</p> : null}
      {progress.signOffRequired ? (
        <p>
          {t('workflow.progressSignOff', {
            status: progress.signedOff ? t('workflow.signedOff') : t('workflow.notSignedOff'),
          })}
        </p>
      ) : null}
    </>
  )
}
