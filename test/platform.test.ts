// Platforms as jsii users in other languages may build them: no scheme, a misspelled scheme, a
// wrong shape. None may become a public load balancer or a TypeError.
import { LoadBalancerScheme, Platform } from '../src';

const factories = ['awsNlb', 'awsLoadBalancerController', 'azure', 'gcp'] as const;

describe('cloud load balancers need a scheme, on purpose', () => {
  test.each(factories)('Platform.%s() without a scheme is refused, naming the fix', factory => {
    const make = (options: unknown) => () => (Platform as any)[factory](options);
    expect(make({})).toThrow(`Platform.${factory}(): scheme is not set; a federation ingress is exposed only on purpose, so there is no default. Fix: pass { scheme: LoadBalancerScheme.INTERNAL } (private networks: VPC peering, VPN, interconnect) or { scheme: LoadBalancerScheme.INTERNET_FACING }`);
    expect(make({ scheme: 'internall' })).toThrow(`Platform.${factory}(): scheme 'internall' is not one of 'internet-facing', 'internal'; a federation ingress is exposed only on purpose`);
    expect(make(undefined)).toThrow(`Platform.${factory}(): options are undefined;`);
    expect(make(null)).toThrow(`Platform.${factory}(): options are null;`);
    expect(make('internal')).toThrow(`Platform.${factory}(): options are 'internal';`);
    expect(make({ scheme: 42 })).toThrow(`Platform.${factory}(): scheme 42 is not one of`);
    for (const bad of [{}, { scheme: 'internall' }, undefined, 'x']) {
      try {
        make(bad)();
      } catch (e) {
        expect((e as Error).name).toBe('FederationError');
      }
    }
  });

  test('the two schemes still work, and internal ones get their annotation', () => {
    expect(Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }).serviceAnnotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(Platform.awsLoadBalancerController({ scheme: LoadBalancerScheme.INTERNAL }).serviceAnnotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    expect(Platform.azure({ scheme: LoadBalancerScheme.INTERNET_FACING }).scheme).toBe('internet-facing');
  });

  test('a huge value is cut in the message', () => {
    const error = (() => { try { Platform.gcp({ scheme: 'x'.repeat(1_000_000) as any }); } catch (e) { return e as Error; } return undefined; })();
    expect(error!.message.length).toBeLessThan(500);
    expect(error!.message).toContain("scheme 'xxxxxxxx");
  });
});

describe('NodePort options are checked for shape', () => {
  test.each([
    [undefined, 'Platform.nodePort(): options are undefined. Fix: pass { nodeAddresses: [\'<node IP>\', ...] }'],
    [{}, 'Platform.nodePort(): nodeAddresses is undefined, not a list of addresses. Fix: list the IPs of nodes the peers can reach, e.g. [\'192.0.2.10\']'],
    [{ nodeAddresses: '192.0.2.10' }, 'Platform.nodePort(): nodeAddresses is \'192.0.2.10\', not a list of addresses.'],
    [{ nodeAddresses: [1] }, 'Platform.nodePort(): nodeAddresses is [1], not a list of addresses.'],
    [{ nodeAddresses: ['192.0.2.10'], nodePorts: [] }, 'Platform.nodePort(): nodePorts is [], not a map of peer mesh names to { servicePort, discoveryPort }.'],
    [{ nodeAddresses: ['192.0.2.10'], nodePorts: { b: 30443 } }, 'Platform.nodePort(): nodePorts[\'b\'] is 30443, not { servicePort, discoveryPort } with two numbers.'],
    [{ nodeAddresses: ['192.0.2.10'], firstNodePort: '30443' }, 'Platform.nodePort(): firstNodePort is \'30443\', not a number. Fix: pass a node port such as 30443'],
  ])('%j', (options, message) => {
    expect(() => Platform.nodePort(options as any)).toThrow(message);
  });
});
