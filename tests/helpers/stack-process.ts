import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { stackStateDir } from './stack-env'

// Outage tests pause a process of the shared stack for a few seconds, never stop it: SIGSTOP, then
// SIGCONT in `finally`, so a failing test still lets it go on. Its pid comes from the stack's run
// folder; the stack starts each daemon in a session of its own, so the whole process group is
// signalled (Keycloak's kc.sh and the JVM under it). A paused server keeps its listening socket:
// connections are accepted by the kernel and then hang, which is what a hung server looks like.

const paused = new Set<number>()

/** Runs `during` with the stack's process `name` (keycloak, seaweedfs, kubernetes-apiserver…) stopped. */
export async function whilePaused<T>(name: string, during: () => Promise<T>): Promise<T> {
  const pid = Number(readFileSync(join(stackStateDir(), 'run', `${name}.pid`), 'utf8').trim())
  signal(pid, 'SIGSTOP')
  paused.add(pid)
  try {
    return await during()
  } finally {
    signal(pid, 'SIGCONT')
    paused.delete(pid)
  }
}

/** For an afterAll: lets every process this file paused go on (a test cut short by its timeout). */
export function resumeAllPaused(): void {
  for (const pid of paused) signal(pid, 'SIGCONT')
  paused.clear()
}

/** The daemon's process group, or the process alone if it leads none (started some other way). */
function signal(pid: number, name: 'SIGSTOP' | 'SIGCONT'): void {
  try {
    process.kill(-pid, name)
  } catch {
    process.kill(pid, name)
  }
}
