// A Map helper for every layer.

/** The value stored under key, or compute(key)'s, stored first: Map.prototype.getOrInsertComputed, which Node 20 lacks. */
export function getOrInsertComputed<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  compute: (key: K) => V,
): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute(key);
    map.set(key, value);
  }
  return value;
}
