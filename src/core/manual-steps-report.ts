// The manual-steps report, shared by the federation and multi-network Istio.
import { ManualStep } from './manual-step';
import { byName } from './output';

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
