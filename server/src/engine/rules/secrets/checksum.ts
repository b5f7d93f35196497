// The CRC32 checksum GitHub and npm append to their tokens: the last 6 characters are the CRC32 of the
// 30 random characters, in base62 (digits, A-Z, a-z), left-padded with 0. A string that has the prefix but
// not the checksum was typed by hand (a placeholder, a truncated example), not issued.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(s: string): number {
  let crc = -1;
  for (let i = 0; i < s.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff];
  return (crc ^ -1) >>> 0;
}

export function base62(n: number, pad = 6): string {
  let s = '';
  do {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(pad, '0');
}

/** Whether `body` (the 36 characters after `ghp_` or `npm_`) ends with the checksum of its first 30. */
export function hasValidChecksum(body: string): boolean {
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30))) === body.slice(30);
}
