import { Link } from '@remix-run/react'

export interface ErrorPageProps {
  readonly status: number
  readonly statusText: string
  readonly title: string
  readonly message: string
  readonly homeLabel: string
  readonly referenceText?: string
  readonly details?: { readonly label: string; readonly text: string }
}

/** The body of every error page: what happened, what to do, and the way home. */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <section className="error-page" aria-labelledby="error-title" data-status={props.status}>
      <p className="error-page__status">{props.statusText}</p>
      <h1 id="error-title">{props.title}</h1>
      <p>{props.message}</p>
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
