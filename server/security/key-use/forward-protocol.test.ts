import { gzipSync } from 'node:zlib'
import { encode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { EventTime, FORWARD_CODEC, ForwardProtocolError, forwardDecoder, readForwardMessage } from './forward-protocol'
import { keyUsesOf } from './recorder'

// Frames of each mode of the fluent forward protocol, as bytes on the wire, decoded as the
// receiver decodes them. The first is what fluent-logger-golang v1.10.1 (weed's client) writes for
// one access log entry with request_ack: fixarray of 4, the tag, the time as an integer, the
// record as a map, and the option map with the chunk id.

const record = {
  access_key_id: 'GCK7TJQ2XAMPLE01',
  bucket: 'ns-mot-cua-data',
  status: 200,
  operation: 'REST.GET.BUCKET',
}
const decodeFrames = (bytes: Uint8Array) => [...forwardDecoder().decodeMulti(bytes)].map(readForwardMessage)
const bytes = (value: unknown) => encode(value, FORWARD_CODEC)

describe('readForwardMessage', () => {
  it('reads Message mode with an integer time and a chunk to acknowledge', () => {
    const frame = bytes(['s3.access', 1_796_558_400, record, { chunk: 'cTMwMDAwMDAwMDAwMDAw' }])
    expect(frame[0]).toBe(0x94) // fixarray of 4
    expect(decodeFrames(frame)).toEqual([
      {
        events: [{ tag: 's3.access', time: new Date(1_796_558_400_000), record }],
        chunk: 'cTMwMDAwMDAwMDAwMDAw',
      },
    ])
  })

  it('reads EventTime (ext type 0, seconds and nanoseconds big-endian) to the millisecond', () => {
    const frame = bytes(['prod.s3.access', new EventTime(1_796_558_400, 987_654_321), record])
    // fixext 8 of type 0, then the two big-endian words.
    const at = frame.indexOf(0xd7)
    expect([...frame.subarray(at, at + 2)]).toEqual([0xd7, 0x00])
    expect(decodeFrames(frame)[0]?.events[0]?.time.toISOString()).toBe('2026-12-06T12:00:00.987Z')
  })

  it('reads Forward mode: many entries under one tag', () => {
    const frame = bytes([
      's3.access',
      [
        [1_796_558_400, record],
        [new EventTime(1_796_558_401, 0), { ...record, status: 403 }],
      ],
      { size: 2 },
    ])
    const [message] = decodeFrames(frame)
    expect(message?.events.map((e) => [e.time.getTime(), e.record.status])).toEqual([
      [1_796_558_400_000, 200],
      [1_796_558_401_000, 403],
    ])
    expect(message?.chunk).toBeNull()
  })

  it('reads PackedForward mode, plain and gzipped (CompressedPackedForward)', () => {
    const entries = Buffer.concat([bytes([1_796_558_400, record]), bytes([1_796_558_402, { ...record, key: 'a.txt' }])])
    const plain = bytes(['s3.access', entries, { chunk: 'p1' }])
    const gzipped = bytes(['s3.access', gzipSync(entries), { chunk: 'p2', compressed: 'gzip', size: 2 }])
    const [a, b] = decodeFrames(Buffer.concat([plain, gzipped]))
    expect(a?.events.map((e) => e.record.key)).toEqual([undefined, 'a.txt'])
    expect(b).toEqual({ ...a, chunk: 'p2' })
  })

  it('takes a nil as a heartbeat', () => {
    expect(decodeFrames(bytes(null))).toEqual([null])
  })

  it('refuses what is not one of the modes', () => {
    const refused = (value: unknown) => () => readForwardMessage(value)
    expect(refused(['s3.access'])).toThrow(ForwardProtocolError)
    expect(refused([42, 1, record])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', 1, 'not a map'])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', 'packed as str', {}])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', [[1, record, 'extra']]])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', -5, record])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', 1, record, { chunk: 7 }])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', new Uint8Array([0xc1]), {}])).toThrow(ForwardProtocolError)
    expect(refused(['s3.access', new Uint8Array([1, 2, 3]), { compressed: 'gzip' }])).toThrow(ForwardProtocolError)
  })

  it('refuses a gzip bomb beyond the unpacked limit', () => {
    const bomb = gzipSync(Buffer.alloc(9 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(64 * 1024)
    expect(() => readForwardMessage(['s3.access', bomb, { compressed: 'gzip' }])).toThrow(/gunzip within the limit/)
  })
})

describe('keyUsesOf', () => {
  const receivedAt = new Date('2026-12-06T10:00:00Z')
  const event = (fields: Record<string, unknown>, tag = 's3.access', time = new Date('2026-12-06T09:59:59Z')) => ({
    tag,
    time,
    record: { ...record, ...fields },
  })

  it('takes signed requests of the access log, each at its time but never after it arrived', () => {
    const later = new Date('2026-12-07T00:00:00Z')
    expect(
      keyUsesOf(
        [
          event({}),
          event({}, 'production.s3.access'),
          event({ access_key_id: 'GCKFUTURE0000001' }, 's3.access', later),
          event({ access_key_id: '' }), // anonymous
          event({ access_key_id: 'not a key id!' }),
          event({ access_key_id: 42 }),
          event({}, 'app.other'),
        ],
        receivedAt,
      ),
    ).toEqual([
      { accessKeyId: 'GCK7TJQ2XAMPLE01', at: new Date('2026-12-06T09:59:59Z') },
      { accessKeyId: 'GCK7TJQ2XAMPLE01', at: new Date('2026-12-06T09:59:59Z') },
      { accessKeyId: 'GCKFUTURE0000001', at: receivedAt },
    ])
  })
})
