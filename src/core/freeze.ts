/**
 * Freezes a value and everything in it. For objects that are shared once built (resolved
 * presets and settings, remembered messages): a caller that tried to change one would change it
 * for everyone, so it fails loudly instead.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
