/**
 * The repositories the bench clones, made once per run with test-support's fixture builder: a tiny one,
 * one whose last commit adds an incompressible payload, a set of small ones for the many-at-once case, and
 * another for the throttling cases.
 */
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';

export interface BenchRepository {
  name: string;
  /** The commit a clone of the default branch checks out. */
  headSha: string;
  /** Bytes of incompressible payload (0: only the fixture's few small files). */
  payloadBytes: number;
}

export interface BenchRepositories {
  tiny: BenchRepository;
  large: BenchRepository;
  many: BenchRepository[];
  /** Small ones, cloned only against a throttling endpoint (throttling-cases.ts). */
  throttling: BenchRepository[];
}

export const LARGE_PAYLOAD_BYTES = 24 * 1024 * 1024;
export const MANY_COUNT = 12;
export const THROTTLING_COUNT = 24;

export async function createBenchRepositories(projectRoot: string): Promise<BenchRepositories> {
  const make = async (name: string, payloadBytes = 0): Promise<BenchRepository> => {
    const fixture: FixtureRepository = await createFixtureRepository(
      projectRoot,
      name,
      payloadBytes > 0 ? { sizeBytes: payloadBytes } : {},
    );
    return { name, headSha: fixture.headSha, payloadBytes };
  };
  const manyNames = Array.from(
    { length: MANY_COUNT },
    (_, i) => `bench-small-${String(i + 1).padStart(2, '0')}`,
  );
  const throttlingNames = Array.from(
    { length: THROTTLING_COUNT },
    (_, i) => `bench-throttled-${String(i + 1).padStart(2, '0')}`,
  );
  const [tiny, large, ...rest] = await Promise.all([
    make('bench-tiny'),
    make('bench-large', LARGE_PAYLOAD_BYTES),
    ...manyNames.map((name) => make(name)),
    ...throttlingNames.map((name) => make(name)),
  ]);
  if (tiny === undefined || large === undefined) throw new Error('the fixture repositories were not made');
  return { tiny, large, many: rest.slice(0, MANY_COUNT), throttling: rest.slice(MANY_COUNT) };
}
