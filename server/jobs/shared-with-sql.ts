// Names that PostgreSQL and TypeScript share. The database enqueues one kind of job itself: a
// decision on a request (approved, revoked, expired) or a change to a project fires a trigger
// that calls enqueue_provisioning(), which inserts a RECONCILE_JOB row for the project and
// NOTIFYs JOB_CHANNEL, in the same transaction as the decision, with the request id the
// transaction set in REQUEST_ID_SETTING (decision 0070). That SQL is in
// prisma/migrations/20261125142010_provisioning_and_jobs/migration.sql (below "Hand-written"),
// replaced by 20261207111500_trigger_request_id.
// SQL cannot import these constants, so tests/integration/provisioning/enqueue-trigger.test.ts
// reads the function back from a migrated database and fails if it names anything else
// (decision 0020). A migration that replaces the function must use these names.

/** The channel workers LISTEN on; enqueue() and the trigger NOTIFY it with `<kind>:<key>`. */
export const JOB_CHANNEL = 'govcloud_jobs'

/** One project's reconcile (key: the project id): enqueued by the trigger, run by the provisioning worker. */
export const RECONCILE_JOB = 'provisioning.reconcile'

/** The SQL function the triggers call to enqueue RECONCILE_JOB. */
export const ENQUEUE_PROVISIONING_FUNCTION = 'enqueue_provisioning'

/** The transaction-local setting enqueue_provisioning() reads the queueing request's id from. */
export const REQUEST_ID_SETTING = 'govcloud.request_id'
