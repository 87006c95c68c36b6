// Budgets and alert levels as the pages and the API show them (decision 0050): one shape for both,
// đồng as decimal strings (JSON has no BigInt), dates as ISO text. Authorisation is the caller's.
import type { Db } from '../db/client'
import { ALERTED_RESOURCES } from '../domain/usage-alerts'
import { BUDGET_LADDER, NO_LEVEL, nextLevel, permille } from '../domain/threshold-levels'
import { yearForecast } from './spending'
import { budgetVersions } from './store'

export interface BudgetVersionJson {
  readonly version: number
  readonly amount: string
  readonly note: string
  readonly createdAt: string
  readonly createdBy: string
}

export interface BudgetOverview {
  readonly year: number
  /** The version in force, or null when none was set. */
  readonly budget: BudgetVersionJson | null
  readonly versions: readonly BudgetVersionJson[]
  /** Null when a month cannot be priced yet (no rate card in force for a metered day). */
  readonly spent: string | null
  readonly forecast: string | null
  readonly dailyRunRate: string | null
  readonly meteredHours: number
  /** Shares of the budget in tenths of a percent, and the highest warning line each has reached. */
  readonly spentPermille: number | null
  readonly forecastPermille: number | null
  readonly spentLevel: number
  readonly forecastLevel: number
}

const text = (value: bigint | null | undefined) => (value === null || value === undefined ? null : value.toString())

export async function budgetOverview(db: Db, agencyId: string, year: number, now: Date): Promise<BudgetOverview> {
  const [versions, forecast] = await Promise.all([
    budgetVersions(db, agencyId, year),
    yearForecast(db, agencyId, year, now),
  ])
  const json = versions.map((v) => ({
    version: v.version,
    amount: v.amount.toString(),
    note: v.note,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdByLabel,
  }))
  const amount = versions[0]?.amount ?? null
  const level = (value: bigint | null | undefined) => nextLevel(BUDGET_LADDER, NO_LEVEL, value ?? null, amount).level
  return {
    year,
    budget: json[0] ?? null,
    versions: json,
    spent: text(forecast?.spent),
    forecast: text(forecast?.forecast),
    dailyRunRate: text(forecast?.dailyRunRate),
    meteredHours: forecast?.meteredHours ?? 0,
    spentPermille: permille(forecast?.spent ?? null, amount),
    forecastPermille: permille(forecast?.forecast ?? null, amount),
    spentLevel: level(forecast?.spent),
    forecastLevel: level(forecast?.forecast),
  }
}

export interface AlertJson {
  readonly resource: string
  /** 0 below every line; 80, 90, 95; 100 for storage over its grant. */
  readonly level: number
  readonly permille: number | null
  /** The metered hour at which the level last changed, or null when it never did. */
  readonly since: string | null
}

/** Each alerted resource's level, as the alerts job last stored it. */
export async function projectAlerts(db: Db, projectId: string): Promise<AlertJson[]> {
  const states = await db.usageAlertState.findMany({ where: { projectId } })
  const byResource = new Map(states.map((s) => [s.resource, s]))
  return ALERTED_RESOURCES.map((resource) => {
    const state = byResource.get(resource)
    return {
      resource,
      level: state?.level ?? NO_LEVEL,
      permille: state?.permille ?? null,
      since: state?.hour.toISOString() ?? null,
    }
  })
}

/** A bucket flagged over its own quota, as the bucket alerts job last stored it. */
export interface BucketFlagJson {
  readonly bucket: string
  readonly resource: string
  readonly bytes: string
  readonly quotaBytes: string
  readonly since: string
}

/** The project's buckets over their quota now (a cleared flag is not listed). */
export async function projectBucketFlags(db: Db, projectId: string): Promise<BucketFlagJson[]> {
  const rows = await db.bucketAlertState.findMany({
    where: { projectId, level: { gt: 0 } },
    orderBy: { bucket: 'asc' },
  })
  return rows.map((row) => ({
    bucket: row.bucket,
    resource: row.resource,
    bytes: row.bytes.toString(),
    quotaBytes: row.quotaBytes.toString(),
    since: row.changedAt.toISOString(),
  }))
}
