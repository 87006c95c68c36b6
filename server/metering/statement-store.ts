// Stored statement versions (issue 14, decision 0048 "Statements"): the latest version of an
// agency's month read back as the pure Statement, and a new version written with its lines and
// its audit entry in one transaction. Rows are append-only (a trigger), so a version is never
// edited: a correction is version n+1.
import { appendAudit } from '../audit/log'
import type { Db } from '../db/client'
import type { LocalDate } from '../domain/local-calendar'
import { billingUnitOf } from '../domain/rate-card'
import type { ResourceKey } from '../domain/resources'
import type { LineChange, ProjectStatement, Statement } from '../domain/statement'

const rowDate = (date: LocalDate): Date => new Date(`${date}T00:00:00Z`)
const dateOfRow = (value: Date): LocalDate => value.toISOString().slice(0, 10)

export interface StoredStatement {
  readonly id: string
  readonly version: number
  readonly statement: Statement
}

export interface StoredStatementVersion extends StoredStatement {
  readonly createdAt: Date
}

type StatementRow = Awaited<ReturnType<typeof readVersions>>[number]

function readVersions(db: Db, agencyId: string, month: LocalDate, latestOnly: boolean) {
  return db.monthStatement.findMany({
    where: { agencyId, month: rowDate(month) },
    orderBy: { version: latestOnly ? 'desc' : 'asc' },
    ...(latestOnly ? { take: 1 } : {}),
    include: { lines: { orderBy: [{ projectId: 'asc' }, { resource: 'asc' }] } },
  })
}

/** A stored version as the pure Statement: lines grouped by project in the stored order. */
function versionOf(row: StatementRow, agencyId: string, month: LocalDate): StoredStatementVersion {
  const projects = new Map<string, ProjectStatement>()
  for (const line of row.lines) {
    const project = projects.get(line.projectId) ?? { projectId: line.projectId, lines: [], total: 0n }
    projects.set(line.projectId, {
      projectId: line.projectId,
      lines: [
        ...project.lines,
        {
          resource: line.resource as ResourceKey,
          amount: line.amount,
          quantityHours: line.quantityHours,
          unmeasuredHours: line.unmeasuredHours,
          basis: line.basis,
          cards: line.cards.map(dateOfRow),
          footprint:
            line.energyWh === null || line.co2eGrams === null
              ? null
              : { energyWh: line.energyWh, co2eGrams: line.co2eGrams },
        },
      ],
      total: project.total + line.amount,
    })
  }
  return {
    id: row.id,
    version: row.version,
    createdAt: row.createdAt,
    statement: { agencyId, month, projects: [...projects.values()], total: row.total },
  }
}

/** The latest version of an agency's month, or null before it is closed. */
export async function latestStatement(db: Db, agencyId: string, month: LocalDate): Promise<StoredStatement | null> {
  const [row] = await readVersions(db, agencyId, month, true)
  return row ? versionOf(row, agencyId, month) : null
}

/** When the agency's month was first closed (its version 1 written), or null while it is open. */
export async function firstClosedAt(db: Db, agencyId: string, month: LocalDate): Promise<Date | null> {
  const row = await db.monthStatement.findUnique({
    where: { agencyId_month_version: { agencyId, month: rowDate(month), version: 1 } },
    select: { createdAt: true },
  })
  return row?.createdAt ?? null
}

/** Every version of an agency's month, oldest first (none before it is closed). */
export async function statementVersions(db: Db, agencyId: string, month: LocalDate): Promise<StoredStatementVersion[]> {
  return (await readVersions(db, agencyId, month, false)).map((row) => versionOf(row, agencyId, month))
}

/**
 * Writes a closed version. Two closers racing over the same month collide on the unique
 * (agency, month, version): the loser's transaction fails and writes nothing.
 */
export async function writeStatementVersion(
  db: Db,
  statement: Statement,
  version: number,
  changes: readonly LineChange[],
): Promise<string> {
  return db.$transaction(async (tx) => {
    const row = await tx.monthStatement.create({
      data: {
        agencyId: statement.agencyId,
        month: rowDate(statement.month),
        version,
        state: 'closed',
        total: statement.total,
        lines: {
          create: statement.projects.flatMap((p) =>
            p.lines.map((line) => ({
              projectId: p.projectId,
              resource: line.resource,
              amount: line.amount,
              quantityHours: line.quantityHours,
              unit: billingUnitOf(line.resource).name,
              basis: line.basis,
              unmeasuredHours: line.unmeasuredHours,
              cards: line.cards.map(rowDate),
              energyWh: line.footprint?.energyWh ?? null,
              co2eGrams: line.footprint?.co2eGrams ?? null,
            })),
          ),
        },
      },
    })
    await appendAudit(tx, {
      actor: { id: null, label: 'metering' },
      action: version === 1 ? 'statement.close' : 'statement.correct',
      entityType: 'MonthStatement',
      entityId: row.id,
      agencyId: statement.agencyId,
      after: {
        month: statement.month,
        version,
        total: statement.total.toString(),
        // đồng, quantities, Wh and grams as text: JSON has no BigInt.
        changes: changes.map(({ footprintBefore, footprintAfter, ...c }) => ({
          ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v])),
          energyWhBefore: footprintBefore?.energyWh.toString() ?? null,
          energyWhAfter: footprintAfter?.energyWh.toString() ?? null,
          co2eGramsBefore: footprintBefore?.co2eGrams.toString() ?? null,
          co2eGramsAfter: footprintAfter?.co2eGrams.toString() ?? null,
        })),
      },
    })
    return row.id
  })
}
