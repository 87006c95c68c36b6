import { createDb } from '../db/client'
import { reportJson, describeReport } from './report'
import { AuditSettingsError, checkpointBucketOf, parseAuditSettings, staleAfterMs, verifyKeyOf } from './settings'
import { verifyAuditTrail } from './verify'

// npm run audit:verify: checks the trail in DATABASE_URL against the signed checkpoints in the
// bucket (AUDIT_CHECKPOINT_BUCKET, S3_*) with the public key (AUDIT_VERIFY_KEY_FILE). Exit 0 when
// intact, 1 naming the first entry missing, altered or re-hashed (or a stale or broken checkpoint
// chain), 2 when it cannot run. --json prints the report as the API returns it.
const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set')
  process.exit(2)
}
let setup
try {
  const settings = parseAuditSettings()
  const publicKey = verifyKeyOf(settings)
  const bucket = checkpointBucketOf(settings)
  if (!publicKey)
    throw new AuditSettingsError('AUDIT_VERIFY_KEY_FILE', 'is required (the public key of the checkpoints)')
  if (!bucket)
    throw new AuditSettingsError('S3_ENDPOINT', 'and S3_ADMIN_* are required (the bucket of the checkpoints)')
  setup = { settings, publicKey, bucket }
} catch (error) {
  console.error(error instanceof AuditSettingsError ? error.message : String(error))
  process.exit(2)
}
const db = createDb(url)
try {
  const report = reportJson(
    await verifyAuditTrail({
      db,
      bucket: setup.bucket,
      publicKey: setup.publicKey,
      prefix: setup.settings.AUDIT_CHECKPOINT_PREFIX,
      staleAfterMs: staleAfterMs(setup.settings),
    }),
  )
  if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2))
  else for (const line of describeReport(report, new Date())) console.log(line)
  process.exitCode = report.intact ? 0 : 1
} finally {
  setup.bucket.close()
  await db.$disconnect()
}
