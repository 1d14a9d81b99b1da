/**
 * Rules on accounts that the editor's forms and the server share, so that a hint never promises
 * what the server refuses.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const NAME_MAX_LENGTH = 200;

/** Why a password is refused (French), or null when it follows the rule. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `au moins ${PASSWORD_MIN_LENGTH} caractères`;
  if (password.length > PASSWORD_MAX_LENGTH) return `au plus ${PASSWORD_MAX_LENGTH} caractères`;
  return null;
}
