import type { Generated } from 'kysely';
import type { AuditEntriesRow } from '../../../domain/audit/rows';
import type { LocationsRow, MetaRow, OrganizationSettingsRow, UserCredentialsRow, UserLocationsRow, UsersRow } from '../../../domain/directory/rows';
import type { CalibrationEventsRow, SensorsRow } from '../../../domain/sensors/rows';
import type { TasksRow } from '../../../domain/tasks/rows';
import type { ChecklistCompletionsRow, ChecklistSignoffsRow, ChecklistTemplatesRow, CoolingEventsRow } from '../../../domain/haccp/checklist-rows';
import type { HaccpUnitsRow } from '../../../domain/haccp/rows';
import type { AlertsRow } from '../../../domain/alerts/rows';
import type { CorrectiveActionsRow, CorrectiveSignoffsRow } from '../../../domain/haccp/corrective-rows';
import type { InventoryItemsRow, InventorySuppliersRow, StockCountLinesRow, StockCountsRow, StockMovementsRow } from '../../../domain/inventory/rows';
import type { ReceivingChecksRow } from '../../../domain/inventory/receiving-check-rows';

/**
 * The SQLite schema as Kysely sees it. Projection tables are derived from the Yjs documents; their
 * rows are the ones the domain's pure mappings return (domain/<feature>/rows.ts), so another store
 * can write the same rows.
 */
export interface Database {
  meta: MetaRow;
  /** The local update log: every Yjs update, appended in the same transaction as its projection. */
  y_updates: { seq: Generated<number>; doc: string; update: Uint8Array; at_ms: number };
  locations: LocationsRow;
  users: UsersRow;
  user_locations: UserLocationsRow;
  /** Sign-in secrets of the users whose credentials document this PC holds. */
  user_credentials: UserCredentialsRow;
  organization_settings: OrganizationSettingsRow;
  /** This PC only, never synced: backup folder, demo mode. */
  device_settings: { key: string; value: string };
  /** This PC only: failed sign-ins and lockouts. */
  sign_in_attempts: { username: string; failures: number; locked_until_ms: number | null; last_failure_ms: number };
  audit_entries: AuditEntriesRow;
  backups: { path: string; created_at_ms: number; size_bytes: number; verified: number };
  /** Every backup file OpsFlow wrote, by its SHA-256 (projected from backup record batches). */
  backup_records: {
    sha256: string;
    at_ms: number;
    actor_id: string | null;
    actor_name: string;
    station_id: string;
    file_name: string;
    size_bytes: number;
  };
  sensors: SensorsRow;
  readings: {
    sensor_id: string;
    at_ms: number;
    temp_centi_c: number;
    raw_centi_c: number;
    source: number;
    /** Hundredths of %RH, for sensors that measure it. */
    humidity_centi_pct: number | null;
    /** Bits the reading judges set when the reading was stored (store-readings.ts). */
    flags: Generated<number>;
  };
  live_reading_buffer: { sensor_id: string; at_ms: number; raw_centi_c: number; humidity_centi_pct: number | null };
  reading_rollups: {
    sensor_id: string;
    hour_ms: number;
    min_centi_c: number;
    max_centi_c: number;
    sum_centi_c: number;
    count: number;
    /** Over the readings of the hour that have humidity: humidity_count of them. */
    min_humidity_centi_pct: number | null;
    max_humidity_centi_pct: number | null;
    sum_humidity_centi_pct: Generated<number>;
    humidity_count: Generated<number>;
  };
  calibration_events: CalibrationEventsRow;
  tasks: TasksRow;
  checklist_templates: ChecklistTemplatesRow;
  checklist_completions: ChecklistCompletionsRow;
  checklist_signoffs: ChecklistSignoffsRow;
  cooling_events: CoolingEventsRow;
  haccp_units: HaccpUnitsRow;
  /** Out-of-range runs per sensor, kept as readings arrive (electron/core/haccp/excursion-runs.ts). */
  haccp_runs: {
    sensor_id: string;
    start_ms: number;
    end_ms: number | null;
    last_out_ms: number;
    peak_centi_c: number;
    limit_centi_c: number;
    limit_kind: string;
    readings: number;
  };
  alerts: AlertsRow;
  corrective_actions: CorrectiveActionsRow;
  corrective_signoffs: CorrectiveSignoffsRow;
  inventory_items: InventoryItemsRow;
  inventory_suppliers: InventorySuppliersRow;
  /** The stock ledger (projected from movement batches): never updated or deleted (triggers refuse). */
  stock_movements: StockMovementsRow;
  /** Kept by a trigger on stock_movements; `opsflow inventory reconcile` checks them against the ledger. */
  stock_balances: { location_id: string; item_id: string; on_hand_base: number };
  stock_lots: { location_id: string; item_id: string; lot: string; expires_on: string | null; on_hand_base: number };
  stock_counts: StockCountsRow;
  stock_count_lines: StockCountLinesRow;
  /** Months written to an archive file, their readings out of the everyday table (report/archive-months.ts). */
  archived_months: { location_id: string; month: string; file_name: string; sha256: string; readings: number; records: number; archived_at_ms: number };
  /** Receiving temperature checks of TCS food (projected from their fact batches). */
  receiving_checks: ReceivingChecksRow;
  /** Other locations' transfer movements, copied here by the hub (outside the ledger: no balance). */
  transfer_notices: StockMovementsRow;
  /** A view: this PC's own transfer and reversal movements, and the notices of those it does not hold. */
  transfer_movements: StockMovementsRow;
  /** This PC only: two-factor secrets it has opened, sealed with its own key (auth/totp-local-copy.ts). */
  totp_local_copies: { user_id: string; enrolment: string; sealed: string };
}

