// The engine's side of domain/directory/directory-scope.ts: a PC enrolled after the organization's
// main PC writes the directory too, but only within its location. A change the hub would refuse
// would close the PC's link to it, so it is refused here first, with a sentence, and nothing changes.
import type * as Y from 'yjs';
import { MAIN_PC_ONLY, OTHER_LOCATIONS_USER, refusalOfScopedDirectoryChange, worksHereAlone, type DirectoryJson } from '../../../domain/directory/directory-scope';
import { DIRECTORY_MAPS } from '../../../domain/directory/records';
import { OpsFlowError } from '../../../domain/errors';
import type { EngineContext } from '../context';
import type { ChangeCheck } from './doc-store';
import { readEnrollment } from './enrollment';

/** The location this PC's directory changes are confined to; null for the main PC and a standalone one (every change). */
export function directoryScopeOf(ctx: Pick<EngineContext, 'stationSettings'>): string | null {
  const enrollment = readEnrollment(ctx);
  return enrollment && enrollment.canWriteDirectory !== true ? enrollment.locationId : null;
}

/** Locations, the organization's name and its organization-wide settings: the main PC's (or a standalone PC's). */
export function requireMainPc(ctx: Pick<EngineContext, 'stationSettings'>): void {
  if (directoryScopeOf(ctx) !== null) throw new OpsFlowError('FORBIDDEN', MAIN_PC_ONLY);
}

/** A user this PC may create or change: `before` (absent for a new user) and `after` work at its location alone. */
export function requireUserOfThisPc(ctx: Pick<EngineContext, 'stationSettings'>, before: { role: string; locationIds: string[] } | null, after: { role: string; locationIds: string[] }): void {
  const scope = directoryScopeOf(ctx);
  if (scope === null) return;
  if ((before && !worksHereAlone(before, scope)) || !worksHereAlone(after, scope)) throw new OpsFlowError('FORBIDDEN', OTHER_LOCATIONS_USER);
}

/** The last word, on the document itself: a change to the directory the hub would refuse from this PC. */
export function scopedDirectoryCheck(locationId: string): ChangeCheck {
  return (doc) => {
    const before = directoryJson(doc);
    return (after) => refusalOfScopedDirectoryChange(before, directoryJson(after), locationId);
  };
}

function directoryJson(doc: Y.Doc): DirectoryJson {
  return Object.fromEntries(Object.values(DIRECTORY_MAPS).map((name) => [name, doc.getMap(name).toJSON()]));
}
