import { createContext, useContext } from 'react'

// The per-request nonce that lets the page's own inline scripts (Remix's hydration data, its
// module imports, scroll restoration) run under the Content-Security-Policy (decision 0030).
// entry.server.tsx provides it; in the browser there is none to give, and none is needed: the
// scripts have already run, and React does not compare the attribute when it hydrates them.

export const NonceContext = createContext<string | undefined>(undefined)

export const useNonce = (): string | undefined => useContext(NonceContext)
