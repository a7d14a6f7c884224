// One labelled input with its field errors (wired with aria-invalid / aria-describedby).
type FormFieldProps = {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete: string;
  defaultValue?: string;
  errors?: string[];
};

/** A form field: label, input, and the zod errors for it (the site's .field styles). */
export function FormField({ name, label, type = "text", autoComplete, defaultValue, errors }: FormFieldProps) {
  const errorId = `${name}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div className="field">
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      <div className={`field-control${invalid ? " field-invalid" : ""}`}>
        <input
          id={name}
          name={name}
          type={type}
          autoComplete={autoComplete}
          defaultValue={defaultValue}
          required
          maxLength={256}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
        />
      </div>
      {invalid ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
