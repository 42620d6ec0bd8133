/** The notes of `tag` (vX.Y.Z) in the changelog `text`; throws when there are none. */
export function releaseNotes(tag: string, text: string): string;
