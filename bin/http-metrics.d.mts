// The types of ./http-metrics.mjs for TypeScript files that import it (vite.config.ts): the project
// does not compile JavaScript (allowJs is off); the module checks itself with @ts-check.
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface ServerBuild {
  routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }>
}

export type TimeRequest = (request: IncomingMessage, response: ServerResponse) => void

export function requestTimer(loadBuild: () => Promise<ServerBuild>, options: { once: boolean }): TimeRequest

export const timeRequest: TimeRequest
