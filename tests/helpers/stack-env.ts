import { readdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The state folder of infra/local/stack (same default as infra/local/lib.sh). */
export function stackStateDir(): string {
  return (
    process.env.GOVCLOUD_STATE ?? join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'govcloud')
  )
}

/**
 * KEY=value settings that each running component of the local stack wrote into
 * `$GOVCLOUD_STATE/env.d/*.env`: how tests reach the real servers.
 */
export function stackEnv(): Record<string, string> {
  return readStackEnv(stackStateDir())
}

/** The settings of the stack whose state folder is `stateDir` (a test's private stack, too). */
export function readStackEnv(stateDir: string): Record<string, string> {
  const dir = join(stateDir, 'env.d')
  const env: Record<string, string> = {}
  let files: string[] = []
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.env'))
      .sort()
  } catch {
    throw new Error(`The local stack has written no settings in ${dir}: run infra/local/stack up`)
  }
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
      if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2]
    }
  }
  return env
}

/** One setting of the stack, or a clear error naming the component that should provide it. */
export function requireStackSetting(key: string): string {
  const value = stackEnv()[key]
  if (value === undefined || value === '') {
    throw new Error(`The local stack provides no ${key}; is its component up? (infra/local/stack status)`)
  }
  return value
}
