// One labelled input with its field errors (announced to screen readers).
import styles from "./auth.module.css";

type FormFieldProps = {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete: string;
  defaultValue?: string;
  errors?: string[];
  required?: boolean;
};

/** A form field: label, input, and the zod errors for it. */
export function FormField({ name, label, type = "text", autoComplete, defaultValue, errors, required = true }: FormFieldProps) {
  const errorId = `${name}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div className={styles.field}>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
      />
      {invalid ? (
        <p id={errorId} className={styles.error} role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
