import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The rule: every source file of the server, the CLI and the packages (and every feature folder of the
// dashboard) is named in the module table of docs/architecture.md, either as a row's own `where`, or
// in the `what` of a row whose `where` is a folder above it, by its path below that folder
// (row `apps/server/src/delivery/` names `recorder.ts`). Paths the table names must exist.
const root = new URL('../../../', import.meta.url).pathname;
const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|d)\.tsx?$/.test(f))
    .map((f) => `${dir}/${f}`);
}

function documented(): string[] {
  const packages = readdirSync(join(root, 'packages')).map((p) => `packages/${p}/src`);
  const features = 'apps/dashboard/src/features';
  return [
    ...['apps/server/src', 'apps/cli/src', ...packages].flatMap(sourceFiles),
    ...readdirSync(join(root, features), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `${features}/${d.name}/`),
  ].sort();
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The module table's rows: the paths of the `where` cell (`dir/*.ts` = `dir/`) and the `what` cell. */
function moduleRows(): Array<{ where: string[]; names: string[] }> {
  const section = doc.split(/^## Modules$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(-|where\b)/.test(line))
    .map((line) => {
      const [, where = '', what = ''] = line.split('|');
      return { where: ticked(where).map((p) => p.replace(/\*\.tsx?$/, '')), names: ticked(what) };
    });
}

function isNamed(file: string): boolean {
  return moduleRows().some(
    ({ where, names }) =>
      where.includes(file) ||
      where.some(
        (dir) => dir.endsWith('/') && file.startsWith(dir) && names.includes(file.slice(dir.length)),
      ),
  );
}

describe('docs/architecture.md', () => {
  it('has a module table', () => {
    expect(moduleRows().length).toBeGreaterThan(10);
  });

  it('names every source file in the module table (in the row of its folder, by its path below it)', () => {
    const missing = documented().filter((f) => !isNamed(f));
    expect(missing, `not named in the module table of docs/architecture.md:\n${missing.join('\n')}`).toEqual(
      [],
    );
  });

  it('names only paths that exist (relative to the row, or to the repository)', () => {
    const pathLike = /^[\w@.-][\w./@-]*(\.tsx?|\/)$/;
    const stale = moduleRows().flatMap(({ where, names }) => [
      ...where.filter((p) => !existsSync(join(root, p))),
      ...names
        .filter((n) => pathLike.test(n) && !n.startsWith('@'))
        .filter(
          (n) =>
            !existsSync(join(root, n)) &&
            !where.some((dir) => dir.endsWith('/') && existsSync(join(root, dir, n))),
        )
        .map((n) => `${n} (row ${where.join(', ')})`),
    ]);
    expect(stale, `named in the module table but not found:\n${stale.join('\n')}`).toEqual([]);
  });
});
