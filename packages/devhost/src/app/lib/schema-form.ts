/**
 * A tool's `inputSchema` (JSON Schema) turned into form fields, and the filled form turned back
 * into tool arguments. Only the top-level properties get their own controls; anything this form
 * cannot express (objects, arrays, unions) is edited as JSON.
 */

export type EnumValue = string | number | boolean | null;

interface FieldBase {
  readonly name: string;
  readonly required: boolean;
  readonly description: string | undefined;
}

export type FormField =
  | (FieldBase & { readonly kind: 'string' })
  | (FieldBase & { readonly kind: 'number'; readonly integer: boolean })
  | (FieldBase & { readonly kind: 'boolean' })
  | (FieldBase & { readonly kind: 'enum'; readonly options: readonly EnumValue[] })
  | (FieldBase & { readonly kind: 'json' });

/** A control's value: text for inputs, selects (option index) and textareas; checked for checkboxes. */
export type FieldValue = string | boolean;
export type FormValues = Readonly<Record<string, FieldValue>>;

export type ArgumentsOutcome =
  | { readonly ok: true; readonly arguments: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnumValue(value: unknown): value is EnumValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

/** `type: "string"` or `type: ["string", "null"]` → "string"; anything else → undefined. */
function singleType(schema: Record<string, unknown>): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    return types.length === 1 && typeof types[0] === 'string' ? types[0] : undefined;
  }
  return undefined;
}

export function formFieldsFromSchema(schema: unknown): FormField[] {
  if (!isRecord(schema)) return [];
  const properties = schema['properties'];
  if (!isRecord(properties)) return [];
  const requiredList = Array.isArray(schema['required']) ? schema['required'] : [];
  return Object.entries(properties).map(([name, raw]): FormField => {
    const property = isRecord(raw) ? raw : {};
    const base: FieldBase = {
      name,
      required: requiredList.includes(name),
      description:
        typeof property['description'] === 'string' ? property['description'] : undefined,
    };
    const values = property['enum'];
    if (Array.isArray(values) && values.length > 0 && values.every(isEnumValue)) {
      return { ...base, kind: 'enum', options: values };
    }
    switch (singleType(property)) {
      case 'string':
        return { ...base, kind: 'string' };
      case 'number':
        return { ...base, kind: 'number', integer: false };
      case 'integer':
        return { ...base, kind: 'number', integer: true };
      case 'boolean':
        return { ...base, kind: 'boolean' };
      default:
        return { ...base, kind: 'json' };
    }
  });
}

/** Starting values: the property's `default` when it fits the control, else empty. */
export function initialFormValues(schema: unknown, fields: readonly FormField[]): FormValues {
  const properties = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
  const values: Record<string, FieldValue> = {};
  for (const field of fields) {
    const property = properties[field.name];
    const fallback = isRecord(property) ? property['default'] : undefined;
    switch (field.kind) {
      case 'boolean':
        values[field.name] = fallback === true;
        break;
      case 'enum': {
        const index = field.options.findIndex((option) => option === fallback);
        values[field.name] = index >= 0 ? String(index) : field.required ? '0' : '';
        break;
      }
      case 'string':
        values[field.name] = typeof fallback === 'string' ? fallback : '';
        break;
      case 'number':
        values[field.name] = typeof fallback === 'number' ? String(fallback) : '';
        break;
      case 'json':
        values[field.name] = fallback === undefined ? '' : JSON.stringify(fallback, null, 2);
        break;
    }
  }
  return values;
}

/**
 * Builds the tool arguments. An empty optional field is left out; an empty required number,
 * enum or JSON field is an error. Strings are sent as typed (the server validates them).
 */
export function argumentsFromForm(
  fields: readonly FormField[],
  values: FormValues,
): ArgumentsOutcome {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') {
      args[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    if (field.kind === 'string') {
      if (text !== '' || field.required) args[field.name] = text;
      continue;
    }
    if (text.trim() === '') {
      if (field.required) errors[field.name] = `${field.name} is required.`;
      continue;
    }
    switch (field.kind) {
      case 'number': {
        const number = Number(text);
        if (!Number.isFinite(number)) errors[field.name] = `${field.name} must be a number.`;
        else if (field.integer && !Number.isInteger(number))
          errors[field.name] = `${field.name} must be an integer.`;
        else args[field.name] = number;
        break;
      }
      case 'enum': {
        const index = Number(text);
        if (!Number.isInteger(index) || index < 0 || index >= field.options.length)
          errors[field.name] = `${field.name} must be one of the listed values.`;
        else args[field.name] = field.options[index];
        break;
      }
      case 'json':
        try {
          args[field.name] = JSON.parse(text) as unknown;
        } catch {
          errors[field.name] = `${field.name} is not valid JSON.`;
        }
        break;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, arguments: args };
}
