import { describe, expect, it } from 'vitest';
import { checkedCallResult } from './contract/bridge';
import { OpsFlowError, SOMETHING_WENT_WRONG, errorPayloadFrom, toErrorPayload } from './errors';

describe('errors crossing a transport', () => {
  it('an OpsFlowError keeps its code and sentence; anything else is "Something went wrong"', () => {
    expect(toErrorPayload(new OpsFlowError('NOT_FOUND', 'That sensor does not exist.'))).toEqual({ code: 'NOT_FOUND', message: 'That sensor does not exist.' });
    expect(toErrorPayload(new Error('SQLITE_BUSY at line 3'))).toEqual({ code: 'INTERNAL', message: SOMETHING_WENT_WRONG });
  });

  it('a known code arrives as itself', () => {
    expect(errorPayloadFrom({ code: 'SESSION_LOCKED', message: 'The session is locked.' })).toEqual({ code: 'SESSION_LOCKED', message: 'The session is locked.' });
  });

  it('a code this side does not know (a newer engine) arrives as INTERNAL, with its sentence kept', () => {
    expect(errorPayloadFrom({ code: 'LIMIT_EXCEEDED', message: 'The cooler is above its limit.' })).toEqual({ code: 'INTERNAL', message: 'The cooler is above its limit.' });
  });

  it('a malformed error arrives as INTERNAL with the generic sentence', () => {
    expect(errorPayloadFrom(undefined)).toEqual({ code: 'INTERNAL', message: SOMETHING_WENT_WRONG });
    expect(errorPayloadFrom({ code: 42, message: '' })).toEqual({ code: 'INTERNAL', message: SOMETHING_WENT_WRONG });
  });

  it('a call result from the wire: output passes through, an error is checked', () => {
    expect(checkedCallResult({ ok: true, output: { n: 1 } })).toEqual({ ok: true, output: { n: 1 } });
    expect(checkedCallResult({ ok: false, error: { code: 'FORBIDDEN', message: 'No.' } })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'No.' } });
    expect(checkedCallResult({ ok: false, error: { code: 'forbidden', message: 'No.' } })).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'No.' } });
    expect(checkedCallResult('garbage')).toEqual({ ok: false, error: { code: 'INTERNAL', message: SOMETHING_WENT_WRONG } });
  });
});
