/**
 * Work done once per problem: results kept beside the landscape they belong to. The landscape
 * object is shared by every variant of a prepared problem (another D, γ or passage), so a study
 * that asks the same question twice (the Lab's analysis and rate table both want the exact rate
 * of the same passage) computes it once. The caller's key must name everything the value depends
 * on beyond the potential, domain and mass.
 */
const cache = new WeakMap<object, Map<string, unknown>>();

export function remember<T>(
  prepared: { readonly landscape: object },
  key: string,
  compute: () => T,
): T {
  let entries = cache.get(prepared.landscape);
  if (!entries) {
    entries = new Map();
    cache.set(prepared.landscape, entries);
  }
  if (entries.has(key)) return entries.get(key) as T;
  const value = compute();
  entries.set(key, value);
  return value;
}
