import { Link } from '@remix-run/react'
import { Badge } from './badge'
import { PageHeader } from './page-header'

export interface ErrorPageProps {
  readonly status: number
  readonly statusText: string
  readonly title: string
  readonly message: string
  readonly homeLabel: string
  readonly referenceText?: string
  readonly details?: { readonly label: string; readonly text: string }
  /**
   * False when the shell's language is unknown (the root loader did not run): the trail's names
   * come from the catalogue, so the page then shows its bilingual title without one.
   */
  readonly trail?: boolean
}

/**
 * The body of every error page: what happened, what to do, and the way home. Its top is the
 * design system's PageHeader like every other page's (issue 17): the way up from the address
 * asked for, the one <h1>, the message as its introduction, the status as a badge beside it.
 */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <section className="error-page" aria-labelledby="error-title" data-status={props.status}>
      <PageHeader
        title={<span id="error-title">{props.title}</span>}
        intro={props.message || undefined}
        {...(props.trail === false ? { trail: [] } : {})}
      >
        <p className="error-page__status">
          <Badge tone={props.status >= 500 ? 'danger' : 'neutral'}>{props.statusText}</Badge>
        </p>
      </PageHeader>
      {props.referenceText ? (
        <p className="error-page__reference">
          <code>{props.referenceText}</code>
        </p>
      ) : null}
      <p>
        <Link to="/" className="button" reloadDocument>
          {props.homeLabel}
        </Link>
      </p>
      {props.details ? (
        <details className="error-page__details">
          <summary>{props.details.label}</summary>
          <pre>{props.details.text}</pre>
        </details>
      ) : null}
    </section>
  )
}
