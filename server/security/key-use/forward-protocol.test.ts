import { gzipSync } from 'node:zlib'
import { encode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { EventTime, FORWARD_CODEC, ForwardProtocolError, forwardDecoder, readForwardMessage } from './forward-protocol'
import { keyUsesOf } from './recorder'

// Frames of each mode of the fluent forward protocol, as bytes on the wire, decoded as the
// receiver decodes them. The first was captured from the stack's weed (ListBuckets, 2026-12-06),
// as fluent-logger-golang v1.10.1 writes one access log entry with request_ack: fixarray of 4, the
// tag, the time as an int32, the record as a map16 of 16 fields, and the option with the chunk id
// (the admin key's id replaced by one of the same length).
const CAPTURED_FROM_WEED = Buffer.from(
  [
    '94a973332e616363657373d26b159ee3de0010a474696d65d26b159ee3b27265717565737465725f6964656e74697479a0a3',
    '6b6579a0ad7265717565737465725f61726ed92d61726e3a6177733a69616d3a3a3030303030303030303030303a75736572',
    '2f676f76636c6f75642d61646d696ea7686f73745f6964a0b17369676e61747572655f76657273696f6ea55369675634a662',
    '75636b6574a0a972656d6f74655f6970a93132372e302e302e31a9726571756573746572ae676f76636c6f75642d61646d69',
    '6ead6163636573735f6b65795f6964b447434b37544a513258414d504c45303030303031aa726571756573745f6964b83138',
    '45454242314546374333333539453331394237433843ab686f73745f686561646572af3132372e302e302e313a3433353137',
    'aa757365725f6167656e74d9666177732d73646b2d6a732f332e313137342e302075612f322e31206f732f6c696e75782336',
    '2e31382e34342d66632d7631333030206c616e672f6a73206d642f6e6f64656a732332302e32302e32206170692f73332333',
    '2e313137342e30206d2f4e2c452c65a6737461747573d100c8a96f7065726174696f6eaf524553542e4745542e4255434b45',
    '54aa6572726f725f636f6465a081a56368756e6bb83435345661774141414144373051613961696e4f5a673d3d',
  ].join(''),
  'hex',
)

const record = {
  access_key_id: 'GCK7TJQ2XAMPLE01',
  bucket: 'ns-mot-cua-data',
  status: 200,
  operation: 'REST.GET.BUCKET',
}
const decodeFrames = (bytes: Uint8Array) => [...forwardDecoder().decodeMulti(bytes)].map(readForwardMessage)
const bytes = (value: unknown) => encode(value, FORWARD_CODEC)

describe('readForwardMessage', () => {
  it('reads the Message mode frame weed sent', () => {
    const [message] = decodeFrames(CAPTURED_FROM_WEED)
    expect(message?.chunk).toBe('454VawAAAAD70Qa9ainOZg==')
    expect(message?.events).toHaveLength(1)
    expect(message?.events[0]).toMatchObject({
      tag: 's3.access',
      time: new Date(1_796_579_043_000),
      record: { access_key_id: 'GCK7TJQ2XAMPLE000001', status: 200, operation: 'REST.GET.BUCKET' },
    })
  })

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
