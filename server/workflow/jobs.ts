// Wiring for the workflow worker: its settings (validated at start-up), the job handlers (e-mail
// of notifications, the auto-approval of decreases, the expiry sweep, the directory sync) and
// the periodic ones.
// Runs on the same durable queue as provisioning (server/jobs), in worker-cli.ts or in tests.
import { z } from 'zod'
import { metricsListenShape } from '../observability/metrics-server'
import { parseSettings } from '../config/env'
import type { Db } from '../db/client'
import { AGENCY_GROUP_SYNC_JOB } from '../agencies/store'
import { agencyGroupSyncHandler, type GroupSyncReport } from '../agencies/group-sync'
import { AGENCY_MERGE_DUE_JOB, applyDueMerges } from '../agencies/merge'
import { createKeycloakAgencyGroups, type AgencyGroupDirectory } from '../identity/agency-groups'
import { createKeycloakDirectory, type Directory } from '../identity/directory'
import { DIRECTORY_SYNC_JOB, directorySyncHandler, type DirectorySyncReport } from '../identity/directory-sync'
import type { ApprovalPolicy } from '../domain/security-policy'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import { createSmtpMailer, defaultSender, deliverNotificationEmail, type Mailer } from '../notifications/email'
import { EMAIL_JOB } from '../notifications/record'
import { autoApprovalHandler } from './auto-approve'
import { EXPIRY_SWEEP_JOB, expirySweepHandler, type SweepReport } from './expiry'
import { AUTO_APPROVE_JOB } from './follow-ups'
import { policyEnvSchema } from '../policies/from-env'
import { approvalPolicyInForce } from '../policies/store'
import { WAIVER_SWEEP_JOB, waiverSweepHandler, type WaiverSweepReport } from './waiver-expiry'

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
const int = (min: number, fallback: number) =>
  optional(z.coerce.number().int().min(min)).transform((v) => v ?? fallback)
const urlWith = (protocols: readonly string[]) => (value: string) => {
  try {
    const url = new URL(value)
    return protocols.includes(url.protocol) && url.hostname !== ''
  } catch {
    return false
  }
}

export const workflowEnvSchema = z
  .object({
    DATABASE_URL: z
      .string({ error: 'is required (a postgresql:// URL)' })
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgresql:// URL' }),
    /** The console's origin: links in e-mails point there. */
    PUBLIC_URL: z
      .string({ error: 'is required (the console origin, e.g. https://console.example)' })
      .refine(urlWith(['http:', 'https:']), { error: 'must be an http(s):// URL' }),
    /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset: e-mail is off. */
    SMTP_URL: optional(
      z.string().refine(urlWith(['smtp:', 'smtps:']), { error: 'must be an smtp:// or smtps:// URL' }),
    ),
    /** The From of every e-mail, e.g. "Cổng điều hành đám mây" <no-reply@example.gov.vn>. */
    SMTP_FROM: optional(z.string().min(3)),
    /** Seconds between expiry sweeps. */
    EXPIRY_SWEEP_SECONDS: int(10, 3600),
    WORKFLOW_CONCURRENCY: int(1, 4),
    /** A copy that stops answering (killed, frozen) gives its jobs up after this many seconds. */
    WORKFLOW_LEASE_SECONDS: int(2, 60),
    /**
     * Keycloak and the worker's own confidential client (not the web's), whose service account
     * reads the directory (who holds the operator and security-officer roles) and writes the
     * agencies' groups. Unset: no directory or group sync, and only people who signed in are
     * known to hold a role.
     */
    OIDC_ISSUER: optional(z.string().refine(urlWith(['http:', 'https:']), { error: 'must be an http(s):// URL' })),
    KEYCLOAK_WORKFLOW_CLIENT_ID: optional(z.string().min(1)),
    KEYCLOAK_WORKFLOW_CLIENT_SECRET: optional(z.string().min(1)),
    /** Seconds between directory syncs. */
    DIRECTORY_SYNC_SECONDS: int(60, 900),
    /** Where this worker serves /metrics (host:port); unset: nowhere (decision 0065). */
    ...metricsListenShape,
  })
  .extend(policyEnvSchema.shape)

export type WorkflowEnv = z.infer<typeof workflowEnvSchema>

export function parseWorkflowEnv(source: Record<string, string | undefined> = process.env): WorkflowEnv {
  return parseSettings(workflowEnvSchema, source)
}

export interface WorkflowDeps {
  readonly db: Db
  /** A fixed policy (tests); unset: the version in force, read at each job (decision 0049). */
  readonly policy?: ApprovalPolicy
  readonly mailer: Mailer | null
  readonly publicUrl: string
  /** Keycloak's directory, connected on first use (Keycloak may start after the worker); null: off. */
  readonly directory?: (() => Promise<Directory>) | null
  /** The realm's `/agencies/<code>` groups, which follow the agencies (decision 0052); null: off. */
  readonly agencyGroups?: (() => Promise<AgencyGroupDirectory>) | null
}

/** Connects once; a failed connection is tried again by the next sync rather than kept. */
function lazily<T>(connect: () => Promise<T>): () => Promise<T> {
  let connecting: Promise<T> | null = null
  return () => {
    connecting ??= connect().catch((error: unknown) => {
      connecting = null
      throw error
    })
    return connecting
  }
}

export function workflowDeps(db: Db, env: WorkflowEnv): WorkflowDeps {
  const mailer = env.SMTP_URL
    ? createSmtpMailer({ smtpUrl: env.SMTP_URL, from: env.SMTP_FROM ?? defaultSender(env.PUBLIC_URL) })
    : null
  const keycloak =
    env.OIDC_ISSUER && env.KEYCLOAK_WORKFLOW_CLIENT_ID && env.KEYCLOAK_WORKFLOW_CLIENT_SECRET
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.KEYCLOAK_WORKFLOW_CLIENT_ID,
          clientSecret: env.KEYCLOAK_WORKFLOW_CLIENT_SECRET,
        }
      : null
  return {
    db,
    mailer,
    publicUrl: env.PUBLIC_URL,
    directory: keycloak && lazily(() => createKeycloakDirectory(keycloak)),
    agencyGroups: keycloak && lazily(() => createKeycloakAgencyGroups(keycloak)),
  }
}

export function workflowHandlers(
  deps: WorkflowDeps,
  options: {
    onSweep?: (report: SweepReport) => void
    onWaiverSweep?: (report: WaiverSweepReport) => void
    onDirectorySync?: (report: DirectorySyncReport) => void
    onAgencyGroupSync?: (report: GroupSyncReport) => void
  } = {},
): Record<string, JobHandler> {
  const fixed = deps.policy
  const policyNow = fixed ? () => Promise.resolve(fixed) : () => approvalPolicyInForce(deps.db)
  return {
    [EMAIL_JOB]: (job) => deliverNotificationEmail(deps, job),
    [AUTO_APPROVE_JOB]: autoApprovalHandler(deps.db, policyNow),
    [EXPIRY_SWEEP_JOB]: expirySweepHandler(deps.db, policyNow, options.onSweep),
    [WAIVER_SWEEP_JOB]: waiverSweepHandler(deps.db, options.onWaiverSweep),
    [AGENCY_MERGE_DUE_JOB]: async () => {
      await applyDueMerges(deps.db)
      return { status: 'done' }
    },
    ...(deps.directory
      ? { [DIRECTORY_SYNC_JOB]: directorySyncHandler(deps.db, deps.directory, options.onDirectorySync) }
      : {}),
    ...(deps.agencyGroups
      ? { [AGENCY_GROUP_SYNC_JOB]: agencyGroupSyncHandler(deps.db, deps.agencyGroups, options.onAgencyGroupSync) }
      : {}),
  }
}

/**
 * The periodic jobs, each queued on one replica when due (the queue's schedule row) and run by
 * one worker at a time: the expiry sweeps of requests and of waivers and the mergers that fell due (as often as each other),
 * and the directory sync and the agencies' group sync when Keycloak is configured.
 */
export function workflowSchedule(everyMs: number, directorySync?: { everyMs: number } | null): PeriodicTask[] {
  return [
    { name: EXPIRY_SWEEP_JOB, everyMs, job: { kind: EXPIRY_SWEEP_JOB, key: 'all' } },
    { name: WAIVER_SWEEP_JOB, everyMs, job: { kind: WAIVER_SWEEP_JOB, key: 'all' } },
    // Mergers set for a later day are applied on it (decision 0057).
    { name: AGENCY_MERGE_DUE_JOB, everyMs, job: { kind: AGENCY_MERGE_DUE_JOB, key: 'all' } },
    ...(directorySync
      ? [
          { name: DIRECTORY_SYNC_JOB, everyMs: directorySync.everyMs, job: { kind: DIRECTORY_SYNC_JOB, key: 'all' } },
          // The agencies' groups follow at the same pace, and within seconds of each change (decision 0052).
          {
            name: AGENCY_GROUP_SYNC_JOB,
            everyMs: directorySync.everyMs,
            job: { kind: AGENCY_GROUP_SYNC_JOB, key: 'all' },
          },
        ]
      : []),
  ]
}
