/** The workflow step the demo's run corresponds to, as a person would write it. */
import { stringify } from 'yaml';

export function workflowYaml(inputs: Record<string, string>, accountOfRepositories: string): string {
  const job = {
    jobs: {
      build: {
        'runs-on': ['self-hosted', 'vpc'],
        steps: [
          {
            name: `Clone ${inputs.repository ?? ''} from account ${accountOfRepositories}`,
            id: 'clone',
            uses: './',
            with: inputs,
            env: {
              AWS_ACCESS_KEY_ID: '${{ secrets.RUNNER_AWS_ACCESS_KEY_ID }}',
              AWS_SECRET_ACCESS_KEY: '${{ secrets.RUNNER_AWS_SECRET_ACCESS_KEY }}',
            },
          },
        ],
      },
    },
  };
  return `# .github/workflows/build.yml ("uses: ./" is this repository: action.yml and dist/)\n${stringify(job)}`;
}
