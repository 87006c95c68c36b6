-- A request moving between two states moves two of its agency's rows of "RequestStateCount" (the
-- one it leaves, the one it enters). Taken one after the other, in the order of the move, two
-- requests moving between the same two states in opposite directions (one returned while another
-- is resubmitted, in one agency) each held the row the other waited for: 40P01 "deadlock
-- detected" (tests/integration/workflow/state-count-order.test.ts, decision 0082). Both rows are
-- now locked in one statement, in the key's order, before either is changed.

-- Hand-written
CREATE OR REPLACE FUNCTION count_request_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- The row entered may not exist yet: made empty first, so that both can be locked in order
    -- (only when missing: an insert that meets a row another transaction holds waits for it).
    IF NOT EXISTS (SELECT 1 FROM "RequestStateCount" WHERE "agencyId" = NEW."agencyId" AND "state" = NEW."state") THEN
      INSERT INTO "RequestStateCount" ("agencyId", "state", "count") VALUES (NEW."agencyId", NEW."state", 0)
      ON CONFLICT ("agencyId", "state") DO NOTHING;
    END IF;
    PERFORM 1 FROM "RequestStateCount"
     WHERE ("agencyId", "state") IN ((OLD."agencyId", OLD."state"), (NEW."agencyId", NEW."state"))
     ORDER BY "agencyId", "state" FOR UPDATE;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "RequestStateCount" SET "count" = "count" - 1 WHERE "agencyId" = OLD."agencyId" AND "state" = OLD."state";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "RequestStateCount" ("agencyId", "state", "count") VALUES (NEW."agencyId", NEW."state", 1)
    ON CONFLICT ("agencyId", "state") DO UPDATE SET "count" = "RequestStateCount"."count" + 1;
  END IF;
  RETURN NULL;
END $$;
