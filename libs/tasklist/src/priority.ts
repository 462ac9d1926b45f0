/**
 * The engine's task priority (0–100, Camunda/Operaton default 50) in words. Bands:
 * below 25 *niedrig*, 25–59 *normal* (the default 50 included), 60–79 *hoch*, 80 and above
 * *dringend*. Sorting still uses the number.
 */
export const PRIORITY_BANDS = [
  { min: 80, label: 'dringend' },
  { min: 60, label: 'hoch' },
  { min: 25, label: 'normal' },
  { min: Number.NEGATIVE_INFINITY, label: 'niedrig' },
] as const;

export type PriorityLabel = (typeof PRIORITY_BANDS)[number]['label'];

export const PRIORITY_LABELS: readonly PriorityLabel[] = ['niedrig', 'normal', 'hoch', 'dringend'];

export function priorityLabel(priority: number): PriorityLabel {
  return PRIORITY_BANDS.find((b) => priority >= b.min)!.label;
}
