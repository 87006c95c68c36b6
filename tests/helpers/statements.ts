// Stored statements for the statements' pages, API and browser tests (issue 14, decision 0048):
// October 2026 closed for so-khcn (version 1, then version 2 correcting its CPU line) and for
// so-tc (version 1), written through the statement store as the statements job writes them, and
// two metered hours of the running month for so-khcn, which its provisional statement prices.
import type { Db } from '#server/db/client'
import { HOUR_MS, localMidnight, localMonthOf } from '#server/domain/local-calendar'
import { lineAmount } from '#server/domain/pricing'
import type { ResourceKey } from '#server/domain/resources'
import { statementChanges, type Statement, type StatementLine } from '#server/domain/statement'
import { writeStatementVersion } from '#server/metering/statement-store'
import { meterCpu } from './metering'

export const CLOSED_MONTH = '2026-10'
const GIB = 2n ** 30n
const OCTOBER_HOURS = 744
/** The seeded card's prices (prisma/demo/rates.ts) in 10^-4 đồng. */
const PRICE: Partial<Record<ResourceKey, bigint>> = { cpu: 3_200_000n, objectStorage: 6_500_000n }

function line(resource: ResourceKey, quantityHours: bigint, unmeasuredHours = 0, energyWh?: bigint): StatementLine {
  const amount = lineAmount(resource, [{ quantityHours, price: PRICE[resource]!, monthHours: OCTOBER_HOURS }])
  const basis = resource === 'objectStorage' ? 'used' : 'max_requested_used'
  // Stored with the version as the statements job stores it; grams at 0,6592 kg/kWh, rounded.
  const footprint = energyWh === undefined ? null : { energyWh, co2eGrams: (energyWh * 6592n + 5000n) / 10000n }
  return { resource, amount, quantityHours, unmeasuredHours, basis, cards: ['2026-01-01'], footprint }
}

function october(agencyId: string, projectId: string, lines: StatementLine[]): Statement {
  const total = lines.reduce((sum, l) => sum + l.amount, 0n)
  return { agencyId, month: `${CLOSED_MONTH}-01`, projects: [{ projectId, lines, total }], total }
}

export interface StatementFixtures {
  readonly own: { agencyId: string; projectId: string; name: string; namespace: string }
  readonly foreign: { agencyId: string; projectId: string; name: string; namespace: string }
  /** so-khcn's October: version 1 and the corrected version 2. */
  readonly ownVersions: readonly [Statement, Statement]
  readonly foreignVersion: Statement
  /** The running month, `YYYY-MM`. */
  readonly runningMonth: string
}

async function firstProject(db: Db, code: string) {
  const p = await db.project.findFirstOrThrow({
    where: { agency: { code } },
    orderBy: { namespace: 'asc' },
    select: { id: true, agencyId: true, name: true, namespace: true },
  })
  return { agencyId: p.agencyId, projectId: p.id, name: p.name, namespace: p.namespace }
}

export async function storeStatements(db: Db, now = new Date()): Promise<StatementFixtures> {
  const own = await firstProject(db, 'so-khcn')
  const foreign = await firstProject(db, 'so-tc')
  const storage = line('objectStorage', 10n * GIB * 744n)
  // Version 1 without figures (as versions closed before they were stored), version 2 with them.
  const v1 = october(own.agencyId, own.projectId, [line('cpu', 1_488_000n, 4), storage])
  const v2 = october(own.agencyId, own.projectId, [line('cpu', 1_490_600n, 2, 3_530_000n), storage])
  const other = october(foreign.agencyId, foreign.projectId, [line('cpu', 744_000n)])
  await writeStatementVersion(db, v1, 1, [])
  await writeStatementVersion(db, v2, 2, statementChanges(v1, v2))
  await writeStatementVersion(db, other, 1, [])
  // Two hours at the start of the running month: 1,5 vCPU requested, 0,4 used.
  const start = localMidnight(localMonthOf(now)).getTime()
  for (const i of [0, 1]) {
    const values = { granted: 4000n, requested: 1500n, used: 400n, usedPeak: 400n, refusal: null }
    await meterCpu(db, own.projectId, new Date(start + i * HOUR_MS), values)
  }
  return { own, foreign, ownVersions: [v1, v2], foreignVersion: other, runningMonth: localMonthOf(now).slice(0, 7) }
}
