// The checks of `MeshCertificateAuthority.certManager()`'s options, and Go durations as cert-manager
// reads them. Pure functions; not exported from the package.
import { rootCertificateProblems } from '../core/certificate';
import { PropGuard, valueProblem } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem, dnsSubdomainProblem } from '../core/names';
import { describeValue, q } from '../core/output';

/** The cert-manager settings of a mesh, with their defaults. */
export interface CertManagerCaSettings {
  /** The user's issuer of the intermediate CAs; undefined for the default CA ClusterIssuer. */
  readonly issuer?: { readonly name: string; readonly kind: string; readonly group: string };
  readonly rootSecretName: string;
  readonly rootCertificate?: string;
  readonly certManagerNamespace: string;
  readonly duration: string;
  readonly renewBefore: string;
  readonly privateKeyAlgorithm: string;
  readonly privateKeySize: number;
}

/** The key sizes each algorithm takes (cert-manager accepts more; Istio's CAs use these). */
export const KEY_SIZES: Readonly<Record<string, readonly number[]>> = { ECDSA: [256, 384], RSA: [2048, 4096] };
const ISSUER_KINDS = ['ClusterIssuer', 'Issuer'];

const text = (fix: string): PropGuard => ({ kind: 'string', fix });
const OPTIONS: Record<string, PropGuard> = {
  issuer: { kind: 'object', fix: "pass e.g. { name: 'vault-mesh-root', kind: CertManagerIssuerKind.CLUSTER_ISSUER }, or leave it out" },
  rootSecretName: text("pass a Secret name such as 'istio-mesh-root-ca', or leave it out"),
  rootCertificate: text("pass the root certificate's PEM text ('-----BEGIN CERTIFICATE-----' ...)"),
  certManagerNamespace: text("pass a namespace name such as 'cert-manager', or leave it out"),
  duration: text("pass a Go duration such as '8760h', or leave it out"),
  renewBefore: text("pass a Go duration such as '720h', or leave it out"),
  privateKeyAlgorithm: {
    kind: { oneOf: Object.keys(KEY_SIZES), name: `one of ${Object.keys(KEY_SIZES).map(k => q(k)).join(', ')}` },
    fix: 'use CaPrivateKeyAlgorithm.ECDSA or CaPrivateKeyAlgorithm.RSA, or leave it out',
  },
  privateKeySize: { kind: 'integer', fix: 'pass 256 or 384 for ECDSA, 2048 or 4096 for RSA, or leave it out' },
};
const ISSUER: Record<string, PropGuard> = {
  name: { kind: 'string', required: true, fix: "pass the issuer's name, e.g. 'vault-mesh-root'" },
  kind: {
    kind: { oneOf: ISSUER_KINDS, name: `one of ${ISSUER_KINDS.map(k => q(k)).join(', ')}` },
    fix: 'use CertManagerIssuerKind.CLUSTER_ISSUER or CertManagerIssuerKind.ISSUER, or leave it out',
  },
  group: text("pass the issuer's API group, e.g. 'cert-manager.io', or leave it out"),
};

/** Go's duration units in nanoseconds, as `time.ParseDuration` takes them. */
const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const HOUR = 3600e9;
const MINUTE = 60e9;
/** Go's durations end below 2^63 nanoseconds (the int64 range), about 292 years. */
const DURATION_END = 2 ** 63;

/** A Go duration (`8760h`, `1h30m`, `90m0.5s`) in nanoseconds, or undefined when it is not one (or is signed or 0 alone). */
export function parseGoDuration(value: string): number | undefined {
  if (value.length > 64 || !DURATION.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * UNITS[m[2]];
  return total;
}

/** Problems of the options of `MeshCertificateAuthority.certManager()`, types first, then values. */
export function caOptionProblems(owner: string, options: unknown): string[] {
  if (!isPlainObject(options)) {
    return [`${owner}: options are ${describeValue(options)}, not an object. Fix: pass e.g. { duration: '8760h' }, or nothing`];
  }
  // Each option is read once here, so a getter that throws is named instead of escaping.
  for (const [where, obj] of [['', options], ['issuer.', options.issuer]] as const) {
    if (!isPlainObject(obj)) continue;
    for (const key of Object.keys(obj)) {
      try {
        void (obj as Record<string, unknown>)[key];
      } catch (e) {
        return [`${owner}: ${where}${key} cannot be read (${describeValue((e as Error)?.message ?? e)}). Fix: pass plain values, not getters`];
      }
    }
  }
  const shape = [
    ...Object.entries(OPTIONS).flatMap(([prop, guard]) => valueProblem(owner, prop, options[prop], guard) ?? []),
    ...isPlainObject(options.issuer) ? Object.entries(ISSUER).flatMap(([p, g]) => valueProblem(owner, `issuer.${p}`, (options.issuer as any)[p], g) ?? []) : [],
  ];
  if (shape.length > 0) return shape;
  const unknown = [
    ...Object.keys(options).filter(k => !Object.prototype.hasOwnProperty.call(OPTIONS, k)).map(k => [k, Object.keys(OPTIONS)] as const),
    ...isPlainObject(options.issuer) ? Object.keys(options.issuer).filter(k => !Object.prototype.hasOwnProperty.call(ISSUER, k)).map(k => [`issuer.${k}`, Object.keys(ISSUER)] as const) : [],
  ];
  if (unknown.length > 0) {
    // A misspelt option would otherwise be left out silently, its default taken instead (an issuer kind, a renewal time).
    return unknown.map(([k, known]) => `${owner}: ${q(k)} is not an option here. Fix: use ${known.map(o => q(o)).join(', ')}; check the spelling (options are case-sensitive)`);
  }
  return [...nameProblems(owner, options), ...durationProblems(owner, options), ...keyProblems(owner, options), ...rootProblems(owner, options)];
}

/** Names that Kubernetes must take: Secret, namespace and issuer names, and the issuer group. */
function nameProblems(owner: string, o: Record<string, any>): string[] {
  const checks: Array<[string, unknown, (v: string) => string | undefined, string]> = [
    ['rootSecretName', o.rootSecretName, dnsSubdomainProblem, "'istio-mesh-root-ca'"],
    ['certManagerNamespace', o.certManagerNamespace, v => dnsLabelProblem(v), "'cert-manager'"],
    ['issuer.name', o.issuer?.name, dnsSubdomainProblem, "'vault-mesh-root'"],
    ['issuer.group', o.issuer?.group, dnsSubdomainProblem, "'cert-manager.io'"],
  ];
  return checks.flatMap(([prop, value, problemOf, example]) => {
    const problem = typeof value === 'string' ? problemOf(value) : undefined;
    return problem ? [`${owner}: ${prop} ${q(value)} ${problem}. Fix: use a name like ${example}`] : [];
  });
}

/** `duration` and `renewBefore`: Go durations, within cert-manager's bounds, renewBefore the shorter. */
function durationProblems(owner: string, o: Record<string, any>): string[] {
  const problems: string[] = [];
  const parsed: Record<string, number | undefined> = {};
  for (const [prop, value, min, minText] of [['duration', o.duration ?? '8760h', HOUR, '1h'], ['renewBefore', o.renewBefore ?? '720h', 5 * MINUTE, '5m']] as const) {
    const ns = parseGoDuration(value);
    if (ns === undefined) {
      problems.push(`${owner}: ${prop} ${q(value)} is not a Go duration, which cert-manager reads it as (a number and a unit, ns to h, e.g. '8760h' or '2h45m'; no days, no sign, no spaces). Fix: write it in hours, e.g. '${prop === 'duration' ? '8760h' : '720h'}'`);
    } else if (ns < min || ns >= DURATION_END) {
      problems.push(`${owner}: ${prop} ${q(value)} is ${ns < min ? `shorter than ${minText}, the least cert-manager accepts` : "longer than Go's longest duration (about 292 years)"}. Fix: use a ${prop} between ${minText} and '876000h'`);
    } else {
      parsed[prop] = ns;
    }
  }
  if (parsed.duration !== undefined && parsed.renewBefore !== undefined && parsed.renewBefore >= parsed.duration) {
    problems.push(`${owner}: renewBefore ${q(o.renewBefore ?? '720h')} is not shorter than duration ${q(o.duration ?? '8760h')}, so cert-manager would renew the intermediate CA as soon as it is issued. Fix: make renewBefore a fraction of duration, e.g. duration '8760h' with renewBefore '720h'`);
  }
  return problems;
}

/** The key size must be one its algorithm takes. */
function keyProblems(owner: string, o: Record<string, any>): string[] {
  const algorithm: string = o.privateKeyAlgorithm ?? 'ECDSA';
  const sizes = KEY_SIZES[algorithm];
  if (o.privateKeySize === undefined || sizes.includes(o.privateKeySize)) return [];
  return [`${owner}: privateKeySize ${o.privateKeySize} is not a key size of ${algorithm} here (${sizes.join(' or ')}). Fix: pass ${sizes.join(' or ')}, or leave it out for ${sizes[0]}`];
}

/**
 * The root settings must match the issuer: the default issuer reads the root from the root Secret
 * (no rootCertificate); your own issuer holds the root, whose certificate istio-csr pins
 * (rootCertificate required, no rootSecretName).
 */
function rootProblems(owner: string, o: Record<string, any>): string[] {
  const own = o.issuer === undefined ? undefined : `your issuer ${q(o.issuer.name)}`;
  const mismatch = (what: string, fix: string) => `${owner}: ${what} does not go with ${own ?? 'the default issuer'}, which ${own ? 'holds the root itself, while istio-csr pins the root certificate that trust-manager copies to it from rootCertificate' : 'reads the root certificate and key from the root Secret (rootSecretName)'}. Fix: ${fix}`;
  if (!own) return o.rootCertificate === undefined ? [] : [mismatch('rootCertificate', 'leave rootCertificate out, or name your own issuer')];
  const problems: string[] = [];
  if (o.rootSecretName !== undefined) problems.push(mismatch(`rootSecretName ${q(o.rootSecretName)}`, 'leave rootSecretName out, or leave issuer out to use the root Secret'));
  if (o.rootCertificate === undefined) problems.push(mismatch('a missing rootCertificate', "pass the root certificate's PEM text as rootCertificate"));
  else problems.push(...rootCertificateProblems(o.rootCertificate, new Date()).map(p => `${owner}: rootCertificate ${p}`));
  return problems;
}
