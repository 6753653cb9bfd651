// The status comparison as Markdown.
import { StatusGap } from './status-causes';
import { FederationStatusResult, ServiceSetStatus } from './status-types';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** `result` as Markdown: the peerings, the service sets, then every gap with its cause and fix. */
export function statusMarkdown(result: FederationStatusResult): string {
  const lines: string[] = ['# Federation status', ''];
  lines.push(result.ok ? 'Everything the plan promised is reported.' : 'The clusters do not report everything the plan promised: see the gaps below.', '');
  lines.push('## Peerings', '');
  if (result.peerings.length === 0) {
    lines.push('None read.', '');
  } else {
    lines.push('| mesh | peer | connected | peer connected | remote address | since | last disconnect |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const p of result.peerings) {
      const state = !p.found ? 'missing' : p.connected ? 'yes' : 'no';
      lines.push(`| ${p.mesh} | ${p.peer} | ${state} | ${p.remoteConnected ? 'yes' : 'no'} | ${cell(p.remoteAddresses.join(', ') || '-')} | ${cell(p.since ?? '-')} | ${cell(p.lastDisconnectStatus ?? '-')} |`);
    }
    lines.push('');
  }
  lines.push(...setsTable('Exports', 'to', result.exports), ...setsTable('Imports', 'from', result.imports));
  const gaps: StatusGap[] = [...result.peerings, ...result.exports, ...result.imports].flatMap(s => s.gaps).concat(result.other);
  lines.push('## Gaps', '');
  if (gaps.length === 0) lines.push('None.', '');
  for (const gap of gaps) {
    lines.push(`- **${cell(gap.subject)}**: ${cell(gap.finding)}.`, `  - Cause: ${cell(gap.cause)}.`, `  - Fix: ${cell(gap.fix)}.`);
  }
  if (gaps.length > 0) lines.push('');
  return lines.join('\n');
}

function setsTable(title: string, direction: string, sets: ServiceSetStatus[]): string[] {
  const lines = [`## ${title}`, ''];
  if (sets.length === 0) return [...lines, 'None planned.', ''];
  lines.push(`| mesh | ${direction} | expected | reported | gaps |`, '| --- | --- | --- | --- | --- |');
  for (const s of sets) {
    lines.push(`| ${s.mesh} | ${s.peer} | ${s.expected.length} | ${s.reported.length} | ${s.gaps.length === 0 ? 'none' : s.gaps.length} |`);
  }
  return [...lines, ''];
}
