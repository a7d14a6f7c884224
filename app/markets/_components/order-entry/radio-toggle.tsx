// A segmented radio group: a fieldset whose legend names it, one label per option with its radio over the
// whole label (invisible but clickable and focusable), and the group's field error under it. The order
// form's side (buy / sell) and order type (limit / market) are two of these.

/** One choice of a RadioToggle: its value, the text shown and an extra class for its label (e.g. its colour). */
export interface RadioToggleOption<T extends string> {
  value: T;
  label: string;
  className?: string;
}

/** Props of RadioToggle; `id` prefixes the legend's and the error's ids. */
export interface RadioToggleProps<T extends string> {
  id: string;
  name: string;
  legend: string;
  options: readonly RadioToggleOption<T>[];
  value: T;
  onChange: (value: T) => void;
  errors?: string[] | undefined;
  /** Smaller options (a secondary choice). */
  compact?: boolean;
}

/** The radio group `name` with `value` checked; `errors` are shown under it and describe it. */
export function RadioToggle<T extends string>({ id, name, legend, options, value, onChange, errors, compact = false }: RadioToggleProps<T>) {
  const hasErrors = Boolean(errors?.length);
  return (
    <>
      <fieldset className={`radio-toggle${compact ? " is-compact" : ""}`} role="radiogroup" aria-labelledby={`${id}-${name}`} aria-describedby={hasErrors ? `${id}-${name}-error` : undefined}>
        <legend id={`${id}-${name}`} className="field-label">
          {legend}
        </legend>
        {options.map((option) => (
          <label key={option.value} className={`radio-option${option.className ? ` ${option.className}` : ""}${value === option.value ? " is-checked" : ""}`}>
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      {hasErrors ? (
        <p id={`${id}-${name}-error`} className="field-error">
          {errors?.join(" ")}
        </p>
      ) : null}
    </>
  );
}
