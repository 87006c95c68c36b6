-- The reconcile a decision queues carries the decision's request id (decision 0070, issue 16): the
-- transaction that decides sets the transaction-local setting govcloud.request_id
-- (shareRequestIdWithSql, server/jobs/queue.ts) before it changes the row whose trigger calls this
-- function, which writes it into "Job"."requestId". Outside such a transaction the setting is unset
-- (current_setting(…, true) answers NULL, or '' once any transaction of the session set it) and the
-- job has no id, as before. A job brought forward keeps the first id, as enqueue() does.

-- Hand-written
CREATE OR REPLACE FUNCTION enqueue_provisioning(project uuid, why text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Job" ("kind", "key", "payload", "runAt", "createdAt", "updatedAt", "requestId")
  VALUES ('provisioning.reconcile', project::text, jsonb_build_object('reason', why),
          timezone('UTC', now()), timezone('UTC', now()), timezone('UTC', now()),
          NULLIF(current_setting('govcloud.request_id', true), ''))
  ON CONFLICT ("kind", "key") WHERE "state" = 'queued'
  DO UPDATE SET "runAt" = LEAST("Job"."runAt", EXCLUDED."runAt"), "updatedAt" = EXCLUDED."updatedAt",
    "requestId" = COALESCE("Job"."requestId", EXCLUDED."requestId");
  PERFORM pg_notify('govcloud_jobs', 'provisioning.reconcile:' || project::text);
END $$;
