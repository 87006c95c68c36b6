import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { httpError } from '#app/utils/errors.server'
import { LOCALES, localeCookie } from '#app/utils/i18n.server'
import { safeRedirectPath } from '#app/utils/safe-redirect'

// POST /lang  lang=vi|en  redirectTo=/path  → sets the `lang` cookie, back to that page.
// Public on purpose: choosing a language reveals nothing and the error pages need it too.

const LanguageForm = z.object({
  lang: z.enum(LOCALES),
  redirectTo: z.string().optional(),
})

export async function action({ request }: ActionFunctionArgs) {
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
