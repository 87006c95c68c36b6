import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireSameOrigin } from '#app/utils/csrf.server'
import { httpError } from '#app/utils/errors.server'
import { LOCALES, localeCookie } from '#app/utils/i18n.server'
import { safeRedirectPath } from '#app/utils/safe-redirect'

// POST /lang  lang=vi|en  redirectTo=/path  → sets the `lang` cookie, back to that page.
// Public on purpose: choosing a language reveals nothing, and the sign-in problem pages and the
// error pages shown before signing in need it too. Origin-checked like every POST (decision 0007).

const LanguageForm = z.object({
  lang: z.enum(LOCALES),
  redirectTo: z.string().optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, { page: false })
  const form = Object.fromEntries(await request.formData())
  const parsed = LanguageForm.safeParse(form)
  if (!parsed.success) throw httpError(request, 400, { key: 'lang.invalid' })
  const secure = new URL(request.url).protocol === 'https:'
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': localeCookie(parsed.data.lang, { secure }) },
  })
}

/** A GET (someone typed the address) just goes home. */
export function loader() {
  return redirect('/')
}
