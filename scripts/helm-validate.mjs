#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline, the way a server would, in two passes:
//  1. every object against the OpenAPI schema of its kind and version (kubernetes-models: types, required
//     fields, enums, formats); an object of a kind with no schema here is an error, never skipped;
//  2. unknown fields, as `kubectl apply --validate=strict` refuses them: the schemas allow extra properties, and a
//     misindented key renders into a valid-looking object whose setting Kubernetes silently drops. TypeScript's
//     excess-property check against the same models' types finds them at every depth.
// Usage: node scripts/helm-validate.mjs rendered.yaml... (exit 0 valid, 1 invalid, each problem on a line).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** API groups whose models come from a package other than kubernetes-models (custom resources). */
const CRD_PACKAGES = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator' };

function modelModule(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${CRD_PACKAGES[group] ?? 'kubernetes-models'}/${apiVersion}/${kind}`;
}

/** Reads every object of the files; YAML 1.1 as Kubernetes reads it (0440 is octal there). */
function readObjects(files) {
  const objects = [];
  const problems = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' })) {
      if (doc.errors.length > 0) {
        problems.push(`${file}: YAML: ${doc.errors.map((error) => error.message).join('; ')}`);
        continue;
      }
      const value = doc.toJS();
      if (value === null || value === undefined) continue;
      if (typeof value !== 'object' || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
        problems.push(`${file}: a document without apiVersion and kind`);
        continue;
      }
      objects.push({ file, value, label: `${value.kind}/${value.metadata?.name ?? '?'}` });
    }
  }
  return { objects, problems };
}

async function validateSchemas(objects) {
  const problems = [];
  for (const object of objects) {
    const { apiVersion, kind } = object.value;
    let Model;
    try {
      Model = (await import(modelModule(apiVersion, kind)))[kind];
    } catch {
      problems.push(`${object.file}: ${object.label}: no schema for ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(object.value).validate();
    } catch (error) {
      for (const issue of error.errors ?? [{ instancePath: '', message: error.message }]) {
        problems.push(`${object.file}: ${object.label}: ${issue.instancePath || '/'} ${issue.message}`);
      }
    }
  }
  return problems;
}

function checkUnknownFields(objects) {
  // Inside the checkout, so that the generated file resolves the models from its node_modules.
  const dir = join(root, '.tools', `helm-validate-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const lines = [];
  const owners = []; // line index -> object, to name the object a compiler error points into
  objects.forEach((object, index) => {
    const { apiVersion, kind } = object.value;
    const body = `export const object${index}: import(${JSON.stringify(modelModule(apiVersion, kind))}).I${kind} = ${JSON.stringify(object.value, null, 2)};`;
    for (const line of body.split('\n')) {
      lines.push(line);
      owners.push(object);
    }
  });
  writeFileSync(join(dir, 'manifests.ts'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, types: [] },
    files: ['manifests.ts'],
  }));
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', dir, '--pretty', 'false'], { encoding: 'utf8', stdio: 'pipe' });
    return [];
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    const problems = [];
    for (const match of output.matchAll(/manifests\.ts\((\d+),\d+\): error TS\d+: (.*)/g)) {
      const object = owners[Number(match[1]) - 1];
      const where = object ? `${object.file}: ${object.label}` : 'manifests';
      problems.push(`${where}: line ${match[1]}: ${match[2]}`);
    }
    return problems.length > 0 ? problems : [`type check failed: ${output.trim() || error.message}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: helm-validate.mjs rendered.yaml...\n');
  process.exit(2);
}
const { objects, problems } = readObjects(files);
problems.push(...(await validateSchemas(objects)));
if (problems.length === 0) problems.push(...checkUnknownFields(objects));
for (const problem of problems) process.stderr.write(`invalid: ${problem}\n`);
const kinds = [...new Set(objects.map((object) => object.value.kind))].sort().join(', ');
process.stdout.write(`${objects.length} objects checked (${kinds}): ${problems.length === 0 ? 'valid' : `${problems.length} problems`}\n`);
process.exit(problems.length === 0 ? 0 : 1);
