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

/** What a reader calls each level. */
export const LEVEL_LABELS: Record<LevelName, string> = {
  VERY_LOW: 'Very low',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  VERY_HIGH: 'Very high',
};

/** The levels in order with their numbers and labels (`Query.levels`). */
export function levelOptions(): { level: LevelName; value: number; label: string }[] {
  return LEVELS.map((level, i) => ({ level, value: i + 1, label: LEVEL_LABELS[level] }));
}
