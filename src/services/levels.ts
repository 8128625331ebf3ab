// Rating levels: stored as 1..5 so they can be compared in SQL, exposed as the `Level` enum.
export const LEVELS = ['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
export type LevelName = (typeof LEVELS)[number];

export function levelToNumber(level: LevelName): number {
  return LEVELS.indexOf(level) + 1;
}

export function levelFromNumber(value: number): LevelName {
  const level = LEVELS[value - 1];
  if (!level) throw new RangeError(`level ${value} is outside 1..${LEVELS.length}`);
  return level;
}
