import type { Generated } from 'kysely';
import type { Clock, DateStyle } from '../../../domain/time/format-time';

/** The SQLite schema as Kysely sees it. Projection tables are derived from the Yjs documents. */
export interface Database {
  meta: { key: string; value: string };
  /** The local update log: every Yjs update, appended in the same transaction as its projection. */
  y_updates: { seq: Generated<number>; doc: string; update: Uint8Array; at_ms: number };
  locations: {
    id: string;
    name: string;
    address: string;
    time_zone: string;
    temperature_unit: 'C' | 'F';
    created_at_ms: number;
  };
  users: {
    id: string;
    username: string;
    display_name: string;
    role: string;
    active: number;
    password_hash: string;
    pin_hash: string | null;
    totp_secret: string | null;
    totp_backup_code_hashes: string;
    temperature_unit: 'C' | 'F';
    created_at_ms: number;
    /** How this user reads times (domain/time/format-time.ts). */
    clock: Clock;
    date_style: DateStyle;
  };
  user_locations: { user_id: string; location_id: string };
  organization_settings: { key: string; value: string };
  /** This PC only, never synced: backup folder, demo mode. */
  device_settings: { key: string; value: string };
  /** This PC only: failed sign-ins and lockouts. */
  sign_in_attempts: { username: string; failures: number; locked_until_ms: number | null; last_failure_ms: number };
  audit_entries: {
    id: string;
    device_id: string;
    seq: number;
    at_ms: number;
    actor_id: string | null;
    actor_name: string;
    location_id: string | null;
    action: string;
    entity_type: string | null;
    entity_id: string | null;
    summary: string;
    risk: string;
    prev_hash: string;
    hash: string;
  };
  backups: { path: string; created_at_ms: number; size_bytes: number; verified: number };
  sensors: {
    id: string;
    location_id: string;
    device_serial: string;
    device_family: string;
    channel: string;
    name: string;
    unit_label: string;
    interval_s: number;
    calibration_offset_centi_c: number;
    calibrated_at_ms: number | null;
    calibration_due_ms: number | null;
    active: number;
    created_at_ms: number;
  };
  readings: { sensor_id: string; at_ms: number; temp_centi_c: number; raw_centi_c: number; source: number };
  live_reading_buffer: { sensor_id: string; at_ms: number; raw_centi_c: number };
  reading_rollups: { sensor_id: string; hour_ms: number; min_centi_c: number; max_centi_c: number; sum_centi_c: number; count: number };
  calibration_events: {
    id: string;
    sensor_id: string;
    device_serial: string;
    channel: string;
    offset_centi_c: number;
    previous_offset_centi_c: number;
    at_ms: number;
    due_ms: number | null;
    actor_name: string;
    note: string;
  };
}

