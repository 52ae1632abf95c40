/** A small seeded PRNG (mulberry32): the same seed gives the same stream, so runs are reproducible. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/**
 * Extra draws used by the WSAPI simulator. Kept apart from SeededRandom's original methods so
 * the streams existing specs rely on (account-stream) stay byte-for-byte the same.
 */
export class SimulationRandom extends SeededRandom {
  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** `count` decimal digits (leading zeros allowed). */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 1) out += String(this.int(10));
    return out;
  }

  /** `count` uppercase hex digits. */
  hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 1) out += this.int(16).toString(16);
    return out.toUpperCase();
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** One entry, chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [value, weight] of entries) {
      point -= weight;
      if (point < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
}

/**
 * A seed for one independent part of a simulation (one chat's history, the fault plan, …), so
 * each part can be generated alone, lazily and in any order, and still come out the same.
 */
export function derivedSeed(seed: number, ...parts: (string | number)[]): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0; // FNV-1a over the parts' text
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function randomFor(seed: number, ...parts: (string | number)[]): SimulationRandom {
  return new SimulationRandom(derivedSeed(seed, ...parts));
}
