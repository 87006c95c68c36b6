import { PINNED_NODE_VERSION } from '../../server/config/runtime'

// Every project's first global setup (decision 0063): says which Node.js runs the tests, and stops
// the run at once when it is not the pinned one, e.g. vitest started from a shell's `node` rather
// than through npm or npx (which put node_modules/.bin/node first on the PATH). The test workers
// are forks or threads of this process, and the servers and workers the tests start are spawned
// with its executable (process.execPath), so they all run this same binary.
export default function setup(): void {
  console.log(`[runtime] node ${process.version} at ${process.execPath} (pinned ${PINNED_NODE_VERSION})`)
  if (process.versions.node !== PINNED_NODE_VERSION)
    throw new Error(
      `The tests run on Node.js ${process.version}, not the pinned ${PINNED_NODE_VERSION}: ` +
        'run them through npm or npx (npm test, npx vitest …) after `npm ci`.',
    )
}
