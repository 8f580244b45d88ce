import { OpsFlowError } from '../../../domain/errors';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import type { Topic } from '../../../domain/contract';
import type { Session } from '../auth/sessions';
import type { CallContext, EngineContext } from '../context';
import type { UserRow } from '../directory/directory';

/**
 * The name of this PC's location when the user holds no grant for it; null when they do (or roles
 * that see every location, or before first-run setup).
 */
export function stationLocationNotGranted(ctx: EngineContext, user: Pick<UserRow, 'role' | 'locationIds'>): string | null {
  const home = ctx.identity()?.homeLocationId;
  if (!home || visibleLocationIds(ctx, user).includes(home)) return null;
  return ctx.directory.location(home)?.name ?? 'its location';
}

/** Pushes about this PC's devices and what they measure: only for people granted its location. */
const STATION_TOPICS: ReadonlySet<Topic> = new Set<Topic>(['devices.changed', 'devices.progress', 'readings.stored', 'sensors.online']);

/** Whether a broadcast on `topic` may reach this session (see eventAudience). */
export function sessionHearsStationTopic(ctx: EngineContext, session: Session, topic: Topic): boolean {
  if (!STATION_TOPICS.has(topic)) return true;
  const user = ctx.directory.user(session.userId);
  return user !== null && user !== undefined && stationLocationNotGranted(ctx, user) === null;
}

/**
 * The devices plugged into this PC, and the PC's own settings, belong to the location the PC
 * stands in (its home location). A role bound to granted locations needs a grant for that one:
 * a manager of Uptown who signs in at Downtown's PC may not download Downtown's loggers or move
 * its probes. Roles that see every location pass.
 *
 * `what` finishes "…may ___", about this PC: "download its loggers".
 */
export function requireStationGrant(call: CallContext, what: string): void {
  const { ctx } = call;
  // Before first-run setup there is no location, and no session to call with.
  if (!call.session) return;
  const user = sessionUser(ctx, call.session);
  const name = stationLocationNotGranted(ctx, user);
  if (name === null) return;
  call.refuse(
    new OpsFlowError('FORBIDDEN', `Only people granted ${name}, where this PC is, may ${what}. Ask an administrator for access to ${name}.`),
    `"${user.username}" holds no grant for ${name}, the location of this PC`,
    { locationId: ctx.identity()?.homeLocationId },
  );
}
