import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const operaton: string = pkg.lotse.operatonVersion;
/** Operaton 1.0 is the successor of Camunda 7.24: the models' dialect and lint profile. */
const CAMUNDA_7 = '7.24';

describe('the pinned Operaton version', () => {
  it('is the one the engine app builds on', () => {
    const pom = readFileSync(join(root, 'infra/engine/pom.xml'), 'utf8');
    expect(pom).toContain(`<operaton.version>${operaton}</operaton.version>`);
  });

  it('matches the dialect the models and forms are written and linted for', () => {
    const rc = JSON.parse(readFileSync(join(root, '.bpmnlintrc'), 'utf8'));
    expect(rc.extends).toContain(
      `plugin:camunda-compat/camunda-platform-${CAMUNDA_7.replace('.', '-')}`,
    );
    for (const f of ['case-referral.bpmn', 'conference-cycle.bpmn']) {
      const xml = readFileSync(join(root, 'bpmn', f), 'utf8');
      expect(xml).toContain('modeler:executionPlatform="Camunda Platform"');
      expect(xml).toContain(`modeler:executionPlatformVersion="${CAMUNDA_7}.0"`);
    }
  });
});

/** Where the retired engine may still be named: the decision record and history notes. */
const HISTORY_NOTES = [
  'README.md',
  'bench/README.md',
  'libs/persistence/src/migrations/1795852800000-operaton.ts',
  'test/unit/versions.spec.ts',
];

describe('the retired engine', () => {
  it('is named only in the history notes', () => {
    const found = execFileSync('git', ['grep', '-il', 'zeebe', '--', '.'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    expect(found.filter((f) => !HISTORY_NOTES.includes(f))).toEqual([]);
  });
});

/**
 * End of support of the Node LTS lines (https://github.com/nodejs/release#release-schedule).
 * A new line goes here when the images move to it.
 */
const NODE_LTS_END: Record<number, string> = {
  20: '2026-04-30',
  22: '2027-04-30',
  24: '2028-04-30',
};

describe('the Node line of the images', () => {
  for (const dockerfile of ['apps/api/Dockerfile', 'apps/worker/Dockerfile']) {
    it(`${dockerfile} builds and runs on an LTS line in support`, () => {
      const text = readFileSync(join(root, dockerfile), 'utf8');
      const bases = [...text.matchAll(/^FROM\s+node:(\d+)[\w.-]*/gm)].map((m) => Number(m[1]));
      expect(bases.length).toBeGreaterThanOrEqual(2); // build and runtime stage
      for (const major of bases) {
        const end = NODE_LTS_END[major];
        if (!end) throw new Error(`node:${major} is no LTS line known to this test`);
        expect({ major, supported: new Date(`${end}T23:59:59Z`) > new Date() }).toEqual({
          major,
          supported: true,
        });
      }
    });
  }

  it('keeps the tested line (the machines run Node 20.19+) in engines', () => {
    expect(pkg.engines.node).toBe('>=20.19');
  });
});
