import { z } from 'zod'
import type { TrailReport } from './verify'

// A verification's report as JSON: stored in AuditVerification, returned by the API, read back by
// the security officer's page; and in words for `npm run audit:verify`.

const ENTRY_KINDS = ['missing', 'altered', 'unlinked', 'rehashed'] as const
const CHECKPOINT_REASONS = ['missing', 'signature', 'format', 'key', 'number', 'previous', 'coverage', 'time'] as const

const seqText = z.string().regex(/^\d+$/)

export const TrailReportJson = z.object({
  checkedAt: z.iso.datetime(),
  verified: z.number().int(),
  anchoredTo: seqText,
  entryProblem: z
    .object({ kind: z.enum(ENTRY_KINDS), seq: seqText, checkpoint: z.number().int().optional() })
    .nullable(),
  checkpoints: z.number().int(),
  checkpointProblem: z.object({ number: z.number().int(), reason: z.enum(CHECKPOINT_REASONS) }).nullable(),
  overwritten: z.array(z.number().int()),
  lastCheckpoint: z.object({ number: z.number().int(), createdAt: z.iso.datetime(), headSeq: seqText }).nullable(),
  stale: z.boolean(),
  intact: z.boolean(),
})
export type TrailReportJson = z.infer<typeof TrailReportJson>

export function reportJson(report: TrailReport): TrailReportJson {
  const problem = report.entryProblem
  return {
    checkedAt: report.checkedAt.toISOString(),
    verified: report.verified,
    anchoredTo: report.anchoredTo.toString(),
    entryProblem: problem
      ? {
          kind: problem.kind,
          seq: problem.seq.toString(),
          ...(problem.kind === 'rehashed' ? { checkpoint: problem.checkpoint } : {}),
        }
      : null,
    checkpoints: report.checkpoints,
    checkpointProblem: report.checkpointProblem,
    overwritten: report.overwritten,
    lastCheckpoint: report.lastCheckpoint
      ? {
          number: report.lastCheckpoint.number,
          createdAt: report.lastCheckpoint.createdAt.toISOString(),
          headSeq: report.lastCheckpoint.headSeq.toString(),
        }
      : null,
    stale: report.stale,
    intact: report.intact,
  }
}

const ENTRY_WORDS: Record<(typeof ENTRY_KINDS)[number], string> = {
  missing: 'is missing',
  altered: 'was altered (its content no longer gives its hash, or its columns are not its content)',
  unlinked: 'does not link to the entry before it (one of the two was changed after the last checkpoint)',
  rehashed: 'was rewritten and re-hashed (its hash is not the one checkpoint #{checkpoint} signed)',
}

/** The report in plain words, one line each, for the command line (English, like the other tools). */
export function describeReport(report: TrailReportJson, now: Date): string[] {
  const lines = [`${report.verified} entries verified; checkpoints cover entries up to #${report.anchoredTo}`]
  const problem = report.entryProblem
  if (problem)
    lines.push(
      `FIRST BROKEN ENTRY: #${problem.seq} ${ENTRY_WORDS[problem.kind].replace('{checkpoint}', String(problem.checkpoint))}`,
    )
  if (report.checkpointProblem)
    lines.push(`CHECKPOINT #${report.checkpointProblem.number} does not verify: ${report.checkpointProblem.reason}`)
  if (report.overwritten.length > 0)
    lines.push(`checkpoints written over (their first version still counts): ${report.overwritten.join(', ')}`)
  const last = report.lastCheckpoint
  if (last) {
    const age = Math.round((now.getTime() - Date.parse(last.createdAt)) / 1000)
    lines.push(`last checkpoint #${last.number} at ${last.createdAt} (${age} s ago)${report.stale ? ': STALE' : ''}`)
  } else {
    lines.push('no checkpoint yet: STALE')
  }
  lines.push(report.intact ? 'audit trail intact' : 'audit trail NOT intact')
  return lines
}
