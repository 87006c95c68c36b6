import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { PEER_ADDRESS_HEADER } from './peer-address'

const PRELOAD = resolve(import.meta.dirname, '../../bin/peer-address.mjs')

describe('bin/peer-address.mjs', () => {
  it('names the header the app reads', () => {
    expect(readFileSync(PRELOAD, 'utf8')).toContain(`const PEER_ADDRESS_HEADER = '${PEER_ADDRESS_HEADER}'`)
  })

  it("writes the socket's peer into the header, over whatever the client sent", async () => {
    // A server in a process of its own (the preload patches node:http for the whole process),
    // asked once by a client that claims to be someone else; it answers with what the app would see.
    const script = `
      const http = require('node:http')
      const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers[${JSON.stringify(PEER_ADDRESS_HEADER)}])))
      server.listen(0, '127.0.0.1', async () => {
        const { port } = server.address()
        const answer = await fetch('http://127.0.0.1:' + port + '/', { headers: { ${JSON.stringify(PEER_ADDRESS_HEADER)}: '203.0.113.7' } })
        console.log(await answer.text())
        server.close()
      })`
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', PRELOAD, '-e', script])
    expect(JSON.parse(stdout.trim())).toBe('127.0.0.1')
  })
})
