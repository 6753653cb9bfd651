// Knative Kafka: the KnativeKafka `knative-kafka` and the ServiceEntry `kafka-cluster` that lets the
// mesh reach the Kafka cluster, rendered from the options, and the checks of the options.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validPort } from './checks';
import { injected, KNATIVE_EVENTING } from './constants';
import { KafkaPort, KnativeKafkaOptions } from './kafka-options';
import { dnsLabelProblem } from '../core/names';
import { addressProblem } from '../core/network';
import { q } from '../core/output';
import {
  ServiceEntryV1Beta1, ServiceEntryV1Beta1Props, ServiceEntryV1Beta1SpecLocation, ServiceEntryV1Beta1SpecResolution,
} from '../imports/networking.istio.io';

/** The Kafka components a KnativeKafka enables. */
export interface KafkaComponents {
  readonly channel: boolean;
  readonly source: boolean;
  readonly broker: boolean;
  readonly sink: boolean;
}

/** `host:port` (IPv6 in brackets) split, or undefined when it is not one. */
export function parseServer(server: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):([0-9]{1,5})$/.exec(server);
  if (!m) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

/** The components of `kafka`, each enabled unless turned off. */
export function kafkaComponents(kafka: KnativeKafkaOptions): KafkaComponents {
  return { channel: kafka.channel ?? true, source: kafka.source ?? true, broker: kafka.broker ?? true, sink: kafka.sink ?? true };
}

/** The KnativeKafka workloads that get the sidecar: the controller, then those of the enabled components. */
export function kafkaWorkloads(on: KafkaComponents): string[] {
  return [
    'kafka-controller',
    ...(on.broker ? ['kafka-broker-receiver', 'kafka-broker-dispatcher'] : []),
    ...(on.channel ? ['kafka-channel-receiver', 'kafka-channel-dispatcher'] : []),
    ...(on.source ? ['kafka-source-dispatcher'] : []),
    ...(on.sink ? ['kafka-sink-receiver'] : []),
  ];
}

/** The `spec` of the KnativeKafka `knative-kafka`. */
export function knativeKafkaSpec(kafka: KnativeKafkaOptions): Record<string, any> {
  const servers = kafka.bootstrapServers.join(',');
  const on = kafkaComponents(kafka);
  return {
    channel: on.channel ? { enabled: true, bootstrapServers: servers } : { enabled: false },
    source: { enabled: on.source },
    broker: on.broker
      ? {
        enabled: true,
        defaultConfig: { bootstrapServers: servers, numPartitions: kafka.numPartitions ?? 10, replicationFactor: kafka.replicationFactor ?? 3 },
      }
      : { enabled: false },
    sink: { enabled: on.sink },
    workloads: kafkaWorkloads(on).map(injected),
  };
}

/** The hosts of the bootstrap servers (checked), without their ports, each once, in order. */
export function kafkaHosts(bootstrapServers: string[]): string[] {
  return [...new Set(bootstrapServers.map(s => parseServer(s)!.host))];
}

/** The ports of the ServiceEntry: those given, else one per distinct bootstrap port, ascending, named `tcp-<port>`. */
export function kafkaPorts(kafka: KnativeKafkaOptions): KafkaPort[] {
  return kafka.ports ?? [...new Set(kafka.bootstrapServers.map(s => parseServer(s)!.port))]
    .sort((a, b) => a - b).map(n => ({ number: n, name: `tcp-${n}` }));
}

/** The props of the ServiceEntry `kafka-cluster` in `knative-eventing`. */
export function kafkaServiceEntryProps(kafka: KnativeKafkaOptions): ServiceEntryV1Beta1Props {
  return {
    metadata: { name: 'kafka-cluster', namespace: KNATIVE_EVENTING },
    spec: {
      hosts: kafkaHosts(kafka.bootstrapServers),
      exportTo: ['.'],
      ports: kafkaPorts(kafka).map(p => ({ number: p.number, name: p.name, protocol: 'TCP' })),
      location: ServiceEntryV1Beta1SpecLocation.MESH_UNDERSCORE_EXTERNAL,
      resolution: ServiceEntryV1Beta1SpecResolution.NONE,
    },
  };
}

/** Adds the KnativeKafka (id `KnativeKafka`) and the ServiceEntry (id `KafkaServiceEntry`) to `scope`. */
export function addKafka(scope: Construct, kafka: KnativeKafkaOptions): { knativeKafka: ApiObject; serviceEntry: ApiObject } {
  const knativeKafka = new ApiObject(scope, 'KnativeKafka', {
    apiVersion: 'operator.serverless.openshift.io/v1alpha1',
    kind: 'KnativeKafka',
    metadata: { name: 'knative-kafka', namespace: KNATIVE_EVENTING },
    spec: knativeKafkaSpec(kafka),
  });
  const serviceEntry = new ServiceEntryV1Beta1(scope, 'KafkaServiceEntry', kafkaServiceEntryProps(kafka));
  return { knativeKafka, serviceEntry };
}

/** Problems of the Kafka options, as declared. */
export function kafkaProblems(w: string, kafka: KnativeKafkaOptions): string[] {
  const problems = [...serverProblems(w, kafka.bootstrapServers)];
  for (const prop of ['numPartitions', 'replicationFactor'] as const) {
    const value = kafka[prop];
    if (value !== undefined && !(Number.isInteger(value) && value > 0 && value < 2 ** 31)) {
      problems.push(`${w}: kafka.${prop} is ${q(value)}; it must be a positive whole number. Fix: use e.g. ${prop === 'numPartitions' ? 10 : 3}`);
    }
  }
  if (kafka.ports !== undefined && !Array.isArray(kafka.ports)) {
    problems.push(`${w}: kafka.ports is ${q(kafka.ports)}, not a list. Fix: list the TCP ports, e.g. [{ number: 9092, name: 'tcp-plain' }]`);
    return problems;
  }
  problems.push(...portProblems(w, kafka.ports ?? []));
  if (kafka.ports !== undefined && kafka.ports.length === 0) {
    problems.push(`${w}: kafka.ports is empty, so the mesh could not reach the Kafka cluster. Fix: list its TCP ports, or leave ports out to take those of bootstrapServers`);
  }
  return problems;
}

/** Problems of `kafka.bootstrapServers`: none given, one that is not `host:port`, a bad host. */
function serverProblems(w: string, bootstrapServers: unknown): string[] {
  const problems: string[] = [];
  const servers: unknown[] = Array.isArray(bootstrapServers) ? bootstrapServers : [];
  if (servers.length === 0) {
    problems.push(`${w}: kafka.bootstrapServers is ${Array.isArray(bootstrapServers) ? 'empty' : q(bootstrapServers)}. Fix: list the Kafka bootstrap servers as 'host:port', e.g. ['my-cluster-kafka-bootstrap.kafka:9092']`);
  }
  for (const server of servers) {
    const parsed = typeof server === 'string' ? parseServer(server) : undefined;
    if (!parsed || !validPort(parsed.port)) {
      problems.push(`${w}: kafka.bootstrapServers has ${q(server)}, which is not 'host:port'. Fix: write it like 'my-cluster-kafka-bootstrap.kafka:9092'`);
      continue;
    }
    const p = addressProblem(parsed.host);
    if (p) problems.push(`${w}: kafka.bootstrapServers has ${q(server)}, whose host ${p}. Fix: use the bootstrap host name or IP`);
  }
  return problems;
}

/** Problems of the listed `kafka.ports`: a bad number or name, a number or name twice. */
function portProblems(w: string, ports: KafkaPort[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const port of ports) {
    if (!validPort(port.number)) {
      problems.push(`${w}: kafka.ports has the port number ${q(port.number)}, which is not 1-65535. Fix: list the TCP ports the Kafka brokers listen on, e.g. 9092`);
    } else if (numbers.has(port.number)) {
      problems.push(`${w}: kafka.ports lists port ${port.number} twice; the ServiceEntry refuses it. Fix: list each port once`);
    }
    const p = typeof port.name === 'string' ? dnsLabelProblem(port.name) : 'is not a string';
    if (p) {
      problems.push(`${w}: kafka.ports name ${q(port.name)} ${p}. Fix: use a name like 'tcp-plain'`);
    } else if (names.has(port.name)) {
      problems.push(`${w}: kafka.ports has the name ${q(port.name)} twice; ServiceEntry port names must be unique. Fix: give each port its own name, e.g. '${port.name}-${port.number}'`);
    }
    names.add(port.name);
    numbers.add(port.number);
  }
  return problems;
}
