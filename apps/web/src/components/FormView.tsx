import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import { Form } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { germanValidationModule, installGermanDatePicker } from './formjsGerman';
import '../styles/forms.css';

export interface FormSubmission {
  data: Record<string, unknown>;
  /** Validation errors of form-js, keyed by field id (nested for repeating groups). */
  errors: Record<string, unknown>;
}

export interface FormViewHandle {
  /** Validates and submits the form; the result arrives through `onSubmit`. */
  submit: () => void;
}

interface FormViewProps {
  id: string;
  schema: Record<string, unknown>;
  data: Record<string, unknown>;
  readOnly?: boolean;
  onSubmit: (submission: FormSubmission) => void;
  /** The form's current validation errors, after every change. */
  onErrorsChange?: (errors: Record<string, unknown>) => void;
  ref?: Ref<FormViewHandle>;
}

type Status = 'loading' | 'ready' | 'failed';

/**
 * A Camunda form (form-js viewer). The form is imported again only when schema or data change
 * in content, so re-rendering the page (e.g. after claiming the task) keeps what was typed.
 */
export function FormView({
  id,
  schema,
  data,
  readOnly = false,
  onSubmit,
  onErrorsChange,
  ref,
}: FormViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<Form | null>(null);
  const onSubmitRef = useRef(onSubmit);
  const onErrorsChangeRef = useRef(onErrorsChange);
  const readOnlyRef = useRef(readOnly);
  const [status, setStatus] = useState<Status>('loading');
  const [importError, setImportError] = useState<string | null>(null);
  const content = JSON.stringify({ schema, data });

  useEffect(() => {
    onSubmitRef.current = onSubmit;
    onErrorsChangeRef.current = onErrorsChange;
  }, [onSubmit, onErrorsChange]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { schema: importedSchema, data: importedData } = JSON.parse(content) as {
      schema: Record<string, unknown>;
      data: Record<string, unknown>;
    };
    installGermanDatePicker();
    const form = new Form({ container, additionalModules: [germanValidationModule] });
    let disposed = false;
    setStatus('loading');
    setImportError(null);
    form.on('submit', (event: FormSubmission) => {
      onSubmitRef.current({ data: event.data ?? {}, errors: event.errors ?? {} });
    });
    form.on('changed', (state: { errors?: Record<string, unknown> }) => {
      onErrorsChangeRef.current?.(state.errors ?? {});
    });
    form.importSchema(importedSchema, importedData).then(
      () => {
        if (disposed) return;
        formRef.current = form;
        form.setProperty('readOnly', readOnlyRef.current);
        setStatus('ready');
      },
      (error: unknown) => {
        if (disposed) return;
        setStatus('failed');
        setImportError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      disposed = true;
      formRef.current = null;
      form.destroy();
    };
  }, [content]);

  useEffect(() => {
    readOnlyRef.current = readOnly;
    formRef.current?.setProperty('readOnly', readOnly);
  }, [readOnly]);

  useImperativeHandle(
    ref,
    () => ({
      submit: () => {
        const form = formRef.current;
        if (form && !readOnlyRef.current) form.submit();
      },
    }),
    [],
  );

  return (
    <div className="form-view">
      {status === 'loading' && (
        <p className="loading" role="status">
          Formular wird geladen …
        </p>
      )}
      {status === 'failed' && (
        <p className="alert alert-error" role="alert">
          Das Formular kann nicht angezeigt werden. {importError}
        </p>
      )}
      <div
        id={id}
        ref={containerRef}
        className="form-view__container"
        data-ready={status === 'ready' ? 'true' : undefined}
      />
    </div>
  );
}

interface SchemaComponent {
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  timeLabel?: string;
  components?: SchemaComponent[];
}

function walk(components: unknown, visit: (component: SchemaComponent) => void): void {
  if (!Array.isArray(components)) return;
  for (const component of components as SchemaComponent[]) {
    if (!component || typeof component !== 'object') continue;
    visit(component);
    walk(component.components, visit);
  }
}

function labelOf(component: SchemaComponent): string | undefined {
  return component.label || component.dateLabel || component.timeLabel || undefined;
}

export interface FieldInfo {
  /** The data key ("consent.signedOn"), as the server names fields in its errors. */
  key?: string;
  label?: string;
}

/** The fields of a form schema, by field id and by data key. */
export function schemaFields(schema: Record<string, unknown>): Map<string, FieldInfo> {
  const fields = new Map<string, FieldInfo>();
  walk(schema.components, (component) => {
    const info = { key: component.key || component.path, label: labelOf(component) };
    if (component.id) fields.set(component.id, info);
    if (info.key) fields.set(info.key, info);
  });
  return fields;
}

/** form-js validation errors as a flat list: [field id, messages]. */
export function flattenFormErrors(errors: Record<string, unknown>): [string, string[]][] {
  const result: [string, string[]][] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      const messages = value.filter((m): m is string => typeof m === 'string');
      if (messages.length) result.push([path, messages]);
      else value.forEach((item, index) => visit(item, `${path}[${index + 1}]`));
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
    }
  };
  visit(errors, '');
  return result;
}
