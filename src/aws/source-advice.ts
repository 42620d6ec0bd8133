import { describeStep, type SourceStep } from '../plan/runner-source.js';

/**
 * What usually keeps a step of the runner's credential chain from answering, for the one step that was
 * in progress: the metadata service, the container endpoint, a credential_process, IAM Identity Center.
 * STS steps are explained where they fail (they go through the step's STS endpoint); this never blames
 * the STS endpoint for a wait elsewhere.
 */
export function sourceStepAdvice(step: SourceStep): string {
  switch (step.kind) {
    case 'instance-metadata':
      return (
        `The instance metadata service at ${step.url} did not answer. On EC2: check that the instance has a ` +
        'role (instance profile) and that its metadata options allow access; in a container on the instance, ' +
        'the hop limit must be 2 (HttpPutResponseHopLimit). On a host that is not EC2, set ' +
        'AWS_EC2_METADATA_DISABLED=true and give the runner credentials another way.'
      );
    case 'container':
      return (
        `The container credentials endpoint ${step.url} did not answer: the ECS agent or the EKS Pod Identity ` +
        "agent must be reachable from the job's container (its network mode, and the address in " +
        'AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI).'
      );
    case 'process':
      return (
        `The command \`${step.command}\` (credential_process of profile '${step.profile}') did not finish in time. ` +
        'It must print its JSON without waiting for input, and whatever it calls must be reachable ' +
        'from the VPC.'
      );
    case 'sso':
      return (
        `IAM Identity Center at ${step.host} did not answer: the runner must reach it (it is outside the VPC ` +
        "endpoints this action uses), and the profile's cached token (aws sso login) must be current. A " +
        'runner usually does better with an instance profile or a role_arn/source_profile profile.'
      );
    case 'environment':
    case 'static-profile':
    case 'sts':
    case 'unusable':
      return `Waiting for ${describeStep(step)}.`;
  }
}

/** The step a wait that ran out belongs to: the first one that is not an STS call (those have their own bound). */
export type WaitingStep = Extract<
  SourceStep,
  { kind: 'process' | 'instance-metadata' | 'container' | 'sso' }
>;

export function stepWaitedFor(steps: readonly SourceStep[]): WaitingStep | undefined {
  return steps.find(
    (step): step is WaitingStep =>
      step.kind === 'process' ||
      step.kind === 'instance-metadata' ||
      step.kind === 'container' ||
      step.kind === 'sso',
  );
}
