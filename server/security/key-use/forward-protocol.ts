// The fluent forward protocol (v1) as SeaweedFS's S3 gateway speaks it when started with
// -s3.auditLogConfig (weed/s3api/s3err/audit_fluent.go, through fluent-logger-golang): each message
// a msgpack array, in one of three modes told apart by its second element: Message
// [tag, time, record, option?], Forward [tag, [[time, record], ...], option?] and PackedForward
// [tag, bin (entries back to back, gzip when option.compressed is "gzip"), option?]. A nil is a
// heartbeat. Time is whole seconds or EventTime (ext type 0: seconds and nanoseconds, big-endian).
// Pure: bytes in, events out; the listener (receiver.ts) frames the stream and answers acks.
import { gunzipSync } from 'node:zlib'
import { Decoder, ExtensionCodec } from '@msgpack/msgpack'

/** What one message may hold: far above an access log entry (about 1 KiB), far below harm. */
export const FORWARD_LIMITS = {
  /** Bytes of one message on the wire (a PackedForward chunk included). */
  frameBytes: 1024 * 1024,
  /** Bytes of a PackedForward chunk once gunzipped. */
  unpackedBytes: 8 * 1024 * 1024,
  /** Events in one message. */
  events: 10_000,
} as const

export interface ForwardEvent {
  readonly tag: string
  readonly time: Date
  readonly record: Readonly<Record<string, unknown>>
}

export interface ForwardMessage {
  readonly events: readonly ForwardEvent[]
  /** The `chunk` option: the client waits for {ack: chunk} before it sends on. */
  readonly chunk: string | null
}

/** A message that breaks the protocol: the connection that sent it is closed. */
export class ForwardProtocolError extends Error {}

const EVENT_TIME = 0

/** Fluentd's EventTime: seconds since the epoch and nanoseconds within that second. */
export class EventTime {
  constructor(
    readonly seconds: number,
    readonly nanoseconds: number,
  ) {}
}

const extensionCodec = new ExtensionCodec()
extensionCodec.register({
  type: EVENT_TIME,
  encode: (value: unknown) => {
    if (!(value instanceof EventTime)) return null
    const bytes = new Uint8Array(8)
    const view = new DataView(bytes.buffer)
    view.setUint32(0, value.seconds)
    view.setUint32(4, value.nanoseconds)
    return bytes
  },
  decode: (data: Uint8Array) => {
    if (data.byteLength !== 8) throw new ForwardProtocolError('EventTime is not 8 bytes')
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    return new EventTime(view.getUint32(0), view.getUint32(4))
  },
})

/** The codec for frames and entries: EventTime known, every length bounded by the frame's. */
export const FORWARD_CODEC = {
  extensionCodec,
  maxStrLength: FORWARD_LIMITS.frameBytes,
  maxBinLength: FORWARD_LIMITS.unpackedBytes,
  maxArrayLength: FORWARD_LIMITS.events,
  maxMapLength: 1_000,
  maxExtLength: 16,
} as const

/** A decoder of msgpack values with the protocol's codec and bounds (one per connection). */
export const forwardDecoder = () => new Decoder(FORWARD_CODEC)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)

function timeOf(value: unknown): Date {
  if (value instanceof EventTime) return new Date(value.seconds * 1000 + Math.floor(value.nanoseconds / 1e6))
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return new Date(Math.floor(value * 1000))
  throw new ForwardProtocolError('an event time is neither an integer nor EventTime')
}

function entryOf(tag: string, entry: unknown): ForwardEvent {
  if (!Array.isArray(entry) || entry.length !== 2 || !isRecord(entry[1]))
    throw new ForwardProtocolError('an entry is not [time, record]')
  return { tag, time: timeOf(entry[0]), record: entry[1] }
}

function optionOf(value: unknown): { chunk: string | null; compressed: string | null } {
  if (value === undefined || value === null) return { chunk: null, compressed: null }
  if (!isRecord(value)) throw new ForwardProtocolError('the option is not a map')
  const { chunk, compressed } = value
  if (chunk !== undefined && (typeof chunk !== 'string' || chunk.length === 0 || chunk.length > 128))
    throw new ForwardProtocolError('the chunk option is not a short string')
  if (compressed !== undefined && compressed !== 'gzip' && compressed !== 'text')
    throw new ForwardProtocolError('the compressed option is neither gzip nor text')
  return { chunk: chunk ?? null, compressed: compressed ?? null }
}

/** PackedForward's entries: msgpack [time, record] arrays back to back, maybe gzipped. */
function unpack(tag: string, packed: Uint8Array, compressed: string | null): ForwardEvent[] {
  let bytes = packed
  if (compressed === 'gzip') {
    try {
      bytes = gunzipSync(packed, { maxOutputLength: FORWARD_LIMITS.unpackedBytes })
    } catch {
      throw new ForwardProtocolError('the packed entries do not gunzip within the limit')
    }
  }
  const events: ForwardEvent[] = []
  try {
    for (const entry of new Decoder(FORWARD_CODEC).decodeMulti(bytes)) {
      if (events.length >= FORWARD_LIMITS.events) throw new ForwardProtocolError('too many entries')
      events.push(entryOf(tag, entry))
    }
  } catch (error) {
    if (error instanceof ForwardProtocolError) throw error
    throw new ForwardProtocolError('the packed entries are not msgpack')
  }
  return events
}

/**
 * The events and the ack a decoded message asks for; null for a heartbeat (nil). Anything else
 * than the three modes is refused, as is a handshake (this receiver asks for none).
 */
export function readForwardMessage(value: unknown): ForwardMessage | null {
  if (value === null) return null
  if (!Array.isArray(value) || value.length < 2 || value.length > 4)
    throw new ForwardProtocolError('a message is not an array of 2 to 4 elements')
  const [tag, second] = value as unknown[]
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 256)
    throw new ForwardProtocolError('the tag is not a short string')
  if (Array.isArray(second)) {
    const option = optionOf(value[2])
    return { events: second.map((entry) => entryOf(tag, entry)), chunk: option.chunk }
  }
  // Packed entries as a msgpack str (old clients) would pass through UTF-8 decoding and lose bytes: bin only.
  if (second instanceof Uint8Array) {
    const option = optionOf(value[2])
    return { events: unpack(tag, second, option.compressed), chunk: option.chunk }
  }
  if (!isRecord(value[2])) throw new ForwardProtocolError('a Message has no record')
  const option = optionOf(value[3])
  return { events: [{ tag, time: timeOf(second), record: value[2] }], chunk: option.chunk }
}
