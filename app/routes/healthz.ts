import { checkDatabase } from '#app/utils/health.server'
import { appVersion } from '#app/utils/version.server'

// GET /healthz: public, for the cluster's probes and the operators. Says whether the console
// reaches its database; never says where the database is or why it failed.

export async function loader() {
  const database = await checkDatabase()
  const healthy = database === 'ok'
  return Response.json(
    { status: healthy ? 'ok' : 'unavailable', database, version: appVersion() },
    { status: healthy ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
