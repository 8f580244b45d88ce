import type { CallResult, InputOf, MethodName, OutputOf } from '../../domain/contract/index';
import type { EventMap, Topic } from '../../domain/contract/events';
import { useSessionStore } from '../auth/session-store';
import { SOMETHING_WENT_WRONG } from '../../domain/errors';
import { ApiError } from './api-error';
import { getTransport } from './transport';

/**
 * The typed client: every call carries the session token; a refused call throws an ApiError with
 * the engine's sentence. A locked or ended session flips the session store, which swaps the screen
 * for the lock screen or sign-in.
 */
async function invoke<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const token = useSessionStore.getState().token;
  let response: CallResult;
  try {
    response = await getTransport().transport.call({ method, input, token });
  } catch {
    throw new ApiError('INTERNAL', SOMETHING_WENT_WRONG);
  }
  if (response.ok) return response.output as OutputOf<M>;
  const { code, message } = response.error;
  if (code === 'SESSION_LOCKED') useSessionStore.getState().markLocked();
  if (code === 'NOT_SIGNED_IN') useSessionStore.getState().clear();
  // An administrator turned on required two-factor while this session was open: show enrolment.
  const store = useSessionStore.getState();
  if (code === 'TOTP_REQUIRED' && store.session && !store.session.mustEnrollTotp && method !== 'auth.signIn') {
    store.setSession({ ...store.session, mustEnrollTotp: true });
  }
  throw new ApiError(code, message);
}

function subscribe<T extends Topic>(topic: T, listener: (payload: EventMap[T]) => void): () => void {
  return getTransport().transport.subscribe(topic, listener);
}

export const api = { invoke, subscribe };
