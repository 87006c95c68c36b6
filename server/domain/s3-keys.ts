// How many S3 access keys a project may hold (issue 12, decision 0031). Each live key is a
// standing credential to all of the project's buckets: the cap keeps a leaked session or a
// runaway script from minting keys without end, and keeps the list short enough for people to
// review. Revoking one makes room. Rotating replaces a key (the new one is made before the old
// one is revoked), so it may pass the cap by one for that moment.

/** Unrevoked keys one project may have at once. */
export const MAX_LIVE_KEYS_PER_PROJECT = 10

/** Whether one more key may be issued to a project that holds `liveKeys` unrevoked keys. */
export function mayIssueKey(liveKeys: number, options: { replacing: boolean } = { replacing: false }): boolean {
  const afterwards = liveKeys + 1 - (options.replacing ? 1 : 0)
  return afterwards <= MAX_LIVE_KEYS_PER_PROJECT
}
