import pg from 'pg'

// What the console's own role may do in its database (docs/decisions/0033-database-roles.md): read
// and write rows, nothing else. The owner role (which runs the migrations and owns every object)
// grants it after each migration, from the tables as they are then, so a new table never lacks
// its grants and a table made append-only loses UPDATE and DELETE at once.
//
// A table is append-only when the `refuse_history_rewrite` trigger guards it (the audit trail, the
// ledger): that trigger is the one place the rule is written. The app role then gets INSERT and
// SELECT on it only, so not even a bug or a takeover of the console can rewrite history; the
// trigger still refuses the owner. No role but the owner gets TRUNCATE, REFERENCES or TRIGGER, and
// the migration history is the owner's alone.

const MIGRATION_HISTORY = '_prisma_migrations'
const APPEND_ONLY_GUARD = 'refuse_history_rewrite'

/** The role a postgresql:// URL signs in as. */
export function roleOf(databaseUrl: string): string {
  const role = decodeURIComponent(new URL(databaseUrl).username)
  if (!role) throw new Error('the database URL names no role (postgresql://ROLE:password@host/db)')
  return role
}

/** The tables that the append-only trigger guards. */
async function appendOnlyTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS table FROM pg_trigger g
       JOIN pg_proc f ON f.oid = g.tgfoid JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND f.proname = $1 ORDER BY 1`,
    [APPEND_ONLY_GUARD],
  )
  return rows.map((r) => r.table)
}

/**
 * Sets the app role's privileges on everything in the `public` schema, from nothing, in one
 * transaction: run as the owner after every migration. Refuses to grant to the owner itself (that
 * would revoke the owner's own rights).
 */
export async function grantAppRole(ownerUrl: string, appRole: string): Promise<void> {
  const owner = roleOf(ownerUrl)
  if (owner === appRole)
    throw new Error(`the console's role and the owner are both "${owner}": give the console a role of its own`)
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    const app = client.escapeIdentifier(appRole)
    await client.query('BEGIN')
    const appendOnly = await appendOnlyTables(client)
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`)
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`)
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`)
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`)
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`)
    for (const table of appendOnly)
      await client.query(`REVOKE UPDATE, DELETE ON ${client.escapeIdentifier(table)} FROM ${app}`)
    const history = await client.query(`SELECT to_regclass($1) AS t`, [`public."${MIGRATION_HISTORY}"`])
    if ((history.rows[0] as { t: string | null }).t)
      await client.query(`REVOKE ALL ON ${client.escapeIdentifier(MIGRATION_HISTORY)} FROM ${app}`)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    await client.end()
  }
}
