import { parsePlan } from '../../src/plan/inputs.js';
import { INPUT_NAMES, type RawInputs } from '../../src/plan/plan.js';

const ctx = { workspace: '/home/runner/work/app/app', runId: '1' };

function raw(overrides: Partial<RawInputs>): RawInputs {
  const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  return { ...empty, 'aws-region': 'eu-west-1', ...overrides };
}

/** The multi-line inputs as a workflow file saved with Windows line ends delivers them. */
const LF = {
  repository: '# the service and its libraries\nmy-service\n\nshared-protos\n',
  'role-to-assume': 'arn:aws:iam::333333333333:role/CiHub\narn:aws:iam::111111111111:role/SwitchRole\n',
  'sparse-checkout': 'services/payments\nlibs/common/\n',
};
const CRLF = Object.fromEntries(
  Object.entries(LF).map(([name, value]) => [name, value.replace(/\n/g, '\r\n')]),
) as typeof LF;

describe('multi-line inputs with CRLF line ends', () => {
  it('give the same plan as with LF: no item keeps a carriage return', () => {
    const plan = parsePlan(raw(CRLF), ctx);
    expect(plan).toEqual(parsePlan(raw(LF), ctx));
    expect(plan.repositories.map((repository) => repository.name)).toEqual(['my-service', 'shared-protos']);
    expect(plan.roleChain).toEqual([
      'arn:aws:iam::333333333333:role/CiHub',
      'arn:aws:iam::111111111111:role/SwitchRole',
    ]);
    expect(plan.sparseCheckout).toEqual(['services/payments', 'libs/common']);
  });

  it('a single-line input ending in CRLF is read without it', () => {
    expect(parsePlan(raw({ repository: 'my-service', ref: 'main\r\n' }), ctx).ref).toEqual({
      kind: 'name',
      name: 'main',
    });
  });
});
