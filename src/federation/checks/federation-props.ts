// The id and props of a FederatedMesh, checked at run time before the construct joins the tree:
// callers in other jsii languages (and descriptions) pass anything.
import { Duration } from 'cdk8s';
import { DEFAULT_EXPIRY_WARNING_DAYS } from '../../core/certificate';
import { GatewayNaming } from '../../core/gateway-naming';
import { propsProblems, reservedIdProblem } from '../../core/guards';
import { isName } from '../../core/names';
import { describeValue, q } from '../../core/output';
import { RootRotationStage } from '../root-rotation';
import { Topology } from '../topology';

/** The longest federation id: it names files (`<id>-plan.md`) and construct paths. */
const MAX_ID = 63;

/** Problems of a federation's `id` and `props`; empty when both can be used. */
export function federationPropsProblems(id: unknown, props: unknown): string[] {
  if (typeof id !== 'string' || !isName(id) || id.length > MAX_ID) {
    return [`federation ${describeValue(id)}: id is not a name of at most ${MAX_ID} letters, digits, '.', '-' and '_', starting and ending with a letter or digit (it names the reports, e.g. '<id>-plan.md'). Fix: use an id like 'federation'`];
  }
  const reserved = reservedIdProblem(id);
  if (reserved) return [`federation ${q(id)}: id ${reserved}. Fix: use an id like 'federation'`];
  const problems = propsProblems(`federation ${q(id)}`, props, {
    topology: { kind: { instanceOf: Topology, name: 'a Topology' }, fix: 'use Topology.fullMesh(), Topology.hubAndSpoke(hub) or Topology.explicit()' },
    gatewayNaming: { kind: { instanceOf: GatewayNaming, name: 'a GatewayNaming' }, fix: 'use GatewayNaming.docs(), GatewayNaming.maistraSamples() or GatewayNaming.pattern(...)' },
    version: { kind: 'string', fix: "pass a ServiceMeshControlPlane version like 'v2.6', or leave it out" },
    certificateExpiryWarning: { kind: { instanceOf: Duration, name: 'a Duration' }, fix: `pass a Duration, e.g. Duration.days(${DEFAULT_EXPIRY_WARNING_DAYS}), or leave it out` },
    rootRotation: { kind: { instanceOf: RootRotationStage, name: 'a RootRotationStage' }, fix: 'pass a step of a rotation, e.g. new RootRotation({ nextRootCertificates }).stage(1), or leave it out' },
  }, "pass the federation's props, e.g. { topology: Topology.fullMesh() }, or leave them out");
  // The window's length is read once and checked by the constructor (the Duration is the caller's object).
  return problems;
}
