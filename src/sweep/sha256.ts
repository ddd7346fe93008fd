import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 (FIPS 180-4) of a UTF-8 string, as 64 hex digits, by @noble/hashes: synchronous and the
 * same in Node and browsers (a sweep point's key is computed by the library; node:crypto is
 * Node's only, and WebCrypto's digest is asynchronous).
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
