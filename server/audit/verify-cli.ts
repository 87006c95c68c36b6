import { createDb } from '../db/client'
import { verifyAuditChain } from './log'

// npm run audit:verify: exit 0 when the chain is intact, 1 naming the first broken entry.
const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set')
  process.exit(2)
}
const db = createDb(url)
try {
  const verdict = await verifyAuditChain(db)
  if (verdict.intact) {
    console.log(`audit chain intact: ${verdict.entries} entries verified`)
  } else {
    console.error(
      `audit chain BROKEN at entry #${verdict.firstBrokenSeq} (${verdict.reason}); ${verdict.entries} entries before it verified`,
    )
    process.exitCode = 1
  }
} finally {
  await db.$disconnect()
}
