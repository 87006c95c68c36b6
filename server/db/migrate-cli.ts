import { applyMigrations, createMigration, resetDatabase } from './schema-engine'

// npm run db:migrate            apply pending migrations to DATABASE_URL
// npm run db:migration -- name  write a new migration: the change from the last migration's schema
// npm run db:reset              drop everything in DATABASE_URL (local development only)
const [command, name] = process.argv.slice(2)
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  console.error(
    'DATABASE_URL is not set: run `infra/local/stack up postgres` and `eval "$(infra/local/stack env)"`, or set it.',
  )
  process.exit(2)
}

switch (command) {
  case 'deploy': {
    const applied = await applyMigrations(databaseUrl)
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
    break
  }
  case 'create': {
    if (!name || !/^[a-z0-9_]+$/.test(name)) {
      console.error('usage: db:migration -- <snake_case_name>')
      process.exit(2)
    }
    const created = await createMigration(databaseUrl, name)
    console.log(
      created ? `wrote prisma/migrations/${created}/migration.sql` : 'schema and migrations agree: nothing to write',
    )
    break
  }
  case 'reset':
    await resetDatabase(databaseUrl)
    console.log('database emptied')
    break
  default:
    console.error('usage: migrate-cli deploy | create <name> | reset')
    process.exit(2)
}
