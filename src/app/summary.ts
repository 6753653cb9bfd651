// The short text FederationApp and the command line print after synth: where each cluster's folder
// is and how many objects it holds, the reports, and how many manual steps are pending.
import { isAbsolute, join, relative, sep } from 'node:path';
import { escapeControl } from '../core/guards';

/** What one synth wrote, as the summary shows it. */
export interface SynthSummary {
  /** The output folder, absolute. */
  readonly outdir: string;
  /** Each chart's folder (or chart name, when charts have no folder of their own) and its object count. */
  readonly folders: ReadonlyArray<{ readonly name: string; readonly objects: number }>;
  /** Whether each chart has a folder of its own (`FOLDER_PER_CHART_FILE_PER_RESOURCE`). */
  readonly inFolders: boolean;
  /** The report files written beside the folders, or undefined when reports are off. */
  readonly reports?: string[];
  /** Each federation's and multi-network mesh's manual-steps file with its number of steps. */
  readonly manualSteps: ReadonlyArray<{ readonly file: string; readonly steps: number }>;
}

/** The summary as lines of text; paths relative to `cwd` when inside it. */
export function summaryText(summary: SynthSummary, cwd: string = process.cwd()): string {
  // Control characters in a path or name are escaped, so that none reaches the terminal.
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return escapeControl(rel === '' ? '.' : rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel);
  };
  const folders = summary.folders.map(f => ({ ...f, where: summary.inFolders ? `${shown(join(summary.outdir, f.name))}/` : escapeControl(f.name) }));
  const width = Math.max(0, ...folders.map(f => f.where.length));
  const lines = [`Wrote ${shown(summary.outdir)}/ (the whole folder, replaced):`];
  for (const { where, objects } of folders) lines.push(`  ${where.padEnd(width)}  ${objects} object${objects === 1 ? '' : 's'}`);
  const reports = summary.reports;
  lines.push(reports === undefined ? 'Reports: none (turned off)'
    : `Reports: ${reports.length === 0 ? 'none' : reports.map(r => shown(join(summary.outdir, r))).join(', ')}`);
  const pending = summary.manualSteps.filter(m => m.steps > 0);
  const total = pending.reduce((sum, m) => sum + m.steps, 0);
  if (total === 0) {
    lines.push('Manual steps pending: none');
  } else if (reports === undefined) {
    lines.push(`Manual steps pending: ${total} (no report written: reports are off)`);
  } else {
    lines.push(`Manual steps pending: ${total}; read ${pending.map(m => shown(join(summary.outdir, m.file))).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
