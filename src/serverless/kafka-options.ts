// The public options of Knative Kafka (how the integration renders them: kafka.ts).

/** A TCP port of the Kafka cluster, listed in the Kafka ServiceEntry. */
export interface KafkaPort {
  /** Port number, e.g. 9092. */
  readonly number: number;
  /** Port name, unique in the ServiceEntry, e.g. `tcp-plain`. */
  readonly name: string;
}

/** Knative Kafka (`KnativeKafka`) and the ServiceEntry that lets the mesh reach the Kafka cluster. */
export interface KnativeKafkaOptions {
  /**
   * The Kafka bootstrap servers, each `host:port` (e.g. `my-cluster-kafka-bootstrap.kafka:9092`).
   * They are joined with `,` in the KnativeKafka; their hosts, without ports, are the hosts of the
   * ServiceEntry `kafka-cluster`.
   */
  readonly bootstrapServers: string[];

  /**
   * `spec.broker.defaultConfig.numPartitions`: partitions of the topics of new brokers.
   * @default 10
   */
  readonly numPartitions?: number;

  /**
   * `spec.broker.defaultConfig.replicationFactor`: replication factor of the topics of new brokers.
   * @default 3
   */
  readonly replicationFactor?: number;

  /**
   * Enable the Kafka channel (`spec.channel`).
   * @default true
   */
  readonly channel?: boolean;

  /**
   * Enable the Kafka source (`spec.source`).
   * @default true
   */
  readonly source?: boolean;

  /**
   * Enable the Kafka broker (`spec.broker`).
   * @default true
   */
  readonly broker?: boolean;

  /**
   * Enable the Kafka sink (`spec.sink`).
   * @default true
   */
  readonly sink?: boolean;

  /**
   * The TCP ports of the Kafka cluster, listed in the ServiceEntry (the ports its brokers listen
   * on, which depend on how the cluster is set up: plain, TLS, SASL...).
   * @default - one port per distinct port of `bootstrapServers`, named `tcp-<port>`
   */
  readonly ports?: KafkaPort[];
}
