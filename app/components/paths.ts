// Addresses of the console's pages, for links (names and codes may hold characters a URL escapes).

export const agencyPath = (code: string) => `/agencies/${encodeURIComponent(code)}`
export const projectPath = (namespace: string) => `/projects/${encodeURIComponent(namespace)}`
export const requestPath = (number: number) => `/requests/${number}`
export const waiverPath = (number: number) => `/waivers/${number}`
