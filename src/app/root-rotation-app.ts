// Writes every step of a root rotation at once: one numbered folder per step, each the whole output
// of a FederationApp built for that step, and the rotation's report beside them.
import { join, relative, resolve } from 'node:path';
import { FederationApp, FederationAppProps } from './federation-app';
import { replaceOwnedFolder, writeTextFile } from './files';
import { FederationError } from '../core/errors';
import { guardProps } from '../core/guards';
import { escapeControl, q } from '../core/output';
import { FederatedMesh } from '../federation/federated-mesh';
import { RootRotation, RootRotationStage } from '../federation/root-rotation';

/** Builds the app of one step of a root rotation. */
export interface IRootRotationBuilder {
  /**
   * Adds to `app` everything a synth without the rotation adds, with `stage` as the `rootRotation`
   * prop of the federation that rotates: `new FederatedMesh(app, 'federation', { rootRotation: stage })`.
   */
  buildStep(app: FederationApp, stage: RootRotationStage): void;
}

/** Props of a `RootRotationApp`: the rotation, how to build each step, and the app props of every step. */
export interface RootRotationAppProps extends FederationAppProps {
  /** The rotation whose steps are written. */
  readonly rotation: RootRotation;
  /** Builds the app of each step (called once per step, each time with a new app). */
  readonly builder: IRootRotationBuilder;
}

const APP = 'RootRotationApp';

/**
 * Writes every step of a root rotation into one output folder (`outdir`, default `dist`): a folder
 * per step named `<step>-<name>` (`1-trust-next/`, `2-switch/`, `3-drop-previous/`), each holding
 * exactly what `FederationApp.synth()` writes for the federation built with that step (cluster
 * folders, reports, kustomizations), and beside them `<federation id>-root-rotation.md`: the steps,
 * the manual CA switches and the checks to run between steps.
 *
 * Owns `outdir` like `FederationApp`: replaced whole, all or nothing, refused when it holds files
 * the library did not write (unless `force`).
 */
export class RootRotationApp {
  /** The rotation. */
  public readonly rotation: RootRotation;
  /** The output folder. */
  public readonly outdir: string;
  private readonly builder: IRootRotationBuilder;
  private readonly props: FederationAppProps;

  constructor(props: RootRotationAppProps) {
    guardProps(APP, props, {
      rotation: { kind: { instanceOf: RootRotation, name: 'a RootRotation' }, required: true, fix: 'pass new RootRotation({ nextRootCertificates })' },
      builder: {
        kind: { test: v => typeof v === 'object' && v !== null && typeof (v as any).buildStep === 'function', name: 'an IRootRotationBuilder (an object with buildStep(app, stage))' },
        required: true,
        fix: 'pass { buildStep: (app, stage) => ... } that adds the federation with rootRotation: stage',
      },
    }, 'pass { rotation, builder }, and any FederationApp props');
    const { rotation, builder, ...appProps } = props;
    // Checks the app props (and GitOps options) once, as FederationApp does.
    new FederationApp({ ...appProps, printWarnings: false, printSummary: false });
    this.rotation = rotation;
    this.builder = builder;
    this.props = appProps;
    this.outdir = appProps.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
  }

  /**
   * The app of one step, built and checked (not synthesized): it holds exactly one federation
   * whose `rootRotation` is `stage`. Its `outdir` is the step's folder.
   */
  public stepApp(stage: RootRotationStage): FederationApp {
    if (!(stage instanceof RootRotationStage) || stage.rotation !== this.rotation) {
      throw new FederationError([`${APP}: stepApp() stage is not a step of this rotation. Fix: pass one of rotation.stages`]);
    }
    const app = new FederationApp({ ...this.props, outdir: join(this.outdir, stage.folderName), printWarnings: false, printSummary: false });
    this.builder.buildStep(app, stage);
    this.rotatingFederation(app, stage);
    return app;
  }

  /**
   * The rotation's report by file name (`<federation id>-root-rotation.md`), as `synth()` writes
   * it beside the step folders: built from the federation of step 1.
   */
  public reportFiles(): { [fileName: string]: string } {
    const federation = this.rotatingFederation(this.stepApp(this.rotation.stage(1)), this.rotation.stage(1));
    return { [`${federation.node.id}-root-rotation.md`]: federation.rootRotationReport() };
  }

  /**
   * Builds every step and replaces `outdir` with their folders and the report, or leaves it as it
   * was when any step has a problem. Prints the warnings of step 1 (unless `printWarnings` is
   * false) and a summary (unless `printSummary` is false). Returns the step folders' names.
   */
  public synth(): string[] {
    const apps = this.rotation.stages.map(stage => ({ stage, app: this.stepApp(stage) }));
    const reports = this.reportFiles();
    replaceOwnedFolder(this.outdir, { force: this.props.force ?? false }, dir => {
      for (const { stage, app } of apps) app._writeInto(join(dir, stage.folderName));
      for (const [fileName, content] of Object.entries(reports)) writeTextFile(join(dir, fileName), content);
    });
    if (this.props.printWarnings ?? true) {
      for (const warning of apps[0].app.warnings()) process.stderr.write(`Warning: ${warning}\n`);
    }
    if (this.props.printSummary ?? true) process.stdout.write(this.summary());
    return apps.map(a => a.stage.folderName);
  }

  /** What `synth()` prints: the output folder, each step's folder with its clusters, and the report. */
  public summary(): string {
    const shown = (path: string) => escapeControl(relative(process.cwd(), resolve(path)) || '.');
    const steps = this.rotation.stages.map(stage => `  ${shown(join(this.outdir, stage.folderName))}/  step ${stage.step}: ${stage.name}`);
    const reports = Object.keys(this.reportFiles()).map(name => shown(join(this.outdir, name)));
    return `${[`Wrote ${shown(this.outdir)}/ (the whole folder, replaced), one folder per step of the root rotation:`, ...steps,
      `Steps, manual CA switches and checks: ${reports.join(', ')}`].join('\n')}\n`;
  }

  /** The one federation of `app` that renders `stage`; a problem when there is none or several. */
  private rotatingFederation(app: FederationApp, stage: RootRotationStage): FederatedMesh {
    const federations = app.federations;
    const rotating = federations.filter(f => f.rootRotation?.rotation === stage.rotation && f.rootRotation.step === stage.step);
    if (rotating.length === 1) return rotating[0];
    const found = federations.length === 0 ? 'no federation'
      : `${rotating.length === 0 ? 'no federation with it' : `${rotating.length} federations with it`} (federations: ${federations.map(f => q(f.node.id)).join(', ')})`;
    throw new FederationError([`${APP}: step ${stage.step} (${q(stage.name)}): the builder built ${found}, but exactly one federation must render the step. `
      + "Fix: in buildStep(app, stage), pass the stage as rootRotation of the rotating federation: new FederatedMesh(app, 'federation', { rootRotation: stage })"]);
  }
}
