// Plain declarations for the federation model's unit tests: no construct, no chart.
import { GatewayNaming, LoadBalancerScheme, MeshOptions, Platform } from '../../src';
import { resolvePrerequisites } from '../../src/federation/membership';
import { DeclaredExport, DeclaredFailover, DeclaredImport, DeclaredMember, DeclaredMesh, FederationInput } from '../../src/federation/model/declarations';
import { FederationModel, resolveFederation } from '../../src/federation/model/resolve';
import { ExportRuleSpec, ImportRuleSpec } from '../../src/federation/resolution';

/** A mesh declared with the federation's defaults (docs naming), on GCP unless told otherwise. */
export function declaredMesh(name: string, options: Partial<MeshOptions> = {}): DeclaredMesh {
  const full: MeshOptions = { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), ...options };
  return {
    name,
    options: full,
    namespace: full.namespace ?? `${name}-system`,
    controlPlaneName: full.controlPlaneName ?? name,
    trustDomain: full.trustDomain ?? `${name}.local`,
    naming: full.gatewayNaming ?? GatewayNaming.docs(),
    explicitVersion: full.version,
    prerequisites: resolvePrerequisites(full.prerequisites, undefined),
  };
}

/** A name rule of an export, as `ServiceExport.addNameRule` declares it. */
export function exportNameRule(
  mesh: string, peer: string, namespace: string, name: string, alias?: { namespace?: string; name?: string },
): ExportRuleSpec {
  const call = `export to '${peer}' 'e' addNameRule('${namespace}', '${name}')`;
  return { kind: 'name', namespace, name, alias, source: `mesh '${mesh}': ${call}`, call };
}

/** A name rule of an import, as `ServiceImport.addNameRule` declares it. */
export function importNameRule(mesh: string, peer: string, namespace: string, name: string, extra: Partial<ImportRuleSpec> = {}): ImportRuleSpec {
  const call = `import from '${peer}' 'i' addNameRule('${namespace}', '${name}')`;
  return { namespace, name, importAsLocal: false, source: `mesh '${mesh}': ${call}`, call, ...extra };
}

/** Resolves a federation of the given meshes, pairs, exports, imports, failovers and declared members. */
export function model(
  meshes: DeclaredMesh[], peerings: Array<[string, string]>, exports: DeclaredExport[] = [], imports: DeclaredImport[] = [],
  failovers: DeclaredFailover[] = [], members: DeclaredMember[] = [],
): FederationModel {
  const pairs = peerings.map(([a, b]): [string, string] => (a < b ? [a, b] : [b, a]));
  const input: FederationInput = { name: 'federation', hubAndSpoke: false, meshes, peerings: pairs, exports, imports, failovers, members };
  return resolveFederation(input);
}
