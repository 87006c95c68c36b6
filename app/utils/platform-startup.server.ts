import { getEnv } from '#server/config/env'
import { readPlatformStartup, type StartingComponent } from '#server/platform/startup'

/** What `npm run dev` is still bringing up of the platform (decision 0069); nothing in a deployment. */
export function platformStarting(): Promise<StartingComponent[]> {
  return readPlatformStartup(getEnv().PLATFORM_STARTUP_FILE)
}
