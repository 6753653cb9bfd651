// Root certificate rotation as a plan: which mesh rotates to which next root, and in which numbered
// step its peers start trusting the next root, the mesh switches its CA, and its peers drop the
// previous root. A `RootRotationStage` (the plan and one step) given to a `FederatedMesh` renders
// that step's output.
import { rootCertificateProblems } from '../core/certificate';
import { FederationError } from '../core/errors';
import { guardValue, MAX_LIST, valueProblem } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem } from '../core/names';
import { byName, describeValue, q } from '../core/output';

/** What one phase of a root rotation does for one mesh. */
export enum RootRotationPhaseKind {
  /** Every peer of the mesh trusts both its current and its next root. */
  TRUST_NEXT = 'trust-next',
  /** The mesh switches its CA to the next root (by hand: the library never writes private keys). */
  SWITCH = 'switch',
  /** Every peer of the mesh trusts only its next root. */
  DROP_PREVIOUS = 'drop-previous',
}

/** The phases of one mesh, in the order they must run. */
const PHASE_ORDER: readonly RootRotationPhaseKind[] = [
  RootRotationPhaseKind.TRUST_NEXT, RootRotationPhaseKind.SWITCH, RootRotationPhaseKind.DROP_PREVIOUS,
];

const ROTATION = 'root rotation';

/** One phase of one mesh's root rotation, placed in a `RootRotationStep`. */
export class RootRotationPhase {
  /** `mesh`'s peers start trusting its next root too (their `<mesh>-ca-root-cert` holds both roots). */
  public static trustNext(mesh: string): RootRotationPhase {
    return new RootRotationPhase(RootRotationPhaseKind.TRUST_NEXT, mesh, 'trustNext');
  }

  /** `mesh` switches its CA to the next root: a manual step (the new CA's private key is never written). */
  public static switchRoot(mesh: string): RootRotationPhase {
    return new RootRotationPhase(RootRotationPhaseKind.SWITCH, mesh, 'switchRoot');
  }

  /** `mesh`'s peers stop trusting its previous root (their `<mesh>-ca-root-cert` holds only the next). */
  public static dropPrevious(mesh: string): RootRotationPhase {
    return new RootRotationPhase(RootRotationPhaseKind.DROP_PREVIOUS, mesh, 'dropPrevious');
  }

  /** What the phase does. */
  public readonly kind: RootRotationPhaseKind;
  /** The rotating mesh. */
  public readonly mesh: string;

  private constructor(kind: RootRotationPhaseKind, mesh: string, factory: string) {
    const owner = `${ROTATION}: RootRotationPhase.${factory}()`;
    guardValue(owner, 'mesh', mesh, { kind: 'string', required: true, fix: "pass the rotating mesh's name, e.g. 'red-mesh'" });
    const problem = dnsLabelProblem(mesh);
    if (problem) throw new FederationError([`${owner}: mesh ${q(mesh)} ${problem}. Fix: pass the name of a mesh, e.g. 'red-mesh'`]);
    this.kind = kind;
    this.mesh = mesh;
  }

  /** How the phase reads in messages: `RootRotationPhase.switchRoot('red-mesh')`. @internal */
  public _call(): string {
    const factory = { [RootRotationPhaseKind.TRUST_NEXT]: 'trustNext', [RootRotationPhaseKind.SWITCH]: 'switchRoot', [RootRotationPhaseKind.DROP_PREVIOUS]: 'dropPrevious' }[this.kind];
    return `RootRotationPhase.${factory}(${q(this.mesh)})`;
  }
}

/** The longest step name: it names a folder, `<number>-<name>`. */
const MAX_STEP_NAME = 50;

/** Phases that run together: one numbered output folder, applied at once. */
export class RootRotationStep {
  /**
   * A step running `phases` together.
   * @param phases the phases, of any meshes (each mesh's phases in steps of their own order)
   * @param name names the step's folder (`<number>-<name>`); a DNS-1123 label of at most 50 characters.
   *   Default: the kinds of its phases, in rotation order, joined by `-and-` (`trust-next`, `switch-and-trust-next`).
   */
  public static of(phases: RootRotationPhase[], name?: string): RootRotationStep {
    const owner = `${ROTATION}: RootRotationStep.of()`;
    const problems = [
      valueProblem(owner, 'phases', phases, { kind: { listOf: RootRotationPhase, name: 'a list of RootRotationPhase' }, required: true, fix: "pass phases such as [RootRotationPhase.trustNext('red-mesh')]" }),
      valueProblem(owner, 'name', name, { kind: 'string', fix: "pass a name such as 'trust-red', or leave it out" }),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new FederationError(problems);
    if (phases.length === 0) throw new FederationError([`${owner}: phases is empty, but a step runs at least one phase. Fix: pass phases such as [RootRotationPhase.trustNext('red-mesh')], or leave the step out`]);
    const stepName = name ?? PHASE_ORDER.filter(k => phases.some(p => p.kind === k)).join('-and-');
    const nameProblem = dnsLabelProblem(stepName, MAX_STEP_NAME);
    if (nameProblem) throw new FederationError([`${owner}: name ${q(stepName)} ${nameProblem}. Fix: use a name like 'trust-red' (it names the step's folder)`]);
    return new RootRotationStep([...phases], stepName);
  }

  /**
   * A copy of `step` as a rotation keeps it, checked again: its `phases` is a public array, which
   * may have changed since `of()` checked it, and a step may not come from `of()` at all.
   * @internal
   */
  public static _snapshot(step: RootRotationStep, index: number): { step?: RootRotationStep; problems: string[] } {
    const owner = `${ROTATION}: steps[${index}]`;
    const phases: unknown = step.phases;
    const name: unknown = step.name;
    const problems: string[] = [];
    if (!Array.isArray(phases) || phases.length === 0 || phases.some(p => !(p instanceof RootRotationPhase) || !validPhase(p))) {
      problems.push(`${owner}: phases is ${describeValue(phases)}, not a non-empty list of phases made by RootRotationPhase (the list was changed after RootRotationStep.of() checked it, or the step was not made by it). Fix: make each step with RootRotationStep.of([...]) and leave its phases as they are`);
    }
    const nameProblem = typeof name === 'string' ? dnsLabelProblem(name, MAX_STEP_NAME) : 'is not text';
    if (nameProblem) problems.push(`${owner}: name ${describeValue(name)} ${nameProblem}. Fix: make the step with RootRotationStep.of([...], 'trust-red') (its name names the step's folder)`);
    return problems.length > 0 ? { problems } : { step: new RootRotationStep([...phases as RootRotationPhase[]], name as string), problems };
  }

  /** The phases of the step, as given. */
  public readonly phases: RootRotationPhase[];
  /** The step's name: its folder is `<number>-<name>`. */
  public readonly name: string;

  private constructor(phases: RootRotationPhase[], name: string) {
    this.phases = phases;
    this.name = name;
  }
}

/** Whether a phase holds what its factories give it (a phase may have been forged with Object.create). */
function validPhase(p: RootRotationPhase): boolean {
  return PHASE_ORDER.includes(p.kind) && typeof p.mesh === 'string' && dnsLabelProblem(p.mesh) === undefined;
}

/** Props of a `RootRotation`. */
export interface RootRotationProps {
  /**
   * The next root certificate (PEM) of each rotating mesh, by mesh name. Its current root is the
   * mesh's `rootCertificate`. Meshes not named here are not rotated.
   */
  readonly nextRootCertificates: { [mesh: string]: string };

  /**
   * The steps, in order. Each rotating mesh has each phase exactly once: first `trustNext`, then
   * `switchRoot` in a later step, then `dropPrevious` in a step after that.
   * @default - three steps, every rotating mesh in lockstep: `trust-next`, `switch`, `drop-previous`
   */
  readonly steps?: RootRotationStep[];
}

/**
 * A root certificate rotation of some meshes of a federation, as numbered steps. Each step is a
 * complete output of the federation (`stage(step)` as the federation's `rootRotation`): in the steps
 * from a mesh's `trust-next` up to (not including) its `drop-previous`, each peer's
 * `<mesh>-ca-root-cert` ConfigMap holds the current root, then the next one; from `drop-previous` on,
 * only the next one. The mesh's own CA switch (step `switch`) is a manual step with its commands.
 *
 * Checked as it is made: the next roots (X.509 CA certificates, not expired), and the order (a mesh
 * switches only after its peers trust the next root, and they drop the previous root only after
 * it switched). What needs the federation (the meshes exist, have a current root that differs) is
 * checked at synth.
 */
export class RootRotation {
  /** The rotating meshes, sorted. */
  public readonly meshes: string[];
  /** The steps, in order (step 1 first). */
  public readonly steps: RootRotationStep[];
  private readonly next: ReadonlyMap<string, string>;
  /** The step (1-based) of each mesh's phases. */
  private readonly stepOfPhase: ReadonlyMap<string, number>;
  /** The stage of each step, made once, so that `stage(n)` is always the same object. */
  private readonly stageObjects: readonly RootRotationStage[];

  constructor(props: RootRotationProps) {
    const next = checkedNextRoots(props);
    this.meshes = [...next.keys()].sort(byName);
    this.next = next;
    const snapshots = (props.steps ?? []).map((step, index) => RootRotationStep._snapshot(step, index));
    const stepProblems = snapshots.flatMap(s => s.problems);
    if (stepProblems.length > 0) throw new FederationError(stepProblems);
    this.steps = props.steps
      ? snapshots.map(s => s.step!)
      : PHASE_ORDER.map(kind => RootRotationStep.of(this.meshes.map(m => phaseOf(kind, m)), kind));
    const problems = rotationOrderProblems(this.meshes, this.steps);
    if (problems.length > 0) throw new FederationError(problems);
    const stepOfPhase = new Map<string, number>();
    this.steps.forEach((step, i) => step.phases.forEach(p => stepOfPhase.set(`${p.mesh}/${p.kind}`, i + 1)));
    this.stepOfPhase = stepOfPhase;
    this.stageObjects = this.steps.map((_, i) => RootRotationStage._of(this, i + 1));
  }

  /** The next root certificate (PEM) of `mesh`, as given. */
  public nextRootCertificate(mesh: string): string {
    const pem = typeof mesh === 'string' ? this.next.get(mesh) : undefined;
    if (pem === undefined) {
      throw new FederationError([`${ROTATION}: nextRootCertificate() mesh ${describeValue(mesh)} is not rotating (rotating: ${this.meshes.map(q).join(', ')}). Fix: name a rotating mesh`]);
    }
    return pem;
  }

  /** The step (1-based) in which `mesh` runs the phase `kind`. */
  public stepOf(mesh: string, kind: RootRotationPhaseKind): number {
    this.nextRootCertificate(mesh);
    return this.stepOfPhase.get(`${mesh}/${kind}`)!;
  }

  /**
   * Step `step` (1-based) of the rotation, to pass as a federation's `rootRotation`: that step's
   * output.
   */
  public stage(step: number): RootRotationStage {
    // The stages made at construction count, not the public steps array, which a caller may change.
    const count = this.stageObjects.length;
    if (!Number.isSafeInteger(step) || step < 1 || step > count) {
      throw new FederationError([`${ROTATION}: stage() step is ${describeValue(step)}, not a step of the rotation (1 to ${count}). Fix: pass a step number from 1 to ${count}`]);
    }
    return this.stageObjects[step - 1];
  }

  /** Every step's stage, in order. */
  public get stages(): RootRotationStage[] {
    return [...this.stageObjects];
  }
}

/**
 * One step of a `RootRotation`: what `FederatedMeshProps.rootRotation` takes to render that step's
 * output. Made by `RootRotation.stage(step)`.
 */
export class RootRotationStage {
  /** The stage `step` of `rotation` (checked by `RootRotation.stage()`). @internal */
  public static _of(rotation: RootRotation, step: number): RootRotationStage {
    return new RootRotationStage(rotation, step);
  }

  /** The rotation. */
  public readonly rotation: RootRotation;
  /** The step, from 1. */
  public readonly step: number;
  /** The step's name. */
  public readonly name: string;
  /** The step's output folder: `<step>-<name>`, e.g. `1-trust-next`. */
  public readonly folderName: string;

  private constructor(rotation: RootRotation, step: number) {
    this.rotation = rotation;
    this.step = step;
    this.name = rotation.steps[step - 1].name;
    this.folderName = `${step}-${this.name}`;
  }

  /**
   * What each peer of `mesh` holds in `<mesh>-ca-root-cert` in this step: `current` alone before
   * its `trust-next` (and for a mesh that does not rotate), the current root then the next one (one
   * bundle, a line break between them) from `trust-next` on, the next one alone from `drop-previous` on.
   * @internal
   */
  public _trustBundle(mesh: string, current: string): string {
    if (!this.rotation.meshes.includes(mesh)) return current;
    const next = this.rotation.nextRootCertificate(mesh);
    if (this.step >= this.rotation.stepOf(mesh, RootRotationPhaseKind.DROP_PREVIOUS)) return next;
    if (this.step >= this.rotation.stepOf(mesh, RootRotationPhaseKind.TRUST_NEXT)) return joinBundle(current, next);
    return current;
  }
}

/** Two PEM texts as one bundle: `first`, a line break unless it ends with one, then `second`. */
function joinBundle(first: string, second: string): string {
  return `${first.endsWith('\n') ? first : `${first}\n`}${second}`;
}

function phaseOf(kind: RootRotationPhaseKind, mesh: string): RootRotationPhase {
  if (kind === RootRotationPhaseKind.TRUST_NEXT) return RootRotationPhase.trustNext(mesh);
  return kind === RootRotationPhaseKind.SWITCH ? RootRotationPhase.switchRoot(mesh) : RootRotationPhase.dropPrevious(mesh);
}

/** The next roots by mesh, once the props, each mesh name and each certificate were checked. */
function checkedNextRoots(props: RootRotationProps): Map<string, string> {
  const owner = ROTATION;
  if (!isPlainObject(props)) {
    throw new FederationError([`${owner}: props are ${describeValue(props)}, not an object. Fix: pass { nextRootCertificates: { 'red-mesh': nextPem } }`]);
  }
  const problems = [
    valueProblem(owner, 'nextRootCertificates', props.nextRootCertificates, { kind: 'stringMap', required: true, fix: "pass the next root's PEM by mesh, e.g. { 'red-mesh': nextPem }" }),
    valueProblem(owner, 'steps', props.steps, { kind: { listOf: RootRotationStep, name: 'a list of RootRotationStep' }, fix: 'pass steps made with RootRotationStep.of([...]), or leave steps out (trust-next, switch, drop-previous in lockstep)' }),
  ].filter((p): p is string => p !== undefined);
  const unknown = Object.keys(props).filter(k => k !== 'nextRootCertificates' && k !== 'steps');
  problems.push(...unknown.map(k => `${owner}: ${q(k)} is not a prop of a RootRotation. Fix: use nextRootCertificates and steps only`));
  if (problems.length > 0) throw new FederationError(problems);
  const entries = Object.entries(props.nextRootCertificates);
  if (entries.length === 0) throw new FederationError([`${owner}: nextRootCertificates is empty, so no mesh rotates. Fix: pass the next root's PEM of each mesh to rotate, e.g. { 'red-mesh': nextPem }`]);
  if (entries.length > MAX_LIST) throw new FederationError([`${owner}: nextRootCertificates has ${entries.length} meshes (at most ${MAX_LIST}). Fix: rotate the meshes of one federation`]);
  const now = new Date();
  for (const [mesh, pem] of entries) {
    const nameProblem = dnsLabelProblem(mesh);
    if (nameProblem) {
      problems.push(`${owner}: nextRootCertificates key ${q(mesh)} ${nameProblem}. Fix: key each next root by its mesh's name, e.g. 'red-mesh'`);
      continue;
    }
    const fix = 'pass a root CA certificate that is valid for longer than the rotation takes';
    problems.push(...rootCertificateProblems(pem, now, fix).map(p => `mesh ${q(mesh)}: next root certificate (nextRootCertificates[${q(mesh)}]) ${p}`));
  }
  if (problems.length > 0) throw new FederationError(problems);
  return new Map(entries);
}


/** A step as messages name it: `step 2 ('switch')`. */
const stepLabel = (steps: readonly RootRotationStep[], index: number) => `step ${index + 1} (${q(steps[index].name)})`;

/**
 * Why the steps cannot rotate `meshes` without breaking trust: a step naming a mesh that does not
 * rotate, a phase missing or given twice, a switch in or before the step its peers start trusting
 * the next root, a drop of the previous root in or before the step the mesh switches.
 */
function rotationOrderProblems(meshes: readonly string[], steps: readonly RootRotationStep[]): string[] {
  const problems: string[] = [];
  const found = new Map<string, number[]>();
  steps.forEach((step, index) => {
    for (const phase of step.phases) {
      if (!meshes.includes(phase.mesh)) {
        problems.push(`${ROTATION}: ${stepLabel(steps, index)}: ${phase._call()} names mesh ${q(phase.mesh)}, which is not rotating (nextRootCertificates names ${meshes.map(q).join(', ')}). `
          + `Fix: add the next root of ${q(phase.mesh)} to nextRootCertificates, or remove the phase`);
        continue;
      }
      const key = `${phase.mesh}/${phase.kind}`;
      found.set(key, [...found.get(key) ?? [], index]);
    }
  });
  for (const mesh of meshes) problems.push(...meshOrderProblems(mesh, steps, found));
  return problems;
}

/** The order problems of one rotating mesh's phases (`found`: the step indexes of each mesh/phase). */
function meshOrderProblems(mesh: string, steps: readonly RootRotationStep[], found: ReadonlyMap<string, number[]>): string[] {
  const problems: string[] = [];
  const at = new Map<RootRotationPhaseKind, number>();
  for (const kind of PHASE_ORDER) {
    const indexes = found.get(`${mesh}/${kind}`) ?? [];
    if (indexes.length === 0) {
      problems.push(`${ROTATION}: mesh ${q(mesh)}: phase ${q(kind)} is missing. Fix: add ${phaseOf(kind, mesh)._call()} to a step (in order: trust-next, then switch in a later step, then drop-previous in a step after that)`);
    } else if (indexes.length > 1) {
      problems.push(`${ROTATION}: mesh ${q(mesh)}: phase ${q(kind)} is given ${indexes.length} times, in ${indexes.map(i => stepLabel(steps, i)).join(' and ')}. Fix: keep it in one step`);
    } else {
      at.set(kind, indexes[0]);
    }
  }
  const trust = at.get(RootRotationPhaseKind.TRUST_NEXT);
  const change = at.get(RootRotationPhaseKind.SWITCH);
  const drop = at.get(RootRotationPhaseKind.DROP_PREVIOUS);
  if (trust !== undefined && change !== undefined && change <= trust) {
    problems.push(`${ROTATION}: mesh ${q(mesh)}: phase 'switch' is in ${stepLabel(steps, change)}, but its peers start trusting its next root only in ${stepLabel(steps, trust)} (phase 'trust-next'), `
      + 'so they would refuse the certificates its workloads get from the next root. Fix: move the switch to a step after the trust-next step');
  }
  if (change !== undefined && drop !== undefined && drop <= change) {
    problems.push(`${ROTATION}: mesh ${q(mesh)}: phase 'drop-previous' is in ${stepLabel(steps, drop)}, but the mesh switches to its next root only in ${stepLabel(steps, change)} (phase 'switch'), `
      + 'so its peers would stop trusting the certificates its workloads still carry. Fix: move drop-previous to a step after the switch step');
  }
  return problems;
}
