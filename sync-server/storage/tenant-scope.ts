import { sql, type Transaction } from 'kysely';
import type { HubDatabase } from './database';
import { TENANT_ROLE, type HubSchema } from './schema';

export type TenantTransaction = Transaction<HubSchema>;

/**
 * Runs `work` in a transaction that can see and write only `tenantId`'s rows: the tenant is a
 * setting local to the transaction and the role is one the Row-Level Security policies bind, so
 * a query that forgets its `where tenant_id` still cannot reach another tenant.
 */
export function withTenant<T>(db: HubDatabase, tenantId: string, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('opsflow.tenant_id', ${tenantId}, true)`.execute(trx);
    await sql.raw(`set local role ${TENANT_ROLE}`).execute(trx);
    return work(trx);
  });
}
