import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'

// Which route of app/routes an address belongs to, by Remix's flat-routes names: `.` a slash,
// `$name` a parameter, `$` the rest, `[.]` a dot, a trailing `_` only unnests, `_index` the
// parent's own page. Browser tests that follow links use it to visit each page once per route.

const ROUTES_DIR = resolve(import.meta.dirname, '../../app/routes')

export type RoutePattern = { readonly id: string; readonly page: boolean; readonly test: (path: string) => boolean }

/** The segments of a route id, split on the dots that are not escaped as `[.]`. */
const segments = (id: string) => id.replace(/\[\.\]/g, '\u0000').split('.')

function pattern(id: string, page: boolean): RoutePattern & { statics: number; splat: boolean } {
  const parts = segments(id).filter((part) => part !== '_index')
  let statics = 0
  const regex = parts
    .map((part) => part.replace(/_$/, ''))
    .map((part) => {
      if (part === '$') return '(?:/.*)?'
      if (part.startsWith('$')) return '/[^/]+'
      statics += 1
      return `/${part.replace(/\u0000/g, '\\.').replace(/[-]/g, '\\-')}`
    })
    .join('')
  const matcher = new RegExp(`^${regex || '/'}$`)
  return { id, page, statics, splat: parts.includes('$'), test: (path) => matcher.test(path) }
}

/** Every route: a folder with `route.tsx` or a `.tsx` file is a page; `.ts` ones are resources (an API, a CSV, a probe). */
export function routePatterns(): RoutePattern[] {
  return readdirSync(ROUTES_DIR, { withFileTypes: true })
    .filter((entry) => !/\.(test|server)\.tsx?$/.test(entry.name))
    .flatMap((entry) => {
      if (entry.isDirectory()) {
        const files = readdirSync(resolve(ROUTES_DIR, entry.name))
        return files.some((f) => /^route\.tsx?$/.test(f)) ? [pattern(entry.name, files.includes('route.tsx'))] : []
      }
      const id = /^(.*)\.(tsx?)$/.exec(entry.name)
      return id?.[1] && id[2] ? [pattern(id[1], id[2] === 'tsx')] : []
    })
    .sort((a, b) => Number(a.splat) - Number(b.splat) || b.statics - a.statics)
}

/** The route an address's path belongs to: the most specific that matches (the catch-all last). */
export function routeOf(patterns: readonly RoutePattern[], path: string): RoutePattern | undefined {
  return patterns.find((route) => route.test(path))
}
