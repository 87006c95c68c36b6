import { expect } from 'vitest'

// Vitest's asymmetric matchers (a value that stands for others in toEqual and toMatchObject) are
// typed `any` (vitest-dev/vitest#7015), which would let `any` flow into the objects they sit in.
// The same matchers, typed as the opaque values they are.

export const like = {
  any: (type: unknown): unknown => expect.any(type),
  stringContaining: (text: string): unknown => expect.stringContaining(text),
  stringMatching: (pattern: string | RegExp): unknown => expect.stringMatching(pattern),
  objectContaining: (shape: object): unknown => expect.objectContaining(shape),
  arrayContaining: (items: readonly unknown[]): unknown => expect.arrayContaining([...items]),
}
