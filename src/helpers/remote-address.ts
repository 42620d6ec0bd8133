/**
 * The remote URLs git-remote-codecommit accepts, exactly the forms of AWS's git-remote-codecommit:
 * `codecommit://[profile@]<repository>`, which git hands over whole, and
 * `codecommit::<region>://[profile@]<repository>`, of which git hands over the part after `codecommit::`
 * (`<region>://[profile@]<repository>`). Pure: no I/O.
 */
import { isValidRegion } from '../plan/endpoints.js';
import { isValidProfileName, isValidRepositoryName } from '../plan/repository-spec.js';

export interface RemoteAddress {
  repository: string;
  /** From `codecommit::<region>://`; absent for `codecommit://`. */
  region?: string;
  /** From `<profile>@`; absent when the URL names none. */
  profile?: string;
  /** The URL as written in the remote's config (`codecommit::` put back for the region form). */
  url: string;
}

/** The two forms, as every refusal names them. */
export const REMOTE_URL_FORMS =
  'codecommit://[profile@]<repository> or codecommit::<region>://[profile@]<repository>';

/** A remote URL that is none of the accepted forms; the message says why and names them. */
export class RemoteAddressError extends Error {
  override name = 'RemoteAddressError';
}

const REPOSITORY_RULES =
  "1-100 letters, digits, '.', '_' or '-', not starting with '.' or '-', without '..' and not ending in '.git'";

/** `address` as git passes it to the remote helper (its second argument). */
export function parseRemoteUrl(address: string): RemoteAddress {
  const match = /^([^:/@]*):\/\/(.*)$/s.exec(address);
  const scheme = match?.[1];
  const rest = match?.[2];
  if (scheme === undefined || rest === undefined || scheme === '') {
    throw new RemoteAddressError(`'${address}' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`);
  }
  let region: string | undefined;
  let url = address;
  if (scheme !== 'codecommit') {
    if (!isValidRegion(scheme)) {
      throw new RemoteAddressError(
        `'${scheme}' in codecommit::${address} is not an AWS region such as eu-west-1: use ${REMOTE_URL_FORMS}`,
      );
    }
    region = scheme;
    url = `codecommit::${address}`;
  }
  const at = rest.indexOf('@');
  const profile = at === -1 ? undefined : rest.slice(0, at);
  const repository = at === -1 ? rest : rest.slice(at + 1);
  if (repository === '') {
    throw new RemoteAddressError(`${url} names no repository: use ${REMOTE_URL_FORMS}`);
  }
  if (profile !== undefined && !isValidProfileName(profile)) {
    throw new RemoteAddressError(
      `'${profile}' in ${url} is not a profile name (1-64 letters, digits, '.', '_' or '-', not starting ` +
        `with '-'): use ${REMOTE_URL_FORMS}`,
    );
  }
  if (!isValidRepositoryName(repository)) {
    throw new RemoteAddressError(
      `'${repository}' in ${url} is not a CodeCommit repository name (${REPOSITORY_RULES}): use ${REMOTE_URL_FORMS}`,
    );
  }
  return {
    repository,
    ...(region !== undefined ? { region } : {}),
    ...(profile !== undefined ? { profile } : {}),
    url,
  };
}
