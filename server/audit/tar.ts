import { gzipSync } from 'node:zlib'

// A .tar.gz of a few files in memory (POSIX ustar), for the audit export bundle: readable with
// `tar xzf` everywhere without anything of ours. The format is small and fixed; the only package
// that writes it (tar-stream) is not one of the console's dependencies.

export type TarFile = { name: string; body: Buffer | string; mtime: Date }

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, length, 'ascii')
}

const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0')

function headerOf(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100 || !/^[\x20-\x7e]+$/.test(name)) throw new Error(`tar: name not allowed: ${name}`)
  const header = Buffer.alloc(512)
  field(header, 0, 100, name)
  field(header, 100, 8, octal(0o644, 8))
  field(header, 108, 8, octal(0, 8))
  field(header, 116, 8, octal(0, 8))
  field(header, 124, 12, octal(size, 12))
  field(header, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12))
  field(header, 148, 8, ' '.repeat(8)) // the checksum counts its own field as spaces
  field(header, 156, 1, '0')
  field(header, 257, 8, 'ustar\u000000')
  let sum = 0
  for (const byte of header) sum += byte
  field(header, 148, 8, `${octal(sum, 7)}\u0000`)
  return header
}

export function tarGzip(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = []
  for (const file of files) {
    const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body
    parts.push(headerOf(file.name, body.length, file.mtime), body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(parts))
}
