import { Badge, type BadgeTone } from '#app/components/ui/badge'
import type { Translate } from '#app/utils/i18n'
import { EmptyState } from '#app/components/ui/page-header'

const VOTE_TONES: Record<string, BadgeTone> = {
  approve: 'success',
  sign_off: 'info',
  reject: 'danger',
  return: 'warning',
}

type Vote = {
  id: string
  kind: string
  label: string
  actor: string
  reason: string | null
  automatic: string | null
  discarded: string | null
  at: string | null
}

/** The request's votes in order: who decided what and why, with those a later change discarded. */
export function VotesList({ votes, t }: { votes: readonly Vote[]; t: Translate }) {
  return (
    <section aria-labelledby="votes">
      <h2 id="votes">{t('requests.votes')}</h2>
      <VoteItems votes={votes} t={t} />
    </section>
  )
}

/** The votes themselves, for a page that puts more in the same section (the decide page's progress). */
export function VoteItems({ votes, t }: { votes: readonly Vote[]; t: Translate }) {
  if (votes.length === 0) return <EmptyState>{t('requests.noVotes')}</EmptyState>
  return (
    <ol className="votes">
      {votes.map((vote) => (
        <li key={vote.id} className={vote.discarded ? 'votes__discarded' : undefined}>
          <p>
            <Badge tone={VOTE_TONES[vote.kind] ?? 'neutral'}>{vote.label}</Badge> <strong>{vote.actor}</strong>{' '}
            <span className="muted small">
              · {vote.at}
              {vote.automatic ? ` · ${vote.automatic}` : null}
            </span>
          </p>
          {vote.discarded ? <p className="muted small">{vote.discarded}</p> : null}
          {vote.reason ? (
            <p className="votes__reason">
              <span className="visually-hidden">{t('requests.reason')}: </span>
              {vote.reason}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
