import type { ReactNode } from 'react';
import type { Permission } from '../../domain/auth/permissions';
import { useCan } from '../auth/session-store';
import { NoAccess } from './NoAccess';

/** A screen behind a permission: the engine refuses the calls anyway; this keeps the UI honest. */
export function RequirePermission({ needs, title, children }: { needs: Permission; title: string; children: ReactNode }) {
  return useCan(needs) ? <>{children}</> : <NoAccess title={title} />;
}
