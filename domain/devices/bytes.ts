/** Big-endian field access on a byte frame. Callers check the frame length first. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Latin-1: every byte maps to one character, so nothing a device sends is lost or throws. */
export function latin1Text(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/**
 * Integer division rounded half away from zero, so +x and -x round symmetrically
 * (Math.round alone would turn -0.5 into -0 but +0.5 into 1).
 */
export function divideRounded(numerator: number, denominator: number): number {
  const q = numerator / denominator;
  const r = q < 0 ? -Math.round(-q) : Math.round(q);
  return r === 0 ? 0 : r; // never -0
}
