import { checkDatabase } from '#app/utils/health.server'
import { appVersion } from '#app/utils/version.server'

// GET /readyz: public, the cluster's readiness probe and the operators' check. 503 while the
// console cannot reach its database, so the Service sends no one to a copy that can only fail;
// never says where the database is or why it failed (that goes to the server log).

export async function loader() {
  const database = await checkDatabase()
  const ready = database === 'ok'
  return Response.json(
    { status: ready ? 'ok' : 'unavailable', database, version: appVersion() },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
