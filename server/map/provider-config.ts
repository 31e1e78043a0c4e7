import { z } from 'zod';
import type { PositionProvider } from '../../core/map/position.js';
import { PositionSimulator, SimulatorProvider } from '../../core/map/simulator.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../core/map/stream.js';
import { assertNever } from '../../core/result.js';
import { TraccarProvider } from './traccar-provider.js';
import { WialonProvider } from './wialon-provider.js';

/**
 * Which telematics the server follows, from its environment (credentials stay on the server, never in a desk):
 *
 *   PULT_POSITIONS=wialon   PULT_WIALON_URL=https://hst-api.wialon.com  PULT_WIALON_TOKEN=…  [PULT_WIALON_POLL_MS=5000]
 *   PULT_POSITIONS=traccar  PULT_TRACCAR_URL=http://traccar:8082         PULT_TRACCAR_TOKEN=…
 *   PULT_POSITIONS=simulator  (the demo: drives the objects it is given)      PULT_POSITIONS=off (the default)
 */
const HttpUrl = z.url({ protocol: /^https?$/ });
const Secret = z.string().min(1).max(4096);

const Env = z.discriminatedUnion('PULT_POSITIONS', [
  z.object({ PULT_POSITIONS: z.literal('off') }),
  z.object({ PULT_POSITIONS: z.literal('simulator'), PULT_SIMULATOR_SEED: z.coerce.number().int().default(1) }),
  z.object({
    PULT_POSITIONS: z.literal('wialon'),
    PULT_WIALON_URL: HttpUrl,
    PULT_WIALON_TOKEN: Secret,
    PULT_WIALON_POLL_MS: z.coerce.number().int().min(1000).max(600_000).default(5000),
  }),
  z.object({ PULT_POSITIONS: z.literal('traccar'), PULT_TRACCAR_URL: HttpUrl, PULT_TRACCAR_TOKEN: Secret }),
]);

export type PositionsConfig = z.infer<typeof Env>;

/** The configuration, or an error that names the variable that is wrong (never its value: it may be a token). */
export function positionsConfig(env: Readonly<Record<string, string | undefined>>): PositionsConfig {
  const kind = env.PULT_POSITIONS ?? 'off';
  if (!(PROVIDER_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`PULT_POSITIONS must be one of ${PROVIDER_KINDS.join(', ')}`);
  }
  const parsed = Env.safeParse({ ...env, PULT_POSITIONS: kind });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? 'PULT_POSITIONS'} is missing or invalid for PULT_POSITIONS=${kind}`);
  }
  return parsed.data;
}

export type SimulatedFleet = () => readonly Readonly<{ objectId: string; kind: 'vehicle' | 'engineer' }>[];

export function providerFor(
  config: PositionsConfig,
  fleet: SimulatedFleet,
): Readonly<{ kind: ProviderKind; provider: PositionProvider }> | null {
  const kind = config.PULT_POSITIONS;
  switch (kind) {
    case 'off':
      return null;
    case 'simulator': {
      const simulator = new PositionSimulator(config.PULT_SIMULATOR_SEED, fleet(), Date.now());
      const provider = new SimulatorProvider(simulator, {
        now: Date.now,
        every: (ms, run) => {
          const timer = setInterval(run, ms);
          return () => clearInterval(timer);
        },
      });
      return { kind, provider };
    }
    case 'wialon':
      return {
        kind,
        provider: new WialonProvider({
          baseUrl: config.PULT_WIALON_URL,
          token: config.PULT_WIALON_TOKEN,
          pollMs: config.PULT_WIALON_POLL_MS,
        }),
      };
    case 'traccar':
      return {
        kind,
        provider: new TraccarProvider({ baseUrl: config.PULT_TRACCAR_URL, token: config.PULT_TRACCAR_TOKEN }),
      };
    default:
      return assertNever(kind, 'position provider');
  }
}
