/**
 * Outbound HTTP the channels share: agents that keep connections to the platform open between turns,
 * and whether the process is configured to reach the internet through a proxy.
 */
import http from 'node:http';
import https from 'node:https';

/** Proxy settings HTTP clients read from the environment; with any of them set, posts go through the SDKs' own clients. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '') !== '');
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** Agents kept alive between turns; idle sockets do not keep the process running. */
export function keptAliveAgents(): Agents {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

/** The agent and request function for a URL's protocol. */
export function transportFor(url: URL, agents: Agents): { agent: http.Agent; request: typeof http.request } {
  return url.protocol === 'https:' ? { agent: agents.https, request: https.request } : { agent: agents.http, request: http.request };
}
