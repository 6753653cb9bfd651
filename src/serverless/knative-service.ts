// A Knative Service that runs in the mesh, and the annotations for one built another way.
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { namespaceProblem, validPort } from './checks';
import { PASSTHROUGH } from './constants';
import { meshAnnotationProblems, templateAnnotationPatches, templateAnnotations } from './mesh-annotations';
import { FederationError } from '../core/errors';
import { dnsLabelProblem } from '../core/names';
import { q } from '../core/output';
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
    const where = `Knative Service ${q(`${service.metadata.namespace ?? Chart.of(service).namespace ?? 'default'}/${service.name}`)}`;
    if (service.kind !== 'Service' || service.apiVersion !== 'serving.knative.dev/v1') {
      throw new FederationError([`${where}: is a ${service.apiVersion} ${service.kind}, not a Knative Service (serving.knative.dev/v1 Service). Fix: pass the Knative Service's ApiObject`]);
    }
    const json = renderUserObject(service);
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
          const found = meshAnnotationProblems(where, renderUserObject(service), false);
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
    super(scope, id);
    const problems = knativeServiceProblems(props);
    if (problems.length > 0) throw new FederationError(problems);

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

/** Problems of the props of a `KnativeService`. */
function knativeServiceProblems(props: KnativeServiceProps): string[] {
  const where = `Knative Service ${q(props.name)}`;
  const problems: string[] = [];
  const nameProblem = typeof props.name === 'string' ? dnsLabelProblem(props.name) : 'is not a string';
  if (nameProblem) problems.push(`${where}: name ${nameProblem}. Fix: use a name like 'hello'`);
  if (props.namespace !== undefined) {
    const p = namespaceProblem(where, 'namespace', props.namespace);
    if (p) problems.push(p);
  }
  if (typeof props.image !== 'string' || props.image.length === 0 || /\s/.test(props.image)) {
    problems.push(`${where}: image ${q(props.image)} is not an image reference. Fix: use e.g. 'quay.io/openshift-knative/helloworld-go:latest'`);
  }
  if (props.port !== undefined && !validPort(props.port)) {
    problems.push(`${where}: port ${q(props.port)} is not a port number (1-65535). Fix: use the port the container listens on, e.g. 8080`);
  }
  return problems;
}
