// The Python and Go clients, generated from docs/openapi.json (npm run clients -- <command>):
//
//   generate   regenerate clients/python/herald_client and clients/go/herald.gen.go (after npm run openapi)
//   check      fail when the committed generated code differs from what the document generates (CI)
//   test       each client's own tests (pytest, go test) against a live Herald their set-up starts
//
// The tools are pinned here and installed on first use: openapi-python-client and ruff (its formatter)
// from PyPI into clients/.venv (gitignored), oapi-codegen from the Go module proxy with `go run`.
import { execFileSync, type StdioOptions } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const clients = join(root, 'clients');
const openapi = join(root, 'docs/openapi.json');
const venv = join(clients, '.venv');
const python = join(venv, 'bin/python');

const PYTHON_TOOLS = ['openapi-python-client==0.29.1', 'ruff==0.17.6'];
const OAPI_CODEGEN = 'github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2';

/** Go from PATH, else where the Go tarball installs it. */
const go = (() => {
  for (const candidate of ['/usr/local/go/bin/go', '/usr/bin/go'])
    if (existsSync(candidate)) return candidate;
  return 'go';
})();

function sh(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdio?: StdioOptions } = {},
) {
  execFileSync(file, args, {
    cwd: opts.cwd ?? root,
    env: opts.env ?? process.env,
    stdio: opts.stdio ?? 'inherit',
  });
}

/** clients/.venv with the generator, the client itself (editable) and its test dependencies. */
function ensureVenv(): void {
  const marker = join(venv, '.herald-tools');
  const wanted = JSON.stringify([PYTHON_TOOLS, readFileSync(join(clients, 'python/pyproject.toml'), 'utf8')]);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
  if (!existsSync(python)) sh('python3', ['-m', 'venv', venv]);
  sh(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PYTHON_TOOLS]);
  sh(python, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-e',
    `${join(clients, 'python')}[test]`,
  ]);
  execFileSync('sh', ['-c', `printf %s "$0" > "$1"`, wanted, marker]);
}

const venvEnv = () => ({
  ...process.env,
  PATH: `${join(venv, 'bin')}:${process.env.PATH}`,
  VIRTUAL_ENV: venv,
});

/** Writes the Python client's generated package into `outDir` (replacing it). */
function generatePython(outDir: string): void {
  ensureVenv();
  rmSync(outDir, { recursive: true, force: true });
  sh(
    join(venv, 'bin/openapi-python-client'),
    [
      'generate',
      '--path',
      openapi,
      '--config',
      join(clients, 'python/openapi-python-client.yaml'),
      '--meta',
      'none',
      '--output-path',
      outDir,
      '--fail-on-warning',
    ],
    { env: venvEnv(), stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Writes the Go client's generated file to `outFile`. */
function generateGo(outFile: string): void {
  sh(go, ['run', OAPI_CODEGEN, '-config', join(clients, 'go/oapi-codegen.yaml'), '-o', outFile, openapi], {
    cwd: join(clients, 'go'),
  });
}

const pythonGenerated = join(clients, 'python/herald_client');
const goGenerated = join(clients, 'go/herald.gen.go');

/** Every file below `dir`, relative, with its content. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === '__pycache__' || name === '.ruff_cache') continue;
      if (statSync(p).isDirectory()) visit(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  if (existsSync(dir)) visit(dir);
  return out;
}

function check(): number {
  const tmp = mkdtempSync(join(tmpdir(), 'herald-clients-'));
  try {
    const drift: string[] = [];
    generatePython(join(tmp, 'herald_client'));
    const want = tree(join(tmp, 'herald_client'));
    const have = tree(pythonGenerated);
    for (const [f, text] of want) if (have.get(f) !== text) drift.push(`clients/python/herald_client/${f}`);
    for (const f of have.keys()) if (!want.has(f)) drift.push(`clients/python/herald_client/${f} (extra)`);
    generateGo(join(tmp, 'herald.gen.go'));
    if (readFileSync(join(tmp, 'herald.gen.go'), 'utf8') !== readFileSync(goGenerated, 'utf8'))
      drift.push('clients/go/herald.gen.go');
    if (drift.length) {
      console.error(
        `generated clients drifted from docs/openapi.json; run npm run clients -- generate:\n  ${drift.join('\n  ')}`,
      );
      return 1;
    }
    console.log('generated clients match docs/openapi.json');
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The Python client as a user installs it: a wheel built from clients/python, installed with its
 * dependencies from PyPI into a fresh venv outside the repository, imported from a directory of its own.
 */
function installPythonWheel(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'herald-wheel-'));
  try {
    sh(python, [
      '-m',
      'pip',
      'wheel',
      '--quiet',
      '--disable-pip-version-check',
      '--no-deps',
      '-w',
      tmp,
      join(clients, 'python'),
    ]);
    const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error('pip wheel made no wheel');
    sh('python3', ['-m', 'venv', join(tmp, 'venv')]);
    sh(join(tmp, 'venv/bin/python'), [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      join(tmp, wheel),
    ]);
    sh(
      join(tmp, 'venv/bin/python'),
      [
        '-c',
        'import herald, herald_client.api.messages.publish_message; print("installed wheel:", herald.__file__)',
      ],
      { cwd: tmp },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The Go client as a user's module takes it (a `replace` to clients/go): the README's example builds. */
function buildGoConsumer(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'herald-go-consumer-'));
  try {
    writeFileSync(
      join(tmp, 'go.mod'),
      `module consumer\n\ngo 1.24\n\nrequire example.com/herald-go v0.0.0\n\nreplace example.com/herald-go => ${join(clients, 'go')}\n`,
    );
    writeFileSync(
      join(tmp, 'main.go'),
      `package main

import (
\t"context"
\t"fmt"

\therald "example.com/herald-go"
)

func main() {
\tctx := context.Background()
\tc, _ := herald.New("http://127.0.0.1:8080", "hk_...")
\tmsg, err := c.Publish(ctx, "acme", herald.MessageIn{EventType: "invoice.paid", Payload: map[string]any{"invoiceId": "in_123"}}, nil)
\tfmt.Println(msg, err)
}
`,
    );
    sh(go, ['mod', 'tidy'], { cwd: tmp });
    sh(go, ['build', '-o', join(tmp, 'consumer'), '.'], { cwd: tmp });
    console.log('a module outside the repository builds against clients/go');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function test(): void {
  ensureVenv();
  // the hand-written layer is linted like the rest of the repository (the generated code is excluded)
  sh(join(venv, 'bin/ruff'), ['check', '--no-cache', 'herald', 'tests'], { cwd: join(clients, 'python') });
  sh(join(venv, 'bin/ruff'), ['format', '--no-cache', '--check', 'herald', 'tests'], {
    cwd: join(clients, 'python'),
  });
  const gofmt = go.includes('/') ? join(dirname(go), 'gofmt') : 'gofmt';
  const unformatted = execFileSync(gofmt, ['-l', '.'], { cwd: join(clients, 'go'), encoding: 'utf8' });
  if (unformatted.trim()) throw new Error(`gofmt would change clients/go:\n${unformatted}`);
  sh(python, ['-m', 'pytest', '-q', join(clients, 'python/tests')], {
    env: venvEnv(),
    cwd: join(clients, 'python'),
  });
  installPythonWheel();
  sh(go, ['vet', './...'], { cwd: join(clients, 'go') });
  sh(go, ['test', '-count=1', './...'], { cwd: join(clients, 'go') });
  buildGoConsumer();
}

const command = process.argv[2];
if (command === 'generate') {
  const tmp = mkdtempSync(join(tmpdir(), 'herald-clients-'));
  try {
    generatePython(join(tmp, 'herald_client'));
    rmSync(pythonGenerated, { recursive: true, force: true });
    cpSync(join(tmp, 'herald_client'), pythonGenerated, { recursive: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  generateGo(goGenerated);
  console.log('clients/python/herald_client and clients/go/herald.gen.go written');
} else if (command === 'check') {
  process.exitCode = check();
} else if (command === 'test') {
  test();
} else {
  console.error('usage: node scripts/clients.ts <generate|check|test>');
  process.exitCode = 2;
}
