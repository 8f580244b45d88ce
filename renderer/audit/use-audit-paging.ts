import { useCallback, useState } from 'react';
import type { AuditFilter } from '../../domain/contract/index';

interface PagingState {
  filter: AuditFilter;
  /** Cursor of the page shown; null is the newest page. */
  cursor: string | null;
  /** Cursors of the newer pages we came through, oldest last. */
  previous: (string | null)[];
}

/**
 * Keyset paging over the audit log: the engine hands a cursor for the next (older) page; going back
 * pops the cursors we came through. Nothing ever loads more than one page.
 */
export function useAuditPaging() {
  const [state, setState] = useState<PagingState>({ filter: {}, cursor: null, previous: [] });

  const setFilter = useCallback((filter: AuditFilter) => setState({ filter, cursor: null, previous: [] }), []);
  const older = useCallback(
    (nextCursor: string) => setState((s) => ({ ...s, cursor: nextCursor, previous: [...s.previous, s.cursor] })),
    [],
  );
  const newer = useCallback(
    () =>
      setState((s) =>
        s.previous.length === 0 ? s : { ...s, cursor: s.previous[s.previous.length - 1] ?? null, previous: s.previous.slice(0, -1) },
      ),
    [],
  );

  return {
    filter: state.filter,
    cursor: state.cursor,
    pageNumber: state.previous.length + 1,
    hasNewer: state.previous.length > 0,
    setFilter,
    older,
    newer,
  };
}
