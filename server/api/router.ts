import { ROUTES, type HttpMethod, type RouteEntry } from './routes'

// Which operation of the table (routes.ts) answers a method and path.

export { ROUTES, type HttpMethod, type RouteEntry }

type Compiled = RouteEntry & { pattern: RegExp; names: string[] }

const COMPILED: readonly Compiled[] = ROUTES.map((route) => {
  const names: string[] = []
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)
      if (param?.[1] === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(param[1])
      return '([^/]+)'
    })
    .join('/')
  return { ...route, pattern: new RegExp(`^${source}$`), names }
})

export type Match =
  | { kind: 'found'; route: RouteEntry; params: Record<string, string> }
  | { kind: 'wrong_method'; allow: HttpMethod[] }
  | { kind: 'none' }

/** The operation at a path (relative to /api/v1) for a method; HEAD is served as GET. */
export function matchRoute(method: string, path: string): Match {
  const wanted = method === 'HEAD' ? 'GET' : method
  const atPath = COMPILED.flatMap((route) => {
    const found = route.pattern.exec(path)
    return found ? [{ route, values: found.slice(1) }] : []
  })
  if (atPath.length === 0) return { kind: 'none' }
  const hit = atPath.find((candidate) => candidate.route.method === wanted)
  if (hit === undefined) return { kind: 'wrong_method', allow: [...new Set(atPath.map((c) => c.route.method))] }
  const params: Record<string, string> = {}
  hit.route.names.forEach((name, index) => {
    params[name] = decodeSegment(hit.values[index] ?? '')
  })
  return { kind: 'found', route: hit.route, params }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
