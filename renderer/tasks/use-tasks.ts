import type { InputOf } from '../../domain/contract/index';
import { useApiQuery } from '../bridge/use-api-query';

/** Tasks, fetched again whenever any task changes (here, on another PC, or by another feature). */
export function useTasks(input: InputOf<'tasks.list'>, enabled = true) {
  return useApiQuery('tasks.list', input, { enabled, refreshOn: ['tasks', 'users'] });
}

export function useTaskAssignees(locationId: string | null, enabled = true) {
  return useApiQuery('tasks.assignees', { locationId: locationId ?? '' }, { enabled: enabled && !!locationId, refreshOn: ['users'] });
}
