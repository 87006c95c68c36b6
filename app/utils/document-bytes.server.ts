// The bytes of a rendered page, as React wrote them, less the NUL bytes React 18.3's Node
// renderer leaves behind. When a multi-byte character does not fit at the end of its 2,048-byte
// buffer, it writes the whole buffer, unfilled last byte included (react-dom-server.node: `d <
// b.length && t(a, k)`, where React 19 writes `k.subarray(0, l)`), so "sách" reached the browser as
// "s\0ách" whenever an accented letter fell on a buffer's edge. In UTF-8 the byte 0 is only ever
// U+0000, which no page of the console means to send (HTML treats it as a parse error), so
// dropping every 0 byte removes exactly the padding.

export function documentBytes(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const whole = Buffer.concat(chunks)
  if (!whole.includes(0)) return whole
  return new Uint8Array(whole.filter((byte) => byte !== 0))
}
