// Wrong types and hostile values given to FederationApp and its GitOps options, as jsii users in
// other languages (or a description file) may pass them: each is a FederationError naming the
// option, the value and the fix, raised before anything is written; never a TypeError, never a
// silent default.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Duration } from 'cdk8s';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';
import { ArgoCdOutput, FederationApp, FederationAppProps, GitOpsOptions } from '../src';
import { tree } from './support/synth';
import { summaryText } from '../src/app/summary';

const OUT = mkdtempSync(join(tmpdir(), 'hostile-app-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
let runs = 0;
/** A new output folder's path under OUT, not created. */
const newOutdir = () => join(OUT, `run-${runs++}`);

const repoUrl = 'https://git.example.com/platform/meshes.git';
const HUGE = 'x'.repeat(1_000_000);
const destinations = {
  'red-mesh': { server: 'https://api.red.example.com:6443', kubeConfigSecretName: 'red-kubeconfig' },
  'green-mesh': { server: 'https://api.green.example.com:6443', kubeConfigSecretName: 'green-kubeconfig' },
  'blue-mesh': { server: 'https://api.blue.example.com:6443' },
};

/** Makes an app of the three-mesh example with `props` (raw: anything) and synthesizes it. */
function synthApp(props: unknown): void {
  const app = new FederationApp(props as FederationAppProps);
  threeMeshFederation(app);
  app.synth();
}
/** The app's props with the output folder, quiet. */
const app = (props: Record<string, unknown>) => (outdir: string) => synthApp({ outdir, printSummary: false, printWarnings: false, ...props });
/** The app with these GitOps options. */
const gitOps = (options: unknown) => app({ gitOps: options });
/** Valid GitOps options for Argo CD and Flux, with `more` on top. */
const full = (more: Record<string, unknown>) => gitOps({ repoUrl, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, flux: true, destinations, ...more });

/**
 * The FederationError `run` throws into a new output folder, failing the test on any other outcome
 * or when the folder was created.
 */
function refused(run: (outdir: string) => unknown): Error & { problems: string[] } {
  const outdir = newOutdir();
  let error: unknown;
  try {
    run(outdir);
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  expect(error).not.toBeInstanceOf(TypeError);
  expect((error as Error).name).toBe('FederationError');
  expect(existsSync(outdir)).toBe(false);
  return error as Error & { problems: string[] };
}

const G = 'FederationApp gitOps';

describe('FederationApp props of the wrong type or value', () => {
  test.each<[string, (outdir: string) => unknown, string | RegExp]>([
    ['props null', () => synthApp(null), "FederationApp: props are null, not an object. Fix: pass the props as an object, e.g. { outdir: 'dist' }, or nothing"],
    ['props a string', () => synthApp('dist'), "FederationApp: props are 'dist', not an object. Fix: pass the props as an object, e.g. { outdir: 'dist' }, or nothing"],
    ['outdir a number', () => synthApp({ outdir: 42 }), "FederationApp: outdir is 42, not a string. Fix: set outdir to the output folder's path, e.g. 'dist', or leave it out"],
    ['outdir null', () => synthApp({ outdir: null }), "FederationApp: outdir is null, not a string. Fix: set outdir to the output folder's path, e.g. 'dist', or leave it out"],
    ['outdir a list', () => synthApp({ outdir: ['dist'] }), 'FederationApp: outdir is ["dist"], not a string. Fix: set outdir to the output folder\'s path, e.g. \'dist\', or leave it out'],
    ['outdir empty', () => synthApp({ outdir: '' }), "FederationApp: outdir is empty, which is the current folder. Fix: set it to the output folder's path, e.g. 'dist'"],
    ['outdir with a NUL byte', outdir => synthApp({ outdir: `${outdir}\u0000x` }), /^FederationApp: outdir '.*run-\d+\\u0000x' holds a control character, which no folder name should hold\. Fix: set it to the output folder's path, e.g\. 'dist'$/],
    ['outdir of a million characters', () => synthApp({ outdir: HUGE }), "FederationApp: outdir is 1000000 characters long (at most 4096). Fix: set it to the output folder's path, e.g. 'dist'"],
    ['outputFileExtension that climbs out', app({ outputFileExtension: '/../../../x.yaml' }), "FederationApp: outputFileExtension '/../../../x.yaml' is not a file extension: only letters, digits, '.', '-' and '_' (at most 64), so that every file stays in its cluster folder. Fix: set outputFileExtension to e.g. '.k8s.yaml', or leave it out"],
    ['outputFileExtension a number', app({ outputFileExtension: 7 }), "FederationApp: outputFileExtension is 7, not a string. Fix: set outputFileExtension to a file extension, e.g. '.k8s.yaml', or leave it out"],
    ['yamlOutputType out of range', app({ yamlOutputType: 9 }), 'FederationApp: yamlOutputType is 9, not a YamlOutputType. Fix: use a YamlOutputType value, e.g. YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE (the default), or leave it out'],
    ['yamlOutputType by name', app({ yamlOutputType: 'FILE_PER_APP' }), "FederationApp: yamlOutputType is 'FILE_PER_APP', not a YamlOutputType. Fix: use a YamlOutputType value, e.g. YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE (the default), or leave it out"],
    ['reports as text', app({ reports: 'false' }), "FederationApp: reports is 'false', not true or false. Fix: set reports to true or false, or leave it out"],
    ['force as a number', app({ force: 1 }), 'FederationApp: force is 1, not true or false. Fix: set force to true or false, or leave it out'],
    ['printSummary null', app({ printSummary: null }), 'FederationApp: printSummary is null, not true or false. Fix: set printSummary to true or false, or leave it out'],
    ['resolvers as text', app({ resolvers: 'lazy' }), "FederationApp: resolvers is 'lazy', not a list of resolvers. Fix: pass a list of IResolver objects, or leave resolvers out"],
    ['gitOps as text', gitOps('flux'), "FederationApp: gitOps is 'flux', not an object. Fix: pass the GitOps options as an object, e.g. { repoUrl, flux: true }, or leave gitOps out"],
    ['gitOps as a list', gitOps([{ repoUrl }]), /^FederationApp: gitOps is \[\{"repoUrl":"https:\/\/git\.example\.com\/platform\/meshes\.git"\}\], not an object\. Fix: pass the GitOps options as an object/],
  ])('%s', (_what, run, expected) => {
    const error = refused(run);
    expect(error.problems).toHaveLength(1);
    if (typeof expected === 'string') expect(error.problems[0]).toBe(expected);
    else expect(error.problems[0]).toMatch(expected);
    expect(error.message.length).toBeLessThan(1000);
  });
});

describe('GitOps options of the wrong type or value', () => {
  test.each<[string, (outdir: string) => unknown, string | RegExp]>([
    ['repoUrl a number', full({ repoUrl: 42 }), `${G}: repoUrl is 42, not a string. Fix: set repoUrl to the repository's URL, e.g. 'https://git.example.com/platform/meshes.git'`],
    ['repoUrl with a newline and more YAML', full({ repoUrl: `${repoUrl}\nkind: Secret` }), `${G}: repoUrl 'https://git.example.com/platform/meshes.git\\nkind: Secret' holds whitespace or a control character. Fix: set repoUrl to the repository's URL: https://host/path, ssh://git@host/path or git@host:path, e.g. 'https://git.example.com/platform/meshes.git'`],
    ['repoUrl of another scheme', full({ repoUrl: 'ftp://git.example.com/m.git' }), /^FederationApp gitOps: repoUrl 'ftp:\/\/git\.example\.com\/m\.git' is not an https:\/\/, http:\/\/ or ssh:\/\/ URL with a host, the forms Argo CD and Flux read\. Fix: set repoUrl to the repository's URL: https:\/\/host\/path/],
    ['repoUrl that is no URL', full({ repoUrl: 'meshes.git' }), /^FederationApp gitOps: repoUrl 'meshes\.git' is not a repository URL\. Fix: set repoUrl/],
    ['repoUrl with a password', full({ repoUrl: 'https://ci:s3cret@git.example.com/m.git' }), `${G}: repoUrl 'https://ci:s3cret@git.example.com/m.git' holds a password, which would be committed with the manifests. Fix: remove it from the URL and give Argo CD or Flux the credentials as a repository Secret`],
    ['repoUrl in scp form with Flux', full({ repoUrl: 'git@github.com:org/meshes.git' }), `${G}: repoUrl 'git@github.com:org/meshes.git' is a scp-like Git address, which Flux does not read (its GitRepository takes http://, https:// or ssh:// URLs). Fix: write it 'ssh://git@github.com/org/meshes.git'`],
    ['repoUrl of a million characters', full({ repoUrl: `https://${HUGE}` }), /^FederationApp gitOps: repoUrl 'https:\/\/x{228}\.\.\.' \(1000008 characters\) is 1000008 characters long \(at most 2048\)\. Fix: set repoUrl/],
    ['revision with a space', full({ revision: 'release 1' }), `${G}: revision 'release 1' holds a space, which a Git branch name cannot hold. Fix: set revision to a branch name, e.g. 'main' or 'release/1.0'`],
    ['revision with ..', full({ revision: 'main/../x' }), `${G}: revision 'main/../x' is not a Git branch name (no '..', '@{', '//', leading or trailing '/' or '.', part starting with '.' or ending with '.lock'). Fix: set revision to a branch name, e.g. 'main' or 'release/1.0'`],
    ['revision with a control character', full({ revision: 'main\u001b[31m' }), `${G}: revision 'main\\u001b[31m' holds a control character, which a Git branch name cannot hold. Fix: set revision to a branch name, e.g. 'main' or 'release/1.0'`],
    ['revision NaN', full({ revision: NaN }), /^FederationApp gitOps: revision is (NaN|null), not a string\. Fix: set revision to a branch name, e\.g\. 'main', or leave it out$/],
    ['path that climbs out of the repository', full({ path: '../../etc' }), `${G}: path '../../etc' climbs out of the repository with '..'. Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)`],
    ['path that climbs out in the middle', full({ path: 'dist/../../x' }), `${G}: path 'dist/../../x' climbs out of the repository with '..'. Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)`],
    ['absolute path', full({ path: '/srv/repo/dist' }), `${G}: path '/srv/repo/dist' is absolute; Argo CD and Flux read it relative to the repository root. Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)`],
    ['Windows path', full({ path: 'C:\\repo\\dist' }), /^FederationApp gitOps: path 'C:\\repo\\dist' holds '\\'; paths in a repository use '\/'\. Fix: set path/],
    ['path not normalised', full({ path: './deploy//meshes' }), `${G}: path './deploy//meshes' is not normalised. Fix: write it 'deploy/meshes'`],
    ['path empty', full({ path: '' }), `${G}: path '' is empty. Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)`],
    ['path as a list', full({ path: ['dist'] }), `${G}: path is ["dist"], not a string. Fix: set path to the output folder's path inside the repository, e.g. 'dist', or leave it out`],
    ['argoCd not an ArgoCdOutput', full({ argoCd: 'applicationset' }), `${G}: argoCd is 'applicationset', not one of 'none', 'application-per-cluster', 'application-set'. Fix: use ArgoCdOutput.APPLICATION_PER_CLUSTER, ArgoCdOutput.APPLICATION_SET or ArgoCdOutput.NONE, or leave it out`],
    ['argoCd a number', full({ argoCd: 1 }), /^FederationApp gitOps: argoCd is 1, not one of 'none', /],
    ['argoCdNamespace with a space', full({ argoCdNamespace: 'argo cd' }), `${G}: argoCdNamespace 'argo cd' is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit); it must be a namespace name. Fix: set argoCdNamespace to a valid name, e.g. 'argocd', or leave it out`],
    ['argoCdProject with an underscore', full({ argoCdProject: 'my_project' }), /^FederationApp gitOps: argoCdProject 'my_project' is not a DNS-1123 subdomain .*; it must name an AppProject\. Fix: set argoCdProject to a valid name, e\.g\. 'default', or leave it out$/],
    ['automatedSync as text', full({ automatedSync: 'yes' }), `${G}: automatedSync is 'yes', not true or false. Fix: set automatedSync to true or false, or leave it out`],
    ['flux as text', full({ flux: 'true' }), `${G}: flux is 'true', not true or false. Fix: set flux to true or false, or leave it out`],
    ['fluxNamespace with a newline', full({ fluxNamespace: 'flux-system\n' }), /^FederationApp gitOps: fluxNamespace 'flux-system\\n' is not a DNS-1123 label .*Fix: set fluxNamespace to a valid name, e\.g\. 'flux-system', or leave it out$/],
    ['fluxInterval as text', full({ fluxInterval: '10m' }), `${G}: fluxInterval is '10m', not a Duration. Fix: pass a Duration, e.g. Duration.minutes(10), or leave it out`],
    ['fluxInterval of a fraction of a second', full({ fluxInterval: Duration.millis(1500) }), `${G}: fluxInterval is not a whole number of seconds ('1500 millis' cannot be converted into a whole number of seconds.). Fix: pass a whole number of seconds of at least 1, e.g. Duration.minutes(10)`],
    ['fluxInterval zero', full({ fluxInterval: Duration.seconds(0) }), `${G}: fluxInterval is 0 seconds; Flux needs at least 1. Fix: pass a whole number of seconds of at least 1, e.g. Duration.minutes(10)`],
    ['fluxInterval beyond a Go duration', full({ fluxInterval: Duration.days(200_000) }), `${G}: fluxInterval is 17280000000 seconds, longer than Flux can read (at most 9223372036). Fix: pass a whole number of seconds of at least 1, e.g. Duration.minutes(10)`],
    ['destinations as text', full({ destinations: 'red-mesh' }), `${G}: destinations is 'red-mesh', not an object. Fix: pass a map of cluster folder (mesh) names to destinations, e.g. { 'red-mesh': { server: 'https://api.red.example.com:6443' } }`],
    ['a destination keyed __proto__', full({ destinations: { ...destinations, ...JSON.parse('{"__proto__": {"server": "https://evil"}}') } }), `${G}: destinations['__proto__'] is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit), so it names no cluster folder (each is a mesh name). Fix: key destinations by mesh name`],
    ['a destination that is a URL', full({ destinations: { ...destinations, 'red-mesh': 'https://api.red.example.com:6443' } }), `${G}: destinations['red-mesh'] is 'https://api.red.example.com:6443', not an object. Fix: pass { server } or { name }, with kubeConfigSecretName for Flux, e.g. { server: 'https://api.red.example.com:6443' }`],
    ['a destination server with a newline', full({ destinations: { ...destinations, 'red-mesh': { server: 'https://a\n  insecure: true' } } }), `${G}: destinations['red-mesh'].server 'https://a\\n  insecure: true' holds whitespace or a control character. Fix: set server to the cluster's API server URL, e.g. 'https://api.red.example.com:6443'`],
    ['a destination server without a scheme', full({ destinations: { ...destinations, 'red-mesh': { server: 'api.red.example.com:6443' } } }), `${G}: destinations['red-mesh'].server 'api.red.example.com:6443' is not an https:// URL with a host. Fix: set server to the cluster's API server URL, e.g. 'https://api.red.example.com:6443'`],
    ['a destination server a number', full({ destinations: { ...destinations, 'red-mesh': { server: 6443 } } }), `${G}: destinations['red-mesh'].server is 6443, not a string. Fix: set server to the cluster's API server URL, e.g. 'https://api.red.example.com:6443'`],
    ['a destination name with a space', full({ destinations: { ...destinations, 'red-mesh': { name: 'red cluster' } } }), `${G}: destinations['red-mesh'].name 'red cluster' holds whitespace or a control character. Fix: set name to the name the cluster is registered under in Argo CD`],
    ['a kubeconfig Secret name that is no name', full({ destinations: { ...destinations, 'red-mesh': { server: 'https://a', kubeConfigSecretName: '../red' } } }), /^FederationApp gitOps: destinations\['red-mesh'\]\.kubeConfigSecretName '\.\.\/red' is not a DNS-1123 subdomain .*; it must name a Secret\. Fix: /],
    ['name that climbs out', full({ name: '../../x' }), `${G}: name '../../x' is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit); it names the GitOps folder, ApplicationSet and GitRepository. Fix: set name to a valid name, e.g. 'gitops', or leave it out`],
    ['name empty', full({ name: '' }), `${G}: name '' is empty; it names the GitOps folder, ApplicationSet and GitRepository. Fix: set name to a valid name, e.g. 'gitops', or leave it out`],
    ['name that every object inherits', full({ name: 'constructor' }), `${G}: name 'constructor' is a name the construct tree cannot hold; it names the GitOps folder, ApplicationSet and GitRepository. Fix: set name to a valid name, e.g. 'gitops', or leave it out`],
    ['name of a million characters', full({ name: HUGE }), /^FederationApp gitOps: name 'x{236}\.\.\.' \(1000000 characters\) is 1000000 characters long \(at most 63\); it names the GitOps folder/],
  ])('%s', (_what, run, expected) => {
    const error = refused(run);
    expect(error.problems).toHaveLength(1);
    if (typeof expected === 'string') expect(error.problems[0]).toBe(expected);
    else expect(error.problems[0]).toMatch(expected);
    expect(error.message.length).toBeLessThan(1000);
  });
});

describe('every problem of one declaration together', () => {
  test('wrong types among the props and the GitOps options: one FederationError listing them all, in order', () => {
    const error = refused(app({ reports: 'yes', force: 0, gitOps: { repoUrl: 'git.example.com/m.git', path: '/dist', flux: 1, name: 'GitOps' } }));
    expect(error.problems).toEqual([
      "FederationApp: reports is 'yes', not true or false. Fix: set reports to true or false, or leave it out",
      'FederationApp: force is 0, not true or false. Fix: set force to true or false, or leave it out',
      `${G}: flux is 1, not true or false. Fix: set flux to true or false, or leave it out`,
      `${G}: name 'GitOps' is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit); it names the GitOps folder, ApplicationSet and GitRepository. Fix: set name to a valid name, e.g. 'gitops', or leave it out`,
      `${G}: repoUrl 'git.example.com/m.git' is not a repository URL. Fix: set repoUrl to the repository's URL: https://host/path, ssh://git@host/path or git@host:path, e.g. 'https://git.example.com/platform/meshes.git'`,
      `${G}: path '/dist' is absolute; Argo CD and Flux read it relative to the repository root. Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)`,
    ]);
    expect(error.message).toMatch(/^6 problems:\n- FederationApp: reports is 'yes'/);
  });

  test('a control character in a value is shown escaped, so each problem stays on one line', () => {
    const error = refused(full({ repoUrl: 'https://a\r\nb', revision: 'a\tb', destinations: { ...destinations, 'red-mesh': { name: 'red\u2028' } } }));
    expect(error.problems).toHaveLength(3);
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.problems.map(p => p.split(' ')[3])).toEqual(["'https://a\\r\\nb'", "'a\\tb'", "'red\\u2028'"]);
  });
});

describe('public methods', () => {
  test.each<[string, unknown, string]>([
    ['undefined', undefined, "FederationApp: writeKustomizations() outdir is undefined, not a string. Fix: set it to the output folder's path, e.g. 'dist'"],
    ['a number', 42, "FederationApp: writeKustomizations() outdir is 42, not a string. Fix: set it to the output folder's path, e.g. 'dist'"],
    ['empty', '', "FederationApp: writeKustomizations() outdir is empty, which is the current folder. Fix: set it to the output folder's path, e.g. 'dist'"],
    ['with a newline', 'dist\nx', "FederationApp: writeKustomizations() outdir 'dist\\nx' holds a control character, which no folder name should hold. Fix: set it to the output folder's path, e.g. 'dist'"],
  ])('writeKustomizations() with an outdir %s', (_what, outdir, expected) => {
    const error = refused(dir => {
      const kustomized = new FederationApp({ outdir: dir, printSummary: false });
      threeMeshFederation(kustomized);
      kustomized.writeKustomizations(outdir as string);
    });
    expect(error.problems).toEqual([expected]);
  });
});

describe('problems found at synth leave the previous output byte-identical', () => {
  const argoAndFlux = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_SET, flux: true, destinations };
  /** A synth of the three-mesh example with Argo CD and Flux into a new folder; its path and files. */
  function previous(): { outdir: string; before: Record<string, string> } {
    const outdir = newOutdir();
    synthApp({ outdir, printSummary: false, printWarnings: false, gitOps: argoAndFlux });
    return { outdir, before: tree(outdir) };
  }
  /** The FederationError of `run` on the folder `outdir`, which must hold `before` afterwards. */
  function refusedOver(outdir: string, before: Record<string, string>, run: () => void): string[] {
    expect(run).toThrow(expect.objectContaining({ name: 'FederationError' }));
    expect(tree(outdir)).toEqual(before);
    try {
      run();
    } catch (e) {
      return (e as { problems: string[] }).problems;
    }
    return [];
  }

  test('GitOps options changed after the app was made are checked again', () => {
    const { outdir, before } = previous();
    const options: Record<string, unknown> = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_SET, flux: true, destinations };
    const later = new FederationApp({ outdir, printSummary: false, printWarnings: false, gitOps: options as GitOpsOptions });
    threeMeshFederation(later);
    options.path = '../../../etc';
    expect(refusedOver(outdir, before, () => later.synth())).toEqual([
      `${G}: path '../../../etc' climbs out of the repository with '..'. Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)`,
    ]);
  });

  test('a report whose file name is a path is refused before anything is written', () => {
    const { outdir, before } = previous();
    const later = new FederationApp({ outdir, printSummary: false, printWarnings: false, gitOps: argoAndFlux });
    const federation = threeMeshFederation(later);
    jest.spyOn(federation, 'reportFiles').mockReturnValue({ '../../evil.md': 'x', 'federation-plan.md': 'y' });
    expect(refusedOver(outdir, before, () => later.synth())).toEqual([
      "FederationApp: the report file name '../../evil.md' is not a plain file name, so it would be written outside the output folder. Fix: give the federation or multi-network mesh an id that is a plain name, e.g. 'federation'",
    ]);
    expect(existsSync(join(outdir, '..', '..', 'evil.md'))).toBe(false);
  });
});

describe('valid values are accepted as they were', () => {
  test.each<[string, Record<string, unknown>]>([
    ['an scp-like URL for Argo CD alone', { repoUrl: 'git@github.com:org/meshes.git', argoCd: ArgoCdOutput.APPLICATION_SET }],
    ['an ssh:// URL for Flux', { repoUrl: 'ssh://git@git.example.com:2222/org/meshes.git', flux: true, destinations: { 'red-mesh': { kubeConfigSecretName: 'r' }, 'green-mesh': { kubeConfigSecretName: 'g' } } }],
    ['the repository root, a trailing slash, a branch with a slash', { repoUrl, path: '.', revision: 'release/1.0', argoCd: ArgoCdOutput.APPLICATION_SET }],
    ['a nested path with a trailing slash, Argo CD cluster names with colons', { repoUrl, path: 'deploy/meshes/', argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, destinations: { 'red-mesh': { name: 'arn:aws:eks:eu-west-1:1:cluster/red' }, 'green-mesh': { name: 'green' }, 'blue-mesh': { name: 'blue' } } }],
  ])('%s', (_what, options) => {
    const outdir = newOutdir();
    const servers = Object.fromEntries(Object.entries(destinations).map(([mesh, d]) => [mesh, { server: d.server }]));
    synthApp({ outdir, printSummary: false, printWarnings: false, gitOps: { destinations: servers, ...options } });
    expect(existsSync(join(outdir, 'gitops'))).toBe(true);
  });
});

describe('names the app writes', () => {
  test('a chart whose folder is no DNS-1123 label cannot name an Argo CD Application or Flux Kustomization', () => {
    const error = refused(outdir => {
      const withChart = new FederationApp({ outdir, printSummary: false, printWarnings: false, gitOps: { repoUrl, flux: true, destinations } });
      threeMeshFederation(withChart);
      new Chart(withChart, 'Extra_Chart');
      withChart.synth();
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^FederationApp gitOps: clusters 'blue-mesh', 'extra_chart-c8[0-9a-f]{6}' have no kubeConfigSecretName/),
      expect.stringMatching(/^FederationApp gitOps: cluster folder 'extra_chart-c8[0-9a-f]{6}' is not a DNS-1123 label \(lower case letters, digits and '-', starting and ending with a letter or digit\), so it cannot name the Argo CD Application or Flux Kustomization that applies it\. Fix: give its chart an id that is a DNS-1123 label, e\.g\. 'red-mesh'$/),
    ]);
  });

  test('the summary shows control characters in a folder or report name escaped, so none reaches the terminal', () => {
    const text = summaryText({ outdir: '/out', inFolders: true, folders: [{ name: 'a\u001b[2J', objects: 1 }], reports: ['f\n-plan.md'], manualSteps: [] }, '/');
    expect(text).toBe(['Wrote out/ (the whole folder, replaced):', '  out/a\\u001b[2J/  1 object', 'Reports: out/f\\n-plan.md', 'Manual steps pending: none', ''].join('\n'));
  });
});
