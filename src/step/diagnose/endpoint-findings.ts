import type { EndpointDiagnosis } from '../../network/endpoint-diagnosis.js';

/**
 * What diagnose found about one endpoint: how its name resolved, then, directly, TCP, TLS (certificate
 * checked for the name) and an HTTP answer on its first address; or, when HTTPS_PROXY applies to it, an
 * HTTP request through that proxy.
 */
export interface EndpointFindings extends EndpointDiagnosis {
  /** The answer through the proxy (`proxy` set): any status proves the endpoint is reached. */
  proxied?: {
    outcome: 'answered' | 'failed' | 'no answer';
    milliseconds: number;
    status?: number;
    detail?: string;
  };
}
