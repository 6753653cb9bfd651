import { FederationError } from './errors';
import { guardValue } from './guards';

const PLACEHOLDER = '{peer}';

/**
 * How a mesh names the federation gateways it runs for each peer.
 *
 * The name of a mesh's egress gateway for a peer also fixes the peer's `clientID`
 * (`<trust domain>/ns/<namespace>/sa/<egress name>-service-account`), so both sides must agree;
 * the library derives both from the same naming.
 */
export class GatewayNaming {
  /**
   * The product documentation's convention: `ingress-<peer>` and `egress-<peer>`; the
   * `ingress-for` / `egress-for` labels hold the gateway's name.
   */
  public static docs(): GatewayNaming {
    return new GatewayNaming('ingress-{peer}', 'egress-{peer}', false);
  }

  /**
   * The Maistra samples' convention: `<peer>-ingress` and `<peer>-egress`; the `ingress-for` /
   * `egress-for` labels hold the peer's name, as in the samples (`federation.maistra.io/egress-for: mesh2`).
   */
  public static maistraSamples(): GatewayNaming {
    return new GatewayNaming('{peer}-ingress', '{peer}-egress', true);
  }

  /**
   * Your own patterns. Each must contain `{peer}` exactly once, which is replaced by the peer
   * mesh's name, for example `fed-in-{peer}`. The `ingress-for` / `egress-for` labels hold the
   * gateway's name.
   */
  public static pattern(ingressPattern: string, egressPattern: string): GatewayNaming {
    for (const [prop, value] of [['ingressPattern', ingressPattern], ['egressPattern', egressPattern]]) {
      guardValue('GatewayNaming.pattern', `'${prop}'`, value, { kind: 'string', required: true, fix: `pass text like '${prop === 'ingressPattern' ? 'ingress' : 'egress'}-${PLACEHOLDER}'` });
      if (value.split(PLACEHOLDER).length !== 2) {
        throw new FederationError([
          `GatewayNaming.pattern: '${prop}' ('${value}') must contain '${PLACEHOLDER}' exactly once. Fix: write it like 'ingress-${PLACEHOLDER}'`,
        ]);
      }
    }
    if (ingressPattern === egressPattern) {
      throw new FederationError([
        `GatewayNaming.pattern: 'ingressPattern' and 'egressPattern' are both '${ingressPattern}', so the ingress and egress gateways for a peer would share one name, which the control plane rejects. Fix: make the two patterns differ`,
      ]);
    }
    return new GatewayNaming(ingressPattern, egressPattern, false);
  }

  /** The ingress pattern, with `{peer}` where the peer's name goes. */
  public readonly ingressPattern: string;
  /** The egress pattern, with `{peer}` where the peer's name goes. */
  public readonly egressPattern: string;

  /** Whether the `ingress-for` / `egress-for` labels hold the peer's name (else the gateway's name). */
  public readonly forLabelIsPeerName: boolean;

  private constructor(ingressPattern: string, egressPattern: string, forLabelIsPeerName: boolean) {
    this.ingressPattern = ingressPattern;
    this.egressPattern = egressPattern;
    this.forLabelIsPeerName = forLabelIsPeerName;
  }

  /** Value of the `federation.maistra.io/ingress-for` label of the ingress gateway serving `peer`. */
  public ingressForLabel(peer: string): string {
    return this.forLabelIsPeerName ? peer : this.ingressName(peer);
  }

  /** Value of the `federation.maistra.io/egress-for` label of the egress gateway calling `peer`. */
  public egressForLabel(peer: string): string {
    return this.forLabelIsPeerName ? peer : this.egressName(peer);
  }

  /** Name of the ingress gateway that serves requests from `peer`. */
  public ingressName(peer: string): string {
    return this.ingressPattern.replace(PLACEHOLDER, peer);
  }

  /** Name of the egress gateway that sends requests to `peer`. */
  public egressName(peer: string): string {
    return this.egressPattern.replace(PLACEHOLDER, peer);
  }
}
