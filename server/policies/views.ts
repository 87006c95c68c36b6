// The policy as the API and the page show it (decision 0049): the version in force and the history,
// who changed it and when; thresholds in the units a person writes them in.
import type { Db } from '../db/client'
import { THRESHOLD_KEYS, THRESHOLD_UNITS, type PolicySettings } from '../domain/platform-policy'
import { policyHistory, policyInForce, type PolicyVersionRow } from './store'

export interface PolicyVersionView {
  readonly version: number
  readonly settings: PolicySettings
  readonly createdAt: string
  readonly createdBy: string
  readonly reason: string
}

export const policyVersionJson = (row: PolicyVersionRow): PolicyVersionView => ({
  version: row.version,
  settings: row.settings,
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdByLabel,
  reason: row.reason,
})

export const THRESHOLD_UNIT_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  THRESHOLD_KEYS.map((key) => [key, THRESHOLD_UNITS[key].unit]),
)

/** The version in force, every version newest first, and the thresholds' units. */
export async function policiesOverview(db: Db): Promise<{
  inForce: PolicyVersionView
  history: PolicyVersionView[]
  thresholdUnits: Readonly<Record<string, string>>
}> {
  const inForce = await policyInForce(db)
  const history = await policyHistory(db)
  return {
    inForce: policyVersionJson(inForce),
    history: history.map(policyVersionJson),
    thresholdUnits: THRESHOLD_UNIT_NAMES,
  }
}
