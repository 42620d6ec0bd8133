/**
 * Entry of dist/oidc-token: `@actions/core`'s OIDC token client in a bundle of its own, so that its HTTP
 * stack is loaded only by a step that asks for a token (see runtime/oidc-token-bundle.ts).
 */
export { getIDToken } from '@actions/core';
