// TextEncoder and TextDecoder come from the WHATWG Encoding Standard, not from ECMAScript, so the
// bare ES library that domain/tsconfig.json checks domain with does not know them. Every runtime
// domain code runs in (Node, Electron, browsers, the hub) has them, and the batch codecs need UTF-8,
// so declare just the part domain uses. The root tsconfig excludes this file: there lib.dom and
// @types/node declare the full versions, and a second `var` declaration would clash with them.
interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { new (): TextEncoder };

interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { new (label?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252', options?: { fatal?: boolean }): TextDecoder };
