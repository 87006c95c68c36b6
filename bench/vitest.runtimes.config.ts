import type { UserWorkspaceConfig } from 'vitest/config'
import base from '../vitest.config'

// The test projects of vitest.config.ts without their runtime check (tests/setup/runtime.ts) and
// the test of the pin, so that bench/node-runtimes.ts can time the same suites on another Node.js
// (the baseline). Only that benchmark uses it; `npm test` never does.
const RUNTIME_SETUP = 'tests/setup/runtime.ts'

const projects = (base.test?.projects ?? []) as UserWorkspaceConfig[]

export default {
  ...base,
  test: {
    ...base.test,
    projects: projects.map((project) => {
      const setup = project.test?.globalSetup
      return {
        ...project,
        test: {
          ...project.test,
          globalSetup: (Array.isArray(setup) ? setup : [setup]).filter((file) => file && file !== RUNTIME_SETUP),
          exclude: ['**/node_modules/**', 'server/config/runtime.test.ts'],
        },
      }
    }),
  },
}
