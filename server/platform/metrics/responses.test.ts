import { describe, expect, it } from 'vitest'
import { errorAnswer, instantAnswer, rangeAnswer } from './responses'

describe('the query API answers', () => {
  it('reads a vector, its labels and its values, with NaN and the infinities as the API writes them', () => {
    const answer = instantAnswer.parse({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { namespace: 'ns-a', pod: 'web-0' }, value: [1796578648.123, '0.25'] },
          { metric: {}, value: [1796578648, 'NaN'] },
          { metric: {}, value: [1796578648, '+Inf'] },
          { metric: {}, value: [1796578648, '-Inf'] },
          { metric: {}, value: [1796578648, '1.5e+09'] },
        ],
      },
    })
    expect(answer.data.resultType).toBe('vector')
    const values = answer.data.resultType === 'vector' ? answer.data.result.map((r) => r.value[1]) : []
    expect(values).toEqual([0.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5e9])
  })

  it('reads a scalar and a matrix', () => {
    expect(instantAnswer.parse({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }).data).toEqual({
      resultType: 'scalar',
      result: [1, 2],
    })
    const matrix = rangeAnswer.parse({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { job: 'seaweedfs' },
            values: [
              [1, '3'],
              [16, '4'],
            ],
          },
        ],
      },
    })
    expect(matrix.data.result[0]?.values).toEqual([
      [1, 3],
      [16, 4],
    ])
  })

  it('refuses what is not a sample value, a result of the wrong kind, or a label that is not text', () => {
    const vectorOf = (value: unknown, metric: unknown = {}) => ({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric, value }] },
    })
    for (const bad of [
      [1, ''],
      [1, 'lots'],
      [1, 3],
      ['1', '3'],
      [1, '3', 4],
    ])
      expect(instantAnswer.safeParse(vectorOf(bad)).success, JSON.stringify(bad)).toBe(false)
    expect(instantAnswer.safeParse(vectorOf([1, '3'], { pod: 7 })).success).toBe(false)
    expect(
      instantAnswer.safeParse({ status: 'success', data: { resultType: 'string', result: [1, 'x'] } }).success,
    ).toBe(false)
    expect(rangeAnswer.safeParse(vectorOf([1, '3'])).success).toBe(false)
    expect(instantAnswer.safeParse({ status: 'error', error: 'x' }).success).toBe(false)
  })

  it("reads the store's refusal in its own words", () => {
    expect(errorAnswer.parse({ status: 'error', errorType: 'bad_data', error: 'unknown func "rat"' })).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'unknown func "rat"',
    })
  })
})
