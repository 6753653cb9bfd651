// Who issues the intermediate CA of every cluster of a multi-network mesh: by hand (`cacerts`, the
// default), or cert-manager with istio-csr, as OpenShift Service Mesh 3 documents it.
import { caOptionProblems, CertManagerCaSettings } from './ca-checks';
import { FederationError } from '../core/errors';

/** The private key algorithms an intermediate CA may use (cert-manager's names). */
export enum CaPrivateKeyAlgorithm {
  /** ECDSA: key size 256 (P-256) or 384 (P-384). */
  ECDSA = 'ECDSA',
  /** RSA: key size 2048 or 4096. */
  RSA = 'RSA',
}

/** The kinds of cert-manager issuer an intermediate CA may be issued by. */
export enum CertManagerIssuerKind {
  /** A namespaced `Issuer`: it must be in the mesh's control-plane namespace, beside the intermediate CA Certificate. */
  ISSUER = 'Issuer',
  /** A cluster-scoped `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Your own cert-manager issuer of the intermediate CAs, e.g. a Vault `ClusterIssuer` that holds the root. */
export interface CertManagerIssuerRef {
  /** The issuer's name (a DNS-1123 subdomain), e.g. `vault-mesh-root`. */
  readonly name: string;
  /**
   * The issuer's kind.
   * @default CertManagerIssuerKind.CLUSTER_ISSUER
   */
  readonly kind?: CertManagerIssuerKind;
  /**
   * The issuer's API group: `cert-manager.io` for cert-manager's own issuers, the external issuer's
   * group otherwise (e.g. `awspca.cert-manager.io`).
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/** Options of `MeshCertificateAuthority.certManager()`. */
export interface CertManagerCaOptions {
  /**
   * The issuer that signs every cluster's intermediate CA with the shared root. Give your own for
   * production (a Vault, AWS Private CA or other external issuer keeps the root key out of the
   * clusters); then `rootCertificate` is required and no root Secret is made.
   * @default - a CA `ClusterIssuer` `istio-mesh-root-ca` on each cluster, over the Secret
   * `rootSecretName` that you create with the shared root's certificate and key (a manual step):
   * the root key is then in every cluster
   */
  readonly issuer?: CertManagerIssuerRef;

  /**
   * The `kubernetes.io/tls` Secret holding the shared root's certificate and key, in
   * `certManagerNamespace`, which the default issuer signs with and trust-manager reads the root
   * certificate from. Only without `issuer`.
   * @default 'istio-mesh-root-ca'
   */
  readonly rootSecretName?: string;

  /**
   * The shared root certificate (PEM, certificate blocks only), required with `issuer`:
   * trust-manager copies it to istio-csr, which pins it and gives it to every workload. Without
   * `issuer` it is read from the root Secret and must not be given.
   * @default - read from the root Secret
   */
  readonly rootCertificate?: string;

  /**
   * The namespace of cert-manager (its cluster resource namespace, where a `ClusterIssuer`'s Secret
   * lives), of trust-manager (its trust namespace) and of istio-csr, on every cluster.
   * @default 'cert-manager'
   */
  readonly certManagerNamespace?: string;

  /**
   * How long an intermediate CA is valid, in Go's duration format (`8760h`, `2160h30m`), at least 1h.
   * @default '8760h' (one year)
   */
  readonly duration?: string;

  /**
   * How long before it expires cert-manager renews an intermediate CA (Go's duration format, at
   * least 5m, shorter than `duration`). Workload certificates live one hour (istio-csr's
   * default), so a renewed CA is in use within the hour.
   * @default '720h' (30 days)
   */
  readonly renewBefore?: string;

  /**
   * The intermediate CA's private key algorithm.
   * @default CaPrivateKeyAlgorithm.ECDSA
   */
  readonly privateKeyAlgorithm?: CaPrivateKeyAlgorithm;

  /**
   * The intermediate CA's key size: 256 or 384 for ECDSA, 2048 or 4096 for RSA.
   * @default - 256 for ECDSA, 2048 for RSA
   */
  readonly privateKeySize?: number;
}

/** The kinds of `MeshCertificateAuthority`. */
export enum MeshCertificateAuthorityKind {
  /** You install each cluster's `cacerts` Secret; `manualSteps()` lists the commands. */
  MANUAL = 'manual',
  /** cert-manager issues each cluster's intermediate CA, and istio-csr signs the workload certificates with it. */
  CERT_MANAGER = 'cert-manager',
}

/**
 * Who issues the intermediate CA that every cluster's istiod (or istio-csr) signs workload
 * certificates with; all of them are signed by one shared root, so that workloads of different
 * clusters trust each other.
 */
export class MeshCertificateAuthority {
  /**
   * You make the root and each cluster's intermediate CA (Istio's `tools/certs` Makefile) and create
   * the `cacerts` Secret in the control-plane namespace; `manualSteps()` lists the commands.
   */
  public static manual(): MeshCertificateAuthority {
    return new MeshCertificateAuthority(MeshCertificateAuthorityKind.MANUAL);
  }

  /**
   * cert-manager issues each cluster's intermediate CA (a `Certificate` with `isCA: true`, named
   * after the cluster) from one shared root, and istio-csr signs istiod's and every workload's
   * certificates with it (the OpenShift Service Mesh 3 integration: istiod's own CA server is off,
   * `global.caAddress` names istio-csr). trust-manager copies the root certificate to istio-csr,
   * which pins it. The root key is never written: by default you create the root Secret on each
   * cluster (a manual step); for production, name your own `issuer` that keeps it elsewhere.
   */
  public static certManager(options: CertManagerCaOptions = {}): MeshCertificateAuthority {
    const problems = caOptionProblems('MeshCertificateAuthority.certManager()', options);
    if (problems.length > 0) throw new FederationError(problems);
    const o = options;
    const algorithm = o.privateKeyAlgorithm ?? CaPrivateKeyAlgorithm.ECDSA;
    return new MeshCertificateAuthority(MeshCertificateAuthorityKind.CERT_MANAGER, {
      issuer: o.issuer && { name: o.issuer.name, kind: o.issuer.kind ?? CertManagerIssuerKind.CLUSTER_ISSUER, group: o.issuer.group ?? 'cert-manager.io' },
      rootSecretName: o.rootSecretName ?? 'istio-mesh-root-ca',
      rootCertificate: o.rootCertificate,
      certManagerNamespace: o.certManagerNamespace ?? 'cert-manager',
      duration: o.duration ?? '8760h',
      renewBefore: o.renewBefore ?? '720h',
      privateKeyAlgorithm: algorithm,
      privateKeySize: o.privateKeySize ?? (algorithm === CaPrivateKeyAlgorithm.RSA ? 2048 : 256),
    });
  }

  /** The kind of certificate authority. */
  public readonly kind: MeshCertificateAuthorityKind;

  /** With `certManager()`: its settings, defaults applied. @internal */
  public readonly _certManager?: CertManagerCaSettings;

  private constructor(kind: MeshCertificateAuthorityKind, certManager?: CertManagerCaSettings) {
    this.kind = kind;
    this._certManager = certManager && Object.freeze({ ...certManager });
  }
}
