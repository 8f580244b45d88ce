import type { Migration } from 'kysely';
import type { MethodName } from '../../domain/contract';
import { accountModule } from './account/module';
import { auditModule } from './audit/module';
import { authModule } from './auth/module';
import { backupModule } from './backup/module';
import * as m001 from './db/migrations/001-initial';
import { devicesModule } from './devices/module';
import { directoryModule } from './directory/module';
import type { FeatureModule } from './feature-module';
import type { Handlers } from './handler';
import { locationsModule } from './locations/module';
import { readingsModule } from './readings/module';
import { sensorsModule } from './sensors/module';
import { tasksModule } from './tasks/module';
import { settingsModule } from './settings/module';
import { setupModule } from './setup/module';
import { usersModule } from './users/module';
import { inventoryModule } from './inventory/module';
import { verifyModule } from './verify/module';
import { checklistsModule } from './checklists/module';
import { coolingModule } from './cooling/module';
import { haccpModule } from './haccp/module';
import { alertsModule } from './alerts/module';
import { correctiveModule } from './corrective/module';
import { reportModule } from './report/module';
import { syncModule } from './sync/module';
import { rollupModule } from './rollup/module';

/** Every feature of the engine. Adding one = its folder + one line here. */
export const FEATURE_MODULES = [
  directoryModule,
  // Right after the directory: the rights rows are checked against it before anything reads them.
  verifyModule,
  setupModule,
  authModule,
  accountModule,
  usersModule,
  locationsModule,
  settingsModule,
  auditModule,
  backupModule,
  sensorsModule,
  readingsModule,
  devicesModule,
  tasksModule,
  checklistsModule,
  coolingModule,
  haccpModule,
  alertsModule,
  inventoryModule,
  correctiveModule,
  reportModule,
  syncModule,
  rollupModule,
] as const;

type MethodsOf<T> = T extends FeatureModule<infer M, any, any> ? M : never;
type Covered = MethodsOf<(typeof FEATURE_MODULES)[number]>;
/** The type checker refuses a contract method that no module handles. */
const everyMethodHandled: [Exclude<MethodName, Covered>] extends [never] ? true : Exclude<MethodName, Covered> = true;
void everyMethodHandled;

/** Every method's handler, from the modules; a method handled twice is a programming error. */
export function collectHandlers(modules: readonly FeatureModule<any, any, any>[] = FEATURE_MODULES): Handlers {
  const handlers: Record<string, unknown> = {};
  for (const m of modules) {
    for (const [method, handler] of Object.entries(m.handlers)) {
      if (method in handlers) throw new Error(`${method} is handled by two modules (the second is ${m.name}).`);
      handlers[method] = handler;
    }
  }
  return handlers as Handlers;
}

/** The foundation's schema (meta, directory tables, audit, station settings); features add their own. */
const FOUNDATION_MIGRATIONS: Record<string, Migration> = { '001-initial': m001 };

/**
 * Every migration ever shipped, in the order of their names (which Kysely applies them in). A name
 * is stored in each database; never rename one.
 */
export function collectMigrations(modules: readonly FeatureModule<any, any, any>[] = FEATURE_MODULES): Record<string, Migration> {
  const all: Record<string, Migration> = { ...FOUNDATION_MIGRATIONS };
  for (const m of modules) {
    for (const [name, migration] of Object.entries(m.migrations ?? {})) {
      if (name in all) throw new Error(`Migration ${name} is declared twice (again by ${m.name}).`);
      all[name] = migration;
    }
  }
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const MIGRATIONS = collectMigrations();
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;
