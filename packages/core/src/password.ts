/** Password policy: at least 8 characters from at least 3 of 4 classes. Returns the reason code, or null. */
export function passwordProblem(password: string): 'passwordTooShort' | 'passwordTooWeak' | 'passwordTooLong' | null {
  if (password.length < 8) return 'passwordTooShort';
  if (password.length > 128) return 'passwordTooLong';
  let classes = 0;
  if (/[a-z]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^A-Za-z0-9]/.test(password)) classes++;
  return classes >= 3 ? null : 'passwordTooWeak';
}
