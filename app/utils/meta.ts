import type { MetaDescriptor } from '@remix-run/node'
import { translatorFor, type ShellData } from './i18n'

interface Match {
  readonly id: string
  readonly data: unknown
}

/**
 * `<title>Page · Product</title>` from the page's translated title and the shell's locale. A
 * page below another may give parts, its own first (`['Xử lý yêu cầu', 'Yêu cầu số 12']`), so
 * its tab differs from its parent's; tests/e2e/titles.test.ts checks every page's.
 */
export function titleMeta(
  pageTitle: string | readonly string[] | undefined,
  matches: readonly Match[],
): MetaDescriptor[] {
  const shell = matches.find((match) => match.id === 'root')?.data as ShellData | undefined
  const appName = shell ? translatorFor(shell.locale)('app.name') : undefined
  const title = [pageTitle ?? []]
    .flat()
    .concat(appName ?? [])
    .filter(Boolean)
    .join(' · ')
  return title ? [{ title }] : []
}
