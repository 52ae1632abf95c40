import { textTable } from '../lib/text-table';

/** One line of the benchmark's result table. */
export interface Figure {
  figure: string;
  unit: string;
  ours: number;
  baseline?: number;
  /** How ours compares with the baseline, as a share where higher is better (ours/baseline or baseline/ours). */
  ratio?: number;
  target?: string;
  /** undefined: informative only. */
  met?: boolean;
  note?: string;
}

const number = (value: number | undefined, unit: string) => {
  if (value === undefined || Number.isNaN(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
};

export function renderFigures(figures: Figure[]): string {
  return textTable(
    ['figure', 'ours', 'baseline', 'ratio', 'target', 'verdict'],
    figures.map((f) => [
      f.figure,
      number(f.ours, f.unit),
      number(f.baseline, f.unit),
      f.ratio === undefined ? '–' : `${Math.round(f.ratio * 100)} %`,
      f.target ?? '–',
      f.met === undefined ? 'info' : f.met ? 'met' : 'MISSED',
    ]),
  );
}

export const MB = 1024 * 1024;
