import { create } from 'zustand';
import type { SetupStatus } from '../../domain/contract/index';

/** What `setup.status` said: whether this PC is set up, and the names for the header. */
export const useSetupStatusStore = create<{ status: SetupStatus | null }>()(() => ({ status: null }));
