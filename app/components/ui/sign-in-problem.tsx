import type { Translate } from '#app/utils/i18n'
import { PageHeader } from './page-header'

export type SignInProblemData = {
  readonly problem: 'denied' | 'failed' | 'tooMany' | 'unavailable'
  readonly retryAfterSeconds: number | null
}

/** Why signing in did not work, and a link that starts it again from the top. */
export function SignInProblemPage({ data, t }: { data: SignInProblemData; t: Translate }) {
  return (
    <section className="error-page" aria-labelledby="sign-in-problem" data-problem={data.problem}>
      <PageHeader title={<span id="sign-in-problem">{t('auth.problem.title')}</span>} />
      <p>{t(`auth.problem.${data.problem}`, { seconds: data.retryAfterSeconds ?? 60 })}</p>
      <p>
        {/* A document navigation: the login route answers with a redirect to Keycloak. */}
        <a className="button" href="/auth/login">
          {t('auth.signIn')}
        </a>
      </p>
    </section>
  )
}
