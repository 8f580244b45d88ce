/**
 * The text of a readings file as its program wrote it. Vendor software on Windows writes the
 * ANSI code page (ElitechLog's "°C" is the single byte 0xB0), newer versions UTF-8 with or without
 * a byte-order mark, and "Unicode" text from Excel is UTF-16 with one.
 */
export function decodeReadingsFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: the Windows code page every one of these programs falls back to.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
