import { parse, TomlError } from 'smol-toml';
import type { Problem } from './types';

export type TomlTable = Record<string, unknown>;

export type TomlResult = { ok: true; value: TomlTable } | { ok: false; problem: Problem };

/** Parses TOML text; a syntax error becomes a Problem naming the file, line and column. */
export function parseToml(text: string, file: string): TomlResult {
  try {
    return { ok: true, value: parse(text) as TomlTable };
  } catch (e) {
    if (e instanceof TomlError) {
      const firstLine = e.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      return {
        ok: false,
        problem: { severity: 'error', file, line: e.line, column: e.column, message: `invalid TOML: ${firstLine}` },
      };
    }
    return { ok: false, problem: { severity: 'error', file, message: `invalid TOML: ${String(e)}` } };
  }
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function asTable(value: unknown): TomlTable {
  return isTable(value) ? value : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
