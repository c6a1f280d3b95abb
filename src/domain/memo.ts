/**
 * A function of one key, remembered. A network repeats its dates, cadences,
 * tags and names thousands of times; each distinct one is worked out once.
 * Bounded: past `limit` keys the memory is cleared (a caller walking a long
 * range of dates never grows it without end).
 */
export function remembered<K, V>(compute: (key: K) => V, limit = 100_000): (key: K) => V {
  const seen = new Map<K, V>();
  return (key: K): V => {
    let value = seen.get(key);
    if (value === undefined) {
      if (seen.size >= limit) seen.clear();
      value = compute(key);
      seen.set(key, value);
    }
    return value;
  };
}
