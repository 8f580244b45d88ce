import type { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { accountMethods } from './account';
import { auditMethods } from './audit';
import { authMethods } from './auth';
import { backupMethods } from './backup';
import { syncMethods } from './sync';
import { deviceMethods } from './devices';
import type { MethodDef } from './define';
import { locationMethods } from './locations';
import { settingsMethods } from './settings';
import { setupMethods } from './setup';
import { sensorMethods } from './sensors';
import { userMethods } from './users';
import { taskMethods } from './tasks';
import { checklistMethods } from './checklists';
import { coolingMethods } from './cooling';
import { readingsMethods } from './readings';
import { haccpMethods } from './haccp';
import { alertMethods } from './alerts';
import { inventoryMethods } from './inventory';
import { correctiveMethods } from './corrective';
import { reportMethods } from './report';
import { rollupMethods } from './rollup';

/** The whole contract between the UI and the engine: method name → input schema, output, access. */
export const contract = {
  ...setupMethods,
  ...authMethods,
  ...accountMethods,
  ...userMethods,
  ...locationMethods,
  ...settingsMethods,
  ...auditMethods,
  ...backupMethods,
  ...deviceMethods,
  ...sensorMethods,
  ...taskMethods,
  ...checklistMethods,
  ...coolingMethods,
  ...readingsMethods,
  ...haccpMethods,
  ...alertMethods,
  ...inventoryMethods,
  ...correctiveMethods,
  ...reportMethods,
  ...syncMethods,
  ...rollupMethods,
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What the caller passes (defaults may be omitted). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** What the handler receives (defaults applied). */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = Contract[M] extends MethodDef<z.ZodType, infer O> ? O : never;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The wire shapes both transports carry. */
export interface CallRequest {
  id: number;
  method: string;
  input: unknown;
  token: string | null;
}
export type CallResult = { ok: true; output: unknown } | { ok: false; error: ErrorPayload };
export type CallResponse = CallResult & { id: number };

export type { EventMap, Topic } from './events';
export type { MethodDef, Access } from './define';
export type { SessionInfo, SessionUser } from './auth';
export type { UserSummary } from './users';
export type { LocationSummary } from './locations';
export type { Settings } from './settings';
export type { AuditPage, AuditFilter } from './audit';
export type { BackupInfo, BackupStatus } from './backup';
export type { SetupStatus } from './setup';
export type { TotpEnrollment } from './account';
export type { DeviceView, DownloadProgress } from './devices';
export type { SensorView, CalibrationEvent, ChartView, HumiditySummary } from './sensors';
export type { TaskView, TaskAssignee, TaskAssigneeOption } from './tasks';
export type { ChecklistDayView, ChecklistOccurrenceView, ChecklistRecordView, ChecklistTemplateView } from './checklists';
export type { CoolingLogView } from './cooling';
export type { ReadingsImportView, ReadingsExport } from './readings';
export type { UnitView, ExcursionView } from './haccp';
export type { AlertView } from './alerts';
export type { ItemView, SupplierView, OnHandRow, MovementView, HistoryPage, LotView, ExpiringRow, LowStockRow, TransferView, CountSummary, CountSheet, CountSheetLine, CsvImportResult } from './inventory';
export type { CorrectiveActionView } from './corrective';
export type { ReportFile } from './report';
export type { SyncStatus } from './sync';
