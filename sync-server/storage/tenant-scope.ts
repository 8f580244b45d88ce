import { sql, type CompiledQuery, type Transaction } from 'kysely';
import { runInTransaction, type HubDatabase } from './database';
import { TENANT_ROLE, type HubSchema } from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TenantTransaction = Transaction<HubSchema>;

/**
 * Runs `work` in a transaction that can see and write only `tenantId`'s rows: the tenant is a
 * setting local to the transaction and the role is one the Row-Level Security policies bind, so
 * a query that forgets its `where tenant_id` still cannot reach another tenant.
 */
export function withTenant<T>(db: HubDatabase, tenantId: string, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await tenantScope(tenantId).execute(trx);
    return work(trx);
  });
}

/** The same scope for statements compiled beforehand, run in one transaction (see runInTransaction). */
export function statementsForTenant(db: HubDatabase, tenantId: string, statements: CompiledQuery[]): Promise<void> {
  return runInTransaction(db, [tenantScope(tenantId).compile(db), ...statements]);
}

function tenantScope(tenantId: string) {
  // One statement for both settings: this runs before every stored group of updates. A tenant id
  // (a UUID) goes in as a literal, which the embedded server runs as one simple query, a third
  // of the work of a parameterised one.
  const tenant = UUID.test(tenantId) ? sql.lit(tenantId) : sql`${tenantId}`;
  return sql`select set_config('opsflow.tenant_id', ${tenant}, true), set_config('role', ${sql.lit(TENANT_ROLE)}, true)`;
}
