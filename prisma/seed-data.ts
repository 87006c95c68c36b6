// Demo data for a newcomer's console: Lạng Sơn agencies after the 2025 reorganisation (districts
// abolished, the Department of Information and Communications merged into Science and Technology),
// their information systems, capacity pools and requests in every state. Names keep their diacritics.
export { agencies, type SeedAgency } from './demo/agencies'
export { pools, storageClasses, type SeedPool } from './demo/capacity'
export { users } from './demo/people'
export { pendingRegistrations, projects, type SeedProject, type SeedRegistration } from './demo/projects'
export { requests, type SeedRequest } from './demo/requests'
