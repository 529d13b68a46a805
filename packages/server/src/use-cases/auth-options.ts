import { DEFAULT_SCRYPT_COST, type ScryptCost } from "./password-hash.ts";
import { DEFAULT_SESSION_OPTIONS, type SessionOptions } from "./session-service.ts";
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleOptions } from "./sign-in-throttle.ts";

export interface AuthOptions {
  /** Tests lower it; stored hashes keep their own parameters. */
  readonly passwordCost?: ScryptCost;
  readonly sessions?: Partial<SessionOptions>;
  readonly throttle?: Partial<Omit<SignInThrottleOptions, "now">>;
}

export function resolveAuthOptions(options: AuthOptions = {}) {
  return {
    passwordCost: options.passwordCost ?? DEFAULT_SCRYPT_COST,
    sessions: { ...DEFAULT_SESSION_OPTIONS, ...options.sessions },
    throttle: { ...DEFAULT_SIGN_IN_THROTTLE, ...options.throttle },
  };
}
