// The DestinationRule of a failover: locality failover from the consumer's region along the
// declared order, with outlier detection.
import { ApiObjectProps, Duration } from 'cdk8s';
import type { DestinationRuleV1Beta1Props } from '../imports/networking.istio.io';
import { DeclaredFailover } from './model/declarations';

/** The regions of a failover's meshes, in failover order, each once. */
export function failoverRegions(failover: DeclaredFailover, regionOf: (mesh: string) => string | undefined): string[] {
  return [...new Set(failover.meshes.map(regionOf).filter((r): r is string => !!r))];
}

/** The DestinationRule of `failover` for a consumer in `region`: that region first, then the others in order. */
export function failoverDestinationRule(failover: DeclaredFailover, region: string, regions: readonly string[]): DestinationRuleV1Beta1Props {
  const order = [region, ...regions.filter(r => r !== region)];
  return {
    metadata: { name: failover.destinationRuleName, namespace: failover.namespace },
    spec: {
      host: `${failover.name}.${failover.namespace}.svc.cluster.local`,
      trafficPolicy: {
        loadBalancer: {
          localityLbSetting: {
            enabled: true,
            failover: order.slice(0, -1).map((from, i) => ({ from, to: order[i + 1] })),
          },
        },
        outlierDetection: {
          consecutive5XxErrors: failover.consecutive5xxErrors,
          interval: failover.interval,
          baseEjectionTime: failover.baseEjectionTime,
        },
      },
    },
  };
}

/**
 * The same DestinationRule as a plain ApiObject's props, spelt as the CRD spells it
 * (`outlierDetection.consecutive5xxErrors`): what the generated class would write, without loading
 * the Istio classes or running their converters.
 */
export function failoverDestinationRuleObject(failover: DeclaredFailover, region: string, regions: readonly string[]): ApiObjectProps {
  const { metadata, spec } = failoverDestinationRule(failover, region, regions);
  const { consecutive5XxErrors, ...outlier } = spec!.trafficPolicy!.outlierDetection!;
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata,
    spec: { ...spec, trafficPolicy: { ...spec!.trafficPolicy, outlierDetection: { ...outlier, consecutive5xxErrors: consecutive5XxErrors } } },
  };
}

/** A Duration as Istio writes it: `1h`, `1m`, `10s` or `500ms`. */
export function istioDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
