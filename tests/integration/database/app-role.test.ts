import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditChain } from '#server/audit/log'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'

// The console's own connection (web and workers) is the app role: it reads and writes rows, and
// nothing else. Each attack below is what someone who took over the console's process (and so its
// DATABASE_URL) would try first to rewrite history; PostgreSQL itself must refuse every one.

let t: TestDatabase
let app: pg.Client
const appRole = () => decodeURIComponent(new URL(t.url).username)

beforeAll(async () => {
  t = await createTestDatabase()
  for (let i = 0; i < 3; i++) {
    await t.db.$transaction((tx) =>
      appendAudit(tx, {
        actor: { id: null, label: 'Hoàng Thị Lan' },
        action: 'request.approve',
        entityType: 'QuotaRequest',
        entityId: `req-${i}`,
      }),
    )
  }
  app = new pg.Client({ connectionString: t.url })
  await app.connect()
})
afterAll(async () => {
  await app?.end()
  await t?.drop()
})

/** Runs one statement as the app role in a transaction that is always rolled back. */
async function attempt(sql: string): Promise<{ refused: boolean; code?: string; message?: string }> {
  await app.query('BEGIN')
  try {
    await app.query(sql)
    return { refused: false }
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    return { refused: true, code, message }
  } finally {
    await app.query('ROLLBACK')
  }
}

const ATTACKS: [string, string][] = [
  ['rewrite an audit entry', `UPDATE "AuditEntry" SET "actorLabel" = 'forged'`],
  ['delete audit entries', `DELETE FROM "AuditEntry" WHERE "seq" = 2`],
  ['truncate the audit trail', `TRUNCATE "AuditEntry"`],
  ['rewrite the ledger', `UPDATE "LedgerEntry" SET "delta" = 0`],
  ['delete from the ledger', `DELETE FROM "LedgerEntry"`],
  ['truncate the ledger', `TRUNCATE "LedgerEntry" CASCADE`],
  ['disable the append-only trigger', `ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"`],
  ['disable every trigger of the table', `ALTER TABLE "AuditEntry" DISABLE TRIGGER ALL`],
  ['drop the append-only trigger', `DROP TRIGGER "AuditEntry_append_only" ON "AuditEntry"`],
  [
    'replace the trigger function with one that lets rewrites through',
    `CREATE OR REPLACE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
  ],
  ['skip triggers for the session', `SET session_replication_role = replica`],
  ['drop the audit table', `DROP TABLE "AuditEntry"`],
  ['create a table', `CREATE TABLE "Shadow" ("id" int)`],
  ['create a schema', `CREATE SCHEMA shadow`],
  ['forge the migration history', `DELETE FROM "_prisma_migrations"`],
  ['take the audit table over', `ALTER TABLE "AuditEntry" OWNER TO CURRENT_USER`],
  ['make itself a superuser', `ALTER ROLE CURRENT_USER SUPERUSER`],
]

describe('the app role against PostgreSQL', () => {
  it.each(ATTACKS)('cannot %s', async (_name, sql) => {
    const outcome = await attempt(sql)
    expect(outcome, sql).toMatchObject({ refused: true })
    // Refused by the privilege system (42501) or as a non-owner (42501 too), not by chance.
    expect(outcome.code, `${sql}: ${outcome.message}`).toBe('42501')
  })

  it('left every entry and the chain as they were, and can still append and read', async () => {
    expect(await t.db.auditEntry.count()).toBe(3)
    await t.db.$transaction((tx) =>
      appendAudit(tx, { actor: { id: null, label: 'x' }, action: 'a', entityType: 'E', entityId: 'after' }),
    )
    expect(await verifyAuditChain(t.db)).toEqual({ intact: true, entries: 4 })
  })

  it('is neither a superuser nor the owner of the database or of any table', async () => {
    const { rows } = await app.query<{
      rolsuper: boolean
      rolcreatedb: boolean
      rolcreaterole: boolean
      rolbypassrls: boolean
      owns_database: boolean
      owned_tables: number
      can_create_in_public: boolean
    }>(
      `SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolbypassrls,
              pg_has_role(current_user, d.datdba, 'USAGE') AS owns_database,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned_tables,
              has_schema_privilege('public', 'CREATE') AS can_create_in_public
         FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
    )
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolbypassrls: false,
      owns_database: false,
      owned_tables: 0,
      can_create_in_public: false,
    })
  })

  it('has what the console needs on every table: all rows, but only INSERT and SELECT on append-only ones', async () => {
    // Every table the migrations made, whoever made it: a new table without grants fails here.
    const { rows } = await app.query<{ table: string; privileges: string[]; append_only: boolean }>(
      `SELECT c.relname AS table,
              ARRAY(SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                     WHERE has_table_privilege($1, c.oid, p)) AS privileges,
              EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc f ON f.oid = g.tgfoid
                       WHERE g.tgrelid = c.oid AND f.proname = 'refuse_history_rewrite') AS append_only
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      [appRole()],
    )
    expect(rows.length).toBeGreaterThan(20)
    expect(rows.filter((r) => r.append_only).map((r) => r.table)).toEqual([
      'AgencyBudget',
      'AuditCheckpoint',
      'AuditEntry',
      'CapacityReading',
      'FootprintMedia',
      'FootprintVersion',
      'LedgerEntry',
      'MonthStatement',
      'MonthStatementLine',
      'PolicyVersion',
      'PoolVersion',
      'ProjectAgencyMove',
      'RateCardPrice',
      'RateCardVersion',
      'SystemRegistrationStep',
      'UsageRecord',
    ])
    for (const row of rows) {
      const expected =
        row.table === '_prisma_migrations'
          ? []
          : row.append_only
            ? ['SELECT', 'INSERT']
            : ['SELECT', 'INSERT', 'UPDATE', 'DELETE']
      expect(row.privileges, row.table).toEqual(expected)
    }
    const sequences = await app.query<{ sequence: string; usable: boolean }>(
      `SELECT c.relname AS sequence, has_sequence_privilege($1, c.oid, 'USAGE') AS usable
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S'`,
      [appRole()],
    )
    expect(sequences.rows.length).toBeGreaterThan(0)
    for (const row of sequences.rows) expect(row.usable, row.sequence).toBe(true)
  })
})
