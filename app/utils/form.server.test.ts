import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_FORM_BYTES, readForm } from './form.server'

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://console.test/lang', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    // Node's fetch needs this to send a stream as the body.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  })

/** A body that never says how long it is, sent in 1 KiB chunks: `kib` of them. */
function streamed(kib: number): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent++ === kib) controller.close()
      else controller.enqueue(new TextEncoder().encode(`a=${'x'.repeat(1022)}`))
    },
  })
}

/** What a thrown refusal says: a page payload (data()) or a plain-text Response. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; text: string }> {
  const thrown: unknown = await promise.then(
    () => expect.fail('the form was read'),
    (error: unknown) => error,
  )
  if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() }
  const page = thrown as { init: { status: number }; data: { message: string } }
  return { status: page.init.status, text: page.data.message }
}

describe('readForm', () => {
  it('reads a form within the limit', async () => {
    const form = await readForm(post('lang=en&redirectTo=%2Fprojects'))
    expect(Object.fromEntries(form)).toEqual({ lang: 'en', redirectTo: '/projects' })
    const multipart = new FormData()
    multipart.set('intent', 'issue')
    expect(
      (await readForm(new Request('http://console.test/', { method: 'POST', body: multipart }))).get('intent'),
    ).toBe('issue')
  })

  it('refuses a form over the limit with a translated 413, by its Content-Length or as it streams in', async () => {
    const big = `a=${'x'.repeat(MAX_FORM_BYTES)}`
    expect(await refusal(readForm(post(big)))).toEqual({
      status: 413,
      text: 'Biểu mẫu gửi lên vượt quá giới hạn 64 KiB. Hãy rút gọn nội dung rồi gửi lại.',
    })
    expect((await refusal(readForm(post(streamed(65))))).status).toBe(413)
    expect(Object.fromEntries(await readForm(post(streamed(63))))).toHaveProperty('a')
    const english = await refusal(readForm(post(big, { cookie: 'lang=en' }), { page: false }))
    expect(english).toEqual({
      status: 413,
      text: 'The form sent is over the 64 KiB limit. Shorten what you wrote and send it again.',
    })
  })

  it('refuses what is not a form with a 400', async () => {
    expect((await refusal(readForm(post('{"lang":"en"}', { 'content-type': 'application/json' })))).status).toBe(400)
    expect((await refusal(readForm(post('x', { 'content-type': 'multipart/form-data; boundary=nope' })))).status).toBe(
      400,
    )
  })
})

describe('every action reads its form through readForm', () => {
  const APP = resolve(import.meta.dirname, '..')
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
    )

  it('has no other reader of a request body in app/ (the API reads its own, within its own limit)', () => {
    const readers = files(APP)
      .filter((file) => !/\.test\.tsx?$/.test(file))
      .filter((file) =>
        /request\.(formData|text|json|arrayBuffer|blob)\(\)|\.body\.getReader\(/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(APP, file))
    expect(readers).toEqual([])
  })
})
