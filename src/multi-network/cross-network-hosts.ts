// The hosts of a cluster's `cross-network-gateway` (an AUTO_PASSTHROUGH server on 15443): the
// default, and the checks of a list given by hand. Pure functions; not exported from the package.
//
// Istio matches each service's hostname against the server's hosts (a service is exposed when its
// name is a host or falls under a `*.` wildcard host), and validates the Gateway: a server needs at
// least one host, each a fully qualified DNS name whose first label may be a wildcard. A
// `namespace/` prefix selects VirtualServices; an AUTO_PASSTHROUGH server has none, and Istio drops
// the prefix before it matches service names, so a prefix would restrict nothing.
import { q } from '../core/output';

/** Every service of the cluster: upstream Istio's cross-network Gateway. */
export const ALL_LOCAL_HOSTS: readonly string[] = ['*.local'];

/** The fix shown for a host list that cannot be used. */
const HOSTS_FIX = "list service hosts such as 'ratings.bookinfo.svc.cluster.local' or '*.bookinfo.svc.cluster.local', or leave crossNetworkHosts out to expose every service ('*.local')";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `host` cannot be a host of the cross-network Gateway, or undefined when it can. */
function hostProblem(owner: string, prop: string, host: string): string | undefined {
  const at = `${owner}: ${prop} has ${q(host)}`;
  if (host.includes('/')) {
    return `${at}, with a namespace/ prefix; the prefix selects VirtualServices, an AUTO_PASSTHROUGH server has none, and Istio drops it before matching service names, so it would restrict nothing. Fix: name the namespace in the host instead, e.g. '*.bookinfo.svc.cluster.local'`;
  }
  if (host === '*') {
    return `${at}, which matches every host, also outside the cluster's own services. Fix: ${HOSTS_FIX}`;
  }
  const wildcard = host.startsWith('*.');
  const labels = (wildcard ? host.slice(2) : host).split('.');
  if (labels.some(l => l.includes('*'))) {
    return `${at}, a partial wildcard; only a whole first label may be '*' (e.g. '*.bookinfo.svc.cluster.local'). Fix: ${HOSTS_FIX}`;
  }
  const bad = labels.find(l => l.length > 63 || !LABEL.test(l));
  const why = host.length > 253 ? `it is ${host.length} characters long (at most 253)`
    : bad !== undefined ? `the label ${q(bad)} is not a DNS-1123 label (lower case letters, digits and '-', at most 63)`
      : labels.length < (wildcard ? 1 : 2) ? 'Istio refuses a short name in a Gateway (it needs a fully qualified name)' : undefined;
  return why && `${at}, which is not a DNS name with an optional leading '*.': ${why}. Fix: ${HOSTS_FIX}`;
}

/**
 * Problems of a host list given for the cross-network Gateway (`prop` names it in messages): empty,
 * a host that is not a DNS name with an optional leading `*.`, a partial wildcard, a namespace/
 * prefix, a host listed twice. A value of the wrong type is left to the shape checks.
 */
export function crossNetworkHostsProblems(owner: string, prop: string, hosts: readonly string[] | undefined): string[] {
  if (hosts === undefined) return [];
  if (hosts.length === 0) {
    return [`${owner}: ${prop} is empty; an Istio Gateway server needs at least one host (the validation webhook refuses an empty list). Fix: ${HOSTS_FIX}`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const host of hosts) {
    if (typeof host !== 'string') continue;
    const problem = hostProblem(owner, prop, host);
    if (problem) problems.push(problem);
    else if (seen.has(host)) problems.push(`${owner}: ${prop} lists ${q(host)} twice. Fix: list each host once`);
    seen.add(host);
  }
  return problems;
}
