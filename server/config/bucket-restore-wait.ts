import { timeoutSeconds } from './schema-parts'

// How long the console waits for a bucket restore's copy before it answers "accepted, in
// progress" (decision 0076): the pages and the API read the same setting, so a person and a
// program see the same line between done and in progress.

/** The default: a small bucket's copy is done well within it, a large one is left to run. */
export const BUCKET_RESTORE_WAIT_DEFAULT_SECONDS = 15

export const bucketRestoreWaitSetting = {
  BUCKET_RESTORE_WAIT_SECONDS: timeoutSeconds(600, BUCKET_RESTORE_WAIT_DEFAULT_SECONDS),
}
