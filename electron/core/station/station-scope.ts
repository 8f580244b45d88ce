import { OpsFlowError } from '../../../domain/errors';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import type { CallContext } from '../context';

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
  const home = ctx.identity()?.homeLocationId;
  // Before first-run setup there is no location, and no session to call with.
  if (!home || !call.session) return;
  const user = sessionUser(ctx, call.session);
  if (visibleLocationIds(ctx, user).includes(home)) return;
  const name = ctx.directory.location(home)?.name ?? 'its location';
  call.refuse(
    new OpsFlowError('FORBIDDEN', `Only people granted ${name}, where this PC is, may ${what}. Ask an administrator for access to ${name}.`),
    `"${user.username}" holds no grant for ${name}, the location of this PC`,
    { locationId: home },
  );
}
