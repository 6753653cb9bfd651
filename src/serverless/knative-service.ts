// A Knative Service that runs in the mesh, and the annotations for one built another way.
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { namespaceProblem, validPort } from './checks';
import { PASSTHROUGH } from './constants';
import { meshAnnotationProblems, templateAnnotationPatches, templateAnnotations } from './mesh-annotations';
import { checkKnativeServiceShape, scopeProblems } from './shape';
import { FederationError } from '../core/errors';
import { guardValue } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem } from '../core/names';
import { describeValue, q } from '../core/output';
import { renderUserObject } from '../core/user-objects';

/** Props of a `KnativeService`. */
export interface KnativeServiceProps {
  /** The Service name. */
  readonly name: string;
  /** The container image. */
  readonly image: string;
  /**
   * The namespace (a member of the mesh).
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Environment variables of the container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * The port the container listens on.
   * @default - Knative's default, 8080 (passed in $PORT)
   */
  readonly port?: number;
}

/**
 * A Knative Service (`serving.knative.dev/v1`) that runs in the mesh: it carries
 * `serving.knative.openshift.io/enablePassthrough: "true"` and, on its revision template,
 * `sidecar.istio.io/inject: "true"` and `sidecar.istio.io/rewriteAppHTTPProbers: "true"`.
 * For a Knative Service defined another way, use `KnativeService.addMeshAnnotations()`.
 *
 * Construct id of the object: `Resource` (also `node.defaultChild`).
 */
export class KnativeService extends Construct {
  /**
   * Adds the passthrough and sidecar annotations to a Knative Service ApiObject defined elsewhere
   * (`metadata.annotations` and `spec.template.metadata.annotations`). Call it once the object's
   * spec is set. A different value already there is an error, never overwritten; at synth the
   * annotations are checked again.
   */
  public static addMeshAnnotations(service: ApiObject): void {
    if (service instanceof KnativeService) {
      throw new FederationError([`KnativeService.addMeshAnnotations(): service is the KnativeService ${q((service as KnativeService).node.path)}, whose object already carries the annotations. Fix: call it only for a Knative Service built another way (an ApiObject)`]);
    }
    guardValue('KnativeService.addMeshAnnotations()', 'service', service, {
      kind: { instanceOf: ApiObject, name: 'an ApiObject' },
      required: true,
      fix: "pass the Knative Service's ApiObject, e.g. new ApiObject(chart, 'Hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', ... })",
    });
    const where = `Knative Service ${q(`${service.metadata.namespace ?? Chart.of(service).namespace ?? 'default'}/${service.name}`)}`;
    if (service.kind !== 'Service' || service.apiVersion !== 'serving.knative.dev/v1') {
      throw new FederationError([`${where}: is a ${service.apiVersion} ${service.kind}, not a Knative Service (serving.knative.dev/v1 Service). Fix: pass the Knative Service's ApiObject`]);
    }
    const json = renderService(where, service);
    const problems = meshAnnotationProblems(where, json, true);
    if (problems.length > 0) throw new FederationError(problems);

    if (json.metadata?.annotations?.[PASSTHROUGH] === undefined) {
      service.metadata.addAnnotation(PASSTHROUGH, 'true');
    }
    for (const patch of templateAnnotationPatches(json)) {
      service.addJsonPatch(patch);
    }
    if (!CHECKED.has(service)) {
      CHECKED.add(service);
      service.node.addValidation({
        validate: () => {
          const found = meshAnnotationProblems(where, renderService(where, service), false);
          if (found.length > 0) throw new FederationError(found);
          return [];
        },
      });
    }
  }

  /** The Knative Service object (escape hatch). */
  public readonly resource: ApiObject;
  /** The Service name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: KnativeServiceProps) {
    // Every check runs before the construct joins the tree: a refused declaration leaves nothing behind.
    const { problems, checked } = checkKnativeService(scope, id, props);
    if (problems.length > 0) throw new FederationError(problems);
    super(scope, id);
    props = checked;

    this.name = props.name;
    const env = Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value }));
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: props.name, namespace: props.namespace, annotations: { [PASSTHROUGH]: 'true' } },
      spec: {
        template: {
          metadata: { annotations: templateAnnotations() },
          spec: {
            containers: [{
              image: props.image,
              env: env.length > 0 ? env : undefined,
              ports: props.port !== undefined ? [{ containerPort: props.port }] : undefined,
            }],
          },
        },
      },
    });
  }
}

/** The Knative Service ApiObjects `addMeshAnnotations()` has already set a synth check on. */
const CHECKED = new WeakSet<IConstruct>();

/**
 * The JSON of a Knative Service the user built; a FederationError when it cannot be rendered (a
 * cycle in its spec overflows the stack, a value of its own throws).
 */
function renderService(where: string, service: ApiObject): any {
  try {
    return renderUserObject(service);
  } catch (e) {
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new FederationError([`${where}: cannot be rendered as JSON (${reason.length > 200 ? `${reason.slice(0, 197)}...` : reason}). Fix: give the Knative Service only JSON values, without cycles`]);
  }
}

/** All problems of a KnativeService's declaration, together: the scope and id, the types of the props, then their values. */
function checkKnativeService(scope: unknown, id: unknown, props: unknown): { problems: string[]; checked: KnativeServiceProps } {
  const name = isPlainObject(props) ? props.name : undefined;
  const where = typeof name === 'string' ? `Knative Service ${q(name)}` : `KnativeService ${typeof id === 'string' ? q(id) : describeValue(id)}`;
  const shape = checkKnativeServiceShape<KnativeServiceProps>(where, props);
  const checked = shape.props ?? { name: '', image: '' };
  const problems = [...scopeProblems(where, 'KnativeService', scope, id), ...shape.problems];
  if (shape.props !== undefined) problems.push(...knativeServiceProblems(where, checked));
  return { problems, checked };
}

/** A container environment variable name, as Kubernetes accepts it. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Problems of the values of the props of a `KnativeService` (those of the wrong type left out). */
function knativeServiceProblems(where: string, props: KnativeServiceProps): string[] {
  const problems: string[] = [];
  const nameProblem = typeof props.name === 'string' ? dnsLabelProblem(props.name) : undefined;
  if (nameProblem) problems.push(`${where}: name ${nameProblem}. Fix: use a name like 'hello'`);
  if (!nameProblem && /^[0-9]/.test(props.name)) {
    problems.push(`${where}: name starts with a digit, but Knative refuses a Service name that is not a DNS-1035 label (starting with a letter). Fix: put a letter first, e.g. 'svc-${props.name}'`);
  }
  if (props.namespace !== undefined) {
    const p = namespaceProblem(where, 'namespace', props.namespace);
    if (p) problems.push(p);
  }
  if (typeof props.image === 'string' && (props.image.length === 0 || /\s/.test(props.image))) {
    problems.push(`${where}: image ${q(props.image)} is not an image reference. Fix: use e.g. 'quay.io/openshift-knative/helloworld-go:latest'`);
  }
  if (props.port !== undefined && !validPort(props.port)) {
    problems.push(`${where}: port ${q(props.port)} is not a port number (1-65535). Fix: use the port the container listens on, e.g. 8080`);
  }
  const badEnv = Object.keys(props.env ?? {}).find(key => !ENV_NAME.test(key));
  if (badEnv !== undefined) {
    problems.push(`${where}: env has the name ${q(badEnv)}, which is not an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit). Fix: use a name like 'TARGET'`);
  }
  return problems;
}
