/** A memo of bounded size: when it is full, the oldest entry is forgotten (a Map keeps insertion order). */
export function remembered<K, V>(memo: Map<K, V>, key: K, max: number, make: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = make();
    if (memo.size >= max) memo.delete(memo.keys().next().value!);
    memo.set(key, value);
  }
  return value;
}
