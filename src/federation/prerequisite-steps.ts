// The preconditions of a mesh that its output cannot create, as manual steps with the commands that
// finish them: the operator, the namespaces that must exist, and memberships the library cannot
// list or was told to leave out. Pure functions of the resolved model (internal; FederatedMesh
// exposes them through manualSteps()).
import { ManualStep } from '../core/manual-step';
import { q } from '../core/output';
import { ResolvedMesh } from './model/resolve';
import { MEMBER_ROLL_NAME } from './render';
import { ExportRuleSpec, isAny } from './resolution';

/** Every precondition of `mesh`, in the order they are met: operator, namespaces, members. */
export function prerequisiteSteps(mesh: ResolvedMesh): ManualStep[] {
  return [
    operatorStep(mesh),
    ...controlPlaneNamespaceSteps(mesh),
    ...applicationNamespaceSteps(mesh),
    ...unlistedMemberSteps(mesh),
    ...memberRollSteps(mesh),
  ];
}

/** The operator version that serves `version` (`v2.6` needs 2.6), or undefined for an unexpected form. */
export function operatorVersionFor(version: string): string | undefined {
  return /^v(2\.[0-9]+)$/.exec(version)?.[1];
}

/** The OpenShift Service Mesh 2 operator, which serves the mesh's ServiceMeshControlPlane version and the federation kinds. */
function operatorStep(mesh: ResolvedMesh): ManualStep {
  const operator = operatorVersionFor(mesh.version);
  return {
    cluster: mesh.name,
    title: `Check that ${mesh.name}'s cluster runs the OpenShift Service Mesh 2 operator for ${mesh.version}`,
    reason: `The ServiceMeshControlPlane asks for spec.version ${mesh.version}, and the ServiceMeshControlPlane, ServiceMeshMemberRoll and federation kinds exist only once the operator is installed. An operator serves its own minor version and some earlier ones, never a later one; operators are installed through OLM by the cluster admin, not by this output.`,
    commands: [
      'oc get csv -n openshift-operators -o custom-columns=NAME:.metadata.name,VERSION:.spec.version | grep servicemeshoperator',
      `# VERSION must be ${operator ? `${operator}.x or a later 2.y that still serves ${mesh.version}` : `one that serves ${mesh.version}`}; if it is missing or older, install or upgrade Red Hat OpenShift Service Mesh 2 (Subscription servicemeshoperator) from OperatorHub.`,
    ],
    then: `Apply ${mesh.name}'s folder once the operator runs.`,
  };
}

/** With `prerequisites.namespaces` false, the control-plane namespace must exist before the first sync. */
function controlPlaneNamespaceSteps(mesh: ResolvedMesh): ManualStep[] {
  if (mesh.prerequisites.namespaces) return [];
  return [{
    cluster: mesh.name,
    title: `Create ${mesh.name}'s control-plane namespace ${mesh.namespace}`,
    reason: `prerequisites.namespaces is false, so the output holds no Namespace, and ${mesh.name}'s control plane and federation objects go into ${mesh.namespace}.`,
    commands: [createNamespace(mesh.namespace)],
    then: `An Argo CD Application whose destination.namespace is ${mesh.namespace} creates it too, with syncPolicy.syncOptions [CreateNamespace=true].`,
  }];
}

/** The application namespaces the mesh's own objects are written to, which the library never creates. */
function applicationNamespaceSteps(mesh: ResolvedMesh): ManualStep[] {
  const namespaces = mesh.membership.objectNamespaces;
  if (namespaces.length === 0) return [];
  return [{
    cluster: mesh.name,
    title: `Create the application namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')} before ${mesh.name}'s first sync`,
    reason: `${mesh.name}'s failover DestinationRules are written into ${namespaces.join(', ')}, which the library does not create: application namespaces belong to the applications, and a Namespace in the mesh's folder would be deleted, with everything in it, by a GitOps tool that prunes once the last failover there is removed.`,
    commands: namespaces.map(createNamespace),
  }];
}

/** Export rules over any namespace: the namespaces of the services they match cannot be listed. */
function unlistedMemberSteps(mesh: ResolvedMesh): ManualStep[] {
  const rules = mesh.membership.unlistedExports;
  if (rules.length === 0) return [];
  const add = mesh.prerequisites.memberRoll
    ? `Pass each namespace listed (but ${mesh.namespace}) to addMemberNamespace() on '${mesh.name}' and synthesize again.`
    : `Add each namespace listed (but ${mesh.namespace}) to ${mesh.name}'s member roll: ${addMemberCommand(mesh, '<namespace>')}`;
  return [{
    cluster: mesh.name,
    title: `Make the namespaces of services ${mesh.name} exports from any namespace members of the mesh`,
    reason: `${rules.map(r => r.call).join('; ')} select${rules.length > 1 ? '' : 's'} services in any namespace, which the library cannot list, and the operator exports only services of member namespaces.`,
    commands: rules.map(r => `oc get services -A ${serviceSelector(r)}-o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name`),
    then: add,
  }];
}

/** With `prerequisites.memberRoll` false, the namespaces the mesh relies on must be members of the platform's roll. */
function memberRollSteps(mesh: ResolvedMesh): ManualStep[] {
  const members = mesh.membership.members;
  if (mesh.prerequisites.memberRoll || members.length === 0) return [];
  return [{
    cluster: mesh.name,
    title: `Make ${members.join(', ')} members of ${mesh.name}'s control plane`,
    reason: 'prerequisites.memberRoll is false, so the output holds no ServiceMeshMemberRoll, and the control plane watches only its members: these namespaces hold exported services, importAsLocal clients or failovers, or were added as members.',
    commands: [
      `oc -n ${mesh.namespace} get servicemeshmemberroll ${MEMBER_ROLL_NAME} -o jsonpath='{.spec.members}'`,
      '# For each namespace the roll does not list yet:',
      ...members.map(ns => addMemberCommand(mesh, ns)),
    ],
  }];
}

function createNamespace(namespace: string): string {
  return `oc get namespace ${namespace} >/dev/null 2>&1 || oc create namespace ${namespace}`;
}

function addMemberCommand(mesh: ResolvedMesh, namespace: string): string {
  return `oc -n ${mesh.namespace} patch servicemeshmemberroll ${MEMBER_ROLL_NAME} --type=json -p '[{"op":"add","path":"/spec/members/-","value":"${namespace}"}]'`;
}

/** The `oc get services` selector of the services an export rule over any namespace matches, with a trailing space. */
function serviceSelector(rule: ExportRuleSpec): string {
  if (rule.kind === 'name') {
    return isAny(rule.name) ? '' : `--field-selector metadata.name=${rule.name} `;
  }
  const parts = [
    ...Object.entries(rule.matchLabels ?? {}).sort().map(([k, v]) => `${k}=${v}`),
    ...(rule.matchExpressions ?? []).map(e => {
      switch (e.operator) {
        case 'In': return `${e.key} in (${(e.values ?? []).join(',')})`;
        case 'NotIn': return `${e.key} notin (${(e.values ?? []).join(',')})`;
        case 'DoesNotExist': return `!${e.key}`;
        default: return e.key;
      }
    }),
  ];
  return `-l ${q(parts.join(','))} `;
}
