import type { ReactNode } from 'react'

/** One entry of a `dl.facts` list: what it is, and its value (in `lang` when that differs from the page's). */
export function Fact({ label, lang, children }: { label: ReactNode; lang?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd lang={lang}>{children}</dd>
    </div>
  )
}
