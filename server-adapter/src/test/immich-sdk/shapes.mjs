// Reads the types of @immich/sdk from its own .d.ts with the TypeScript compiler API and checks JSON values against them.
// Nothing here is copied from the SDK by hand: every type name resolves to the declaration in build/fetch-client.d.ts.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const require = createRequire(import.meta.url);

export function loadSdkTypes() {
  // The package's entry (build/index.js) sits next to the generated declarations.
  const file = require.resolve('@immich/sdk').replace(/index\.js$/, 'fetch-client.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const aliases = new Map();
  const enums = new Map();
  const functions = new Map();
  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      aliases.set(statement.name.text, statement.type);
    } else if (ts.isEnumDeclaration(statement)) {
      enums.set(statement.name.text, statement.members.map((m) => m.initializer && ts.isStringLiteral(m.initializer) ? m.initializer.text : m.name.getText(source)));
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      functions.set(statement.name.text, statement);
    }
  }
  return { source, aliases, enums, functions, file };
}

/** The version of the installed @immich/sdk (its package.json, next to build/). */
export function sdkVersion() {
  const file = require.resolve('@immich/sdk').replace(/build\/index\.js$/, 'package.json');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/** The declared type the SDK function returns inside its Promise, as text (e.g. "SessionResponseDto[]"). */
export function returnTypeOf(types, fnName) {
  const fn = types.functions.get(fnName);
  if (!fn) throw new Error(`@immich/sdk declares no function ${fnName}`);
  const promise = fn.type;
  if (!promise || !ts.isTypeReferenceNode(promise) || !promise.typeArguments) throw new Error(`${fnName} does not return a Promise<T>`);
  return promise.typeArguments[0];
}

export function typeByName(types, name) {
  const node = types.aliases.get(name);
  if (!node) throw new Error(`@immich/sdk declares no type ${name}`);
  return node;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Checks value against a type node. Returns the problems as "path: message" strings; extra properties (not declared)
 * are returned separately as notes (Immich's own responses are checked the same way: extra keys are not errors in TypeScript).
 */
export function check(types, value, typeNode, path = '$', out = { errors: [], extras: [] }) {
  const t = typeNode;
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword:
      if (typeof value !== 'string') out.errors.push(`${path}: expected string, got ${describe(value)}`);
      return out;
    case ts.SyntaxKind.NumberKeyword:
      if (typeof value !== 'number') out.errors.push(`${path}: expected number, got ${describe(value)}`);
      return out;
    case ts.SyntaxKind.BooleanKeyword:
      if (typeof value !== 'boolean') out.errors.push(`${path}: expected boolean, got ${describe(value)}`);
      return out;
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return out;
    case ts.SyntaxKind.NeverKeyword:
      out.errors.push(`${path}: type never`);
      return out;
    case ts.SyntaxKind.ParenthesizedType:
      return check(types, value, t.type, path, out);
    case ts.SyntaxKind.LiteralType: {
      const lit = t.literal;
      if (lit.kind === ts.SyntaxKind.NullKeyword) {
        if (value !== null) out.errors.push(`${path}: expected null, got ${describe(value)}`);
      } else if (ts.isStringLiteral(lit)) {
        if (value !== lit.text) out.errors.push(`${path}: expected "${lit.text}", got ${JSON.stringify(value)}`);
      } else if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) {
        if (value !== (lit.kind === ts.SyntaxKind.TrueKeyword)) out.errors.push(`${path}: expected ${lit.getText()}, got ${JSON.stringify(value)}`);
      } else if (ts.isNumericLiteral(lit)) {
        if (value !== Number(lit.text)) out.errors.push(`${path}: expected ${lit.text}, got ${JSON.stringify(value)}`);
      }
      return out;
    }
    case ts.SyntaxKind.ArrayType:
      if (!Array.isArray(value)) {
        out.errors.push(`${path}: expected array, got ${describe(value)}`);
        return out;
      }
      value.forEach((item, i) => check(types, item, t.elementType, `${path}[${i}]`, out));
      return out;
    case ts.SyntaxKind.UnionType: {
      const attempts = t.types.map((member) => check(types, value, member, path, { errors: [], extras: [] }));
      const ok = attempts.find((a) => a.errors.length === 0);
      if (ok) {
        out.extras.push(...ok.extras);
      } else {
        out.errors.push(`${path}: matches none of ${t.getText()}: ${attempts.map((a) => a.errors[0]).join(' / ')}`);
      }
      return out;
    }
    case ts.SyntaxKind.TypeReference: {
      const name = t.typeName.getText();
      if (name === 'Array' && t.typeArguments) {
        return check(types, value, { kind: ts.SyntaxKind.ArrayType, elementType: t.typeArguments[0] }, path, out);
      }
      if (name === 'Blob') {
        out.errors.push(`${path}: Blob is not JSON`);
        return out;
      }
      if (types.enums.has(name)) {
        const allowed = types.enums.get(name);
        if (!allowed.includes(value)) out.errors.push(`${path}: expected one of ${name} (${allowed.join(', ')}), got ${JSON.stringify(value)}`);
        return out;
      }
      if (types.aliases.has(name)) return check(types, value, types.aliases.get(name), path, out);
      out.errors.push(`${path}: unknown type ${name}`);
      return out;
    }
    case ts.SyntaxKind.TypeLiteral: {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        out.errors.push(`${path}: expected object, got ${describe(value)}`);
        return out;
      }
      const declared = new Set();
      let indexType = null;
      for (const member of t.members) {
        if (ts.isIndexSignatureDeclaration(member)) {
          indexType = member.type;
          continue;
        }
        if (!ts.isPropertySignature(member)) continue;
        const key = member.name.getText().replace(/^["']|["']$/g, '');
        declared.add(key);
        const has = Object.prototype.hasOwnProperty.call(value, key);
        if (!has) {
          if (!member.questionToken) out.errors.push(`${path}.${key}: required, missing`);
          continue;
        }
        check(types, value[key], member.type, `${path}.${key}`, out);
      }
      for (const key of Object.keys(value)) {
        if (declared.has(key)) continue;
        if (indexType) check(types, value[key], indexType, `${path}.${key}`, out);
        else out.extras.push(`${path}.${key}`);
      }
      return out;
    }
    default:
      out.errors.push(`${path}: type ${ts.SyntaxKind[t.kind]} (${t.getText()}) not understood by this checker`);
      return out;
  }
}

/**
 * The smallest value of a type: required properties only, false, 0, "", the first enum member, [] and null where the type
 * allows null. The adapter answers Immich's sections it does not implement with this (see generate-skeletons.mjs).
 */
export function zero(types, typeNode) {
  const t = typeNode;
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword: return '';
    case ts.SyntaxKind.NumberKeyword: return 0;
    case ts.SyntaxKind.BooleanKeyword: return false;
    case ts.SyntaxKind.ParenthesizedType: return zero(types, t.type);
    case ts.SyntaxKind.ArrayType: return [];
    case ts.SyntaxKind.LiteralType: {
      const lit = t.literal;
      if (lit.kind === ts.SyntaxKind.NullKeyword) return null;
      if (ts.isStringLiteral(lit)) return lit.text;
      if (ts.isNumericLiteral(lit)) return Number(lit.text);
      return lit.kind === ts.SyntaxKind.TrueKeyword;
    }
    case ts.SyntaxKind.UnionType: {
      const nullable = t.types.find((m) => m.kind === ts.SyntaxKind.LiteralType && m.literal.kind === ts.SyntaxKind.NullKeyword);
      return nullable ? null : zero(types, t.types[0]);
    }
    case ts.SyntaxKind.TypeReference: {
      const name = t.typeName.getText();
      if (types.enums.has(name)) return types.enums.get(name)[0];
      if (types.aliases.has(name)) return zero(types, types.aliases.get(name));
      throw new Error(`unknown type ${name}`);
    }
    case ts.SyntaxKind.TypeLiteral: {
      const result = {};
      for (const member of t.members) {
        if (ts.isPropertySignature(member) && !member.questionToken) {
          result[member.name.getText().replace(/^["']|["']$/g, '')] = zero(types, member.type);
        }
      }
      return result;
    }
    default:
      throw new Error(`cannot make a zero value of ${t.getText()}`);
  }
}

/**
 * What a request body of the given type may hold, for the adapter to validate against without copying the SDK's types:
 * an object type becomes an object of its fields (optional or not), a scalar "boolean", "number" or "string", and an enum
 * the list of its values.
 */
export function fields(types, typeNode) {
  const t = typeNode;
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword: return 'string';
    case ts.SyntaxKind.NumberKeyword: return 'number';
    case ts.SyntaxKind.BooleanKeyword: return 'boolean';
    case ts.SyntaxKind.ParenthesizedType: return fields(types, t.type);
    case ts.SyntaxKind.TypeReference: {
      const name = t.typeName.getText();
      if (types.enums.has(name)) return types.enums.get(name);
      if (types.aliases.has(name)) return fields(types, types.aliases.get(name));
      throw new Error(`unknown type ${name}`);
    }
    case ts.SyntaxKind.TypeLiteral: {
      const result = {};
      for (const member of t.members) {
        if (ts.isPropertySignature(member)) {
          result[member.name.getText().replace(/^["']|["']$/g, '')] = fields(types, member.type);
        }
      }
      return result;
    }
    default:
      throw new Error(`cannot describe the fields of ${t.getText()}`);
  }
}

/** The path each SDK function calls (from the generated build/fetch-client.js), e.g. getMyUser -> /users/me. */
export function sdkRoutes() {
  const file = require.resolve('@immich/sdk').replace(/index\.js$/, 'fetch-client.js');
  const js = readFileSync(file, 'utf8');
  const routes = new Map();
  for (const m of js.matchAll(/export function (\w+)\([^)]*\) \{\s*return oazapfts\.ok\(oazapfts\.fetch\w+\((?:"|`)([^"`$]+)/g)) {
    routes.set(m[1], m[2]);
  }
  return routes;
}
