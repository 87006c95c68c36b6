import { DataTable, type Column } from '#app/components/ui/data-table'
import { Fact } from '#app/components/ui/fact'
import { useT } from '#app/utils/i18n'

// One information system's registration as its pages show it (issue 15, decision 0055): the facts
// a review decides on, and the history of proposals and decisions.

type Step = {
  key: string
  round: number
  what: string
  level: string
  detail: string
  by: string
  at: string
}

export type SystemDetail = {
  namespace: string
  name: string
  agency: string
  state: string
  stateLabel: string
  levelReviewLabel: string
  version: number
  proposedLevel: number | null
  levelInForce: number | null
  personalData: string
  registeredAt: string
  purpose: string
  ownerName: string
  contact: string
  document: string
  history: readonly Step[]
}

export function RegistrationFacts({ system }: { system: SystemDetail }) {
  const t = useT()
  return (
    <dl className="facts" data-state={system.state}>
      <Fact label={t('systems.col.state')}>{system.stateLabel}</Fact>
      <Fact label={t('systems.col.agency')}>{system.agency}</Fact>
      <Fact label={t('systems.col.namespace')}>
        <code>{system.namespace}</code>
      </Fact>
      <Fact label={t('systems.purpose')}>{system.purpose}</Fact>
      <Fact label={t('systems.owner')}>{system.ownerName}</Fact>
      <Fact label={t('systems.contact')}>{system.contact}</Fact>
      <Fact label={t('systems.col.proposed')}>{system.proposedLevel ?? '—'}</Fact>
      <Fact label={t('systems.proposal')}>{system.document || '—'}</Fact>
      <Fact label={t('systems.col.personalData')}>{system.personalData}</Fact>
      <Fact label={t('systems.col.inForce')}>
        <span data-testid="level-in-force">{system.levelInForce ?? '—'}</span>
      </Fact>
      {system.levelReviewLabel ? (
        <Fact label={t('systems.col.levelReview')}>
          <span data-testid="level-review-state">{system.levelReviewLabel}</span>
        </Fact>
      ) : null}
      <Fact label={t('systems.version')}>{system.version}</Fact>
      <Fact label={t('systems.col.registeredAt')}>{system.registeredAt}</Fact>
    </dl>
  )
}

const COLUMNS: readonly Column<Step>[] = [
  { header: 'systems.col.round', numeric: true, cell: (row) => row.round },
  { header: 'systems.col.what', cell: (row) => row.what },
  { header: 'systems.col.level', numeric: true, cell: (row) => row.level },
  { header: 'systems.col.detail', cell: (row) => row.detail },
  { header: 'systems.col.by', cell: (row) => row.by },
  { header: 'systems.col.at', cell: (row) => row.at },
]

export function RegistrationHistory({ history }: { history: readonly Step[] }) {
  const t = useT()
  return (
    <section className="section">
      <h2>{t('systems.history')}</h2>
      <DataTable rows={history} columns={COLUMNS} rowKey={(row) => row.key} t={t} />
    </section>
  )
}
