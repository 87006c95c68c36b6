import { describe, expect, it } from 'vitest'
import { CORPUS, CORPUS_PLATFORM, corpusNamespace, objectIn } from './corpus'
import { evaluateObject } from './evaluate'

describe('the console’s evaluator of the CEL rules, on the conformance corpus', () => {
  it('gives each object exactly the checks it fails at its namespace’s level', () => {
    const wrong: string[] = []
    for (const c of CORPUS) {
      const namespace = corpusNamespace('so-khcn-cong', c.level, c.podSecurity)
      const found = evaluateObject(objectIn(c, 'so-khcn-cong'), {
        namespace,
        level: c.level,
        platform: CORPUS_PLATFORM,
      })
      const ids = found.map((v) => v.checkId).sort()
      if (JSON.stringify(ids) !== JSON.stringify([...c.fails].sort()))
        wrong.push(`${c.name}: ${JSON.stringify(ids)} ${found.map((v) => v.detail.message).join(' | ')}`)
    }
    expect(wrong).toEqual([])
  })
})
