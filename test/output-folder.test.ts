// The library owns its output folder: every synth replaces it whole (no trace of what the
// description no longer holds), a synth that fails at any stage leaves it byte-identical, a
// folder the library did not write is refused unless forced, and symbolic links are never followed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { FederatedMesh, FederationApp, FederationAppProps, LoadBalancerScheme, Platform } from '../src';
import { rootCert } from './support/certs';
import { compiledLibrary } from './support/compiled';
import { tree } from './support/synth';
import { main } from '../src/app/cli';

// Node's fs module object itself: the library's named imports read their functions from it at
// each call, so a spy on it reaches every write (cdk8s's too).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('node:fs') = require('node:fs');

const ROOT = join(__dirname, '..');
const OUT = mkdtempSync(join(tmpdir(), 'output-folder-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
const MARKER = '.cdk8s-mesh-federation-owned';
const CERTS = ['red-mesh', 'green-mesh', 'blue-mesh'] as const;
const THREE = ['alpha', 'beta', 'gamma'];
const TWO = ['alpha', 'beta'];

let runs = 0;
/** A new folder under OUT; `outdir` inside it, not created. */
function newOutdir(): string {
  const parent = join(OUT, `run-${runs++}`);
  mkdirSync(parent);
  return join(parent, 'dist');
}

/** A federation of the named meshes (AWS NLBs published by external-dns), full mesh. */
function federationOf(app: FederationApp, meshes: string[], extra: (federation: FederatedMesh) => void = () => undefined): FederatedMesh {
  const federation = new FederatedMesh(app, 'federation');
  meshes.forEach((name, i) => federation.addMesh(name, {
    platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    rootCertificate: rootCert(CERTS[i]),
    dnsDomain: `apps.${name}.example.com`,
    externalDns: true,
  }));
  extra(federation);
  return federation;
}

/** Synthesizes a federation of `meshes` into `outdir` with FederationApp. */
function synth(outdir: string | undefined, meshes: string[], props: FederationAppProps = {}, extra?: (f: FederatedMesh) => void): FederationApp {
  const app = new FederationApp({ printWarnings: false, printSummary: false, ...props, ...(outdir ? { outdir } : {}) });
  federationOf(app, meshes, extra);
  app.synth();
  return app;
}

/**
 * A hash of everything below `dir` and beside it: each path with its type and content (a link
 * with where it points, never followed), and the names of `dir`'s siblings.
 */
function digest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string, rel: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {hash.update(`link ${rel} -> ${readlinkSync(path)}\n`);} else if (stat.isDirectory()) {
      hash.update(`dir ${rel} ${stat.mode}\n`);
      for (const entry of readdirSync(path).sort()) walk(join(path, entry), `${rel}/${entry}`);
    } else {hash.update(`file ${rel}\n`).update(readFileSync(path)).update('\n');}
  };
  walk(dir, '.');
  hash.update(`siblings ${readdirSync(dirname(dir)).sort().join(' ')}\n`);
  return hash.digest('hex');
}

/** Every path below `dir` and its content, as one text, to search for a removed mesh. */
const everything = (dir: string) => Object.entries(tree(dir)).map(([path, content]) => `${path}\n${content}`).join('\n');

/** Runs the command line in process. */
function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: t => { out += `${t}\n`; }, err: t => { err += `${t}\n`; } });
  return { code, out, err };
}

/** A description of the named meshes, like federationOf(). */
function descriptionOf(meshes: string[]): string {
  const file = join(mkdtempSync(join(OUT, 'spec-')), 'federation.yaml');
  writeFileSync(file, ['meshes:', ...meshes.map((name, i) => `  - { name: ${name}, platform: { type: aws-nlb, scheme: internet-facing }, `
    + `rootCertificateFile: ${join(ROOT, 'examples', 'certs', `${CERTS[i]}-root-cert.pem`)}, dnsDomain: apps.${name}.example.com, externalDns: true }`)].join('\n'));
  return file;
}

/** An error like the one Node throws when it may not write `path`. */
function eacces(syscall: string, path: unknown): NodeJS.ErrnoException {
  return Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), { code: 'EACCES', errno: -13, syscall, path: String(path) });
}

/**
 * Makes the `n`th call from now of `fs[name]` whose first argument matches `path` throw EACCES;
 * every other call runs as usual.
 */
function failAt(name: 'writeFileSync' | 'renameSync', n: number, path: RegExp = /./): jest.SpyInstance {
  const real = fs[name] as (...args: any[]) => any;
  let calls = 0;
  return jest.spyOn(fs, name).mockImplementation(((...args: any[]) => {
    if (path.test(String(args[0])) && ++calls === n) throw eacces(name === 'writeFileSync' ? 'open' : 'rename', args[0]);
    return real(...args);
  }) as any);
}

/** What is beside `outdir` that a synth into it left: temporary or old folders. */
const leftovers = (outdir: string) => readdirSync(dirname(outdir)).filter(e => e.startsWith(`.${basename(outdir)}.`));

describe('going from three meshes to two leaves no trace of the removed mesh', () => {
  test('FederationApp', () => {
    const outdir = newOutdir();
    synth(outdir, THREE, { gitOps: {} });
    expect(readdirSync(outdir)).toContain('gamma');
    expect(readFileSync(join(outdir, 'alpha', 'kustomization.yaml'), 'utf8')).toContain('ServiceMeshPeer.gamma.k8s.yaml');

    const app = synth(outdir, TWO, { gitOps: {} });
    expect(app.outdir).toBe(outdir);
    expect(everything(outdir)).not.toContain('gamma');
    const fresh = newOutdir();
    synth(fresh, TWO, { gitOps: {} });
    expect(tree(outdir)).toEqual(tree(fresh));
    expect(readdirSync(outdir).sort()).toEqual([MARKER, 'alpha', 'beta', 'federation-manual-steps.md', 'federation-plan.md', 'federation-topology.md']);
    expect(leftovers(outdir)).toEqual([]);
  });

  test('the command line: synth -o DIR', () => {
    const outdir = newOutdir();
    expect(cli('synth', descriptionOf(THREE), '-o', outdir).code).toBe(0);
    expect(readdirSync(join(outdir, 'alpha'))).toContain('ServiceMeshPeer.gamma.k8s.yaml');
    expect(cli('synth', descriptionOf(TWO), '-o', outdir)).toEqual(expect.objectContaining({ code: 0, err: '' }));
    expect(everything(outdir)).not.toContain('gamma');
    const fresh = newOutdir();
    synth(fresh, TWO);
    expect(tree(outdir)).toEqual(tree(fresh));
  });

  test('a cdk8s-CLI-like flow: the folder emptied (or removed), then synth into CDK8S_OUTDIR', () => {
    const outdir = newOutdir();
    synth(outdir, THREE);
    for (const entry of readdirSync(outdir)) rmSync(join(outdir, entry), { recursive: true });
    const env = { ...process.env };
    process.env.CDK8S_OUTDIR = outdir;
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      const app = synth(undefined, TWO);
      expect(app.outdir).toBe(outdir);
    } finally {
      process.env = env;
    }
    expect(everything(outdir)).not.toContain('gamma');
    // cdk8s's own output (here its construct metadata) lands in the folder, listed in the marker.
    expect(readFileSync(join(outdir, MARKER), 'utf8').split('\n')).toContain('construct-metadata.json');
    rmSync(outdir, { recursive: true });
    synth(outdir, THREE);
    expect(readdirSync(outdir)).toContain('gamma');
  });

  test('the cdk8s CLI itself: cdk8s synth --app ... --output DIR, twice', () => {
    const outdir = newOutdir();
    // The app as a user's compiled JavaScript, against the library compiled as the package ships it.
    const app = join(dirname(outdir), 'main.js');
    writeFileSync(app, [
      `const { FederatedMesh, FederationApp, LoadBalancerScheme, Platform } = require(${JSON.stringify(join(compiledLibrary(), 'lib'))});`,
      `const certs = ${JSON.stringify(CERTS.map(rootCert))};`,
      'const app = new FederationApp();',
      'const federation = new FederatedMesh(app, \'federation\');',
      'process.env.MESHES.split(\',\').forEach((name, i) => federation.addMesh(name, {',
      '  platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }), rootCertificate: certs[i],',
      '  dnsDomain: `apps.${name}.example.com`, externalDns: true,',
      '}));',
      'app.synth();',
    ].join('\n'));
    const cdk8s = (meshes: string[]) => spawnSync(process.execPath, [
      join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade',
      // Unquoted: yargs strips quotes around a value (the paths hold no spaces).
      '--app', `${process.execPath} ${app}`, '--output', outdir,
    ], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MESHES: meshes.join(',') } });
    const first = cdk8s(THREE);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    // The cdk8s CLI keeps the app's stdout (the summary) to itself and lists the manifests.
    expect(first.stdout).toContain(`- ${outdir}/gamma/ServiceMeshControlPlane.gamma.k8s.yaml`);
    expect(readdirSync(outdir)).toContain('gamma');
    expect(cdk8s(TWO).status).toBe(0);
    expect(readdirSync(outdir)).toContain(MARKER);
    expect(everything(outdir)).not.toContain('gamma');
    const fresh = newOutdir();
    synth(fresh, TWO);
    expect(tree(outdir)).toEqual(tree(fresh));
  }, 120_000);
});

describe('a synth that fails at any stage leaves the previous output byte-identical', () => {
  /** The previous output, and a check that a failing synth left it (and its parent) as they were. */
  function previous(): { outdir: string; unchanged: () => void } {
    const outdir = newOutdir();
    synth(outdir, THREE, { gitOps: {} });
    const before = digest(outdir);
    return {
      outdir,
      unchanged: () => {
        expect(digest(outdir)).toBe(before);
        expect(leftovers(outdir)).toEqual([]);
      },
    };
  }

  test('validation: a federation problem', () => {
    const { outdir, unchanged } = previous();
    const broken = (f: FederatedMesh) => f.addMesh('delta', {
      platform: Platform.bareMetal(), rootCertificate: rootCert('red-mesh'), trustDomain: 'alpha.local', ingressAddresses: { alpha: ['192.0.2.1'] },
    });
    expect(() => synth(outdir, TWO, {}, broken)).toThrow(expect.objectContaining({
      name: 'FederationError', message: expect.stringContaining('trustDomain \'alpha.local\' is also the trust domain of mesh'),
    }));
    unchanged();
  });

  test('serialization: a controlPlaneSpec holding a BigInt, or a cycle', () => {
    const { outdir, unchanged } = previous();
    const withSpec = (controlPlaneSpec: any) => (f: FederatedMesh) => f.addMesh('delta', {
      platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }),
      rootCertificate: rootCert('red-mesh'),
      dnsDomain: 'apps.delta.example.com',
      externalDns: true,
      controlPlaneSpec,
    });
    expect(() => synth(outdir, TWO, {}, withSpec({ security: { trust: { domain: BigInt(3) } } })))
      .toThrow(expect.objectContaining({ name: 'FederationError', message: expect.stringMatching(/bigint|spec\.security\.trust\.domain/i) }));
    unchanged();
    const cycle: any = { proxy: { runtime: {} } };
    cycle.proxy.runtime.self = cycle;
    // A mesh's spec with a cycle is refused as it is declared...
    expect(() => synth(outdir, TWO, {}, withSpec(cycle))).toThrow(/mesh 'delta': controlPlaneSpec\.proxy\.runtime\.self refers back to itself \(a cycle\)/);
    unchanged();
    // ...and an object of the user's own in a mesh's chart fails when cdk8s serializes it.
    let message = '';
    try {
      synth(outdir, TWO, {}, f => new ApiObject(f.findMesh('alpha')!, 'Mine', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine' }, data: cycle }));
    } catch (e: any) {
      expect(e.name).toBe('FederationError');
      message = e.message;
    }
    expect(message).toContain(`output folder ${outdir} could not be written: synth failed with Error: Failed serializing construct at path 'alpha/Mine'`);
    expect(message).toContain(`Nothing was changed: ${outdir} holds what it held before and the temporary folder was removed.`);
    expect(message).toContain('Fix: pass only JSON values');
    unchanged();
  });

  test.each([
    ['the third manifest cdk8s writes', 3, /\.k8s\.yaml$/],
    ['a kustomization', 2, /kustomization\.yaml$/],
    ['a report', 1, /-plan\.md$/],
    ['the marker', 1, /\.cdk8s-mesh-federation-owned$/],
  ])('I/O: writing %s fails with EACCES', (_what, n, path) => {
    const { outdir, unchanged } = previous();
    const spy = failAt('writeFileSync', n, path);
    let message = '';
    try {
      synth(outdir, TWO, { gitOps: {} });
    } catch (e: any) {
      expect(e.name).toBe('FederationError');
      message = e.message;
    } finally {
      spy.mockRestore();
    }
    expect(message).toMatch(new RegExp(`^output folder ${outdir} could not be written \\(EACCES: permission denied; open ${outdir}/\\S+, `
      + `written first into the temporary folder ${dirname(outdir)}/\\.dist\\.tmp-[0-9a-f]+\\)\\. Nothing was changed: ${outdir} holds what it held before `
      + `and the temporary folder was removed\\. Fix: make ${dirname(outdir)} and ${outdir} writable by this user`));
    expect(message).not.toMatch(/certificate/);
    unchanged();
  });

  test.each([
    ['the old folder cannot be renamed away', 1],
    ['the new folder cannot be renamed in (the old one is put back)', 2],
  ])('I/O: %s', (_what, n) => {
    const { outdir, unchanged } = previous();
    const spy = failAt('renameSync', n);
    expect(() => synth(outdir, TWO)).toThrow(expect.objectContaining({
      name: 'FederationError', message: expect.stringMatching(new RegExp(`^output folder ${outdir} could not be written \\(EACCES: permission denied; rename `)),
    }));
    spy.mockRestore();
    unchanged();
  });

  test('the command line reports an I/O failure as what it is, with exit code 1', () => {
    const { outdir, unchanged } = previous();
    const spy = failAt('writeFileSync', 2);
    const result = cli('synth', descriptionOf(TWO), '-o', outdir);
    spy.mockRestore();
    expect(result.code).toBe(1);
    expect(result.err).toContain(`- output folder ${outdir} could not be written (EACCES: permission denied; open ${outdir}/`);
    expect(result.err).not.toMatch(/rootCertificateFile|certificate/);
    unchanged();
  });

  test('writeKustomizations(outdir): all or nothing too', () => {
    const { outdir, unchanged } = previous();
    const app = new FederationApp({ outdir: join(OUT, 'unused') });
    federationOf(app, TWO);
    const spy = failAt('writeFileSync', 2);
    expect(() => app.writeKustomizations(outdir)).toThrow(expect.objectContaining({ name: 'FederationError', message: expect.stringContaining('EACCES') }));
    spy.mockRestore();
    unchanged();
  });
});

describe('what the folder holds after a synth', () => {
  test('the marker lists every file written, sorted, after a line saying what it is', () => {
    const outdir = newOutdir();
    synth(outdir, TWO, { gitOps: {} });
    const [header, ...files] = readFileSync(join(outdir, MARKER), 'utf8').trimEnd().split('\n');
    expect(header).toBe('cdk8s-mesh-federation owns this folder and replaces it whole on every synth; the files its last synth wrote:');
    expect(files).toEqual(Object.keys(tree(outdir)).filter(f => f !== MARKER).sort());
    expect(files).toContain('alpha/kustomization.yaml');
  });

  test('writeKustomizations(outdir) adds the kustomizations to what synth wrote, and to the marker', () => {
    const outdir = newOutdir();
    const app = synth(outdir, TWO);
    const before = tree(outdir);
    expect(app.writeKustomizations(outdir)).toEqual([join(outdir, 'alpha', 'kustomization.yaml'), join(outdir, 'beta', 'kustomization.yaml')]);
    const after = tree(outdir);
    const gitOps = newOutdir();
    synth(gitOps, TWO, { gitOps: {} });
    expect(after).toEqual(tree(gitOps));
    for (const [path, content] of Object.entries(before)) if (path !== MARKER) expect(after[path]).toBe(content);
  });

  test('leftovers of an interrupted synth beside the folder are removed; nothing else is', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    const parent = dirname(outdir);
    for (const leftover of ['.dist.tmp-abc123abc123', '.dist.old-0f0f0f0f0f0f', '.dist.old-backup', '.dist.tmp-v2']) {
      mkdirSync(join(parent, leftover, 'alpha'), { recursive: true });
      writeFileSync(join(parent, leftover, 'alpha', 'x.yaml'), 'x');
    }
    writeFileSync(join(parent, '.dist.tmp-notes.txt.bak'), 'mine');
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    synth(outdir, THREE);
    // Only folders named exactly as synth names them go; a user's look-alikes stay.
    expect(readdirSync(parent).sort()).toEqual(['.dist.old-backup', '.dist.tmp-notes.txt.bak', '.dist.tmp-v2', 'dist', 'notes.txt']);
    expect(readFileSync(join(parent, '.dist.old-backup', 'alpha', 'x.yaml'), 'utf8')).toBe('x');
  });

  test('a replaced folder keeps its mode; a new one gets the mode new folders get', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    expect(statSync(outdir).mode % 0o1000).toBe(statSync(join(outdir, 'alpha')).mode % 0o1000);
    fs.chmodSync(outdir, 0o750);
    synth(outdir, THREE);
    expect(statSync(outdir).mode % 0o1000).toBe(0o750);
  });
});

describe('a folder the library did not write is refused, unless forced', () => {
  /** A folder holding a user's files. */
  function foreign(): { outdir: string; before: string } {
    const outdir = newOutdir();
    mkdirSync(join(outdir, 'docs'), { recursive: true });
    writeFileSync(join(outdir, 'notes.txt'), 'mine');
    writeFileSync(join(outdir, 'docs', 'runbook.md'), 'mine');
    return { outdir, before: digest(outdir) };
  }

  test('a non-empty folder without the marker: refused, left as it is; force replaces it', () => {
    const { outdir, before } = foreign();
    expect(() => synth(outdir, TWO)).toThrow(expect.objectContaining({
      name: 'FederationError',
      message: `output folder ${outdir} is not empty and was not written by cdk8s-mesh-federation (no ${MARKER} marker); it holds 'docs', 'notes.txt'. `
        + 'Synth replaces the output folder whole, so that would delete them. Fix: set outdir to a new or empty folder, move those files away, '
        + 'or set force: true (command line: --force) to replace the folder and delete what it holds '
        + '(once, for output of a version of this library that wrote no marker)',
    }));
    expect(digest(outdir)).toBe(before);
    synth(outdir, TWO, { force: true });
    expect(readdirSync(outdir).sort()).toEqual([MARKER, 'alpha', 'beta', 'federation-manual-steps.md', 'federation-plan.md', 'federation-topology.md']);
  });

  test('files the marker does not list: refused, naming a few of them', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    for (const f of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) writeFileSync(join(outdir, 'alpha', f), 'mine');
    const before = digest(outdir);
    expect(() => synth(outdir, TWO)).toThrow(`output folder ${outdir} holds files that cdk8s-mesh-federation did not write (its ${MARKER} marker does not list them): `
      + '\'alpha/a.txt\', \'alpha/b.txt\', \'alpha/c.txt\' and 1 more. Synth replaces the output folder whole, so that would delete them.');
    expect(digest(outdir)).toBe(before);
  });

  test('an empty folder is fine', () => {
    const outdir = newOutdir();
    mkdirSync(outdir);
    synth(outdir, TWO);
    expect(readdirSync(outdir)).toContain(MARKER);
  });

  test('the command line: refused with exit code 1; --force replaces it', () => {
    const { outdir, before } = foreign();
    const spec = descriptionOf(TWO);
    const refused = cli('synth', spec, '-o', outdir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`- output folder ${outdir} is not empty and was not written by cdk8s-mesh-federation`);
    expect(refused.err).toContain('--force');
    expect(digest(outdir)).toBe(before);
    expect(cli('synth', spec, '-o', outdir, '--force').code).toBe(0);
    expect(existsSync(join(outdir, 'notes.txt'))).toBe(false);
    expect(readdirSync(outdir)).toContain(MARKER);
  });

  test('an output path that is a file', () => {
    const outdir = newOutdir();
    writeFileSync(outdir, 'mine');
    for (const force of [false, true]) {
      expect(() => synth(outdir, TWO, { force })).toThrow(`output folder ${outdir} is a file, not a folder. Fix: set outdir to a folder, or move the file away`);
    }
    expect(readFileSync(outdir, 'utf8')).toBe('mine');
  });
});

describe('symbolic links are never followed', () => {
  test('a link inside the output folder: refused (even with force), and the link\'s target untouched', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    const outside = join(dirname(outdir), 'outside.yaml');
    writeFileSync(outside, 'not yours');
    rmSync(join(outdir, 'alpha', 'ServiceMeshPeer.beta.k8s.yaml'));
    symlinkSync(outside, join(outdir, 'alpha', 'ServiceMeshPeer.beta.k8s.yaml'));
    symlinkSync(dirname(outdir), join(outdir, 'up'));
    const before = digest(outdir);
    for (const force of [false, true]) {
      expect(() => synth(outdir, TWO, { force })).toThrow(`output folder ${outdir} holds symbolic links: 'alpha/ServiceMeshPeer.beta.k8s.yaml', 'up'; `
        + 'the library never writes through links, so that a link cannot redirect its output outside the folder. Fix: remove the links');
    }
    expect(digest(outdir)).toBe(before);
    expect(readFileSync(outside, 'utf8')).toBe('not yours');
  });

  test('an output folder that is a link: refused, what it points at untouched', () => {
    const outdir = newOutdir();
    const real = join(dirname(outdir), 'real');
    synth(real, TWO);
    symlinkSync(real, outdir);
    const before = digest(real);
    expect(() => synth(outdir, THREE, { force: true })).toThrow(`output folder ${outdir} is a symbolic link (to ${real}); the library never writes through links. `
      + 'Fix: set outdir to the folder the link points to, or remove the link');
    expect(digest(real)).toBe(before);
    expect(lstatSync(outdir).isSymbolicLink()).toBe(true);
  });
});

describe('what a careless or hostile user may leave in or around the folder', () => {
  test('a synth stopped between its two renames: the next synth, even a failing one, brings the previous output back first', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    const before = tree(outdir);
    fs.renameSync(outdir, join(dirname(outdir), '.dist.old-0123456789ab'));
    const unmatched = (f: FederatedMesh) => f.findMesh('alpha')!.addServiceImport('i', { peer: f.findMesh('beta')! }).addNameRule({ namespace: 'info', name: 'nothing' });
    expect(() => synth(outdir, TWO, {}, unmatched)).toThrow(/matches nothing mesh 'beta' exports to 'alpha'/);
    expect(tree(outdir)).toEqual(before);
    synth(outdir, THREE);
    expect(readdirSync(dirname(outdir))).toEqual(['dist']);
  });

  test('writeKustomizations with force keeps only what the library wrote, so a later synth cannot delete a foreign file silently', () => {
    const outdir = newOutdir();
    const app = synth(outdir, TWO);
    writeFileSync(join(outdir, 'NOTES.txt'), 'notes');
    new FederationApp({ outdir, force: true, printWarnings: false, printSummary: false }).writeKustomizations(outdir);
    expect(existsSync(join(outdir, 'NOTES.txt'))).toBe(false);
    expect(readFileSync(join(outdir, MARKER), 'utf8')).not.toContain('NOTES.txt');
    expect(Object.keys(app.clusterFiles())).toEqual(['alpha', 'beta']);
  });

  test('a marker that is a FIFO is not read (no hang): the folder counts as unmarked', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    rmSync(join(outdir, MARKER));
    expect(spawnSync('mkfifo', [join(outdir, MARKER)]).status).toBe(0);
    expect(() => synth(outdir, TWO)).toThrow(/holds '\.cdk8s-mesh-federation-owned', which is not a regular file or folder \(a FIFO, socket or device\)/);
  });

  test('a FIFO inside the folder is refused unless forced', () => {
    const outdir = newOutdir();
    synth(outdir, TWO);
    expect(spawnSync('mkfifo', [join(outdir, 'alpha', 'pipe')]).status).toBe(0);
    expect(() => synth(outdir, TWO)).toThrow(/holds 'alpha\/pipe', which is not a regular file or folder \(a FIFO, socket or device\)/);
    synth(outdir, TWO, { force: true });
    expect(existsSync(join(outdir, 'alpha', 'pipe'))).toBe(false);
  });

  test('a marker whose line ends Git rewrote (CRLF) still counts', () => {
    const outdir = newOutdir();
    synth(outdir, THREE);
    const marker = join(outdir, MARKER);
    writeFileSync(marker, readFileSync(marker, 'utf8').replace(/\n/g, '\r\n'));
    synth(outdir, TWO);
    expect(existsSync(join(outdir, 'gamma'))).toBe(false);
  });

  test('the current folder, or one holding it, is refused even with force', () => {
    const outdir = newOutdir();
    mkdirSync(join(outdir, 'work'), { recursive: true });
    const cwd = process.cwd();
    try {
      process.chdir(join(outdir, 'work'));
      expect(() => synth(outdir, TWO, { force: true })).toThrow(/is the current folder or holds it; replacing it would pull the folder out from under this process/);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(outdir, 'work'))).toBe(true);
  });

  test('a folder holding a Git repository is refused even with force', () => {
    const outdir = newOutdir();
    mkdirSync(join(outdir, '.git'), { recursive: true });
    writeFileSync(join(outdir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(() => synth(outdir, TWO, { force: true })).toThrow(/holds a Git repository \(\.git\), which synth would delete with the folder/);
    expect(readFileSync(join(outdir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  test('a long but legal folder name works (the temporary folder\'s name is cut)', () => {
    const outdir = join(dirname(newOutdir()), 'x'.repeat(240));
    synth(outdir, TWO);
    expect(readdirSync(outdir).sort()).toEqual([MARKER, 'alpha', 'beta', 'federation-manual-steps.md', 'federation-plan.md', 'federation-topology.md']);
  });

  test('the command line refuses an output folder that holds the description', () => {
    const dir = dirname(newOutdir());
    const file = join(dir, 'federation.yaml');
    writeFileSync(file, readFileSync(join(ROOT, 'examples', 'service-sharing', 'federation.yaml'), 'utf8'));
    const err: string[] = [];
    expect(main(['synth', file, '-o', dir, '--force'], { out: () => undefined, err: t => err.push(t) })).toBe(1);
    expect(err.join('')).toContain(`the output folder ${dir} holds the description itself, and synth replaces that folder whole. Fix: set -o to a folder of its own`);
    expect(existsSync(file)).toBe(true);
  });
});
