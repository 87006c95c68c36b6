import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { isErrorPayload } from '#app/utils/error-payload'
import { useShellData, translatorFor, type MessageKey } from '#app/utils/i18n'
import { ErrorPage } from './error-page'

type Kind = 'badRequest' | 'forbidden' | 'notFound' | 'server'

function kindOf(status: number): Kind {
  if (status === 404) return 'notFound'
  if (status === 401 || status === 403) return 'forbidden'
  if (status >= 400 && status < 500) return 'badRequest'
  return 'server'
}

/**
 * Used only when the shell is missing too: the root loader did not run (Remix
 * refused the request before any loader, e.g. a POST to a page without an action).
 */
const BILINGUAL: Record<Kind | 'home', string> = {
  badRequest: 'Yêu cầu không hợp lệ · Invalid request',
  forbidden: 'Không có quyền truy cập · Access denied',
  notFound: 'Không tìm thấy trang · Page not found',
  server: 'Hệ thống gặp sự cố · The system ran into a problem',
  home: 'Về trang tổng quan · Back to the dashboard',
}

/**
 * The error boundary of the root and of every page route. Errors thrown by loaders carry their
 * translated text (see errors.server.ts); anything else is described from the status alone.
 */
export function RouteErrorBoundary() {
  const error = useRouteError()
  const shell = useShellData()

  if (isRouteErrorResponse(error) && isErrorPayload(error.data)) {
    return <ErrorPage {...error.data} trail={shell !== undefined} />
  }

  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind = kindOf(status)
  if (shell === undefined) {
    return (
      <ErrorPage
        status={status}
        statusText={String(status)}
        title={BILINGUAL[kind]}
        message=""
        homeLabel={BILINGUAL.home}
        trail={false}
      />
    )
  }
  const t = translatorFor(shell.locale)
  const details =
    import.meta.env.DEV && error instanceof Error
      ? { label: t('error.devDetails'), text: error.stack ?? error.message }
      : undefined
  return (
    <ErrorPage
      status={status}
      statusText={t('error.status', { status })}
      title={t(`error.${kind}.title` satisfies MessageKey)}
      message={t(`error.${kind}.body` satisfies MessageKey)}
      homeLabel={t('error.home')}
      {...(details ? { details } : {})}
    />
  )
}
