import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { PEER_ADDRESS_HEADER } from './peer-address'

const PRELOAD = resolve(import.meta.dirname, '../../bin/worker-http.mjs')

/**
 * What a server made in a process that loaded the preload (it patches node:http for the whole
 * process, so it runs in one of its own) answers to `requests`: the peer header the app would see.
 */
async function serverWithPreload(requests: { method: string; headers?: Record<string, string> }[]) {
  const script = `
    const http = require('node:http')
    const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers[${JSON.stringify(PEER_ADDRESS_HEADER)}])))
    server.listen(0, '127.0.0.1', async () => {
      const answers = []
      for (const each of ${JSON.stringify(requests)}) {
        answers.push(await new Promise((done) => {
          const url = 'http://127.0.0.1:' + server.address().port + '/'
          http.request(url, each, (res) => {
            let body = ''
            res.on('data', (chunk) => (body += chunk))
            res.on('end', () => done([res.statusCode, body]))
          }).end()
        }))
      }
      process.stdout.write('\\nANSWERS ' + JSON.stringify(answers) + '\\n')
      server.close()
    })`
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', PRELOAD, '-e', script])
  // The preload writes its JSON log lines to stdout too (console.* included); the answers go
  // around the console and carry a marker.
  const answers = stdout.split('\n').find((line) => line.startsWith('ANSWERS '))
  if (answers === undefined) throw new Error(`no answers in the script's output:\n${stdout}`)
  return JSON.parse(answers.slice('ANSWERS '.length)) as [number, string][]
}

describe('bin/worker-http.mjs', () => {
  it('names the header the app reads', () => {
    expect(readFileSync(PRELOAD, 'utf8')).toContain(`const PEER_ADDRESS_HEADER = '${PEER_ADDRESS_HEADER}'`)
  })

  it("writes the socket's peer into the header, over whatever the client sent", async () => {
    const [[status, body]] = (await serverWithPreload([
      { method: 'GET', headers: { [PEER_ADDRESS_HEADER]: '203.0.113.7' } },
    ])) as [[number, string]]
    expect([status, JSON.parse(body)]).toEqual([200, '127.0.0.1'])
  })

  it('refuses TRACE, which the Fetch API cannot carry to the app, with 405', async () => {
    const answers = await serverWithPreload([{ method: 'TRACE' }, { method: 'OPTIONS' }])
    expect(answers.map(([status]) => status)).toEqual([405, 200])
  })
})
