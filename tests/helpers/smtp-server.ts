import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

// A real SMTP server for tests (the npm package smtp-server), on a free local port. It keeps every
// message it accepts, raw, and decodes it with the small MIME reader below so that tests can
// compare subjects and bodies with the Vietnamese they expect, diacritics and all.

export interface MimePart {
  /** Lower-case header names; values unfolded, still encoded. */
  readonly headers: ReadonlyMap<string, string>
  /** Decoded body (transfer encoding and charset) of a single part; '' for a multipart. */
  readonly body: string
  readonly parts: readonly MimePart[]
}

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] }
  readonly raw: string
  readonly message: MimePart
  /** The Subject header, decoded (RFC 2047). */
  readonly subject: string
  /** The decoded text/plain and text/html bodies. */
  readonly text: string
  readonly html: string
}

export interface TestSmtpServer {
  /** smtp://user:pass@127.0.0.1:port?tls=off */
  readonly url: string
  readonly received: ReceivedMail[]
  /** DATA commands seen, accepted or not. */
  attempts: number
  /**
   * Decides the reply to each DATA: null accepts; a number refuses with that SMTP code
   * (4xx: try again later, 5xx: permanent).
   */
  reply: (attempt: number) => number | null
  close(): Promise<void>
}

export async function startTestSmtpServer(options: { user?: string; password?: string } = {}): Promise<TestSmtpServer> {
  const user = options.user ?? 'console'
  const password = options.password ?? 'mật-khẩu:thử@1'
  const state: TestSmtpServer = {
    url: '',
    received: [],
    attempts: 0,
    reply: () => null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user })
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        state.attempts += 1
        const code = state.reply(state.attempts)
        if (code !== null) {
          callback(
            Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }),
          )
          return
        }
        const raw = Buffer.concat(chunks).toString('latin1')
        const message = parseMime(raw)
        const leaves = flatten(message)
        state.received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          message,
          subject: decodeWords(message.headers.get('subject') ?? ''),
          text: leaves.find((p) => contentType(p).startsWith('text/plain'))?.body ?? '',
          html: leaves.find((p) => contentType(p).startsWith('text/html'))?.body ?? '',
        })
        callback(null)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  return Object.assign(state, {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}?tls=off`,
  })
}

// ---- a small MIME reader (RFC 2045–2047), enough for what nodemailer writes ----

const contentType = (part: MimePart) => (part.headers.get('content-type') ?? 'text/plain').toLowerCase()

function flatten(part: MimePart): MimePart[] {
  return part.parts.length > 0 ? part.parts.flatMap(flatten) : [part]
}

/** `raw` is the message as bytes in a latin1 string (one char per byte). */
export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n')
  const head = split === -1 ? raw : raw.slice(0, split)
  const body = split === -1 ? '' : raw.slice(split + 4)
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const type = headers.get('content-type') ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (/^multipart\//i.test(type) && boundary) {
    const sections = body.split(`--${boundary}`)
    const parts = sections
      .slice(1)
      .filter((s) => !s.startsWith('--'))
      .map((s) => parseMime(s.replace(/^\r\n/, '')))
    return { headers, body: '', parts }
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  const bytes =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
        : Buffer.from(body, 'latin1')
  const charset = /charset="?([^";]+)"?/i.exec(type)?.[1]?.toLowerCase() ?? 'us-ascii'
  return {
    headers,
    body: new TextDecoder(charset === 'us-ascii' ? 'utf-8' : charset, { fatal: true })
      .decode(bytes)
      .replace(/\r\n$/, ''),
    parts: [],
  }
}

export function decodeQuotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < unwrapped.length; i++) {
    const c = unwrapped[i]!
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(unwrapped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(c.charCodeAt(0))
    }
  }
  return Buffer.from(bytes)
}

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). Adjacent words are joined
 * byte-wise before decoding, since a character's bytes may be split between two of them.
 */
export function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g
  let out = ''
  let last = 0
  let pending: { charset: string; bytes: Buffer[] } | null = null
  const flush = () => {
    if (pending) out += new TextDecoder(pending.charset, { fatal: true }).decode(Buffer.concat(pending.bytes))
    pending = null
  }
  for (let match = word.exec(value); match; match = word.exec(value)) {
    const between = value.slice(last, match.index)
    if (!(pending && /^\s*$/.test(between))) {
      flush()
      out += between
    }
    const [, charset = 'utf-8', kind = 'B', text = ''] = match
    const bytes =
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '))
    if (!pending || pending.charset !== charset.toLowerCase()) {
      flush()
      pending = { charset: charset.toLowerCase(), bytes: [] }
    }
    pending.bytes.push(bytes)
    last = match.index + match[0].length
  }
  flush()
  return out + value.slice(last)
}
