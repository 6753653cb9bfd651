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
    return new Platform('aws-load-balancer-controller', IngressServiceType.LOAD_BALANCER, {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': options.scheme,
    }, AddressKind.HOSTNAME, options.scheme);
  }

  /** Microsoft Azure: `LoadBalancer` alone is enough. Peers use the load balancer's IP. */
  public static azure(options: CloudLoadBalancerOptions): Platform {
    const annotations: Record<string, string> = {};
    if (options.scheme === LoadBalancerScheme.INTERNAL) {
      annotations['service.beta.kubernetes.io/azure-load-balancer-internal'] = 'true';
    }
    return new Platform('azure', IngressServiceType.LOAD_BALANCER, annotations, AddressKind.IP, options.scheme);
  }

  /** Google Cloud: `LoadBalancer` alone is enough. Peers use the load balancer's IP. */
  public static gcp(options: CloudLoadBalancerOptions): Platform {
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
