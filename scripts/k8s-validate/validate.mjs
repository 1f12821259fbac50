// Validates every object of a multi-document YAML stream (kubectl kustomize output, on stdin) against the
// Kubernetes API schema of its apiVersion/kind, as shipped by the kubernetes-models package (JSON Schema of the
// Kubernetes OpenAPI definitions, compiled with ajv): field types, required fields, enums, formats, int-or-string.
// An object whose kind has no schema there is an error too: nothing passes unvalidated.
// usage: kubectl kustomize DIR | node validate.mjs NAME      → prints one line per object; exit 1 on any error
import { parseAllDocuments } from "yaml";

const name = process.argv[2] ?? "stdin";
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const docs = parseAllDocuments(Buffer.concat(chunks).toString("utf8"));
let errors = 0, count = 0;
for (const doc of docs) {
  if (doc.errors.length) { console.log(`${name}: YAML error: ${doc.errors[0].message}`); errors++; continue; }
  const obj = doc.toJS();
  if (obj == null) continue;
  count++;
  const where = `${name}: ${obj.kind ?? "?"}/${obj.metadata?.name ?? "?"}`;
  const [group, version] = String(obj.apiVersion ?? "").includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
  let model;
  try {
    const mod = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
    model = mod[obj.kind];
  } catch (e) { /* no such group/version */ }
  if (!model) { console.log(`${where}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`); errors++; continue; }
  try {
    new model(obj).validate();
    console.log(`${where}: valid (${obj.apiVersion})`);
  } catch (e) {
    console.log(`${where}: INVALID: ${e.message}`);
    errors++;
  }
}
if (count === 0) { console.log(`${name}: no objects rendered`); errors++; }
process.exit(errors ? 1 : 0);
