import { auditReaderFromEnv, type AuditReader } from '#server/audit/settings'

// What the console needs to show and export the audit trail's checkpoints (decision 0036): the
// settings and the public key, read once per process. The console holds no storage keys (decision
// 0032) and never the signing key: it reads the copies of the checkpoints that the worker indexed
// and checks their signatures. Without the key the page says so instead of failing.

let cached: AuditReader | undefined

export function auditConsoleDeps(): AuditReader {
  cached ??= auditReaderFromEnv(process.env)
  return cached
}
