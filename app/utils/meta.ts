import type { MetaDescriptor } from '@remix-run/node'
import { translatorFor, type ShellData } from './i18n'

interface Match {
  readonly id: string
  readonly data: unknown
}

/** `<title>Page · Product</title>` from the page's translated title and the shell's locale. */
export function titleMeta(pageTitle: string | undefined, matches: readonly Match[]): MetaDescriptor[] {
  const shell = matches.find((match) => match.id === 'root')?.data as ShellData | undefined
  const appName = shell ? translatorFor(shell.locale)('app.name') : undefined
  const title = [pageTitle, appName].filter(Boolean).join(' · ')
  return title ? [{ title }] : []
}
