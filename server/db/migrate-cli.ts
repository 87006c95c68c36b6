import { grantAppRole, roleOf } from './grants'
import { applyMigrations, createMigration, resetDatabase } from './schema-engine'

// npm run db:migrate            apply pending migrations to DATABASE_OWNER_URL's database as its
//                               owner, then grant DATABASE_URL's role (the console's) its rights
// npm run db:migration -- name  write a new migration: the change from the last migration's schema
// npm run db:reset              drop everything in that database (local development only)
// Migrations run as the owner role; the console never can (docs/decisions/0033-database-roles.md).
const [command, name] = process.argv.slice(2)

function setting(key: 'DATABASE_URL' | 'DATABASE_OWNER_URL', what: string): string {
  const value = process.env[key]
  if (value) return value
  console.error(
    `${key} (${what}) is not set: run \`infra/local/stack up postgres\` and \`eval "$(infra/local/stack env)"\`, or set it.`,
  )
  process.exit(2)
}
const ownerUrl = setting('DATABASE_OWNER_URL', 'the role that owns the schema and runs migrations')

switch (command) {
  case 'deploy': {
    const appRole = roleOf(setting('DATABASE_URL', "the console's own role"))
    const applied = await applyMigrations(ownerUrl)
    await grantAppRole(ownerUrl, appRole)
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
    break
  }
  case 'create': {
    if (!name || !/^[a-z0-9_]+$/.test(name)) {
      console.error('usage: db:migration -- <snake_case_name>')
      process.exit(2)
    }
    const created = await createMigration(ownerUrl, name)
    console.log(
      created ? `wrote prisma/migrations/${created}/migration.sql` : 'schema and migrations agree: nothing to write',
    )
    break
  }
  case 'reset':
    await resetDatabase(ownerUrl)
    console.log('database emptied')
    break
  default:
    console.error('usage: migrate-cli deploy | create <name> | reset')
    process.exit(2)
}
