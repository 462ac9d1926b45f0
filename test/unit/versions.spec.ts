import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const broker: string = pkg.lotse.zeebeVersion;

describe('the pinned Zeebe version', () => {
  it('is the one the client library is pinned to (same minor)', () => {
    const sdk: string = pkg.dependencies['@camunda8/sdk'].replace(/^[~^]/, '');
    expect(sdk.split('.').slice(0, 2)).toEqual(broker.split('.').slice(0, 2));
    expect(pkg.dependencies['@camunda8/sdk']).toMatch(/^~/);
  });

  it('is the one docker-compose runs', () => {
    const compose = readFileSync(join(root, 'infra/docker-compose.yml'), 'utf8');
    expect(compose).toContain(`camunda/zeebe:\${ZEEBE_VERSION:-${broker}}`);
  });

  it('is the one the models are linted against', () => {
    const rc = JSON.parse(readFileSync(join(root, '.bpmnlintrc'), 'utf8'));
    const [major, minor] = broker.split('.');
    expect(rc.extends).toContain(`plugin:camunda-compat/camunda-cloud-${major}-${minor}`);
  });
});
