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

describe('the evaluator’s speed', () => {
  it('judges 10,000 workloads and network objects in microseconds per object and check', () => {
    const namespace = corpusNamespace('so-khcn-cong', 4)
    const objects = Array.from({ length: 10_000 }, (_, i) => objectIn(CORPUS[i % CORPUS.length]!, 'so-khcn-cong'))
    const context = { namespace, level: 4 as const, platform: CORPUS_PLATFORM }
    evaluateObject(objects[0]!, context)
    const started = performance.now()
    let checks = 0
    for (const object of objects) {
      evaluateObject(object, context)
      checks +=
        object.kind === 'Service' ||
        object.kind === 'Ingress' ||
        object.kind.endsWith('Binding') ||
        object.kind === 'NetworkPolicy'
          ? 1
          : 5
    }
    const perCheck = ((performance.now() - started) * 1000) / checks
    console.log(`${perCheck.toFixed(2)} µs per object and check over ${objects.length} objects, ${checks} checks`)
    // The aim is well under 20 µs (decision 0038 quotes the figure printed above); the bound is
    // loose because the machine's two cores are shared with other test runs.
    expect(perCheck).toBeLessThan(60)
  })
})
