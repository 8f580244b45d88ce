import { z } from 'zod';
import { AUDIT_CATEGORY_IDS } from '../audit/action-words';
import { RISKS, type AuditEntry, type ChainVerdict } from '../audit/entry';
import { method } from './define';
import { epochMs, id } from './limits';

export const auditFilter = z.strictObject({
  actorId: id.optional(),
  /** Entries of any of these categories (domain/audit/action-words.ts: sign-in & security, users…). */
  categories: z.array(z.enum(AUDIT_CATEGORY_IDS)).max(AUDIT_CATEGORY_IDS.length).optional(),
  risk: z.enum(RISKS).optional(),
  fromMs: epochMs.optional(),
  toMs: epochMs.optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back as `after` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const auditMethods = {
  'audit.list': method<AuditPage>()({
    input: z.strictObject({
      filter: auditFilter.default({}),
      after: z.string().max(200).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    access: 'audit.view',
    mutation: false,
  }),
  'audit.verify': method<ChainVerdict>()({ input: z.strictObject({}), access: 'audit.view', mutation: false }),
  'audit.exportCsv': method<{ fileName: string; csv: string; rows: number }>()({
    input: z.strictObject({ filter: auditFilter.default({}) }),
    access: 'audit.view',
    mutation: false,
  }),
  'audit.actors': method<{ id: string; name: string }[]>()({ input: z.strictObject({}), access: 'audit.view', mutation: false }),
};
