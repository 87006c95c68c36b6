import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { optionalPrincipal } from '#app/utils/auth.server'
import { requestProtocol } from '#app/utils/client-origin.server'
import { requireSameOrigin } from '#app/utils/csrf.server'
import { getDb } from '#app/utils/db.server'
import { httpError } from '#app/utils/errors.server'
import { LOCALES, localeCookie } from '#app/utils/i18n.server'
import { rememberLocale } from '#app/utils/notifications.server'
import { safeRedirectPath } from '#app/utils/safe-redirect'
import { readForm } from '#app/utils/form.server'

// POST /lang  lang=vi|en  redirectTo=/path  → sets the `lang` cookie, back to that page.
// Public on purpose: choosing a language reveals nothing, and the sign-in problem pages and the
// error pages shown before signing in need it too. Origin-checked like every POST (decision 0007).

const LanguageForm = z.object({
  lang: z.enum(LOCALES),
  redirectTo: z.string().optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, { page: false })
  const form = Object.fromEntries(await readForm(request, { page: false }))
  const parsed = LanguageForm.safeParse(form)
  if (!parsed.success) throw httpError(request, 400, { key: 'lang.invalid' })
  // A signed-in person's choice also sets the language of the e-mails the console sends them.
  const principal = await optionalPrincipal(request)
  if (principal) await rememberLocale(getDb(), { userId: principal.userId, locale: parsed.data.lang })
  const secure = requestProtocol(request) === 'https'
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': localeCookie(parsed.data.lang, { secure }) },
  })
}

/** A GET (someone typed the address) just goes home. */
export function loader() {
  return redirect('/')
}
