// The root certificates of a federation's meshes: what the plan and the reports list of them, and
// what is found about their expiry at a given instant (warnings and problems, never written to a file).
import { certificateExpiryWarning, CertificateFacts, certificateFacts, expiredProblem, expiringCertificates } from '../core/certificate';
import { q } from '../core/output';
import { FederationModel } from './model/resolve';

/** A mesh's root certificates, in bundle order. */
export interface MeshCertificates {
  readonly mesh: string;
  readonly certificates: CertificateFacts[];
}

/** Each mesh that has a root certificate, by name, with the facts of every certificate of its bundle. */
export function meshCertificates(model: FederationModel): MeshCertificates[] {
  return model.meshes.flatMap(mesh => {
    const pem = mesh.options.rootCertificate;
    return pem === undefined ? [] : [{ mesh: mesh.name, certificates: certificateFacts(pem) }];
  });
}

/**
 * What `now` says about the meshes' root certificates: one that expired since it was declared is a
 * problem, one that expires within `windowMs` a warning (none with a window of 0).
 */
export function certificateFindings(model: FederationModel, windowMs: number, now: Date): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const mesh of model.meshes) {
    const pem = mesh.options.rootCertificate;
    if (pem === undefined) continue;
    const source = mesh.certificateSource ?? 'rootCertificate';
    const all = certificateFacts(pem);
    all.forEach((facts, index) => {
      if (new Date(facts.notAfter).getTime() < now.getTime()) {
        problems.push(`mesh ${q(mesh.name)}: ${source} ${expiredProblem(all.length > 1 ? `certificate #${index + 1}` : 'certificate', facts)}`);
      }
    });
    for (const expiring of expiringCertificates(pem, now, windowMs)) warnings.push(certificateExpiryWarning(mesh.name, source, expiring));
  }
  return { problems, warnings };
}
