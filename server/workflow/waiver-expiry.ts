// The waivers' sweep (issue 13, decision 0041), a periodic job of the workflow worker beside the
// requests' expiry sweep: each approved waiver past its expiry is expired through actOnWaiver (the
// console's `system` actor; row, notices and audit in one transaction), so its findings count as
// open again through findingStatus; and the requester and the agency are warned 14 and 3 days
// ahead, each warning once (expiryWarnedAt moves only forward, under the row lock, and each
// notice has a once-only key: two sweeps at once warn nobody twice).
import { appendAudit } from '../audit/log'
import type { Db } from '../db/client'
import type { JobResult } from '../jobs/worker'
import { notifyWaiverEvent } from '../notifications/waiver-record'
import { waiverWarningKey } from '../notifications/waiver-plan'
import { EXPIRY_WARNING_DAYS, expiryWarningDue } from '../security/waivers'
import { actOnWaiver } from './waiver-actions'
import { lockWaiver, noticeFacts } from './waiver-facts'

export const WAIVER_SWEEP_JOB = 'waivers.expiry_sweep'
export const WAIVER_SWEEP_ACTOR = {
  id: 'system:waiver-expiry',
  label: 'Hệ thống (hết hạn miễn trừ)',
  roles: ['system'],
}

const DAY_MS = 86_400_000

export interface WaiverSweepReport {
  /** Numbers of the waivers expired by this sweep. */
  readonly expired: readonly number[]
  /** Warnings sent: waiver number and days before expiry. */
  readonly warned: ReadonlyArray<{ readonly number: number; readonly days: number }>
}

export async function sweepWaivers(db: Db, now: Date = new Date()): Promise<WaiverSweepReport> {
  const past = await db.securityWaiver.findMany({
    where: { state: 'approved', expiresAt: { lte: now } },
    select: { id: true, number: true },
    orderBy: { expiresAt: 'asc' },
  })
  const expired: number[] = []
  for (const waiver of past) {
    const result = await actOnWaiver(db, { waiverId: waiver.id, action: 'expire', actor: WAIVER_SWEEP_ACTOR, now })
    if (result?.ok) expired.push(waiver.number)
  }
  const horizon = new Date(now.getTime() + Math.max(...EXPIRY_WARNING_DAYS) * DAY_MS)
  const soon = await db.securityWaiver.findMany({
    where: { state: 'approved', expiresAt: { gt: now, lte: horizon } },
    select: { id: true, state: true, expiresAt: true, expiryWarnedAt: true },
    orderBy: { expiresAt: 'asc' },
  })
  const warned: { number: number; days: number }[] = []
  for (const candidate of soon.filter((w) => expiryWarningDue(w, now) !== null)) {
    const sent = await warn(db, candidate.id, now)
    if (sent) warned.push(sent)
  }
  return { expired, warned }
}

/** One warning, decided again under the row lock (another sweep may have sent it meanwhile). */
async function warn(db: Db, waiverId: string, now: Date): Promise<{ number: number; days: number } | null> {
  return db.$transaction(async (tx) => {
    const waiver = await lockWaiver(tx, waiverId)
    const days = waiver && expiryWarningDue(waiver, now)
    if (!waiver || !days) return null
    await tx.securityWaiver.update({ where: { id: waiver.id }, data: { expiryWarnedAt: now } })
    const facts = await noticeFacts(tx, waiver, { days })
    await notifyWaiverEvent(tx, {
      event: 'expiring',
      actorId: WAIVER_SWEEP_ACTOR.id,
      facts,
      onceKey: waiverWarningKey(waiver.id, days),
    })
    await appendAudit(tx, {
      actor: { id: WAIVER_SWEEP_ACTOR.id, label: WAIVER_SWEEP_ACTOR.label },
      action: 'waiver.expiry_warning',
      entityType: 'SecurityWaiver',
      entityId: waiver.id,
      agencyId: facts.agencyId,
      after: { number: waiver.number, days, expiresAt: waiver.expiresAt.toISOString() },
    })
    return { number: waiver.number, days }
  })
}

export function waiverSweepHandler(db: Db, onReport?: (report: WaiverSweepReport) => void) {
  return async (): Promise<JobResult> => {
    onReport?.(await sweepWaivers(db))
    return { status: 'done' }
  }
}
