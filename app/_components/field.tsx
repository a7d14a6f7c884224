// One labelled input with its field errors (wired with aria-invalid / aria-describedby) and an optional
// unit: the site's .field styles, shared by the account forms and the order form.
import type { InputHTMLAttributes } from "react";

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "aria-invalid" | "aria-describedby"> & {
  id: string;
  label: string;
  /** Shown after the input, e.g. "USD". */
  unit?: string;
  errors?: string[];
};

/** A form field: label, input (every other prop goes to it), unit, and the zod errors for it. */
export function Field({ id, label, unit, errors, ...input }: FieldProps) {
  const errorId = `${id}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className={`field-control${invalid ? " field-invalid" : ""}`}>
        <input id={id} {...input} aria-invalid={invalid} aria-describedby={invalid ? errorId : undefined} />
        {unit ? (
          <span className="field-unit" aria-hidden="true">
            {unit}
          </span>
        ) : null}
      </div>
      {invalid ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
