// What each simulated person of bench/load-200.ts does, one page view (or API call) per step: an
// async generator per person that yields after each request, so the load loop (concurrent-load.ts)
// times and paces every view alike. Each walk follows the links a person follows: agency staff
// from the home page's "request more" (decision 0067) to the form and their request; operators
// from the queue to the decide page; security officers from their workspace to the sign-off; the
// agencies' scripts through /api/v1 with a token of the automation client.
import { translate } from '#server/i18n'
import type { Answer, Person, Site } from './load-site'

export type World = {
  readonly site: Site
  /** By namespace: whether a request of the project waits for a security officer (level ≥ 3 or personal data). */
  readonly needsSignOff: ReadonlyMap<string, boolean>
  /**
   * Systems of the data centre's own agency (ttcns, below so-khcn): its operators may not decide
   * them (decision 0029), so the bench's staff leave them out, as no operator here could approve.
   */
  readonly outsideReview: ReadonlySet<string>
  /** The automation client's projects (its agency's). */
  readonly scriptProjects: readonly { id: string; namespace: string }[]
  /** A request's state as the database has it (after an approval: done, or another vote to come). */
  stateOf(number: number): Promise<string>
  /** A new token of the automation client (client credentials), as a script gets one. */
  newToken(): Promise<{ value: string; expiresAt: number }>
}

export type Walk = AsyncGenerator<void, never, void>

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!

/** A hidden input's value in a page (React writes name before value, in any order here). */
function hidden(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0]
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined
}

const numberIn = (location: string | null) => Number(/\/requests\/(\d+)$/.exec(location ?? '')?.[1] ?? NaN)

/** How every request the bench's people write begins (agency staff and scripts alike). */
export const BENCH_JUSTIFICATION = 'Tải thử: '

/** What agency staff ask for each time: small, so the pools and the two-operator sums last the run. */
const ASK = { cpu: '500m', memory: '1 GiB' }

/** The refusal of a kind that no longer fits: a colleague's first grant landed since the form was read. */
const STALE_KIND = [translate('vi', 'request.allocation_exists'), translate('vi', 'request.no_active_allocation')]
const otherKind = (kind: string) => (kind === 'new' ? 'increase' : 'new')

export async function* staffWalk(world: World, person: Person): Walk {
  const { site } = world
  for (let cycle = 0; ; cycle++) {
    const home = await site.view(person, 'GET /', '/')
    yield
    // The home page's systems, each with its "request more" link and the kind it presets.
    const links = [...home.text.matchAll(/href="(\/projects\/([^/"]+)\/requests\/new\?kind=(new|increase))"/g)].filter(
      (link) => !world.outsideReview.has(link[2]!),
    )
    if (links.length === 0) continue
    const [, formPath, namespace, preset] = pick(links)
    if (cycle % 2 === 1) {
      yield* readAsStaff(site, person, namespace!)
      continue
    }
    const form = await site.view(person, 'GET /projects/:ns/requests/new', formPath!)
    yield
    // Sent again with the other kind when the form says the project's grant changed meanwhile
    // (two colleagues asking for one system's first grant at once), as its reader would.
    let posted: Answer | undefined
    for (const kind of [preset!, otherKind(preset!)]) {
      if (posted) yield
      posted = await site.view(person, 'POST /projects/:ns/requests/new', `/projects/${namespace}/requests/new`, {
        form: {
          idempotencyKey: hidden(form.text, 'idempotencyKey') ?? '',
          projectId: hidden(form.text, 'projectId') ?? '',
          kind,
          justification: `${BENCH_JUSTIFICATION}mở rộng hệ thống (người thứ ${person.n}, lượt ${cycle})`,
          'lines[0].resource': 'cpu',
          'lines[0].amount': ASK.cpu,
          'lines[1].resource': 'memory',
          'lines[1].amount': ASK.memory,
          intent: 'submit',
        },
        expect: [302],
        corrects: (answer) =>
          kind === preset && answer.status === 200 && STALE_KIND.some((m) => answer.text.includes(m)),
      })
      if (posted.ok || !(posted.status === 200 && STALE_KIND.some((m) => posted!.text.includes(m)))) break
    }
    posted = posted!
    const number = numberIn(posted.location)
    if (posted.ok) site.board.submitted(number, world.needsSignOff.get(namespace!) ?? true)
    yield
    if (!posted.ok) continue
    await site.view(person, 'GET /requests/:n', `/requests/${number}`)
    yield
  }
}

async function* readAsStaff(site: Site, person: Person, namespace: string): AsyncGenerator<void, void, void> {
  for (const [page, path] of [
    ['GET /systems', '/systems'],
    ['GET /projects/:ns', `/projects/${namespace}`],
    ['GET /projects/:ns/usage', `/projects/${namespace}/usage`],
    [pick(['GET /requests', 'GET /notifications', 'GET /statements']), ''],
  ] as const) {
    await site.view(person, page, path || page.slice(4))
    yield
  }
}

/** The decide page, then the decision with the version it showed: the answer to the decision. */
async function* decide(
  site: Site,
  person: Person,
  number: number,
  intent: 'approve' | 'sign_off',
): AsyncGenerator<void, Answer, void> {
  const page = await site.view(person, 'GET /requests/:n/decide', `/requests/${number}/decide`, {
    lacks: (answer) => (hidden(answer.text, 'version') === undefined ? 'decision form' : undefined),
  })
  yield
  if (!page.ok) return page
  // (the caller yields once it has noted what the answer means)
  return site.view(person, `POST /requests/:n/decide (${intent})`, `/requests/${number}/decide`, {
    form: { intent, version: hidden(page.text, 'version') ?? '' },
    expect: [302],
  })
}

export async function* operatorWalk(world: World, person: Person): Walk {
  const { site } = world
  for (;;) {
    await site.view(person, 'GET /queue', '/queue')
    yield
    const claim = site.board.claimApproval(person.username)
    if (!claim) {
      const path = pick(['/', '/pools', '/provisioning', '/agencies'])
      await site.view(person, `GET ${path}`, path)
      yield
      continue
    }
    const answer = yield* decide(site, person, claim.number, 'approve')
    if (answer.ok) site.board.approvedBy(claim, person.username, await world.stateOf(claim.number))
    yield
    if (!answer.ok) continue
    await site.view(person, 'GET /requests/:n', `/requests/${claim.number}`)
    yield
  }
}

export async function* officerWalk(world: World, person: Person): Walk {
  const { site } = world
  for (;;) {
    await site.view(person, 'GET /security/sign-off', '/security/sign-off')
    yield
    const number = site.board.claimSignOff()
    if (number === undefined) {
      const path = pick(['/security', '/audit', '/security/findings', '/waivers'])
      await site.view(person, `GET ${path}`, path)
      yield
      continue
    }
    const answer = yield* decide(site, person, number, 'sign_off')
    if (answer.ok) site.board.signedOff(number)
    yield
  }
}

export async function* scriptWalk(world: World, person: Person): Walk {
  const { site } = world
  for (let cycle = 0; ; cycle++) {
    // A script takes a new token when less than a minute of the last one is left, before each call.
    const fresh = async () => {
      if (!person.token || person.token.expiresAt - Date.now() < 60_000) person.token = await world.newToken()
    }
    await fresh()
    const project = pick(world.scriptProjects)
    await fresh()
    await site.view(person, 'API GET /projects', '/api/v1/projects?limit=20')
    yield
    await fresh()
    await site.view(person, 'API GET /projects/:ns/usage', `/api/v1/projects/${project.namespace}/usage`)
    yield
    await fresh()
    await site.view(person, 'API GET /requests', '/api/v1/requests?limit=20&state=submitted')
    yield
    if (cycle % 3 !== 0) continue
    // A project that holds something asks for more; one that holds nothing, for its first grant.
    await fresh()
    const detail = await site.view(person, 'API GET /projects/:id', `/api/v1/projects/${project.id}`)
    yield
    if (!detail.ok) continue
    const { allocation } = JSON.parse(detail.text) as { allocation: { lines: unknown[] } | null }
    const content = (kind: string) => ({
      kind,
      lines: [
        { resource: 'cpu', amount: ASK.cpu },
        { resource: 'memory', amount: '1Gi' },
      ],
      justification: `${BENCH_JUSTIFICATION}tự động mở rộng (kịch bản ${person.n}, lượt ${cycle})`,
    })
    const kind = allocation && allocation.lines.length > 0 ? 'increase' : 'new'
    await fresh()
    const created = await site.view(person, 'API POST /requests', '/api/v1/requests', {
      json: { projectId: project.id, ...content(kind) },
      expect: [201],
    })
    yield
    if (!created.ok) continue
    const { id } = JSON.parse(created.text) as { id: string }
    const submit = async (version: number, corrects?: (answer: Answer) => boolean) => {
      await fresh()
      return site.view(person, 'API POST /requests/:id/actions/submit', `/api/v1/requests/${id}/actions/submit`, {
        json: { version },
        expect: [200],
        ...(corrects ? { corrects } : {}),
      })
    }
    // Refused for a kind that no longer fits (a first grant landed since the project was read):
    // the script changes the draft's kind, as the problem's code tells it, and submits again.
    const stale = (answer: Answer) =>
      answer.status === 422 && /request\.(allocation_exists|no_active_allocation)/.test(answer.text)
    let submitted = await submit(1, stale)
    if (!submitted.ok && stale(submitted)) {
      yield
      await fresh()
      const changed = await site.view(person, 'API PUT /requests/:id', `/api/v1/requests/${id}`, {
        method: 'PUT',
        json: { version: 1, ...content(otherKind(kind)) },
      })
      yield
      if (!changed.ok) continue
      submitted = await submit(2)
    }
    if (submitted.ok) {
      const { number } = JSON.parse(submitted.text) as { number: number }
      site.board.submitted(number, world.needsSignOff.get(project.namespace) ?? true)
    }
    yield
  }
}
