import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The stack's settings files (env.d/*.env) are read by tests while another test project's global
// setup may run `stack up` again and rewrite them. In the whole suite of 2026-12-07 a test file
// read seaweedfs.env between its truncation and its rewrite and found no S3_ADMIN_ACCESS_KEY_ID.
// A file is now written whole and renamed into place: a reader sees the old or the new one.

const LIB = resolve(import.meta.dirname, '../../../infra/local/lib.sh')
const state = mkdtempSync(join(tmpdir(), 'govcloud-env-files-'))
afterAll(() => rmSync(state, { recursive: true, force: true }))

describe("the stack's settings files", () => {
  it('are never seen empty or half written while they are rewritten', async () => {
    const writes = 400
    const writer = spawn(
      'bash',
      [
        '-c',
        `source "${LIB}"; for i in $(seq 1 ${writes}); do printf 'S3_ADMIN_ACCESS_KEY_ID=key-%s\\nS3_ADMIN_SECRET_ACCESS_KEY=%s\\n' "$i" "$(head -c 3000 /dev/zero | tr '\\0' x)" | write_env probe; done`,
      ],
      { env: { ...process.env, GOVCLOUD_STATE: state } },
    )
    const done = new Promise<number | null>((finish) => writer.on('exit', finish))
    const file = join(state, 'env.d', 'probe.env')
    let reads = 0
    let torn = 0
    let finished = false
    void done.then(() => (finished = true))
    while (!finished) {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        await new Promise((wait) => setTimeout(wait, 1))
        continue // not written yet
      }
      reads++
      if (!/^S3_ADMIN_ACCESS_KEY_ID=key-\d+\nS3_ADMIN_SECRET_ACCESS_KEY=x{3000}\n$/.test(text)) torn++
      if (reads % 50 === 0) await new Promise((wait) => setImmediate(wait))
    }
    expect(await done).toBe(0)
    expect(reads).toBeGreaterThan(50)
    expect(torn, `reads of a torn file, of ${reads}`).toBe(0)
  }, 120_000)
})
