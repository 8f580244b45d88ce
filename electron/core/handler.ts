import type { MethodName, OutputOf, ParsedInputOf } from '../../domain/contract';
import type { CallContext } from './context';

export type Handler<M extends MethodName> = (input: ParsedInputOf<M>, call: CallContext) => Promise<OutputOf<M>> | OutputOf<M>;

/** A feature's handlers: exactly the methods it names, each typed by the contract. */
export type HandlerMap<M extends MethodName> = { [K in M]: Handler<K> };

/** One handler for every method of the contract. */
export type Handlers = HandlerMap<MethodName>;
