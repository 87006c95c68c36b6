import type { RouteEntry } from '../routes'

/** An operation's line of the operations' table (routes.ts) for a signed-in caller. */
export const signedInRoute = (
  operationId: string,
  method: RouteEntry['method'],
  path: string,
  authorises: RouteEntry['authorises'],
  run: RouteEntry['run'],
): RouteEntry => ({ operationId, method, path, authorises, authenticated: true, run })
