// The storage's admin keys reach the provisioning worker and nothing else (decision 0032): the
// process that faces browsers is started by `npm run dev` (infra/local/dev) without them, and so
// is the workflow worker. The real script runs here in a scratch copy of the repository's layout
// whose `stack` prints a stack environment with recognisable secrets, and whose npm and npx record
// the environment each process would have been started with instead of starting it.
import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const run = promisify(execFile)

/** Values nothing else could contain, so a secret passed on under another name is found too. */
const SECRETS = {
  S3_ADMIN_ACCESS_KEY_ID: 'GCADMINFAKEACCESSKEY',
  S3_ADMIN_SECRET_ACCESS_KEY: 'fake-admin-secret-5c1f0e6b9a7d4e21',
  SEAWEEDFS_ADMIN_PASSWORD: 'fake-admin-ui-password-8d2e',
  DATABASE_OWNER_URL: 'postgresql://govcloud_owner:fake-owner-password@127.0.0.1:1/govcloud',
  DATABASE_ADMIN_URL: 'postgresql://govcloud@127.0.0.1:1/postgres',
} as const

const STACK_ENV = {
  ...SECRETS,
  DATABASE_URL: 'postgresql://govcloud_app:fake-app-password@127.0.0.1:1/govcloud',
  S3_ENDPOINT: 'http://127.0.0.1:2',
  S3_REGION: 'us-east-1',
  SEAWEEDFS_IAM_URL: 'http://127.0.0.1:2',
  SEAWEEDFS_ADMIN_USER: 'admin',
  OIDC_ISSUER: 'http://127.0.0.1:3/realms/govcloud',
  OIDC_CLIENT_ID: 'govcloud-console',
}

let scratch: string
const started: Record<string, Record<string, string>> = {}

/**
 * A recorder that stands in for npm or npx: writes its environment to <out>/<name>.env and exits.
 * The web console's waits (up to 10 s) for the two workers started in the background before it,
 * since the script stops its background jobs as soon as the web console returns.
 */
function recorder(nameFrom: string, waitFor: readonly string[] = []): string {
  const wait = waitFor.map((name) => `[[ -s "$RECORD_DIR/${name}.env" ]]`).join(' && ')
  return [
    '#!/usr/bin/env bash',
    `name=${nameFrom}`,
    ...(wait ? [`for _ in $(seq 1 100); do ${wait} && break; sleep 0.1; done`] : []),
    'env -0 >"$RECORD_DIR/$name.env.tmp" && mv "$RECORD_DIR/$name.env.tmp" "$RECORD_DIR/$name.env"',
    '',
  ].join('\n')
}

function readEnv(file: string): Record<string, string> {
  const entries = readFileSync(file, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const)
  return Object.fromEntries(entries)
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'govcloud-dev-env-'))
  const infra = join(scratch, 'infra/local')
  const bin = join(scratch, 'bin')
  const record = join(scratch, 'record')
  for (const dir of [infra, bin, record, join(scratch, 'node_modules'), join(scratch, 'state/logs')])
    mkdirSync(dir, { recursive: true })
  copyFileSync(resolve(ROOT, 'infra/local/dev'), join(infra, 'dev'))
  const stackEnv = Object.entries(STACK_ENV)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
  writeFileSync(
    join(infra, 'stack'),
    `#!/usr/bin/env bash\n[[ "$1" == env ]] && cat <<'EOF'\n${stackEnv}\nEOF\nexit 0\n`,
  )
  // `npm run -s <script>` records as <script>; `npx remix vite:dev …` is the web console.
  writeFileSync(join(bin, 'npm'), recorder('"$3"'))
  writeFileSync(join(bin, 'npx'), recorder('web', ['worker:provisioning', 'worker:workflow']))
  for (const file of [join(infra, 'dev'), join(infra, 'stack'), join(bin, 'npm'), join(bin, 'npx')])
    chmodSync(file, 0o755)
  await run('bash', [join(infra, 'dev')], {
    cwd: scratch,
    env: {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: scratch,
      GOVCLOUD_STATE: join(scratch, 'state'),
      RECORD_DIR: record,
      PORT: '5999',
      NODE_ENV: 'development',
    },
    timeout: 30_000,
  })
  for (const name of ['db:migrate', 'db:seed', 'worker:provisioning', 'worker:workflow', 'web'])
    started[name] = readEnv(join(record, `${name}.env`))
}, 60_000)

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

/** The secrets (by name or by value) found in a process's environment. */
function secretsIn(env: Record<string, string>): string[] {
  const values = Object.values(env).join('\n')
  return Object.entries(SECRETS).flatMap(([key, value]) => (key in env || values.includes(value) ? [key] : []))
}

describe('npm run dev gives the storage admin keys to the provisioning worker only', () => {
  it('starts the web console with none of the storage admin keys or the database owner', () => {
    expect(secretsIn(started['web']!)).toEqual([])
    // It is configured all the same: the database as the app role, the realm, its own URL.
    expect(started['web']).toMatchObject({
      DATABASE_URL: STACK_ENV.DATABASE_URL,
      OIDC_ISSUER: STACK_ENV.OIDC_ISSUER,
      PUBLIC_URL: 'http://127.0.0.1:5999',
    })
  })

  it('starts the workflow worker, the migrations and the seed without the storage keys either', () => {
    for (const name of ['worker:workflow', 'db:migrate', 'db:seed'])
      expect(
        secretsIn(started[name]!).filter((key) => !key.startsWith('DATABASE_')),
        name,
      ).toEqual([])
    expect(secretsIn(started['worker:workflow']!)).toEqual([])
  })

  it('gives the provisioning worker the admin keys it makes buckets and keys with, and no database owner', () => {
    expect(started['worker:provisioning']).toMatchObject({
      S3_ADMIN_ACCESS_KEY_ID: SECRETS.S3_ADMIN_ACCESS_KEY_ID,
      S3_ADMIN_SECRET_ACCESS_KEY: SECRETS.S3_ADMIN_SECRET_ACCESS_KEY,
    })
    expect(secretsIn(started['worker:provisioning']!)).not.toContain('DATABASE_OWNER_URL')
  })

  it('migrates as the owner before anything else starts', () => {
    expect(started['db:migrate']).toMatchObject({ DATABASE_OWNER_URL: SECRETS.DATABASE_OWNER_URL })
  })
})
