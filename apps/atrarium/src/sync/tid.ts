// Timestamp of a TID record key (base32-sortable, 53 bits of microseconds then a clock id), or null
// when the key is not a TID.
const ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

export function tidTimeMs(rkey: string): number | null {
  if (!/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(rkey)) return null;
  let value = 0n;
  for (const ch of rkey) value = value * 32n + BigInt(ALPHABET.indexOf(ch));
  return Number(value >> 10n) / 1000;
}
