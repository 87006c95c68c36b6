import { useEffect, useState } from 'react'
import type { ProvisioningStatusView } from '#app/utils/provisioning'

type Status = ProvisioningStatusView | null

/** One poll's outcome: the status now, or whether to try again on the next tick or stop. */
type Poll = { status: Status } | 'retry' | 'stop'

async function pollStatus(statusUrl: string): Promise<Poll> {
  try {
    // redirect: 'manual': an ended session answers with a redirect to sign-in; stop quietly.
    const response = await fetch(statusUrl, {
      headers: { Accept: 'application/json' },
      redirect: 'manual',
      cache: 'no-store',
    })
    if (!response.ok) return response.status === 503 ? 'retry' : 'stop'
    return (await response.json()) as { status: Status }
  } catch {
    return 'retry' // a network blip: the next tick tries again
  }
}

/**
 * A project's provisioning status, live: the page's own (rendered by the server, so it is there
 * without JavaScript), then in the browser what `statusUrl` says every few seconds while the
 * status is not settled (a job queued or running, or a phase on its way). A new page load (after
 * a decision or a form) brings its own status, which replaces what was polled before it.
 */
export function useProvisioningStatus(initial: Status, statusUrl: string, everyMs = 4000): Status {
  const [polled, setPolled] = useState<{ since: Status; status: Status } | null>(null)
  const status = polled !== null && polled.since === initial ? polled.status : initial
  // Never provisioned and nothing queued: nothing will change until a decision, which reloads.
  const settled = status === null || status.settled
  useEffect(() => {
    if (settled) return
    let stopped = false
    const stop = () => {
      stopped = true
      clearInterval(timer)
    }
    const tick = async () => {
      const poll = await pollStatus(statusUrl)
      if (poll === 'stop') stop()
      else if (poll !== 'retry' && !stopped) setPolled({ since: initial, status: poll.status })
    }
    const timer = setInterval(() => void tick(), everyMs)
    return stop
  }, [settled, initial, statusUrl, everyMs])
  return status
}
