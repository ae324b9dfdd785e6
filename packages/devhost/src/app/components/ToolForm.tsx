import { getDisplayName, type Tool } from '@modelcontextprotocol/client';
import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  argumentsFromForm,
  formFieldsFromSchema,
  initialFormValues,
  type FieldValue,
  type FormField,
  type FormValues,
} from '../lib/schema-form.ts';

interface ToolFormProps {
  readonly tool: Tool;
  readonly busy: boolean;
  readonly onCall: (args: Record<string, unknown>) => void;
}

/** Inputs generated from the tool's inputSchema, one labelled control per property. */
export function ToolForm({ tool, busy, onCall }: ToolFormProps) {
  const fields = useMemo(() => formFieldsFromSchema(tool.inputSchema), [tool]);
  const [values, setValues] = useState<FormValues>(() =>
    initialFormValues(tool.inputSchema, fields),
  );
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const idPrefix = useId();

  const change = (name: string, value: FieldValue) => {
    setValues((current) => ({ ...current, [name]: value }));
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = argumentsFromForm(fields, values);
    if (!outcome.ok) {
      setErrors(outcome.errors);
      return;
    }
    setErrors({});
    onCall(outcome.arguments);
  };

  return (
    <form
      className="panel tool-form"
      aria-label={`Arguments for ${getDisplayName(tool)}`}
      onSubmit={submit}
      noValidate
    >
      <h2>{getDisplayName(tool)}</h2>
      {fields.length === 0 && <p className="muted">This tool takes no arguments.</p>}
      {fields.map((field, index) => (
        <FieldControl
          key={field.name}
          id={`${idPrefix}-${index}`}
          field={field}
          value={values[field.name]}
          error={errors[field.name]}
          onChange={change}
        />
      ))}
      <button type="submit" disabled={busy}>
        Call tool
      </button>
    </form>
  );
}

interface FieldControlProps {
  readonly id: string;
  readonly field: FormField;
  readonly value: FieldValue | undefined;
  readonly error: string | undefined;
  readonly onChange: (name: string, value: FieldValue) => void;
}

// long-function: one switch over the five JSON Schema field kinds, each a few lines of JSX that
// share the same accessibility attributes; split apart they would read worse.
function FieldControl({ id, field, value, error, onChange }: FieldControlProps) {
  const describedBy =
    [field.description && `${id}-description`, error && `${id}-error`].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id,
    name: field.name,
    required: field.required,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy,
  };
  const text = typeof value === 'string' ? value : '';
  let control;
  switch (field.kind) {
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(field.name, event.target.checked)}
        />
      );
      break;
    case 'enum':
      control = (
        <select
          {...common}
          value={text}
          onChange={(event) => onChange(field.name, event.target.value)}
        >
          {!field.required && <option value="">(not set)</option>}
          {field.options.map((option, index) => (
            <option key={index} value={String(index)}>
              {typeof option === 'string' ? option : JSON.stringify(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
      control = (
        <input
          {...common}
          type="number"
          step={field.integer ? 1 : 'any'}
          value={text}
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
      break;
    case 'string':
      control = (
        <input
          {...common}
          type="text"
          value={text}
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
      break;
    case 'json':
      control = (
        <textarea
          {...common}
          rows={4}
          spellCheck={false}
          placeholder="JSON"
          value={text}
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
      break;
  }
  return (
    <div className={`field field-${field.kind}`}>
      {/* The label is exactly the property name; the required marker stays outside it. */}
      <span className="field-label">
        <label htmlFor={id}>{field.name}</label>
        {field.required && (
          <span className="required" aria-hidden="true">
            *
          </span>
        )}
      </span>
      {control}
      {field.description !== undefined && (
        <small id={`${id}-description`} className="muted">
          {field.description}
        </small>
      )}
      {error !== undefined && (
        <small id={`${id}-error`} className="error">
          {error}
        </small>
      )}
    </div>
  );
}
