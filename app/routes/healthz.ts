import { appVersion } from '#app/utils/version.server'

// GET /healthz: public, the cluster's liveness probe. It answers while the process serves
// requests and asks nothing of the database: a database outage must make the pods unready
// (GET /readyz), not restart every copy of the console in a loop while it lasts (decision 0064).

export function loader() {
  return Response.json({ status: 'ok', version: appVersion() }, { headers: { 'Cache-Control': 'no-store' } })
}
