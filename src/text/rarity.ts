/**
 * Token rarity from a general population of names (arabic-names.md §4): an inverse document
 * frequency scaled to [0.15, 1]. A token seen about 2,000 times in the population is as common
 * as names get (weight floor); one seen three times or fewer is fully rare.
 */
const FLOOR = 0.15;

export function rarityWeight(count: number, population: number): number {
  const low = Math.log(population / 2000);
  const high = Math.log(population / 3);
  const idf = Math.log((population + 1) / (count + 1));
  const w = (idf - low) / (high - low);
  return w < FLOOR ? FLOOR : w > 1 ? 1 : w;
}
