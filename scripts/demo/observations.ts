/**
 * What the fakes saw of the run: per endpoint, every request (STS calls with how their SigV4 signature
 * fared, git requests with their authentication outcome) or every TCP connection a silent listener
 * accepted. Never a secret: the fakes record key ids and outcomes only.
 */
import type { RecordedCodeCommitRequest } from '../../test-support/fake-codecommit.js';
import type { RecordedStsRequest } from '../../test-support/fake-sts.js';
import type { DemoWorld, ObservedEndpoint } from './demo-world.js';

export interface EndpointObservation {
  endpoint: ObservedEndpoint;
  /** Requests (fakes) or accepted connections (silent listeners). */
  count: number;
  lines: string[];
}

export function observeEndpoints(world: DemoWorld): EndpointObservation[] {
  return world.endpoints.map((endpoint) => {
    switch (endpoint.kind) {
      case 'sts':
        return { endpoint, count: endpoint.fake.requests.length, lines: endpoint.fake.requests.map(stsLine) };
      case 'git':
        return { endpoint, count: endpoint.fake.requests.length, lines: endpoint.fake.requests.map(gitLine) };
      case 'silent': {
        const count = endpoint.listener.acceptedConnections();
        return { endpoint, count, lines: [] };
      }
    }
  });
}

export function observationHeading({ endpoint, count }: EndpointObservation): string {
  const unit = endpoint.kind === 'silent' ? 'TCP connection' : 'request';
  const where = endpoint.listen === endpoint.name ? endpoint.name : `${endpoint.name} (${endpoint.listen})`;
  return `${where}: ${count} ${unit}${count === 1 ? '' : 's'}`;
}

function stsLine(request: RecordedStsRequest): string {
  const verdict =
    request.outcome === 'ok'
      ? `${request.status} OK: SigV4 of ${request.callerAccessKeyId ?? '?'} verified with aws4` +
        (request.issuedAccessKeyId ? `, issued session ${request.issuedAccessKeyId}` : '')
      : `${request.status} ${request.errorCode ?? request.outcome}: ${request.errorMessage ?? ''}`;
  const params = ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId']
    .filter((name) => request.params[name] !== undefined)
    .map((name) => `${name}=${request.params[name]}`)
    .join(' ');
  return [
    `${request.method} ${request.path} Action=${request.action ?? '(none)'} ${params}`,
    `  Host: ${request.host ?? '(none)'}, TLS server name: ${request.serverName ?? '(none)'}`,
    `  → ${verdict}`,
  ].join('\n');
}

function gitLine(request: RecordedCodeCommitRequest): string {
  const user = request.accessKeyId
    ? `${request.accessKeyId}${request.sessionTokenSent ? ' + session token' : ''}`
    : 'no credentials';
  const auth =
    request.auth === 'accepted'
      ? `signed git password of ${user} accepted (checked with aws4)`
      : request.auth === 'anonymous'
        ? 'no Authorization: 401 challenge'
        : `${request.auth} (${user})${request.reason ? `: ${request.reason}` : ''}`;
  return `${request.method} ${request.path}${request.query} → ${request.status}, ${auth}`;
}
