import { FederationError } from './errors';
import { isPlainObject as isObject } from './merge';
import { describeValue as describe } from './output';

/**
 * Whether a cloud load balancer is reachable from the internet or only from private networks.
 * The values are the ones the AWS Load Balancer Controller takes for its scheme annotation.
 */
export enum LoadBalancerScheme {
  /** Reachable from the internet: peers in other clouds or data centres can connect. */
  INTERNET_FACING = 'internet-facing',
  /** Reachable from private networks only (VPC peering, VPN, interconnect). */
  INTERNAL = 'internal',
}

/** How the federation ingress gateway Service is exposed. Values match Kubernetes Service types. */
export enum IngressServiceType {
  /** A load balancer in front of the gateway. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
}

/** What a load balancer reports in `status.loadBalancer.ingress`, and so what a peer must use as its address. */
export enum AddressKind {
  /** The load balancer gets a DNS name (`.status.loadBalancer.ingress[].hostname`). */
  HOSTNAME = 'hostname',
  /** The load balancer gets an IP address (`.status.loadBalancer.ingress[].ip`). */
  IP = 'ip',
  /** Node IP addresses with node ports (NodePort). */
  NODE_IP = 'node-ip',
}

/** Options for a cloud load balancer. */
export interface CloudLoadBalancerOptions {
  /**
   * Whether the load balancer is internet-facing or internal. There is no default: exposing a
   * federation ingress to the internet is a choice to make on purpose.
   */
  readonly scheme: LoadBalancerScheme;
}

/** The two node ports of one federation ingress gateway. */
export interface NodePortPair {
  /** Node port for mTLS service traffic (the gateway's port 15443). Between 30000 and 32767. */
  readonly servicePort: number;
  /** Node port for discovery (the gateway's port 8188). Between 30000 and 32767. */
  readonly discoveryPort: number;
}

/** Options for exposing the federation ingress gateways through node ports. */
export interface NodePortOptions {
  /**
   * IP addresses (or hostnames) of the nodes that peers connect to. Peers use them as
   * `spec.remote.addresses`.
   */
  readonly nodeAddresses: string[];

  /**
   * Node ports pinned per peer mesh name. Pin them once the federation is live: a new peer whose
   * name sorts before an existing one shifts the ports allocated automatically.
   *
   * @default - allocated from `firstNodePort`
   */
  readonly nodePorts?: { [peerMesh: string]: NodePortPair };

  /**
   * First node port of the automatic allocation. Peers without a pinned pair get two consecutive
   * ports each (service port first), in the order of their names, skipping pinned ports.
   *
   * @default 30443
   */
  readonly firstNodePort?: number;
}

/**
 * Where a mesh runs, which decides how its federation ingress gateways are exposed
 * (Service type and annotations) and what its peers use as the remote address.
 *
 * The load balancer must pass raw TLS through (layer 4); every factory here yields one that does.
 */
export class Platform {
  /**
   * AWS with the in-tree cloud provider: a Network Load Balancer (the Service gets
   * `service.beta.kubernetes.io/aws-load-balancer-type: nlb`). Peers use the load balancer's hostname.
   */
  public static awsNlb(options: CloudLoadBalancerOptions): Platform {
    checkScheme('awsNlb', options);
    const annotations: Record<string, string> = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' };
    if (options.scheme === LoadBalancerScheme.INTERNAL) {
      annotations['service.beta.kubernetes.io/aws-load-balancer-internal'] = 'true';
    }
    return new Platform('aws-nlb', IngressServiceType.LOAD_BALANCER, annotations, AddressKind.HOSTNAME, options.scheme);
  }

  /**
   * AWS with the AWS Load Balancer Controller: an NLB with IP targets and an explicit scheme.
   * Peers use the load balancer's hostname.
   */
  public static awsLoadBalancerController(options: CloudLoadBalancerOptions): Platform {
    checkScheme('awsLoadBalancerController', options);
    return new Platform('aws-load-balancer-controller', IngressServiceType.LOAD_BALANCER, {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': options.scheme,
    }, AddressKind.HOSTNAME, options.scheme);
  }

  /** Microsoft Azure: `LoadBalancer` alone is enough. Peers use the load balancer's IP. */
  public static azure(options: CloudLoadBalancerOptions): Platform {
    checkScheme('azure', options);
    const annotations: Record<string, string> = {};
    if (options.scheme === LoadBalancerScheme.INTERNAL) {
      annotations['service.beta.kubernetes.io/azure-load-balancer-internal'] = 'true';
    }
    return new Platform('azure', IngressServiceType.LOAD_BALANCER, annotations, AddressKind.IP, options.scheme);
  }

  /** Google Cloud: `LoadBalancer` alone is enough. Peers use the load balancer's IP. */
  public static gcp(options: CloudLoadBalancerOptions): Platform {
    checkScheme('gcp', options);
    const annotations: Record<string, string> = {};
    if (options.scheme === LoadBalancerScheme.INTERNAL) {
      annotations['networking.gke.io/load-balancer-type'] = 'Internal';
    }
    return new Platform('gcp', IngressServiceType.LOAD_BALANCER, annotations, AddressKind.IP, options.scheme);
  }

  /** Bare metal with a working `LoadBalancer` implementation (MetalLB, for example). Peers use its IP. */
  public static bareMetal(): Platform {
    return new Platform('bare-metal', IngressServiceType.LOAD_BALANCER, {}, AddressKind.IP);
  }

  /** IBM Power with a working `LoadBalancer` implementation. Peers use its IP. */
  public static ibmPower(): Platform {
    return new Platform('ibm-power', IngressServiceType.LOAD_BALANCER, {}, AddressKind.IP);
  }

  /** IBM Z with a working `LoadBalancer` implementation. Peers use its IP. */
  public static ibmZ(): Platform {
    return new Platform('ibm-z', IngressServiceType.LOAD_BALANCER, {}, AddressKind.IP);
  }

  /**
   * No load balancer: each federation ingress is a `NodePort` Service. Peers use the node addresses
   * and the node ports as `discoveryPort` and `servicePort`.
   */
  public static nodePort(options: NodePortOptions): Platform {
    checkNodePortOptions(options);
    return new Platform('node-port', IngressServiceType.NODE_PORT, {}, AddressKind.NODE_IP, undefined, options);
  }

  /** Short name of the platform, as used in messages and reports (`aws-nlb`, `gcp`, `node-port`, ...). */
  public readonly name: string;
  /** The Service type of the federation ingress gateways. */
  public readonly serviceType: IngressServiceType;
  /** What peers use as the address of this mesh's ingress gateways. */
  public readonly addressKind: AddressKind;
  /**
   * The load balancer scheme, where the platform has one.
   * @default - none (bare metal, IBM Power, IBM Z and NodePort)
   */
  public readonly scheme?: LoadBalancerScheme;
  /** @internal */
  public readonly _nodePortOptions?: NodePortOptions;
  private readonly annotations: Record<string, string>;

  private constructor(
    name: string,
    serviceType: IngressServiceType,
    annotations: Record<string, string>,
    addressKind: AddressKind,
    scheme?: LoadBalancerScheme,
    nodePortOptions?: NodePortOptions,
  ) {
    this.name = name;
    this.serviceType = serviceType;
    this.annotations = annotations;
    this.addressKind = addressKind;
    this.scheme = scheme;
    this._nodePortOptions = nodePortOptions;
  }

  /** The annotations every federation ingress Service gets on this platform. */
  public get serviceAnnotations(): Record<string, string> {
    return { ...this.annotations };
  }
}

/**
 * The scheme of a cloud load balancer, checked at run time (callers in other jsii languages pass
 * anything): there is no default, and a missing or misspelled one must never become a public load
 * balancer.
 */
function checkScheme(factory: string, options: CloudLoadBalancerOptions): void {
  const schemes = Object.values(LoadBalancerScheme) as string[];
  const scheme: unknown = isObject(options) ? options.scheme : undefined;
  if (typeof scheme === 'string' && schemes.includes(scheme)) return;
  const given = !isObject(options) ? `options are ${describe(options)}` : scheme === undefined ? 'scheme is not set' : `scheme ${describe(scheme)} is not one of ${schemes.map(v => `'${v}'`).join(', ')}`;
  throw new FederationError([`Platform.${factory}(): ${given}; a federation ingress is exposed only on purpose, so there is no default. Fix: pass { scheme: LoadBalancerScheme.INTERNAL } (private networks: VPC peering, VPN, interconnect) or { scheme: LoadBalancerScheme.INTERNET_FACING }`]);
}

/** The shape of NodePort options, checked at run time; the values are checked with the mesh. */
function checkNodePortOptions(options: NodePortOptions): void {
  const problems: string[] = [];
  if (!isObject(options)) {
    problems.push(`Platform.nodePort(): options are ${describe(options)}. Fix: pass { nodeAddresses: ['<node IP>', ...] }`);
  } else {
    if (!Array.isArray(options.nodeAddresses) || options.nodeAddresses.some(a => typeof a !== 'string')) {
      problems.push(`Platform.nodePort(): nodeAddresses is ${describe(options.nodeAddresses)}, not a list of addresses. Fix: list the IPs of nodes the peers can reach, e.g. ['192.0.2.10']`);
    }
    if (options.nodePorts !== undefined && !isObject(options.nodePorts)) {
      problems.push(`Platform.nodePort(): nodePorts is ${describe(options.nodePorts)}, not a map of peer mesh names to { servicePort, discoveryPort }. Fix: pass e.g. { 'green-mesh': { servicePort: 30443, discoveryPort: 30444 } }`);
    }
    for (const [peer, pair] of Object.entries(isObject(options.nodePorts) ? options.nodePorts : {})) {
      if (!isObject(pair) || typeof pair.servicePort !== 'number' || typeof pair.discoveryPort !== 'number') {
        problems.push(`Platform.nodePort(): nodePorts['${peer}'] is ${describe(pair)}, not { servicePort, discoveryPort } with two numbers. Fix: pass e.g. { servicePort: 30443, discoveryPort: 30444 }`);
      }
    }
    if (options.firstNodePort !== undefined && typeof options.firstNodePort !== 'number') {
      problems.push(`Platform.nodePort(): firstNodePort is ${describe(options.firstNodePort)}, not a number. Fix: pass a node port such as 30443`);
    }
  }
  if (problems.length > 0) throw new FederationError(problems);
}
