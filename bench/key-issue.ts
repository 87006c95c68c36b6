// Benchmark (issue 12, decision 0032): what it costs the person waiting for a new S3 key now that
// the web console asks the worker through the job queue instead of calling the storage's IAM API
// itself. Baseline: issueS3AccessKey with the admin keys, as the web console did before. Contender:
// requestS3AccessKey (queue a job, the worker woken by NOTIFY makes the key and seals its secret,
// the asker polls the row, opens the secret and removes it). Both against the local stack's
// PostgreSQL and SeaweedFS, alternating one of each so both see the same load; revocation likewise.
//
//   npx tsx bench/key-issue.ts [--runs 30]
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { issueS3AccessKey, revokeS3AccessKey } from '#server/provisioning/credentials'
import { requestKeyRevocation, requestS3AccessKey } from '#server/provisioning/key-requests'
import { reconcileProject } from '#server/provisioning/reconcile'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../tests/helpers/fixtures'
import { connectStackKubernetes, connectStackStorage } from '../tests/helpers/platform'
import { approvedProject, reconcilerDeps, startKeyWorker, tearDownPlatform } from '../tests/helpers/provisioning'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } })
const RUNS = Number(values.runs)

const timed = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const start = performance.now()
  const result = await work()
  return [performance.now() - start, result]
}
const quantile = (times: number[], q: number) => [...times].sort((a, b) => a - b)[Math.floor((times.length - 1) * q)]!
const row = (name: string, times: number[]) =>
  `| ${name} | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.95).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 8 })
const connection = await connectStackKubernetes()
const storage = connectStackStorage()
let namespace: string | undefined
const worker = await startKeyWorker(t, storage)
try {
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n, objectStorage: 1000n * GiB, buckets: 100n })
  const userId = await makeUser(t.db, 'Nguyễn Văn An')
  const operatorId = await makeUser(t.db, 'Đặng Minh Đức')
  const agencyId = await makeAgency(t.db, 'Sở Khoa học và Công nghệ')
  const project = await approvedProject(t.db, {
    agencyId,
    requesterId: userId,
    operatorId,
    lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n },
  })
  namespace = project.namespace
  const outcome = await reconcileProject(reconcilerDeps(t.db, connection, storage), project.projectId)
  if (outcome?.phase !== 'ready') throw new Error(`the project did not provision: ${JSON.stringify(outcome)}`)
  const actor = { id: userId, label: 'Nguyễn Văn An' }
  const input = { projectId: project.projectId, actor, label: 'bench' }
  // One of each first: connections opened, code paths warm.
  const warm = await issueS3AccessKey({ db: t.db, storage }, input)
  await revokeS3AccessKey({ db: t.db, storage }, { credentialId: warm.credentialId, actor })
  await requestKeyRevocation(t.db, { credentialId: (await requestS3AccessKey(t.db, input)).credentialId, actor })

  const times = {
    directIssue: [] as number[],
    queueIssue: [] as number[],
    directRevoke: [] as number[],
    queueRevoke: [] as number[],
  }
  const loadBefore = loadavg()[0]!
  for (let i = 0; i < RUNS; i++) {
    const [issueDirect, direct] = await timed(() => issueS3AccessKey({ db: t.db, storage }, input))
    const [issueQueued, queued] = await timed(() => requestS3AccessKey(t.db, input))
    const [revokeDirect] = await timed(() =>
      revokeS3AccessKey({ db: t.db, storage }, { credentialId: direct.credentialId, actor }),
    )
    const [revokeQueued] = await timed(() => requestKeyRevocation(t.db, { credentialId: queued.credentialId, actor }))
    times.directIssue.push(issueDirect)
    times.queueIssue.push(issueQueued)
    times.directRevoke.push(revokeDirect)
    times.queueRevoke.push(revokeQueued)
  }
  console.log(`${RUNS} runs each, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`)
  console.log('| operation | p50 (ms) | p95 (ms) | max (ms) |\n| --- | --- | --- | --- |')
  console.log(row('issue, web with admin keys (before)', times.directIssue))
  console.log(row('issue, through the worker (after)', times.queueIssue))
  console.log(row('revoke, web with admin keys (before)', times.directRevoke))
  console.log(row('revoke, through the worker (after)', times.queueRevoke))
} finally {
  await worker.stop()
  await tearDownPlatform(connection, storage, namespace ? [namespace] : [])
  await t.drop()
}
