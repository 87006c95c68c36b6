// What the simulated people of bench/load-200.ts share: the web processes they are sent to in turn
// (round robin per request, so every person's session is used on every process), the record of
// each page view (latency by page, errors with their page and status, views per process), and the
// board on which requests wait for a security officer or an operator. The board stands for the
// people at the data centre sharing out the queue: a request is claimed by one reviewer at a time,
// as two people do not open the same request at once, so a 409 between two reviewers would be a
// fault of the bench, not of the console.
import { LOGIN_PORT } from '../tests/helpers/console-server'

/** Where the console believes it is published: a redirect URI the realm allows (its callback there). */
export const PUBLIC_URL = `http://localhost:${LOGIN_PORT}`

/** One simulated person: a session cookie (people) or an API token (scripts). */
export type Person = {
  readonly n: number
  readonly role: 'staff' | 'operator' | 'officer' | 'script'
  /** The realm's user signed in (several sessions may share one), or the automation client. */
  readonly username: string
  /** X-Forwarded-For: the desk the person works at (the proxy in front of the console says it). */
  readonly address: string
  cookie: string
  token?: { value: string; expiresAt: number }
}

export type Answer = { status: number; text: string; location: string | null; ok: boolean }

type Waiting = { number: number; votedBy: Set<string> }

export class Board {
  private readonly forSignOff: number[] = []
  private readonly forApproval: Waiting[] = []
  readonly approved = new Set<number>()
  /** How many requests the people submitted (each should be stored once). */
  submittedCount = 0
  submitted(number: number, needsSignOff: boolean): void {
    this.submittedCount++
    if (needsSignOff) this.forSignOff.push(number)
    else this.forApproval.push({ number, votedBy: new Set() })
  }
  claimSignOff(): number | undefined {
    return this.forSignOff.shift()
  }
  signedOff(number: number): void {
    this.forApproval.push({ number, votedBy: new Set() })
  }
  /** The oldest request this operator has not approved yet (a second approval needs another). */
  claimApproval(username: string): Waiting | undefined {
    const at = this.forApproval.findIndex((w) => !w.votedBy.has(username))
    return at < 0 ? undefined : this.forApproval.splice(at, 1)[0]
  }
  /** After an approval: done, or back for a second operator (decision 0029) or the sign-off. */
  approvedBy(waiting: Waiting, username: string, state: string): void {
    if (state !== 'submitted') this.approved.add(waiting.number)
    else this.forApproval.push({ number: waiting.number, votedBy: new Set([...waiting.votedBy, username]) })
  }
  get waiting(): { signOff: number; approval: number } {
    return { signOff: this.forSignOff.length, approval: this.forApproval.length }
  }
}

export type PageError = { page: string; status: number; base: string; detail: string }

/** Latencies by page, errors, and views by web process for one phase. */
export class PhaseRecord {
  readonly latencies = new Map<string, number[]>()
  readonly errors: PageError[] = []
  readonly byBase = new Map<string, number>()
  /** Answers that were right but that a person acts on again (a stale form's kind), by page. */
  readonly corrected = new Map<string, number>()
  /** When each view was answered (performance.now()). */
  readonly answeredAt: number[] = []
  add(page: string, base: string, ms: number): void {
    this.answeredAt.push(performance.now())
    const list = this.latencies.get(page) ?? []
    list.push(ms)
    this.latencies.set(page, list)
    this.byBase.set(base, (this.byBase.get(base) ?? 0) + 1)
  }
}

/** A page gives up after a minute, as a person would (a slower answer counts as an error). */
const TIMEOUT_MS = 60_000

const words = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/** Why a page failed: an API problem as it is, else the page's alerts and field errors, else its main words. */
function gist(text: string): string {
  if (text.startsWith('{')) return text.slice(0, 800)
  const said = [...text.matchAll(/<[^>]*(?:role="alert"|class="field-error")[^>]*>([\s\S]*?)<\/(?:div|span|p|ul)>/g)]
  const main = /<main[\s\S]*?<\/main>/.exec(text)?.[0] ?? text
  return (said.length ? said.map((m) => words(m[1]!)).join(' | ') : words(main)).slice(0, 500)
}

export class Site {
  private turn = 0
  record = new PhaseRecord()
  constructor(
    public bases: string[],
    readonly board: Board,
  ) {}

  /**
   * One page view or API call by `person`, timed from sending to the last byte; an answer with
   * another status than `expect` is recorded as an error with its page, status and words.
   */
  async view(
    person: Person,
    page: string,
    path: string,
    options: {
      method?: 'GET' | 'POST' | 'PUT'
      form?: Record<string, string>
      json?: unknown
      expect?: number[]
      /** An answer the person reads and acts on (see Walk), not an error. */
      corrects?: (answer: Answer) => boolean
      /** What a page the person came for must hold: names what it lacks (an error), or undefined. */
      lacks?: (answer: Answer) => string | undefined
    } = {},
  ): Promise<Answer> {
    const base = this.bases[this.turn++ % this.bases.length]!
    const headers: Record<string, string> = { 'x-forwarded-for': person.address, 'accept-language': 'vi' }
    if (person.token) headers.authorization = `Bearer ${person.token.value}`
    else headers.cookie = person.cookie
    let body: string | undefined
    if (options.form) {
      // A form posted from a console page, as the reverse proxy forwards it (Remix compares Origin to the host).
      Object.assign(headers, {
        'content-type': 'application/x-www-form-urlencoded',
        origin: PUBLIC_URL,
        'x-forwarded-host': new URL(PUBLIC_URL).host,
      })
      body = new URLSearchParams(options.form).toString()
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.json)
    }
    const record = this.record
    const start = performance.now()
    let answer: Answer
    try {
      const res = await fetch(`${base}${path}`, {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      const text = await res.text()
      const ok = (options.expect ?? [200]).includes(res.status)
      answer = { status: res.status, text, location: res.headers.get('location'), ok }
    } catch (error) {
      answer = { status: 0, text: String(error), location: null, ok: false }
    }
    record.add(page, base, performance.now() - start)
    if (answer.ok && options.lacks && options.lacks(answer)) {
      answer = { ...answer, ok: false }
      record.errors.push({
        page,
        status: answer.status,
        base,
        detail: `no ${options.lacks(answer)} on the page: ${gist(answer.text)}`,
      })
    } else if (!answer.ok && options.corrects?.(answer))
      record.corrected.set(page, (record.corrected.get(page) ?? 0) + 1)
    else if (!answer.ok) record.errors.push({ page, status: answer.status, base, detail: gist(answer.text) })
    return answer
  }
}
