import { version as packageVersion } from '../../package.json'
import { getEnv } from './env.server'

/** The console's version: GOVCLOUD_VERSION when the deployment sets it, else package.json's. */
export function appVersion(): string {
  return getEnv().GOVCLOUD_VERSION ?? packageVersion
}
