import { useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'

// Where the focus goes when the page changes without a new document (issue 17, decision 0081).
// A browser loading a document starts at its top, so a screen reader reads the new page; a Remix
// transition only swaps the content, and the focus stays on the link that was followed (or falls
// to <body> when that link belonged to the old page), so nobody hears that anything happened.
// After each transition to another address the focus moves to the new page's heading, which a
// screen reader then announces, and the next Tab starts from there; without an <h1>, to the main
// content. A change of the query alone (a filter, the next page of a list) or of the fragment (the
// skip link) stays where it is: the reader is still on the same page.

/** The new page's heading, or the main content: where a reader starts on a page. */
function startOfPage(): HTMLElement | null {
  const main = document.getElementById('main')
  const heading = main?.querySelector<HTMLElement>('h1') ?? null
  // A heading is not focusable of itself; -1 lets a script focus it without adding a Tab stop.
  if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
  return heading ?? main
}

/** Moves the focus to the start of the new page after each client-side navigation (root.tsx). */
export function useFocusOnNewPage(): void {
  const { pathname } = useLocation()
  const shown = useRef(pathname)
  useEffect(() => {
    if (shown.current === pathname) return
    shown.current = pathname
    // A refused form's summary on the new page took the focus first (error-summary.tsx): it keeps it.
    if (document.activeElement?.closest('[role="alert"]')) return
    startOfPage()?.focus({ preventScroll: true })
  }, [pathname])
}
