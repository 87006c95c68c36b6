import type { ReactNode } from 'react'

export function PageHeader({ title, intro, children }: { title: ReactNode; intro?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {intro ? <p className="page-header__intro">{intro}</p> : null}
      {children}
    </div>
  )
}
