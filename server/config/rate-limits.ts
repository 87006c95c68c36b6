import { z } from 'zod'

// How many requests the console takes before it answers 429 (decision 0031), each a bucket of
// `burst` requests at once refilled at `perMinute`. A deployment may change them; the defaults
// are generous for people and their scripts and still stop a runaway loop or a flood:
// - the API, per access token and per person (a person's tokens together, so a new token does
//   not buy a fresh bucket): every call verifies a token and writes the caller's user row;
// - sign-in (/auth/login, /auth/callback), per client address: an agency office shares one
//   address behind its NAT, hence a burst of 30; each call costs a database write or lookup and
//   maybe a call to Keycloak, and forged callbacks cost an attacker nothing.

export type Limit = { burst: number; perMinute: number }

export type RateLimits = {
  apiPerToken: Limit
  apiPerPerson: Limit
  signInPerClient: Limit
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  apiPerToken: { burst: 100, perMinute: 300 },
  apiPerPerson: { burst: 200, perMinute: 600 },
  signInPerClient: { burst: 30, perMinute: 30 },
}

const count = (fallback: number) =>
  z
    .preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce
        .number({ error: 'must be a whole number from 1 to 1000000' })
        .int({ error: 'must be a whole number from 1 to 1000000' })
        .min(1, { error: 'must be a whole number from 1 to 1000000' })
        .max(1_000_000, { error: 'must be a whole number from 1 to 1000000' })
        .optional(),
    )
    .transform((value) => value ?? fallback)

/** The settings, for the console's environment schema and the API's. */
export const rateLimitSettings = {
  API_RATE_LIMIT_TOKEN_BURST: count(DEFAULT_RATE_LIMITS.apiPerToken.burst),
  API_RATE_LIMIT_TOKEN_PER_MINUTE: count(DEFAULT_RATE_LIMITS.apiPerToken.perMinute),
  API_RATE_LIMIT_PERSON_BURST: count(DEFAULT_RATE_LIMITS.apiPerPerson.burst),
  API_RATE_LIMIT_PERSON_PER_MINUTE: count(DEFAULT_RATE_LIMITS.apiPerPerson.perMinute),
  SIGN_IN_RATE_LIMIT_BURST: count(DEFAULT_RATE_LIMITS.signInPerClient.burst),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: count(DEFAULT_RATE_LIMITS.signInPerClient.perMinute),
}

type Settings = { [K in keyof typeof rateLimitSettings]: z.infer<(typeof rateLimitSettings)[K]> }

export function rateLimitsOf(settings: Settings): RateLimits {
  return {
    apiPerToken: { burst: settings.API_RATE_LIMIT_TOKEN_BURST, perMinute: settings.API_RATE_LIMIT_TOKEN_PER_MINUTE },
    apiPerPerson: {
      burst: settings.API_RATE_LIMIT_PERSON_BURST,
      perMinute: settings.API_RATE_LIMIT_PERSON_PER_MINUTE,
    },
    signInPerClient: { burst: settings.SIGN_IN_RATE_LIMIT_BURST, perMinute: settings.SIGN_IN_RATE_LIMIT_PER_MINUTE },
  }
}
