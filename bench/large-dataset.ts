import pg from 'pg'

// A province-sized dataset for the workflow benchmarks: 1,000 agencies, 10,000 projects and
// 100,000 requests in every state, written with set-based SQL (seconds, not minutes). Amounts are
// small enough that the pools stay far from full.

export type LargeDataset = { agencies: number; projects: number; requests: number }

export async function fillLargeDataset(
  databaseUrl: string,
  size: LargeDataset = { agencies: 1_000, projects: 10_000, requests: 100_000 },
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query(
      `
      INSERT INTO "Agency" (id, code, "nameVi", "nameEn", kind, "updatedAt")
      SELECT gen_random_uuid(), 'bench-ag-' || i, 'Cơ quan thử nghiệm số ' || i, 'Bench agency ' || i, 'department', now()
      FROM generate_series(1, $1::int) AS i`,
      [size.agencies],
    )
    await client.query(
      `
      INSERT INTO "Project" (id, "agencyId", name, slug, namespace, "securityLevel", "processesPersonalData", "contactName", "contactEmail", "updatedAt")
      SELECT gen_random_uuid(), a.id, 'Hệ thống thông tin số ' || p, 'he-thong-' || p, 'bench-ns-' || p, 1 + (p % 5), p % 3 = 0,
             'Nguyễn Văn An', 'an@example.gov.vn', now()
      FROM generate_series(1, $1::int) AS p
      JOIN LATERAL (SELECT id FROM "Agency" WHERE code = 'bench-ag-' || (1 + p % $2::int)) a ON true`,
      [size.projects, size.agencies],
    )
    await client.query(`
      INSERT INTO "User" (id, subject, username, "displayName", email)
      VALUES (gen_random_uuid(), 'bench:requester', 'bench.requester', 'Người yêu cầu thử nghiệm', 'bench@example.gov.vn')
      ON CONFLICT DO NOTHING`)
    await client.query(
      `
      WITH states AS (SELECT ARRAY['draft','submitted','returned','approved','rejected','withdrawn','provisioning','active','expired','revoked']::"RequestState"[] AS s),
      projects AS (SELECT id, "agencyId", row_number() OVER (ORDER BY namespace) AS n FROM "Project" WHERE namespace LIKE 'bench-ns-%')
      INSERT INTO "QuotaRequest" (id, "projectId", "agencyId", kind, state, justification, "requestedById", "createdAt", "updatedAt", "submittedAt")
      SELECT gen_random_uuid(), pr.id, pr."agencyId", 'new', states.s[1 + (r % 10)], 'Yêu cầu thử nghiệm số ' || r,
             (SELECT id FROM "User" WHERE subject = 'bench:requester'),
             now() - (r || ' minutes')::interval, now(),
             CASE WHEN r % 10 = 0 THEN NULL ELSE now() - (r || ' minutes')::interval END
      FROM generate_series(1, $1::int) AS r
      CROSS JOIN states
      JOIN projects pr ON pr.n = 1 + (r % $2::int)`,
      [size.requests, size.projects],
    )
    await client.query(`
      INSERT INTO "RequestLine" ("requestId", resource, requested)
      SELECT id, 'cpu', 1000 FROM "QuotaRequest" WHERE justification LIKE 'Yêu cầu thử nghiệm số %'
      UNION ALL
      SELECT id, 'memory', 2147483648 FROM "QuotaRequest" WHERE justification LIKE 'Yêu cầu thử nghiệm số %'`)
    await client.query('COMMIT')
    // VACUUM as autovacuum would have done on a live database: the bulk insert leaves the
    // trigger-kept count tables full of dead row versions (one per request inserted).
    await client.query('VACUUM ANALYZE')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    await client.end()
  }
}
