/** CRC-32 (IEEE 802.3, as in zip and PNG). Check value for ASCII "123456789" is 0xCBF43926. */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function computeCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  // An indexed loop: for-of, called on more than one kind of byte array, profiled about 3x slower per byte.
  for (let i = 0; i < bytes.length; i++) crc = (TABLE[(crc ^ bytes[i]!) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
