// The manual-steps report, shared by the federation and multi-network Istio.
import { CertificateFacts } from './certificate';
import { ManualStep } from './manual-step';
import { byName, escapeControl } from './output';

/** The manual steps as Markdown, one section per cluster (every cluster listed, in name order). */
export function manualStepsMarkdown(title: string, clusters: string[], steps: ManualStep[]): string {
  const lines = [
    `# Manual steps: ${title}`,
    '',
    'What the library could not know, or must not write (credentials, live addresses), per cluster,',
    'with the commands to finish. Run each with that cluster\'s context (`oc login` or `--context`).',
    '',
  ];
  for (const cluster of [...new Set(clusters)].sort(byName)) {
    lines.push(`## ${cluster}`, '');
    const mine = steps.filter(s => s.cluster === cluster);
    if (mine.length === 0) {
      lines.push('Nothing to do by hand: everything was known.', '');
      continue;
    }
    mine.forEach((step, index) => {
      lines.push(`### ${index + 1}. ${step.title}`, '', step.reason, '', '```sh', ...step.commands, '```', '');
      if (step.then) lines.push(step.then, '');
    });
  }
  return lines.join('\n');
}

/** A mesh's (or cluster's) root certificates, for the table below. */
export interface RootCertificatesRow {
  readonly mesh: string;
  readonly certificates: ReadonlyArray<CertificateFacts>;
}

/**
 * A `## Root certificates` section: `intro`, then a table with each certificate's subject, SHA-256
 * fingerprint and expiry (a bundle of several, one row each). Nothing that depends on the date:
 * reports are written to files. Empty (no lines) when no mesh has a root certificate.
 */
export function rootCertificatesMarkdown(rows: ReadonlyArray<RootCertificatesRow>, intro: string[]): string[] {
  const listed = rows.filter(r => r.certificates.length > 0);
  if (listed.length === 0) return [];
  const cell = (s: string) => escapeControl(s).replace(/\|/g, '\\|');
  const lines = ['## Root certificates', '', ...intro, '', '| mesh | subject | sha256 | expires (notAfter) |', '| --- | --- | --- | --- |'];
  for (const row of listed) {
    row.certificates.forEach((c, i) => {
      const mesh = row.certificates.length > 1 ? `${row.mesh} (#${i + 1} of ${row.certificates.length})` : row.mesh;
      lines.push(`| ${cell(mesh)} | ${cell(c.subject)} | \`${c.sha256}\` | ${c.notAfter} |`);
    });
  }
  lines.push('');
  return lines;
}
